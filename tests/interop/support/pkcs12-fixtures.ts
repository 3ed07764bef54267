import type { KeyAlgorithm } from '../../../src/lib/pki/algorithms';
import { createIntermediateCa, createRootCa } from '../../../src/lib/pki/ca';
import type { PkiDeps } from '../../../src/lib/pki/deps';
import { prepareLeaf } from '../../../src/lib/pki/issue/prepare';
import { signLeaf } from '../../../src/lib/pki/issue/sign';
import { exportPkcs8, generateKeyPair } from '../../../src/lib/pki/keys';
import { x509 } from '../../../src/lib/pki/x509';

/**
 * Certificates and a key made with the app's own core (createRootCa, prepareLeaf → signLeaf), as
 * the worker's issueBundle combines them, for the PKCS#12 and encrypted PKCS#8 tests. Shared by the
 * unit tests (src/lib/export/*.test.ts) and the interop test.
 */
export const FIXED_NOW = new Date('2026-03-01T12:00:00Z');
export const fixtureDeps: PkiDeps = { crypto: globalThis.crypto, now: () => FIXED_NOW };

export interface Pkcs12Fixture {
	rootDer: Uint8Array;
	/** Present when an intermediate was asked for; it then issued the leaf. */
	intermediateDer?: Uint8Array;
	leafDer: Uint8Array;
	leaf: x509.X509Certificate;
	pkcs8: ArrayBuffer;
	/** SubjectPublicKeyInfo of the leaf key (DER), to compare with what consumers extract. */
	spki: ArrayBuffer;
	/** Further leaves from the same issuer, when asked for: other nodes of the same cluster. */
	peers: { leafDer: Uint8Array; pkcs8: ArrayBuffer }[];
}

export async function makePkcs12Fixture(
	alg: KeyAlgorithm,
	options: { intermediate?: boolean; host?: string; peers?: number } = {}
): Promise<Pkcs12Fixture> {
	const deps = fixtureDeps;
	const root = await createRootCa({ name: `Fixture Root ${alg}`, keyAlgorithm: alg, days: 3660 }, deps);
	const intermediate = options.intermediate
		? await createIntermediateCa(
				{ certificate: root.certificate, privateKey: root.keys.privateKey },
				{ name: 'Fixture Intermediate CA', keyAlgorithm: alg, days: 3650, pathLen: 0 },
				deps
			)
		: undefined;
	const issuer = intermediate ?? root;
	const issueOne = async () => {
		const template = prepareLeaf(
			{
				profileId: 'cockroachdb',
				kindId: 'node',
				input: { hosts: options.host ?? 'node1.example.test' },
				days: 365,
				keyAlgorithm: alg
			},
			{ name: 'fixture', notBefore: issuer.certificate.notBefore, notAfter: issuer.certificate.notAfter },
			deps
		);
		const keys = await generateKeyPair(alg, deps.crypto, true);
		const leaf = await signLeaf(
			template,
			keys.publicKey,
			{ certificate: issuer.certificate, privateKey: issuer.keys.privateKey },
			deps
		);
		return {
			leaf,
			leafDer: new Uint8Array(leaf.rawData),
			pkcs8: await exportPkcs8(keys.privateKey, deps.crypto),
			keys
		};
	};
	const first = await issueOne();
	const peers = [];
	for (let i = 0; i < (options.peers ?? 0); i++) {
		const { leafDer, pkcs8 } = await issueOne();
		peers.push({ leafDer, pkcs8 });
	}
	return {
		rootDer: new Uint8Array(root.certificate.rawData),
		...(intermediate ? { intermediateDer: new Uint8Array(intermediate.certificate.rawData) } : {}),
		leafDer: first.leafDer,
		leaf: first.leaf,
		pkcs8: first.pkcs8,
		spki: await deps.crypto.subtle.exportKey('spki', first.keys.publicKey),
		peers
	};
}

/**
 * What keeps these bytes from being DER (X.690 §10), walking every constructed element: indefinite
 * or non-minimal lengths, constructed OCTET STRINGs (pkijs' split ciphertext), unsorted SET OF
 * elements (§11.6), trailing bytes. Primitive OCTET STRING payloads are not entered; call this
 * again on the nested layers (authenticated safe, safe contents) to check them.
 */
export function derProblems(bytes: Uint8Array): string[] {
	const problems: string[] = [];
	const walk = (start: number, end: number, path: string): void => {
		let pos = start;
		while (pos < end) {
			const at = `${path}@${pos}`;
			const tag = bytes[pos] ?? 0;
			if ((tag & 0x1f) === 0x1f) {
				problems.push(`${at}: high tag numbers not expected`);
				return;
			}
			let lenPos = pos + 1;
			const first = bytes[lenPos] ?? 0;
			let length: number;
			if (first === 0x80) {
				problems.push(`${at}: indefinite length`);
				return;
			} else if (first < 0x80) {
				length = first;
				lenPos += 1;
			} else {
				const n = first & 0x7f;
				length = 0;
				for (let i = 1; i <= n; i++) length = length * 256 + (bytes[lenPos + i] ?? 0);
				if ((bytes[lenPos + 1] ?? 0) === 0 || length < 0x80) problems.push(`${at}: non-minimal length`);
				lenPos += 1 + n;
			}
			const contentEnd = lenPos + length;
			if (contentEnd > end) {
				problems.push(`${at}: length runs past its parent`);
				return;
			}
			if (tag === 0x24) problems.push(`${at}: constructed OCTET STRING`);
			if (tag & 0x20) walk(lenPos, contentEnd, `${path}/${tag.toString(16)}`);
			if (tag === 0x31) {
				// Collect this SET's elements and check their order.
				const elements: Uint8Array[] = [];
				let p = lenPos;
				while (p < contentEnd) {
					const l0 = bytes[p + 1] ?? 0;
					let hdr = 2;
					let len = l0;
					if (l0 > 0x80) {
						hdr = 2 + (l0 & 0x7f);
						len = 0;
						for (let i = 0; i < (l0 & 0x7f); i++) len = len * 256 + (bytes[p + 2 + i] ?? 0);
					}
					elements.push(bytes.subarray(p, p + hdr + len));
					p += hdr + len;
				}
				for (let i = 1; i < elements.length; i++) {
					if (compareBytes(elements[i - 1]!, elements[i]!) > 0)
						problems.push(`${at}: SET OF elements out of DER order`);
				}
			}
			pos = contentEnd;
		}
		if (pos !== end) problems.push(`${path}: trailing bytes`);
	};
	walk(0, bytes.length, '');
	return problems;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
	for (let i = 0; i < Math.max(a.length, b.length); i++) {
		const d = (a[i] ?? 0) - (b[i] ?? 0);
		if (d !== 0) return d;
	}
	return 0;
}
