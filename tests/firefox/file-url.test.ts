import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { byButton, byHeading, byLabel, launchFirefox, type Firefox, type Tab } from './bidi';

/**
 * Issue 7: the single offline file works opened from file:// with no server in Firefox too: WebCrypto
 * (keys, PBKDF2 sealing, signatures in the blob: worker), IndexedDB (the vault survives a reload)
 * and downloads (a real zip in Firefox's download folder). Debian's firefox-esr, headless, driven
 * over WebDriver BiDi (tests/firefox/bidi.ts explains why not Playwright). tests/e2e/file-url.spec.ts
 * is the same flow in Chromium.
 */
const FILE = resolve('build/offline-ca.html');
const FILE_URL = pathToFileURL(FILE).href;
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const PASSPHRASE = 'correct horse battery staple';

let firefox: Firefox;
let tab: Tab;
beforeAll(async () => {
	if (!existsSync(FILE)) throw new Error(`${FILE} is missing: run npm run build first`);
	firefox = await launchFirefox(FIREFOX);
	tab = firefox.tab;
});
afterAll(async () => firefox?.close());

const textShown = (text: string) => tab.waitUntil(`the text "${text}"`, '(t) => document.body.innerText.includes(t)', [text]);

/** The vault is open and the worker has answered (the algorithm probe enables the select). */
async function ready(): Promise<void> {
	await tab.waitFor(byHeading('Your CAs'));
	await tab.waitUntil('the vault to open', "() => !document.body.innerText.includes('Opening the vault…')");
	await tab.waitUntil('the worker to answer', "() => [...document.querySelectorAll('label')].some((l) => l.textContent.trim() === 'Key algorithm' && l.control && !l.control.disabled)");
}

function unzipped(zip: string): { dir: string; files: string[] } {
	const dir = mkdtempSync(join(tmpdir(), 'firefox-zip-'));
	execFileSync('unzip', ['-q', zip, '-d', dir]);
	return { dir, files: execFileSync('ls', [dir]).toString().split('\n').filter(Boolean).sort() };
}

test('Firefox from file://: create a CA, issue a CockroachDB certs-dir (a real download), reload, unlock, with no request but the file itself', async () => {
	expect(Number(firefox.version.split('.')[0])).toBeGreaterThanOrEqual(115);
	await tab.goto(FILE_URL);
	await ready();
	// Firefox gives file:// pages an opaque origin ("null"), still a secure context with WebCrypto and IndexedDB.
	expect(await tab.call('() => ({ origin: location.origin, secure: isSecureContext, subtle: typeof crypto.subtle?.generateKey, idb: typeof indexedDB?.open })')).toEqual({
		origin: 'null',
		secure: true,
		subtle: 'function',
		idb: 'function'
	});

	await tab.fill(byLabel('CA name'), 'Firefox CA');
	await tab.fill(byLabel('Passphrase', true), PASSPHRASE);
	await tab.fill(byLabel('Passphrase again'), PASSPHRASE);
	await tab.click(byButton('Create CA'));
	await tab.waitFor(byHeading('Firefox CA'), 60_000);
	await tab.waitFor(byButton('Lock Firefox CA'));

	await tab.fill(byLabel('Node hosts'), 'localhost, 127.0.0.1');
	await tab.fill(byLabel('SQL users'), 'root');
	await tab.click(byButton('Issue and download CockroachDB certificates'));
	const zip = await firefox.download('cockroachdb-certs-firefox-ca.zip', 60_000);
	const { dir, files } = unzipped(zip);
	try {
		expect(files).toEqual(['README.txt', 'ca.crt', 'client.root.crt', 'client.root.key', 'node.crt', 'node.key']);
		expect(statSync(join(dir, 'node.key')).mode & 0o777).toBe(0o600);
		expect(statSync(join(dir, 'node.crt')).mode & 0o777).toBe(0o644);
		expect(readFileSync(join(dir, 'node.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
		// What Firefox's WebCrypto signed is a valid chain for OpenSSL, for both ends of node TLS.
		for (const purpose of ['sslserver', 'sslclient']) {
			expect(execFileSync('openssl', ['verify', '-purpose', purpose, '-CAfile', join(dir, 'ca.crt'), join(dir, 'node.crt')]).toString()).toBe(`${join(dir, 'node.crt')}: OK\n`);
		}
		expect(execFileSync('openssl', ['x509', '-in', join(dir, 'node.crt'), '-noout', '-ext', 'subjectAltName']).toString()).toMatch(/DNS:localhost, IP Address:127\.0\.0\.1/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}

	// The vault lives in Firefox's storage for this file: after a reload the CA is there, locked.
	await tab.reload();
	await ready();
	await tab.waitFor(byHeading('Firefox CA'));
	await textShown('Locked');
	await tab.fill(byLabel('Passphrase for Firefox CA', true), PASSPHRASE);
	await tab.click(byButton('Unlock Firefox CA'));
	await tab.waitUntil('the unlock time', '() => /Unlocked in \\d+ ms/.test(document.body.innerText)', [], 60_000);
	await tab.waitFor(byButton('Issue and download CockroachDB certificates'));
	expect(await tab.has(byButton('Lock Firefox CA'))).toBe(true);

	// Nothing left the tab: Firefox reports the page's own data: URLs (the inlined font), so the
	// recording works, and no other request at all (it reports none for the file:// loads).
	expect(tab.requests.some((r) => r.startsWith('GET data:'))).toBe(true);
	expect(tab.requests.filter((r) => !/^GET (data|blob):/.test(r))).toEqual([]);
	expect(tab.problems).toEqual([]);
});
