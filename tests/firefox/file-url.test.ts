import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { Puppeteer, type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, test } from 'vitest';

/**
 * The single offline file works opened from file:// with no server in Firefox too: WebCrypto
 * (keys, PBKDF2 sealing, signatures in the blob: worker), IndexedDB (the vault survives a reload)
 * and downloads (a real zip in Firefox's download folder). Debian's firefox-esr, headless, driven by
 * puppeteer-core over WebDriver BiDi (Playwright's own Firefox build cannot be downloaded here, and
 * its `moz-firefox` BiDi channel in playwright-core 1.65 sends `emulation.setMediaFeaturesOverride`
 * for every new context, which Firefox ESR 153 answers with "unknown command").
 * tests/e2e/file-url.spec.ts is the same flow in Chromium.
 */
const FILE = resolve('build/offline-ca.html');
const FILE_URL = pathToFileURL(FILE).href;
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const PASSPHRASE = 'correct horse battery staple';

let browser: Browser | undefined;
let page: Page;
let downloads: string;
/** Every request of the tab as "METHOD url", from before the first load. */
const requests: string[] = [];
/** Console errors, uncaught exceptions and CSP violations, from the first script on. */
const problems: string[] = [];

beforeAll(async () => {
	if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run npm run build first`);
	if (!existsSync(FIREFOX))
		throw new Error(
			`${FIREFOX} not found: install Debian's firefox-esr (apt-get install firefox-esr) or set FIREFOX_PATH`
		);
	downloads = mkdtempSync(join(tmpdir(), 'firefox-downloads-'));
	// puppeteer-core speaks WebDriver BiDi to Firefox (its only protocol for Firefox) and makes a
	// throwaway profile. Downloads are allowed into one folder for the tab's user context
	// (BiDi browser.setDownloadBehavior, sent by BrowserContext's downloadBehavior), so the test
	// sees the file Firefox wrote, as a user who set "Always save files to" would.
	// Firefox may take a while to start on a busy machine (puppeteer waits 30 s by default).
	browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, timeout: 60_000 });
	const context = await browser.createBrowserContext({
		downloadBehavior: { policy: 'allow', downloadPath: downloads }
	});
	page = await context.newPage();
	// Firefox reports no request for the file:// loads themselves, but does for the page's data:
	// URLs, which shows the recording is live.
	page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
	page.on('pageerror', (error) =>
		problems.push(`pageerror: ${error instanceof Error ? error.message : String(error)}`)
	);
	page.on('console', (message) => {
		if (message.type() === 'error' || /Content Security Policy/i.test(message.text()))
			problems.push(`console: ${message.text()}`);
	});
	await page.evaluateOnNewDocument(() => {
		document.addEventListener('securitypolicyviolation', (e) =>
			console.error(`CSP violation: ${e.effectiveDirective} ${e.blockedURI}`)
		);
	});
});
afterAll(async () => {
	await browser?.close();
	if (downloads) rmSync(downloads, { recursive: true, force: true });
});

/** A button or heading by its role and exact accessible name, as Playwright's getByRole names them. */
const byRole = (role: 'button' | 'heading', name: string) =>
	`::-p-aria([name=${JSON.stringify(name)}][role="${role}"])`;

/**
 * A form control by the text of its <label>, as Playwright's getByLabel: the whole text (exact) or
 * a part of it. Not by role: a role query for <input type="password"> finds nothing in Firefox ESR
 * 153 (its browsingContext.locateNodes compares the accessible's computedARIARole, which is not
 * "textbox" for a password field), and by name alone its <label> matches too. Query handlers run in
 * the page, each on its own, so the two cannot share a helper.
 */
Puppeteer.registerCustomQueryHandler('label', {
	queryAll: (root, text) =>
		[...(root as ParentNode).querySelectorAll('label')]
			.filter((l) => l.textContent?.replace(/\s+/g, ' ').trim() === text)
			.flatMap((l) => (l.control ? [l.control] : []))
});
Puppeteer.registerCustomQueryHandler('labelPart', {
	queryAll: (root, part) =>
		[...(root as ParentNode).querySelectorAll('label')]
			.filter((l) => l.textContent?.replace(/\s+/g, ' ').includes(part))
			.flatMap((l) => (l.control ? [l.control] : []))
});
const byLabel = (text: string, { exact = true } = {}) =>
	`::-p-${exact ? 'label' : 'labelPart'}(${JSON.stringify(text)})`;

/** Waits for the one visible element of that name; more than one is an error, as in Playwright's strict mode. */
async function the(selector: string, timeout = 20_000): Promise<ElementHandle> {
	await page.waitForSelector(selector, { visible: true, timeout });
	const found = await page.$$(selector);
	if (found.length !== 1 || !found[0]) throw new Error(`${selector} matches ${found.length} elements`);
	return found[0];
}

/** A real mouse click in the element's centre (BiDi input.performActions under puppeteer). */
async function click(selector: string): Promise<void> {
	await (await the(selector)).click();
}

/** Clicks into the field, selects what is there (Ctrl+A), deletes it and types the text key by key. */
async function fill(selector: string, text: string): Promise<void> {
	const field = await the(selector);
	await field.click();
	await page.keyboard.down('Control');
	await page.keyboard.press('KeyA');
	await page.keyboard.up('Control');
	await page.keyboard.press('Backspace');
	await page.keyboard.type(text);
	const value = await field.evaluate((el) => (el as HTMLInputElement).value);
	if (value !== text) throw new Error(`${selector}: typed "${text}" but the field holds "${value}"`);
}

const textShown = (text: string) =>
	page.waitForFunction((t) => document.body.innerText.includes(t), { timeout: 20_000 }, text);

/** The vault is open and the worker has answered (after the algorithm probe <main> says data-worker="ready"). */
async function ready(): Promise<void> {
	await page.waitForFunction(() => !document.body.innerText.includes('Opening the vault…'), { timeout: 20_000 });
	await page.waitForSelector('main[data-worker="ready"]', { timeout: 20_000 });
}

/** Waits for a finished download of this name (Firefox writes <name>.part and renames it when done). */
async function download(name: string, timeoutMs: number): Promise<string> {
	const path = join(downloads, name);
	const deadline = Date.now() + timeoutMs;
	while (!(existsSync(path) && statSync(path).size > 0 && !readdirSync(downloads).some((f) => f.endsWith('.part')))) {
		if (Date.now() > deadline)
			throw new Error(
				`No finished download ${name} after ${timeoutMs} ms; the folder holds: ${readdirSync(downloads).join(', ') || 'nothing'}`
			);
		await new Promise((done) => setTimeout(done, 100));
	}
	return path;
}

function unzipped(zip: string): { dir: string; files: string[] } {
	const dir = mkdtempSync(join(tmpdir(), 'firefox-zip-'));
	execFileSync('unzip', ['-q', zip, '-d', dir]);
	return { dir, files: execFileSync('ls', [dir]).toString().split('\n').filter(Boolean).sort() };
}

test('Firefox from file://: create a CA, issue a CockroachDB certs-dir (a real download), reload, unlock, with no request but the file itself', async () => {
	const version = /^firefox\/(\d+)\./.exec((await browser?.version()) ?? '');
	expect(Number(version?.[1])).toBeGreaterThanOrEqual(115);
	// The list of CAs, by its address under the hash router.
	await page.goto(`${FILE_URL}#/authorities`);
	await the(byRole('heading', 'Your CAs'));
	await ready();
	// Firefox gives file:// pages an opaque origin ("null"), still a secure context with WebCrypto and IndexedDB.
	expect(
		await page.evaluate(() => ({
			origin: location.origin,
			secure: isSecureContext,
			subtle: typeof crypto.subtle?.generateKey,
			idb: typeof indexedDB?.open
		}))
	).toEqual({
		origin: 'null',
		secure: true,
		subtle: 'function',
		idb: 'function'
	});

	await fill(byLabel('CA name'), 'Firefox CA');
	await fill(byLabel('Passphrase'), PASSPHRASE);
	await fill(byLabel('Passphrase again'), PASSPHRASE);
	await click(byRole('button', 'Create CA'));
	await the(byRole('heading', 'Firefox CA'), 60_000);
	await the(byRole('button', 'Lock Firefox CA'));

	await fill(byLabel('Node hosts', { exact: false }), 'localhost, 127.0.0.1');
	await fill(byLabel('SQL users', { exact: false }), 'root');
	await click(byRole('button', 'Issue and download CockroachDB certificates'));
	const zip = await download('cockroachdb-certs-firefox-ca.zip', 60_000);
	const { dir, files } = unzipped(zip);
	try {
		expect(files).toEqual([
			'README.txt',
			'ca.crt',
			'client.root.crt',
			'client.root.key',
			'kubernetes',
			'node.crt',
			'node.key'
		]);
		expect(statSync(join(dir, 'node.key')).mode & 0o777).toBe(0o600);
		expect(statSync(join(dir, 'node.crt')).mode & 0o777).toBe(0o644);
		expect(readFileSync(join(dir, 'node.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
		// What Firefox's WebCrypto signed is a valid chain for OpenSSL, for both ends of node TLS.
		for (const purpose of ['sslserver', 'sslclient']) {
			expect(
				execFileSync('openssl', [
					'verify',
					'-purpose',
					purpose,
					'-CAfile',
					join(dir, 'ca.crt'),
					join(dir, 'node.crt')
				]).toString()
			).toBe(`${join(dir, 'node.crt')}: OK\n`);
		}
		expect(
			execFileSync('openssl', ['x509', '-in', join(dir, 'node.crt'), '-noout', '-ext', 'subjectAltName']).toString()
		).toMatch(/DNS:localhost, IP Address:127\.0\.0\.1/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}

	// The vault lives in Firefox's storage for this file: after a reload the CA is there, locked.
	await page.reload();
	await ready();
	await the(byRole('heading', 'Firefox CA'));
	await textShown('Locked');
	await fill(byLabel('Passphrase for Firefox CA'), PASSPHRASE);
	await click(byRole('button', 'Unlock Firefox CA'));
	await page.waitForFunction(() => /Unlocked in \d+ ms/.test(document.body.innerText), { timeout: 60_000 });
	await the(byRole('button', 'Issue and download CockroachDB certificates'));
	expect(await page.$$(byRole('button', 'Lock Firefox CA'))).toHaveLength(1);

	// Nothing left the tab: Firefox reports the page's own data: URLs (the inlined font), so the
	// recording works, and no other request at all (it reports none for the file:// loads).
	expect(requests.some((r) => r.startsWith('GET data:'))).toBe(true);
	expect(requests.filter((r) => !/^GET (data|blob):/.test(r))).toEqual([]);
	expect(problems).toEqual([]);
});
