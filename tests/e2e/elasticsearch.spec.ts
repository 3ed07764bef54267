import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { BUNDLES_DIR, createCa, openApp, openCaTab, recordRequests } from './support';

/**
 * Elasticsearch (https://www.elastic.co/docs/deploy-manage/security/external-ca-transport): transport
 * PEM and PKCS#12 bundles from the form and a bulk bundle from an instances.yml, saved into
 * BUNDLES_DIR under the names tests/interop/elasticsearch.test.ts reads (the app offers all of them
 * as certificate-bundle.zip, as elasticsearch-certutil names its zips).
 */
export const P12_PASSWORD = 'Elastic e2e 42!';

function unzipped(zipPath: string): { dir: string; files: string[] } {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-es-'));
	execFileSync('unzip', ['-q', zipPath, '-d', dir]);
	const files = execFileSync('find', ['.', '-type', 'f'], { cwd: dir })
		.toString()
		.split('\n')
		.filter(Boolean)
		.map((f) => f.slice(2))
		.sort();
	return { dir, files };
}

/** Clicks the button and keeps the download as BUNDLES_DIR/<saveAs>; checks the offered name. */
async function download(page: Page, button: Locator, saveAs: string): Promise<string> {
	const downloaded = page.waitForEvent('download');
	await button.click();
	const file = await downloaded;
	expect(file.suggestedFilename()).toBe('certificate-bundle.zip');
	mkdirSync(BUNDLES_DIR, { recursive: true });
	const path = join(BUNDLES_DIR, saveAs);
	await file.saveAs(path);
	return path;
}

test('Elasticsearch: transport PEM and PKCS#12 bundles and an instances.yml bulk bundle, with no request', async ({
	page
}) => {
	await openApp(page);
	const requests = recordRequests(page);
	await createCa(page, 'ES Root CA');
	await page.getByLabel('Target system').selectOption({ label: 'Elasticsearch' });
	const form = page.getByRole('form', { name: 'Elasticsearch certificates' });

	// The transport EKU offers exactly the two lists Elasticsearch accepts.
	const eku = form.getByLabel('Extended key usage of the transport certificate', { exact: true });
	await expect(eku.locator('option')).toHaveText([
		'None: no extendedKeyUsage extension, as elasticsearch-certutil issues it',
		'Both clientAuth and serverAuth'
	]);

	// PEM: node-1's transport certificate (no EKU) and its HTTP certificate.
	await form.getByLabel(/^Node name/).fill('node-1');
	await form.getByLabel('DNS names of the node', { exact: false }).fill('localhost node-1.es.internal');
	await form.getByLabel('IP addresses of the node', { exact: false }).fill('127.0.0.1');
	await form.getByRole('checkbox', { name: /Issue an HTTP certificate/ }).check();
	await form.getByLabel('Addresses clients use for the HTTP API', { exact: false }).fill('localhost 127.0.0.1');
	const pemZip = await download(
		page,
		form.getByRole('button', { name: 'Issue and download Elasticsearch certificates' }),
		'elasticsearch-pem.zip'
	);
	const pem = unzipped(pemZip);
	try {
		expect(pem.files).toEqual([
			'README.txt',
			'ca/ca.crt',
			'kubernetes/elasticsearch-eck.yaml',
			'kubernetes/elasticsearch-secrets.yaml',
			'node-1/http.crt',
			'node-1/http.key',
			'node-1/node-1.crt',
			'node-1/node-1.key',
			'node-1/sample-elasticsearch.yml'
		]);
		expect(statSync(join(pem.dir, 'node-1', 'node-1.key')).mode & 0o777).toBe(0o600);
		expect(statSync(join(pem.dir, 'node-1', 'node-1.crt')).mode & 0o777).toBe(0o644);
		expect(statSync(join(pem.dir, 'node-1')).mode & 0o777).toBe(0o700);
		expect(readFileSync(join(pem.dir, 'node-1', 'sample-elasticsearch.yml'), 'utf8')).toContain(
			'xpack.security.transport.ssl.key: certs/node-1/node-1.key'
		);
	} finally {
		rmSync(pem.dir, { recursive: true, force: true });
	}

	// PKCS#12: the same node with both EKUs. The form started over after the PEM bundle, so the node is typed again.
	// A non-ASCII password is refused next to its input.
	await expect(form.getByLabel('DNS names of the node', { exact: false })).toHaveValue('localhost');
	await form.getByLabel(/^Node name/).fill('node-1');
	await form.getByLabel('DNS names of the node', { exact: false }).fill('localhost node-1.es.internal');
	await form.getByLabel('IP addresses of the node', { exact: false }).fill('127.0.0.1');
	await form.getByRole('checkbox', { name: /Issue an HTTP certificate/ }).uncheck();
	await eku.selectOption('both');
	await form.getByRole('radio', { name: 'PKCS#12 keystores (.p12)' }).check();
	const password = form.getByLabel('Keystore password (printable ASCII: Java refuses other characters)');
	await password.fill('pässword');
	await form.getByRole('button', { name: 'Issue and download Elasticsearch certificates' }).click();
	await expect(form.getByRole('alert')).toContainText('Password is not ASCII');
	await password.fill(P12_PASSWORD);
	const p12Zip = await download(
		page,
		form.getByRole('button', { name: 'Issue and download Elasticsearch certificates' }),
		'elasticsearch-p12.zip'
	);
	const p12 = unzipped(p12Zip);
	try {
		expect(p12.files).toEqual(['README.txt', 'ca/ca.crt', 'node-1/node-1.p12', 'node-1/sample-elasticsearch.yml']);
		expect(statSync(join(p12.dir, 'node-1', 'node-1.p12')).mode & 0o777).toBe(0o600);
	} finally {
		rmSync(p12.dir, { recursive: true, force: true });
	}
	writeFileSync(join(BUNDLES_DIR, 'p12-password.txt'), `${P12_PASSWORD}\n`);

	// Bulk: a bad instances.yml lists every problem with its line; a good one gives one zip.
	const bulk = page.getByRole('form', { name: 'Many nodes from an instances.yml' });
	const yml = bulk.getByLabel('instances.yml (elasticsearch-certutil --in format)');
	await yml.fill(
		'instances:\n  - name: "node-1"\n    ip: [ "10.0.0.300" ]\n  - name: "ca"\n    dns: [ "localhost" ]\n'
	);
	await bulk.getByRole('button', { name: 'Issue certificate-bundle.zip' }).click();
	const problems = bulk.getByRole('alert', { name: 'Problems in instances.yml' });
	await expect(problems.getByRole('listitem')).toHaveText([
		'line 3, instances[0].ip[0]: "10.0.0.300" is not an IPv4 address: "300" is not a number from 0 to 255.',
		'line 4, instances[1].name: "ca" may not be used as an instance name: the bundle keeps the CA certificate in ca/.'
	]);
	await yml.fill(
		'instances:\n' +
			'  - name: "node-1"\n    dns: [ "localhost" ]\n    ip: [ "127.0.0.1" ]\n' +
			'  - name: "node-2"\n    dns: [ "localhost" ]\n    ip: [ "127.0.0.1" ]\n    cn: [ "node-2.cluster" ]\n'
	);
	await bulk.getByRole('radio', { name: 'PKCS#12 keystores (.p12)' }).check();
	await bulk.getByLabel('Keystore password for every .p12', { exact: false }).fill(P12_PASSWORD);
	const bulkZip = await download(
		page,
		bulk.getByRole('button', { name: 'Issue certificate-bundle.zip' }),
		'elasticsearch-instances-p12.zip'
	);
	await expect(problems).toHaveCount(0);
	const many = unzipped(bulkZip);
	try {
		expect(many.files).toEqual([
			'README.txt',
			'ca/ca.crt',
			'node-1/node-1.p12',
			'node-1/sample-elasticsearch.yml',
			'node-2/node-2.p12',
			'node-2/sample-elasticsearch.yml'
		]);
	} finally {
		rmSync(many.dir, { recursive: true, force: true });
	}

	// Every certificate is in the inventory: 2 (PEM) + 1 (PKCS#12) + 2 (bulk), plus the CA and the header row.
	await openCaTab(page, 'ES Root CA', 'Certificates');
	await expect(page.getByRole('table').getByRole('row')).toHaveCount(7);
	expect(requests).toEqual([]);
});
