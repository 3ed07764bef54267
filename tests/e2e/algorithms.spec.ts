import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { createCa, downloadFrom, openApp, recordRequests } from './support';

// Every CA algorithm the form offers, each issuing leaves of a different algorithm, checked by openssl.
const cases = [
	{ ca: 'ECDSA P-384', leaf: 'RSA 2048', name: 'P384 CA', expectSig: /ecdsa-with-SHA384/ },
	{ ca: 'RSA 4096 (slow to generate)', leaf: 'Ed25519', name: 'RSA4096 CA', expectSig: /sha256WithRSAEncryption/ },
	{ ca: 'Ed25519', leaf: 'ECDSA P-384', name: 'Ed25519 CA', expectSig: /ED25519/i },
	{ ca: 'RSA 3072', leaf: 'ECDSA P-256 (default)', name: 'RSA3072 CA', expectSig: /sha256WithRSAEncryption/ }
];

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
			const keyType = execFileSync('openssl', ['pkey', '-in', join(dir, 'node.key'), '-noout', '-text']).toString();
			expect(keyType.length).toBeGreaterThan(0);
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
