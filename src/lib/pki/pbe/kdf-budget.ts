import { PkiError } from '../errors';

/**
 * How many key-derivation rounds a file may make the app run. A password-protected PKCS#12 file or
 * encrypted key names its own iteration counts (RFC 8018 §5.2 for PBKDF2, RFC 7292 Appendix B for the
 * PKCS#12 KDF), so a crafted file can ask for billions and keep the worker busy for hours. Real tools
 * write far fewer: OpenSSL 3 writes 2,048 (`PKCS12_DEFAULT_ITER` in include/openssl/pkcs12.h), JDK 17
 * 10,000 (java.security, keystore.pkcs12.*IterationCount), this app 100,000 (export/pkcs12.ts).
 *
 * The PKCS#12 KDF runs in JavaScript: one million SHA-256 rounds took 7 s in Node 20 on a 2-core VM,
 * SHA-512 13 s, and a 3DES bag runs it three times (key in two blocks, then the IV). So above a million
 * rounds, in one count or over the whole file, the reader asks first (`kdf-slow-confirm`; the page
 * asks the user and reads again with `allowSlowKdf`), and above ten million it refuses
 * (`kdf-rounds-refused`). A file with many bags is counted as a whole, so it cannot add up small counts.
 */
export const KDF_ROUNDS_CONFIRM_ABOVE = 1_000_000;
export const KDF_ROUNDS_REFUSED_ABOVE = 10_000_000;

/** Microseconds per round, the slowest measured (SHA-512 in JavaScript), for "it may take about…". */
const WORST_MICROSECONDS_PER_ROUND = 15;

/** What the user allowed for one read. */
export interface KdfPolicy {
	/** The user confirmed a slow read (more than a million rounds, at most ten million). */
	allowSlowKdf?: boolean;
}

/** The rounds one file has used so far, checked before each key derivation runs. */
export class KdfBudget {
	#spent = 0;
	readonly #allowSlow: boolean;
	readonly #what: string;

	/** `what` names the file for messages: "the PKCS#12 file", "the private key". */
	constructor(what: string, policy: KdfPolicy = {}) {
		this.#what = what;
		this.#allowSlow = policy.allowSlowKdf === true;
	}

	/** Takes `rounds` (how many the file asks for, times how often the KDF runs with them) or throws. */
	spend(rounds: number, runs = 1): void {
		const total = this.#spent + rounds * runs;
		if (rounds > KDF_ROUNDS_REFUSED_ABOVE || total > KDF_ROUNDS_REFUSED_ABOVE) throw refused(this.#what, rounds, total);
		if (total > KDF_ROUNDS_CONFIRM_ABOVE && !this.#allowSlow) throw slow(this.#what, total);
		this.#spent = total;
	}
}

const count = (n: number) => n.toLocaleString('en');
const capital = (what: string) => `${what[0]!.toUpperCase()}${what.slice(1)}`;
const TOOLS = 'OpenSSL writes 2,048 and Java 10,000';

/** How long `rounds` may take, in words ("about 2 minutes"). */
export function roughDuration(rounds: number): string {
	const seconds = Math.ceil((rounds * WORST_MICROSECONDS_PER_ROUND) / 1_000_000);
	if (seconds < 90) return `about ${seconds} seconds`;
	return `about ${Math.ceil(seconds / 60)} minutes`;
}

function refused(what: string, rounds: number, total: number): PkiError {
	const asked =
		rounds > KDF_ROUNDS_REFUSED_ABOVE
			? `asks for ${count(rounds)} key-derivation rounds`
			: `asks for ${count(total)} key-derivation rounds in all`;
	return new PkiError(
		'kdf-rounds-refused',
		`${capital(what)} ${asked}; the app refuses more than ${count(KDF_ROUNDS_REFUSED_ABOVE)}, because that ` +
			`would keep it busy for many minutes, and no tool writes that many (${TOOLS}). ` +
			'Export it again with its tool’s default settings.'
	);
}

function slow(what: string, total: number): PkiError {
	return new PkiError(
		'kdf-slow-confirm',
		`${capital(what)} asks for ${count(total)} key-derivation rounds, far more than tools write (${TOOLS}). ` +
			`Opening it may take ${roughDuration(total)}, and you can cancel it. Open it only if you trust where it ` +
			'came from; confirm to go on.'
	);
}
