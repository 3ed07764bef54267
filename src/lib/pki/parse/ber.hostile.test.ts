import { describe, expect, test } from 'vitest';
import { pem } from '../der/pem';
import { BER_LIMITS, parseBer } from './ber';
import { parseInputs } from './parse';

/**
 * Hostile ASN.1: parsers that descend recursively overflow the stack on deep nesting, and a file of
 * millions of tiny elements costs hundreds of bytes of memory per element. Every reader of BER and
 * DER here has a depth, node and length budget; each case must be refused in words, quickly.
 */
const deps = { crypto: globalThis.crypto };
// A bound against hanging, not a speed target (the old readers took minutes): generous for a loaded machine.
const BOUND_MS = 10_000;
const NESTED = 100_000;

/** `levels` SEQUENCEs, each with an indefinite length (X.690 §8.1.3.6), closed by as many end-of-contents. */
function indefiniteNesting(levels: number): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(levels * 4);
	for (let i = 0; i < levels; i++) out.set([0x30, 0x80], 2 * i);
	return out; // the end-of-contents octets are zeros already
}

/** `levels` SEQUENCEs with four-byte definite lengths, the innermost holding NULL. */
function definiteNesting(levels: number): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(levels * 6 + 2);
	for (let i = 0; i < levels; i++) {
		const length = (levels - i - 1) * 6 + 2;
		out.set([0x30, 0x84, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff], 6 * i);
	}
	out.set([0x05, 0x00], levels * 6);
	return out;
}

/** One SEQUENCE of `count` NULLs: 2 bytes a node. */
function manyNodes(count: number): Uint8Array<ArrayBuffer> {
	const length = count * 2;
	const out = new Uint8Array(6 + length);
	out.set([0x30, 0x84, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]);
	for (let i = 0; i < count; i++) out[6 + 2 * i] = 0x05;
	return out;
}

async function refusedQuickly(name: string, bytes: Uint8Array) {
	const start = performance.now();
	// With a password, so an encrypted key or PKCS#12 is parsed rather than asked about.
	const { items, problems } = await parseInputs([{ name, bytes }], deps, { password: 'x' });
	expect(performance.now() - start).toBeLessThan(BOUND_MS);
	expect(items).toEqual([]);
	expect(problems).toHaveLength(1);
	return problems[0]!.error;
}

describe('ASN.1 nesting-depth bombs: 100,000 nested SEQUENCE headers', () => {
	test.each([
		['indefinite lengths', indefiniteNesting],
		['definite lengths', definiteNesting]
	])('with %s, the BER reader refuses them by depth, without a stack overflow', (_, make) => {
		const start = performance.now();
		expect(() => parseBer(make(NESTED), 'The file')).toThrow(
			expect.objectContaining({
				code: 'input-malformed',
				message: expect.stringContaining('Maximum ASN.1 nesting depth exceeded')
			})
		);
		expect(performance.now() - start).toBeLessThan(BOUND_MS);
	});

	test('the depth budget lets real nesting through: 64 levels parse, 65 do not', () => {
		expect(() => parseBer(definiteNesting(BER_LIMITS.maxDepth - 1), 'x')).not.toThrow();
		expect(() => parseBer(definiteNesting(BER_LIMITS.maxDepth + 1), 'x')).toThrow(/nesting depth/);
	});

	test('dropped as a .p12 (indefinite) and a .der (definite), each is one plain problem', async () => {
		expect((await refusedQuickly('bomb.p12', indefiniteNesting(NESTED))).code).toBe('input-unrecognized');
		expect((await refusedQuickly('bomb.der', definiteNesting(NESTED))).code).toBe('input-unrecognized');
	});

	test.each(['CERTIFICATE', 'X509 CRL', 'CERTIFICATE REQUEST', 'PKCS7', 'ENCRYPTED PRIVATE KEY'])(
		'inside a PEM %s block, it is refused as damaged',
		async (label) => {
			const error = await refusedQuickly('bomb.pem', new TextEncoder().encode(pem(definiteNesting(NESTED), label)));
			expect(['input-malformed', 'input-unrecognized']).toContain(error.code);
		}
	);
});

describe('ASN.1 node-count and length bombs', () => {
	test(`a million tiny elements are refused after ${BER_LIMITS.maxNodes.toLocaleString('en-US')}, the node budget`, () => {
		expect(() => parseBer(manyNodes(1_000_000), 'The file')).toThrow(
			expect.objectContaining({ message: expect.stringContaining('Maximum ASN.1 node count exceeded') })
		);
		expect(() => parseBer(manyNodes(BER_LIMITS.maxNodes + 1), 'The file')).toThrow(/node count/);
		expect(() => parseBer(manyNodes(BER_LIMITS.maxNodes - 1), 'The file')).not.toThrow();
	}, 60_000);

	test('an element longer than 16 MB is refused by the length budget', () => {
		const length = BER_LIMITS.maxContentLength + 1;
		const big = new Uint8Array(6 + length);
		big.set([0x04, 0x84, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]);
		expect(() => parseBer(big, 'The file')).toThrow(/Maximum ASN.1 content length exceeded/);
	});

	test('a certificate of a million nodes is refused by the x509 library’s own budget, quickly', async () => {
		const error = await refusedQuickly('many.pem', new TextEncoder().encode(pem(manyNodes(1_000_000), 'CERTIFICATE')));
		expect(error.code).toBe('input-malformed');
	});
});
