import { describe, expect, test } from 'vitest';
import { pem } from '../pki/der/pem';
import { getBundleProfile } from '../pki/profiles/bundle-profiles';
import { assembleBundle, type IssuedLeaf } from './bundle';

/** A bundle file's content as text: PEM files are octets, README and configs strings. */
const text = (data: string | Uint8Array | undefined) =>
	typeof data === 'string' || data === undefined ? data : new TextDecoder().decode(data);

const cockroachdb = getBundleProfile('cockroachdb');

// Bundles of a root rotation under way (state/rotation-trust.ts decides when): the CA file also
// trusts the replaced root, and each leaf's certificate file carries the cross-signed root.

const der = (n: number) => new Uint8Array([0x30, 0x03, 0x02, 0x01, n]);
const block = (n: number) => `${pem(der(n), 'CERTIFICATE')}\n`;
const leaf: IssuedLeaf = {
	folder: 'node1',
	kindId: 'node',
	role: 'ca',
	files: { cert: 'node.crt', key: 'node.key' },
	commonName: 'node',
	sans: [],
	certificateDer: der(9),
	pkcs8: der(8)
};

describe('assembleBundle during a rotation', () => {
	test('without rotation fields nothing changes: one CA in ca.crt, the leaf alone in node.crt', async () => {
		const files = await assembleBundle(
			cockroachdb,
			[{ role: 'ca', name: 'New', certificateDer: der(1) }],
			[leaf],
			{ format: 'pem' },
			globalThis.crypto
		);
		expect(text(files.find((f) => f.path === 'node1/ca.crt')?.data)).toBe(block(1));
		expect(text(files.find((f) => f.path === 'node1/node.crt')?.data)).toBe(block(9));
	});

	test('CockroachDB style: ca.crt holds the new CA first, then the old one', async () => {
		const ca = { role: 'ca', name: 'New', certificateDer: der(1), alsoTrustedDer: [der(2)] };
		const files = await assembleBundle(cockroachdb, [ca], [leaf], { format: 'pem' }, globalThis.crypto);
		expect(text(files.find((f) => f.path === 'node1/ca.crt')?.data)).toBe(block(1) + block(2));
		expect(text(files.find((f) => f.path === 'node1/node.crt')?.data)).toBe(block(9));
	});

	test('Consul style: the leaf is followed by the cross-signed root; under an intermediate, after the intermediate', async () => {
		const root = { role: 'ca', name: 'New', certificateDer: der(1), crossSignedDer: der(3) };
		const files = await assembleBundle(cockroachdb, [root], [leaf], { format: 'pem' }, globalThis.crypto);
		expect(text(files.find((f) => f.path === 'node1/node.crt')?.data)).toBe(block(9) + block(3));
		const intermediate = {
			role: 'ca',
			name: 'Issuing',
			certificateDer: der(4),
			chainDer: [der(1)],
			crossSignedDer: der(3)
		};
		const underIntermediate = await assembleBundle(
			cockroachdb,
			[intermediate],
			[leaf],
			{ format: 'pem' },
			globalThis.crypto
		);
		expect(text(underIntermediate.find((f) => f.path === 'node1/node.crt')?.data)).toBe(block(9) + block(4) + block(3));
		expect(text(underIntermediate.find((f) => f.path === 'node1/ca.crt')?.data)).toBe(block(1));
	});
});
