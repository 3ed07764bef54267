/**
 * Test support only (never imported by the app): CockroachDB certs-dirs made by the real `openssl`
 * CLI, each with one classic fault, as a user would make them by hand. The unit and e2e tests drop
 * them on the inspector and check that the fault is named.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpensslDir } from '../lint/openssl-fixtures';

export const CRDB_FAULTS = [
	'healthy',
	'node-expired',
	'client-other-ca',
	'node-loopback-only',
	'node-no-client-auth',
	'client-cn-other-user',
	'node-key-world-readable',
	'node-key-not-its-own'
] as const;
export type CrdbFault = (typeof CRDB_FAULTS)[number];

const NODE_EXT = [
	'extendedKeyUsage=serverAuth,clientAuth',
	'keyUsage=critical,digitalSignature,keyEncipherment',
	'subjectAltName=DNS:node1.example.com,IP:10.0.0.5,DNS:localhost,IP:127.0.0.1'
];
const CLIENT_EXT = ['extendedKeyUsage=clientAuth', 'keyUsage=critical,digitalSignature,keyEncipherment'];

/** `openssl ca` with fixed dates (x509 -req only counts days from now): an already expired certificate. */
function expiredLeaf(d: OpensslDir, path: string, cn: string, ext: string[]): void {
	const work = join(d.root, '.private/ca-db');
	mkdirSync(work, { recursive: true });
	writeFileSync(join(work, 'index.txt'), '');
	writeFileSync(join(work, 'serial'), '1000\n');
	writeFileSync(
		join(work, 'ca.cnf'),
		`[ca]\ndefault_ca=d\n[d]\ndatabase=${work}/index.txt\nnew_certs_dir=${work}\nserial=${work}/serial\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n`
	);
	writeFileSync(join(work, 'ext.cnf'), ['basicConstraints=critical,CA:FALSE', ...ext].join('\n') + '\n');
	const key = join(d.root, `${path}.key`);
	execFileSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
	chmodSync(key, 0o600);
	execFileSync('openssl', ['req', '-new', '-key', key, '-subj', `/CN=${cn}`, '-out', join(work, 'req.csr')]);
	execFileSync(
		'openssl',
		[
			'ca',
			'-batch',
			'-notext',
			'-config',
			join(work, 'ca.cnf'),
			'-cert',
			join(d.root, 'certs/ca.crt'),
			'-keyfile',
			join(d.root, '.private/certs_ca.key'),
			'-in',
			join(work, 'req.csr'),
			'-startdate',
			'20200101000000Z',
			'-enddate',
			'20210101000000Z',
			'-extfile',
			join(work, 'ext.cnf'),
			'-out',
			join(d.root, `${path}.crt`)
		],
		{ stdio: 'ignore' }
	);
}

/** A certs-dir at <root>/certs with ca.crt, node.crt/key and client.root.crt/key, broken by one fault. */
export function crdbCertsDir(fault: CrdbFault): OpensslDir {
	const d = new OpensslDir();
	d.ca('certs/ca', 'Cluster CA');
	if (fault === 'node-expired') expiredLeaf(d, 'certs/node', 'node', NODE_EXT);
	else
		d.leaf('certs/node', {
			cn: 'node',
			ca: 'certs/ca',
			ext:
				fault === 'node-loopback-only'
					? [...NODE_EXT.slice(0, 2), 'subjectAltName=DNS:localhost,IP:127.0.0.1']
					: fault === 'node-no-client-auth'
						? ['extendedKeyUsage=serverAuth', ...NODE_EXT.slice(1)]
						: NODE_EXT,
			keyMode: fault === 'node-key-world-readable' ? 0o644 : 0o600
		});
	if (fault === 'client-other-ca') d.ca('other/ca', 'Some Other CA');
	const user = fault === 'client-cn-other-user' ? 'maxroach' : 'root';
	d.leaf(`certs/client.${user}`, {
		cn: 'root',
		ca: fault === 'client-other-ca' ? 'other/ca' : 'certs/ca',
		ext: CLIENT_EXT
	});
	if (fault === 'client-other-ca') rmSync(join(d.root, 'other'), { recursive: true, force: true });
	if (fault === 'node-key-not-its-own') d.key('certs/node.key', 'ec');
	return d;
}
