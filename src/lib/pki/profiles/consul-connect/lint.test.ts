import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lintDropped, OpensslDir } from '../../lint/openssl-fixtures';

/** Consul Connect rules on openssl-made certificates shaped like Connect CA output. */
let d: OpensslDir;
const SVC = 'spiffe://7f3a.consul/ns/default/dc/dc1/svc/web';
const LEAF_KU = 'keyUsage=critical,digitalSignature';
beforeAll(() => {
	d = new OpensslDir();
	d.ca('mesh/ca', 'Consul CA 7', ['subjectAltName=URI:spiffe://7f3a.consul']);
	d.leaf('mesh/web', {
		cn: 'web',
		ca: 'mesh/ca',
		ext: [LEAF_KU, 'extendedKeyUsage=serverAuth,clientAuth', `subjectAltName=URI:${SVC}`]
	});
	d.ca('badmesh/ca', 'Consul CA 8', ['subjectAltName=URI:spiffe://7f3a.consul']);
	d.leaf('badmesh/nouri', { cn: 'nouri', ca: 'badmesh/ca', ext: [LEAF_KU, 'subjectAltName=DNS:web.example'] });
	d.leaf('badmesh/path', {
		cn: 'path',
		ca: 'badmesh/ca',
		ext: [LEAF_KU, 'subjectAltName=URI:spiffe://7f3a.consul/web']
	});
	d.leaf('badmesh/signer', {
		cn: 'signer',
		ca: 'badmesh/ca',
		ext: ['keyUsage=critical,digitalSignature,keyCertSign', `subjectAltName=URI:${SVC}`]
	});
	d.leaf('badmesh/foreign', {
		cn: 'foreign',
		ca: 'badmesh/ca',
		ext: [LEAF_KU, 'subjectAltName=URI:spiffe://other.consul/ns/default/dc/dc1/svc/web']
	});
}, 120_000);
afterAll(() => d.remove());

describe('Consul Connect lint', () => {
	test('a good SPIFFE leaf passes every rule', async () => {
		const { report } = await lintDropped(d.files('mesh'), 'consul-connect');
		expect(report.results.filter((r) => r.status === 'fail')).toEqual([]);
		expect(report.results.filter((r) => r.status === 'pass').map((r) => r.id)).toEqual(
			expect.arrayContaining(['spiffe-one-uri', 'consul-spiffe-path', 'spiffe-leaf-usage', 'consul-trust-domain'])
		);
	});

	test('each Connect rule fails on its broken leaf', async () => {
		const bad = await lintDropped(d.files('badmesh'), 'consul-connect');
		expect(bad.messages('spiffe-one-uri')).toMatch(/nouri\.crt has no URI SAN/);
		expect(bad.messages('consul-spiffe-path')).toMatch(/path\.crt's SPIFFE ID spiffe:\/\/7f3a\.consul\/web is neither/);
		expect(bad.messages('spiffe-leaf-usage')).toMatch(/signer\.crt may sign certificates/);
		expect(bad.messages('consul-trust-domain')).toMatch(/foreign\.crt is in trust domain other\.consul/);
		expect(bad.messages('spiffe-one-uri')).not.toMatch(/foreign|signer|path\.crt/);
	});
});
