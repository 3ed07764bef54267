import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newP256Csr, signedBy } from '../../testing/openssl';
import { lent, testContext, testRootCa } from '../../testing/worker-cas';
import { operations } from '../operations';
import type { CreatedCa } from '../types';

/**
 * Intermediate CSRs in the shapes Vault and step-ca write (tests/fixtures/online-ca/README.md says how
 * each was made, and from which source file), signed as intermediates by the real csrSign operation,
 * then checked by OpenSSL 3: the intermediate verifies to our root, and a leaf it signs with the
 * fixture's key verifies leaf → intermediate → root.
 */

const FIXTURES = join(import.meta.dirname, '../../../../tests/fixtures/online-ca');
const ctx = testContext(new Date());
let root: CreatedCa;
let dir: string;
const openssl = (...args: string[]) =>
	execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

beforeAll(async () => {
	root = await testRootCa(ctx, { id: 'root', name: 'Offline Root', days: 3650 });
	dir = mkdtempSync(join(tmpdir(), 'online-ca-csr-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES = [
	{
		tool: 'Vault pki/intermediate/generate/internal',
		base: 'vault-intermediate',
		subject: 'CN=example.com Intermediate Authority',
		key: 'RSA 2048',
		sans: [] as string[],
		requestsCa: false
	},
	{
		tool: 'step certificate create --csr',
		base: 'step-intermediate',
		subject: 'CN=Smallstep Intermediate',
		key: 'ECDSA P-256',
		sans: ['DNS:Smallstep Intermediate'],
		requestsCa: false
	}
];

describe.each(CASES)('an intermediate CSR as $tool writes it', ({ base, subject, key, sans, requestsCa }) => {
	test('is read as the tool wrote it, signed as a CA by our root, and openssl verifies a leaf it issues', async () => {
		const csr = readFileSync(join(FIXTURES, `${base}.csr`));
		const summary = await operations.csrDescribe({ csr }, ctx);
		expect(summary).toMatchObject({ subject, key, sans, requestsCa });

		// The user chooses "intermediate CA": neither tool asks for CA:TRUE in the CSR by default.
		const signed = await operations.csrSign(
			{ csr, issuer: lent(root, 'root', 'Offline Root'), choice: { mode: 'ca', days: 365, pathLen: 0, sans: '' } },
			ctx
		);
		expect(signed.record).toMatchObject({ kindId: 'intermediate-ca', caId: 'root' });
		for (const file of signed.files) writeFileSync(join(dir, `${base}-${file.path}`), file.text);
		const [certFile] = signed.files;
		const inter = `${base}-${certFile!.path}`;
		expect(openssl('verify', '-CAfile', `${base}-ca.crt`, inter)).toContain(': OK');
		expect(openssl('x509', '-in', inter, '-noout', '-ext', 'basicConstraints')).toMatch(/CA:TRUE, pathlen:0/);
		// The certificate carries the CSR's key, which the tool kept.
		expect(openssl('x509', '-in', inter, '-noout', '-pubkey')).toBe(
			openssl('pkey', '-in', join(FIXTURES, `${base}.key`), '-pubout')
		);

		openssl(...newP256Csr(`${base}-leaf.key`, `${base}-leaf.csr`, '/CN=svc.online.example'));
		writeFileSync(
			join(dir, 'leaf.ext'),
			'basicConstraints=CA:FALSE\nsubjectAltName=DNS:svc.online.example\nextendedKeyUsage=serverAuth\n'
		);
		openssl(
			...signedBy(
				`${base}-leaf.csr`,
				{ cert: inter, key: join(FIXTURES, `${base}.key`) },
				30,
				'leaf.ext',
				`${base}-leaf.crt`
			)
		);
		expect(
			openssl('verify', '-CAfile', `${base}-ca.crt`, '-untrusted', inter, '-purpose', 'sslserver', `${base}-leaf.crt`)
		).toContain(': OK');
	});
});
