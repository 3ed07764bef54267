import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createCa, downloadFrom, openApp, recordRequests } from './support';

// Every CA algorithm the form offers, each issuing leaves of a different algorithm, checked by openssl.
// expectKey: the leaf's Subject Public Key Info as `openssl x509 -text` prints it (OpenSSL 3).
const cases = [
	{
		ca: 'ECDSA P-384',
		leaf: 'RSA 2048',
		name: 'P384 CA',
		expectSig: /ecdsa-with-SHA384/,
		expectKey: /Public Key Algorithm: rsaEncryption\s+Public-Key: \(2048 bit\)/
	},
	{
		ca: 'RSA 4096 (slow to generate)',
		leaf: 'Ed25519',
		name: 'RSA4096 CA',
		expectSig: /sha256WithRSAEncryption/,
		expectKey: /Public Key Algorithm: ED25519\s+ED25519 Public-Key:/
	},
	{
		ca: 'Ed25519',
		leaf: 'ECDSA P-384',
		name: 'Ed25519 CA',
		expectSig: /ED25519/i,
		expectKey: /Public Key Algorithm: id-ecPublicKey[\s\S]*NIST CURVE: P-384/
	},
	{
		ca: 'RSA 3072',
		leaf: 'ECDSA P-256 (default)',
		name: 'RSA3072 CA',
		expectSig: /sha256WithRSAEncryption/,
		expectKey: /Public Key Algorithm: id-ecPublicKey[\s\S]*NIST CURVE: P-256/
	}
];

/** The Subject Public Key Info block of `openssl x509 -text`, so the CA's algorithms elsewhere cannot match. */
function publicKeyInfo(text: string): string {
	const start = text.indexOf('Subject Public Key Info:');
	const end = text.indexOf('X509v3 extensions:', start);
	expect(start).toBeGreaterThan(0);
	expect(end).toBeGreaterThan(start);
	return text.slice(start, end);
}

test('Ed25519 is offered where the browser has it', async ({ page }) => {
	await openApp(page);
	const option = page.getByLabel('Key algorithm', { exact: true }).locator('option', { hasText: 'Ed25519' });
	await expect(option).toBeEnabled();
});

for (const c of cases) {
	test(`a ${c.ca} CA issues ${c.leaf} leaves that openssl verifies`, async ({ page }) => {
		test.setTimeout(120_000);
		await openApp(page);
		const requests = recordRequests(page);
		await createCa(page, c.name, { algorithm: c.ca });
		await page.getByLabel('Node hosts', { exact: false }).fill('localhost 127.0.0.1');
		await page.getByLabel('SQL users', { exact: false }).fill('root');
		await page.getByLabel('Key algorithm of the new keys').first().selectOption({ label: c.leaf });
		const zip = await downloadFrom(page, 'Issue and download CockroachDB certificates');
		const dir = mkdtempSync(join(tmpdir(), 'e2e-alg-'));
		try {
			execFileSync('unzip', ['-q', zip, '-d', dir]);
			const ok = execFileSync('openssl', [
				'verify',
				'-CAfile',
				join(dir, 'ca.crt'),
				'-purpose',
				'sslserver',
				join(dir, 'node.crt')
			]).toString();
			expect(ok).toContain('node.crt: OK');
			const text = execFileSync('openssl', ['x509', '-in', join(dir, 'node.crt'), '-noout', '-text']).toString();
			expect(text).toMatch(c.expectSig);
			// The leaf's key is of the algorithm chosen for the new keys, not the CA's.
			expect(publicKeyInfo(text)).toMatch(c.expectKey);
			// The key in the zip belongs to the certificate next to it.
			const certPub = execFileSync('openssl', ['x509', '-in', join(dir, 'node.crt'), '-noout', '-pubkey']).toString();
			const keyPub = execFileSync('openssl', ['pkey', '-in', join(dir, 'node.key'), '-pubout']).toString();
			expect(keyPub).toBe(certPub);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
		expect(requests).toEqual([]);
	});
}
