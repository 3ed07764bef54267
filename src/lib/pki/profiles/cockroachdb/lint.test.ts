import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lintDropped, OpensslDir } from '../../lint/openssl-fixtures';
import type { LintInput, LintKey } from '../../lint/types';
import { lint } from './lint';

/**
 * CockroachDB certs-dirs made by openssl (RSA CA, PKCS#1 and SEC1 keys, Unix modes as on disk):
 * every rule fails on the broken dir and passes on the good one.
 */
const BOTH = ['extendedKeyUsage=serverAuth,clientAuth', 'keyUsage=critical,digitalSignature,keyEncipherment'];
const CLIENT = ['extendedKeyUsage=clientAuth', 'keyUsage=critical,digitalSignature,keyEncipherment'];
let d: OpensslDir;

beforeAll(() => {
	d = new OpensslDir();
	d.ca('good/ca', 'Good CA', [], 'rsa');
	d.leaf('good/node', {
		cn: 'node',
		ext: [...BOTH, 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:10.0.0.5'],
		ca: 'good/ca',
		key: 'rsa'
	});
	d.leaf('good/client.root', { cn: 'root', ext: CLIENT, ca: 'good/ca' });

	d.ca('split/ca', 'Split CA');
	d.leaf('split/node', {
		cn: 'db1.example.com',
		ext: ['extendedKeyUsage=serverAuth', 'subjectAltName=DNS:db1.example.com'],
		ca: 'split/ca'
	});
	d.leaf('split/client.node', { cn: 'node', ext: CLIENT, ca: 'split/ca' });

	d.ca('bad/ca', 'Bad CA');
	d.ca('other/ca', 'Other CA');
	d.leaf('bad/node', {
		cn: 'localhost',
		ext: ['extendedKeyUsage=serverAuth', 'subjectAltName=DNS:localhost'],
		ca: 'bad/ca',
		keyMode: 0o640,
		key: 'rsa'
	});
	d.leaf('bad/client.marc', { cn: 'bob', ext: CLIENT, ca: 'bad/ca' });
	d.copy('bad/node.key', 'bad/client.marc.key');
	d.leaf('bad/client.root', { cn: 'root', ext: ['extendedKeyUsage=serverAuth'], ca: 'other/ca', noKey: true });

	d.ca('nocadir/.ca', 'Hidden CA');
	d.leaf('nocadir/node', { cn: 'node', ext: BOTH, ca: 'nocadir/.ca' });
	d.leaf('nocadir/client.node', { cn: 'nodes', ext: ['extendedKeyUsage=serverAuth'], ca: 'nocadir/.ca' });
}, 120_000);
afterAll(() => d.remove());

const good = () => lintDropped(d.files('good'), 'cockroachdb', { hosts: ['10.0.0.5', 'localhost'] });
const bad = () => lintDropped(d.files('bad'), 'cockroachdb', { hosts: ['10.0.0.5'] });
const split = () => lintDropped(d.files('split'), 'cockroachdb');
const noCa = () =>
	lintDropped(
		d.files('nocadir').filter((f) => !f.name.includes('/.ca')),
		'cockroachdb'
	);

describe('CockroachDB lint on openssl certs-dirs', () => {
	test('the good dir passes every rule', async () => {
		const { report } = await good();
		expect(report.results.filter((r) => r.status === 'fail')).toEqual([]);
		expect(report.results.filter((r) => r.status === 'pass').map((r) => r.id)).toEqual(
			expect.arrayContaining([
				'crdb-node-cn',
				'crdb-client-cn',
				'crdb-key-mode',
				'crdb-node-eku',
				'crdb-client-eku',
				'crdb-key-present',
				'crdb-ca-present',
				'key-matches-certificate',
				'validity',
				'expires-soon',
				'hosts-in-san',
				'chain'
			])
		);
	});

	test('node.crt must have CN=node unless client.node.crt is present', async () => {
		const b = await bad();
		expect(b.rule('crdb-node-cn').status).toBe('fail');
		expect(b.messages('crdb-node-cn')).toMatch(/node\.crt has CN=localhost/);
		expect((await split()).rule('crdb-node-cn').status).toBe('pass');
	});

	test('client.<user>.crt must have CN=<user>: "client.marc.crt has CN=bob"', async () => {
		const b = await bad();
		expect(b.rule('crdb-client-cn').status).toBe('fail');
		expect(b.messages('crdb-client-cn')).toMatch(/client\.marc\.crt has CN=bob/);
		expect(b.messages('crdb-client-cn')).not.toMatch(/client\.root/);
	});

	test('client.node.crt must have CN=node', async () => {
		expect((await noCa()).messages('crdb-client-node-cn')).toMatch(/client\.node\.crt has CN=nodes/);
		expect((await split()).rule('crdb-client-node-cn').status).toBe('pass');
	});

	test('a group-readable key is refused, from its Unix mode', async () => {
		const b = await bad();
		expect(b.rule('crdb-key-mode').status).toBe('fail');
		expect(b.messages('crdb-key-mode')).toMatch(/node\.key has mode 0640 \(-rw-r-----\): readable by its group/);
		expect(b.messages('crdb-key-mode')).toMatch(/unless root owns the file/);
		expect(b.messages('crdb-key-mode')).not.toMatch(/client\.marc\.key/);
	});

	test('the key-mode rule follows the loader: 0640 passes when root owns the key, fails for anyone else', async () => {
		const rule = lint.rules.cockroachdb!.find((r) => r.id === 'crdb-key-mode')!;
		const input = (mode: number, owner?: string): LintInput => ({
			certs: [],
			keys: [{ path: 'certs/node.key', dir: 'certs', base: 'node.key', mode, ...(owner ? { owner } : {}) } as LintKey],
			hosts: [],
			trusted: [],
			now: new Date(),
			crypto
		});
		expect(await rule.check(input(0o640, 'root'))).toEqual([]);
		expect(await rule.check(input(0o600, 'cockroach'))).toEqual([]);
		const [foreign] = (await rule.check(input(0o640, 'cockroach')))!;
		expect(foreign!.message).toMatch(/node\.key has mode 0640 .*readable by its group; CockroachDB refuses it/);
		const [world] = (await rule.check(input(0o644, 'root')))!;
		expect(world!.message).toMatch(/readable by its group and every user/);
	});

	test('node.crt needs serverAuth and clientAuth; split node.crt needs serverAuth only', async () => {
		expect((await bad()).messages('crdb-node-eku')).toMatch(/lacks clientAuth/);
		expect((await split()).rule('crdb-node-eku').status).toBe('pass');
	});

	test('client certificates need clientAuth', async () => {
		const b = await bad();
		expect(b.messages('crdb-client-eku')).toMatch(/client\.root\.crt may not be used as a TLS client/);
		expect(b.messages('crdb-client-eku')).not.toMatch(/client\.marc/);
	});

	test('each certificate needs its key', async () => {
		expect((await bad()).messages('crdb-key-present')).toMatch(/client\.root\.crt has no client\.root\.key/);
	});

	test('ca.crt must be in the certs-dir', async () => {
		const n = await noCa();
		expect(n.rule('crdb-ca-present').status).toBe('fail');
		expect(n.messages('crdb-ca-present')).toMatch(/no ca\.crt/);
	});

	test('key does not match certificate', async () => {
		const b = await bad();
		expect(b.messages('key-matches-certificate')).toMatch(
			/client\.marc\.key does not match certificate client\.marc\.crt/
		);
		expect(b.messages('key-matches-certificate')).not.toMatch(/node\.key does not match/);
	});

	test('expires in 3 days (a warning)', async () => {
		// openssl made them for 30 days; 27 days on, 3 days are left.
		const soon = await lintDropped(d.files('good'), 'cockroachdb', { now: new Date(Date.now() + 27 * 86_400_000) });
		expect(soon.rule('expires-soon')).toMatchObject({ status: 'fail', severity: 'warning' });
		expect(soon.messages('expires-soon')).toMatch(/node\.crt expires in (2|3) days/);
		expect(soon.rule('validity').status).toBe('pass');
	});

	test('no IP SAN for 10.0.0.5', async () => {
		const b = await bad();
		expect(b.messages('hosts-in-san')).toMatch(/no SAN matches host 10\.0\.0\.5.*an IP address must be an IP SAN/);
	});

	test('certificates must be signed by ca.crt', async () => {
		const b = await bad();
		expect(b.messages('chain')).toMatch(/client\.root\.crt: the issuer of 'client\.root\.crt' \(CN=Other CA\)/);
		expect(b.messages('chain')).not.toMatch(/node\.crt/);
	});

	test('validity: expired and not-yet-valid certificates fail', async () => {
		const later = await lintDropped(d.files('good'), 'cockroachdb', { now: new Date(Date.now() + 40 * 86_400_000) });
		expect(later.messages('validity')).toMatch(/node\.crt expired on/);
		const earlier = await lintDropped(d.files('good'), 'cockroachdb', { now: new Date(Date.now() - 2 * 86_400_000) });
		expect(earlier.messages('validity')).toMatch(/node\.crt is not valid until/);
	});
});
