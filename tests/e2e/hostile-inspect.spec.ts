import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { overlappingZip } from '../../src/lib/testing/hostile-zip';
import { selfSignedP256 } from '../../src/lib/testing/openssl';
import { recordRequests } from './support';
import { pageLoaded } from './pool-support';

/**
 * Hostile files dropped on the inspector: a 3 MB text of BEGIN lines that never close (which kept the
 * old PEM reader busy for minutes) and a zip whose entries overlap (David Fifield's "A better zip
 * bomb"). Each gets a plain message in the list of what could not be read, and the page still
 * describes a certificate pasted next.
 */

let certificate: string;
test.beforeAll(() => {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-hostile-'));
	try {
		execFileSync('openssl', selfSignedP256('key.pem', 'cert.pem', '/CN=after.the.attack'), {
			cwd: dir,
			stdio: 'ignore'
		});
		certificate = readFileSync(join(dir, 'cert.pem'), 'utf8');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('a 3 MB unclosed PEM text and an overlapping-entries zip get plain messages; the page still works', async ({
	page
}) => {
	await page.goto('/');
	await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inspect' }).click();
	await expect(page.getByRole('heading', { name: 'Drop or paste anything' })).toBeVisible();
	await pageLoaded(page);
	const requests = recordRequests(page);

	const line = '-----BEGIN CERTIFICATE-----\nMIIB\n';
	const unclosed = line.repeat(Math.ceil((3 * 1024 * 1024) / line.length));
	await page.getByLabel('Certificate files').setInputFiles([
		{ name: 'unclosed.pem', mimeType: 'text/plain', buffer: Buffer.from(unclosed) },
		{ name: 'overlap.zip', mimeType: 'application/zip', buffer: Buffer.from(overlappingZip(200, 50_000)) }
	]);

	const problems = page.getByRole('region', { name: 'Could not be read' });
	await expect(problems).toContainText(
		'unclosed.pem: unclosed.pem has a BEGIN line without its matching END line: it was cut short.'
	);
	await expect(problems).toContainText(
		'overlap.zip: overlap.zip is not a normal zip: its entries cert-0000.pem and cert-0001.pem share the same bytes, a trick of zip bombs.'
	);
	await expect(page.getByRole('status').filter({ hasText: 'files dropped' })).toContainText(
		'2 files dropped: 0 items read; problems in 2 files.'
	);

	await page.getByLabel('Or paste PEM text').fill(certificate);
	await page.getByRole('button', { name: 'Inspect pasted text' }).click();
	await expect(page.getByRole('article', { name: /certificate: pasted text 1/i })).toContainText('CN=after.the.attack');
	expect(requests).toEqual([]);
});
