import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { createCa, downloadFrom, PASSPHRASE, recordProblems } from './support';

// The single offline file (scripts/build-offline.mjs), opened straight from disk: no server at all.
const FILE = resolve('build/offline-ca.html');
const FILE_URL = pathToFileURL(FILE).href;

/** Every request of the context, from before the first load; blob: downloads never leave the tab. */
function recordAll(page: Page): string[] {
	const seen: string[] = [];
	page.context().on('request', (r) => {
		if (!r.url().startsWith('blob:') && !r.url().startsWith('data:')) seen.push(`${r.method()} ${r.url()}`);
	});
	return seen;
}

/** openApp for the file: the vault is open and the worker has answered its first request. */
async function openFile(page: Page): Promise<void> {
	await page.goto(`${FILE_URL}#/authorities`);
	await expect(page.getByRole('heading', { name: 'Your CAs' })).toBeVisible();
	await expect(page.getByText('Opening the vault…')).toHaveCount(0);
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();
}

test.beforeAll(() => {
	if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run npm run build first`);
});

test('the file stands alone under a CSP of inline hashes and a blob: worker only', () => {
	const html = readFileSync(FILE, 'utf8');
	const csp = /<meta http-equiv="content-security-policy" content="([^"]+)"/i.exec(html)?.[1] ?? '';
	const directives = Object.fromEntries(
		csp.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')])
	);
	expect(directives['default-src']).toBe("'none'");
	expect(directives['connect-src']).toBe("'none'");
	expect(directives['worker-src']).toBe('blob:');
	expect(directives['script-src']).toMatch(/^('sha256-[A-Za-z0-9+/]+=*' ?)+$/);
	expect(csp).not.toMatch(/https?:|'self'|unsafe-eval/);
	// No <script src>, <link href> or other markup pointing at a file: all code and style are inline.
	const markup = html.replace(/(<(script|style)\b[^>]*>)[\s\S]*?<\/\2>/gi, '$1</$2>');
	expect(markup).not.toMatch(/\s(src|href)=["'](?!data:|#)/);
	expect(html).not.toMatch(/_app\/(immutable|env\.js)/);
});

test('from file://: create a CA, issue a certs-dir, reload, unlock, with no request but the file itself', async ({
	page
}) => {
	const problems = await recordProblems(page);
	const requests = recordAll(page);
	const workers: string[] = [];
	page.on('worker', (w) => workers.push(w.url()));

	await openFile(page);
	expect(await page.evaluate(() => ({ origin: location.origin, secure: isSecureContext }))).toEqual({
		origin: 'file://',
		secure: true
	});
	// The PKI workers (the page's and the pool's, one per core) run from the inlined code (module
	// workers cannot load from file://).
	expect(workers.length).toBeGreaterThanOrEqual(1);
	for (const url of workers) expect(url).toMatch(/^blob:/);

	await createCa(page, 'File CA');
	await page.getByLabel('Node hosts', { exact: false }).fill('localhost, 127.0.0.1');
	await page.getByLabel('SQL users', { exact: false }).fill('root');
	const zip = await downloadFrom(page, 'Issue and download CockroachDB certificates');
	expect(basename(zip)).toBe('cockroachdb-certs-file-ca.zip');
	expect(readFileSync(zip).subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'binary'));

	// The vault lives in the browser's file:// storage: after a reload the CA is there, locked.
	await page.reload();
	await expect(page.getByRole('heading', { name: 'File CA' })).toBeVisible();
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();
	await expect(page.getByText('Locked')).toBeVisible();
	await page.getByLabel('Passphrase for File CA').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Unlock File CA' }).click();
	await expect(page.getByText(/Unlocked in \d+ ms/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Issue and download CockroachDB certificates' })).toBeVisible();

	// Two page loads, both of the file itself (the hash router may add #/ without a load).
	expect(requests.map((r) => r.replace(/#.*$/, ''))).toEqual([`GET ${FILE_URL}`, `GET ${FILE_URL}`]);
	expect(problems).toEqual([]);
});
