import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { BUNDLES_DIR, createCa, downloadFrom, openApp, PASSPHRASE, recordRequests, saveDownload } from './support';

/**
 * A quick Elasticsearch lab as PKCS#12 keystores. The zip and its password are kept in
 * BUNDLES_DIR for tests/interop/lab-pkcs12.test.ts (keytool, a Java mTLS handshake, openssl pkcs12).
 */
export const LAB_P12_PASSWORD = 'Elastic lab e2e 42!';

function unzipped(zipPath: string): { dir: string; files: string[] } {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-lab-p12-'));
	execFileSync('unzip', ['-q', zipPath, '-d', dir]);
	const files = execFileSync('find', ['.', '-type', 'f'], { cwd: dir })
		.toString()
		.split('\n')
		.filter(Boolean)
		.map((f) => f.slice(2))
		.sort();
	return { dir, files };
}

test('a 3-node Elasticsearch lab as PKCS#12 keystores: password rules, keystore settings, saved and re-opened with its output', async ({
	page
}) => {
	test.setTimeout(120_000);
	await openApp(page);
	const requests = recordRequests(page);
	await createCa(page, 'P12 Lab CA');
	await page.getByLabel('Lab system').selectOption({ label: 'Elasticsearch' });
	const pkcs12 = page.getByRole('radio', { name: 'PKCS#12 keystores (.p12)' });
	await pkcs12.check();
	const password = page.getByLabel('Keystore password of the lab (printable ASCII: Java refuses other characters)');

	// Java refuses non-ASCII PKCS#12 passwords: the refusal is shown next to the password input.
	await password.fill('pässword');
	await page.getByRole('button', { name: 'Issue and download lab' }).click();
	await expect(page.locator('#lab-p12-password-error')).toContainText('Password is not ASCII');
	await expect(password).toHaveAttribute('aria-invalid', 'true');

	await password.fill(LAB_P12_PASSWORD);
	// Saved before issuing (an issued lab leaves a fresh form), re-opened below on a fresh page: the
	// output comes back, the password does not.
	const saved = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Save lab definition' }).click();
	const definition = await saveDownload(await saved);
	expect(readFileSync(definition, 'utf8')).toContain('"output": "pkcs12"');
	const zip = await downloadFrom(page, 'Issue and download lab');
	expect(basename(zip)).toBe('elasticsearch-lab-3-nodes-p12-lab-ca.zip');
	// The issued lab leaves the form as it starts: CockroachDB, no keystore password kept.
	await expect(page.getByLabel('Lab system')).toHaveValue('cockroachdb');
	writeFileSync(join(BUNDLES_DIR, 'lab-p12-password.txt'), `${LAB_P12_PASSWORD}\n`);
	const { dir, files } = unzipped(zip);
	try {
		expect(files).toEqual(
			[
				'README.txt',
				'ca/ca.crt',
				'lab.json',
				'start-elasticsearch.sh',
				...[1, 2, 3].flatMap((i) => [
					`config/node${i}/elasticsearch.yml`,
					`node${i}/http.p12`,
					`node${i}/node${i}.p12`,
					`node${i}/sample-elasticsearch.yml`
				])
			].sort()
		);
		for (const i of [1, 2, 3]) {
			expect(statSync(join(dir, `node${i}`, `node${i}.p12`)).mode & 0o777).toBe(0o600);
			expect(statSync(join(dir, `node${i}`, 'http.p12')).mode & 0o777).toBe(0o600);
		}
		const yml = readFileSync(join(dir, 'config', 'node2', 'elasticsearch.yml'), 'utf8');
		expect(yml).toContain(
			'xpack.security.transport.ssl.keystore.path: certs/node2/node2.p12\nxpack.security.transport.ssl.truststore.path: certs/node2/node2.p12'
		);
		expect(yml).toContain('xpack.security.http.ssl.keystore.path: certs/node2/http.p12');
		expect(yml).toContain('#   bin/elasticsearch-keystore add xpack.security.transport.ssl.keystore.secure_password');
		expect(execFileSync('bash', ['-n', join(dir, 'start-elasticsearch.sh')]).toString()).toBe('');
		// No PEM private key and no password anywhere in the zip; the definition says PKCS#12.
		const found = spawnSync('grep', ['-rl', '-e', 'PRIVATE KEY', '-e', LAB_P12_PASSWORD, dir], { encoding: 'utf8' });
		expect(found.status, found.stderr).toBe(1);
		expect(JSON.parse(readFileSync(join(dir, 'lab.json'), 'utf8'))).toEqual({
			format: 'offline-ca-lab',
			version: 2,
			system: 'elasticsearch',
			nodes: 3,
			hosts: 'localhost, 127.0.0.1',
			users: '',
			days: 1095,
			keyAlgorithm: 'P-256',
			output: 'pkcs12'
		});
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}

	// Issuing and saving asked nothing of any server (the reload below fetches the app itself).
	expect(requests).toEqual([]);
	await page.reload();
	await page.getByLabel('Passphrase for P12 Lab CA').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Unlock P12 Lab CA' }).click();
	// The form opens on CockroachDB, which reads PEM only: no output choice is offered.
	await expect(page.getByLabel('Lab system')).toHaveValue('cockroachdb');
	await expect(pkcs12).toHaveCount(0);
	await page.getByLabel('Open a lab definition').setInputFiles(definition);
	await expect(page.getByLabel('Lab system')).toHaveValue('elasticsearch');
	await expect(pkcs12).toBeChecked();
	await expect(password).toHaveValue('');
});
