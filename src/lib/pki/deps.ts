/**
 * The platform the core runs on, injected so the same code runs in Node (Vitest), the page and a
 * Web Worker, and so tests can pin the clock (the x509 library's cryptoProvider, Boulder's clock).
 */
export interface PkiDeps {
	crypto: Crypto;
	now: () => Date;
}

export function platformDeps(): PkiDeps {
	return { crypto: globalThis.crypto, now: () => new Date() };
}
