import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { csrFor, selfSignedP256 } from '../../src/lib/testing/openssl';
import { createCa, openApp, openCaTab, recordRequests } from './support';

/**
 * Hostile names typed into the lab form, read from a lab.json, or asked for by a CSR: each is
 * refused with the message next to its input (the field, the character as U+XXXX, the rule), and
 * nothing is downloaded, stored or requested.
 */

/** The message next to an input: the error element its aria-describedby names (beside any hint). */
async function expectFieldError(page: Page, selector: string, message: string | RegExp): Promise<void> {
	const input = page.locator(selector);
	await expect(input).toHaveAttribute('aria-invalid', 'true');
	const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter((id) => id.endsWith('-error'));
	expect(ids).toHaveLength(1);
	await expect(page.locator(`[id="${ids[0]}"]`)).toContainText(message);
}

let dir: string;
test.beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'e2e-hostile-names-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

function labJson(name: string, fields: Record<string, unknown>): string {
	const path = join(dir, name);
	const lab = { format: 'offline-ca-lab', version: 1, system: 'consul', nodes: 3, hosts: 'localhost, 127.0.0.1' };
	writeFileSync(path, JSON.stringify({ ...lab, users: 'agent-1', days: 30, keyAlgorithm: 'P-256', ...fields }));
	return path;
}

test('hostile names in the lab form and in an imported lab.json are refused next to their input; nothing is downloaded or stored', async ({
	page
}) => {
	await openApp(page);
	await createCa(page, 'Names CA');
	const requests = recordRequests(page);
	const downloads: string[] = [];
	page.on('download', (download) => downloads.push(download.suggestedFilename()));
	const issue = () => page.getByRole('button', { name: 'Issue and download lab' }).click();

	await page.getByLabel('Lab system').selectOption({ label: 'Consul agent TLS' });
	await page.locator('#lab-users').fill('web$(touch x)');
	await issue();
	await expectFieldError(page, '#lab-users', 'Client agent name "web$(touch": U+0024 ("$") is not allowed');
	await expectFieldError(page, '#lab-users', "client agent names take letters, digits and '-'");

	await page.locator('#lab-users').fill('../../evil');
	await issue();
	await expectFieldError(page, '#lab-users', 'Client agent name "../../evil": U+002E (".") is not allowed');

	await page.locator('#lab-users').fill('agent-1');
	await page.locator('#lab-hosts').fill('localhost, web\u202Excod.lab');
	await issue();
	await expectFieldError(
		page,
		'#lab-hosts',
		'Host "web<U+202E>xcod.lab": U+202E (a right-to-left override) is not allowed'
	);

	const open = page.getByLabel('Open a lab definition');
	await open.setInputFiles(labJson('slip.json', { users: '../../evil' }));
	await expect(page.locator('#lab-file-error')).toContainText(
		'slip.json: This is not a lab definition this app can open: its "users" are refused (client-../../evil: Client agent name "../../evil": U+002E (".") is not allowed'
	);
	await open.setInputFiles(labJson('bidi.json', { hosts: 'localhost, node\u202E{i}.lab' }));
	await expect(page.locator('#lab-file-error')).toContainText('bidi.json: This is not a lab definition');
	await expect(page.locator('#lab-file-error')).toContainText('U+202E (a right-to-left override) is not allowed');
	// The refused file changed nothing in the form.
	await expect(page.locator('#lab-hosts')).toHaveValue('localhost, web\u202Excod.lab');

	await expect(page.getByText('Nothing issued yet.')).toBeVisible();
	expect(downloads).toEqual([]);
	expect(requests).toEqual([]);
});

test('CSRs asking for *.com or, as a CockroachDB client, for CN=node are refused next to their input', async ({
	page
}) => {
	// A P-256 key made once by openssl, then a CSR per subject signed with it (src/lib/testing/openssl.ts).
	const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
	run(selfSignedP256('csr.key', 'csr.crt', '/CN=key only'));
	const csr = (name: string, subject: string, extensions: string[] = []) => {
		run(csrFor('csr.key', `${name}.csr`, subject, extensions));
		return readFileSync(join(dir, `${name}.csr`), 'utf8');
	};
	const wildcard = csr('wild', '/CN=shop', ['subjectAltName=DNS:*.com']);
	const node = csr('node', '/O=Cockroach/CN=node');

	await openApp(page);
	await createCa(page, 'CSR Names CA');
	await openCaTab(page, 'CSR Names CA', 'Sign CSR');
	const requests = recordRequests(page);
	const downloads: string[] = [];
	page.on('download', (download) => downloads.push(download.suggestedFilename()));
	const read = async (pem: string) => {
		await page.getByLabel('Or paste the CSR (-----BEGIN CERTIFICATE REQUEST-----)').fill(pem);
		await page.getByRole('button', { name: 'Read the CSR' }).click();
	};

	await read(wildcard);
	await page.getByLabel('Issue it as').selectOption({ label: 'Generic mutual TLS (server + client)' });
	await page.getByLabel('Certificate kind').selectOption('server');
	await page.getByRole('button', { name: 'Sign the CSR' }).click();
	await expectFieldError(
		page,
		'#csr-sans',
		'The wildcard "*.com" covers every name in the top-level domain "com". Remove it from the list'
	);

	await read(node);
	await page.getByLabel('Issue it as').selectOption({ label: 'CockroachDB' });
	await page.getByLabel('Certificate kind').selectOption('client');
	await page.getByRole('button', { name: 'Sign the CSR' }).click();
	await expectFieldError(page, '#csr-text', "CN=node is CockroachDB's node user");

	await expect(page.getByText('Nothing issued yet.')).toBeVisible();
	expect(downloads).toEqual([]);
	expect(requests).toEqual([]);
});
