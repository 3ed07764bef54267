import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newP256Csr } from '../../src/lib/testing/openssl';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createCa, goToView, openApp, openCaTab, PASSPHRASE } from './support';

/**
 * Every form that makes or changes something: after a failure each input keeps what was typed and the
 * message sits next to the input it is about; after a success the inputs are back to their defaults,
 * secrets (passphrases, keystore passwords) are empty, and the confirmation says what was made.
 */

/** Every input, select and textarea of a form, keyed by id (radios and checkboxes by their checked state). */
async function formValues(form: Locator): Promise<Record<string, string>> {
	return form.evaluate((element) => {
		const fields = [...element.querySelectorAll('input, select, textarea')] as (
			HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement
		)[];
		return Object.fromEntries(
			fields
				.filter((field) => field.type !== 'file')
				.map((field, i) => [
					field.id || `${field.type}#${i}`,
					field instanceof HTMLInputElement && (field.type === 'radio' || field.type === 'checkbox')
						? String(field.checked)
						: field.value
				])
		);
	});
}

/** The message next to an input: the element its aria-describedby names that is an alert. */
async function expectErrorNextTo(input: Locator, message: string | RegExp): Promise<void> {
	await expect(input).toHaveAttribute('aria-invalid', 'true');
	const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
	const page = input.page();
	const described = ids.map((id) => page.locator(`[id="${id}"][role="alert"]`));
	await expect.poll(async () => (await Promise.all(described.map((d) => d.count()))).some((n) => n > 0)).toBe(true);
	const texts = await Promise.all(described.map(async (d) => ((await d.count()) > 0 ? await d.innerText() : '')));
	expect(texts.join('\n')).toMatch(message);
}

async function createUnlockedCa(page: Page, name: string): Promise<void> {
	await openApp(page);
	await createCa(page, name);
}

test('create intermediate: a refused name keeps every input; a success starts over and says what was made', async ({
	page
}) => {
	await createUnlockedCa(page, 'Reset Root');
	const card = page.getByRole('article', { name: 'Reset Root', exact: true });
	await card.getByText('Create intermediate CA under Reset Root').click();
	const form = card.getByRole('form', { name: 'Create intermediate CA under Reset Root' });
	const name = form.getByLabel('Name of the new intermediate');
	await expect(name).toHaveValue('Reset Root Intermediate');
	const defaults = await formValues(form);

	await name.fill('Issuing\u202ECA');
	await form.getByLabel(/^Key algorithm of the intermediate/).selectOption({ label: 'ECDSA P-384' });
	await form.getByLabel(/^Validity \(days/).fill('200');
	await form.getByLabel(/^Path length/).fill('0');
	await form.getByLabel(/^Name constraints/).fill('lab.internal');
	await form.getByLabel('Passphrase for the intermediate').fill(PASSPHRASE);
	await form.getByLabel("Repeat the intermediate's passphrase").fill(PASSPHRASE);
	const typed = await formValues(form);
	await form.getByRole('button', { name: 'Create intermediate CA' }).click();
	await expectErrorNextTo(name, /U\+202E/);
	expect(await formValues(form)).toEqual(typed);

	await name.fill('Reset Issuing CA');
	await form.getByRole('button', { name: 'Create intermediate CA' }).click();
	await expect(form.getByRole('status')).toHaveText('Created Reset Issuing CA; it is listed under Reset Root.', {
		timeout: 60_000
	});
	expect(await formValues(form)).toEqual(defaults);
	await expect(form.getByLabel('Passphrase for the intermediate')).toHaveValue('');
	await expect(form.getByRole('alert')).toHaveCount(0);
});

test('issue from a profile: a refused keystore password keeps every input; an issued bundle resets the form', async ({
	page
}) => {
	await createUnlockedCa(page, 'Profile Reset CA');
	await page.getByLabel('Target system').selectOption({ label: 'Elasticsearch' });
	const form = page.getByRole('form', { name: 'Elasticsearch certificates' });
	const defaults = await formValues(form);

	await form.getByLabel(/^Node name/).fill('es-reset');
	await form.getByLabel('DNS names of the node', { exact: false }).fill('es-reset.lab.internal localhost');
	await form.getByLabel('IP addresses of the node', { exact: false }).fill('10.1.2.3');
	await form.getByLabel('Validity (days)').fill('120');
	await form.getByRole('radio', { name: 'PKCS#12 keystores (.p12)' }).check();
	const password = form.getByLabel('Keystore password (printable ASCII: Java refuses other characters)');
	await password.fill('pässword');
	const typed = await formValues(form);
	await form.getByRole('button', { name: 'Issue and download Elasticsearch certificates' }).click();
	await expectErrorNextTo(password, 'Password is not ASCII');
	expect(await formValues(form)).toEqual(typed);

	await password.fill('a keystore password');
	const download = page.waitForEvent('download');
	await form.getByRole('button', { name: 'Issue and download Elasticsearch certificates' }).click();
	const zip = await download;
	// The confirmation names what was made; the form is back to the profile's defaults, no password kept.
	await expect(page.getByRole('region', { name: /^Done: / })).toContainText(zip.suggestedFilename());
	await expect.poll(() => formValues(form)).toEqual(defaults);
	await expect(form.getByRole('radio', { name: 'PEM files' })).toBeChecked();
	await form.getByRole('radio', { name: 'PKCS#12 keystores (.p12)' }).check();
	await expect(password).toHaveValue('');
});

test('sign CSR: a refused validity keeps the CSR and every choice; a signed CSR leaves an empty form', async ({
	page
}) => {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-reset-csr-'));
	try {
		execFileSync('openssl', [
			...newP256Csr(join(dir, 'node.key'), join(dir, 'node.csr'), '/CN=reset.example.com'),
			'-addext',
			'subjectAltName=DNS:reset.example.com'
		]);
		const csr = readFileSync(join(dir, 'node.csr'), 'utf8');
		await createUnlockedCa(page, 'CSR Reset CA');
		await openCaTab(page, 'CSR Reset CA', 'Sign CSR');
		const form = page.getByRole('form', { name: 'Sign a CSR' });
		const defaults = await formValues(form);

		await form.getByLabel(/^Or paste the CSR/).fill(csr);
		await form.getByRole('button', { name: 'Read the CSR' }).click();
		await expect(form.getByRole('region', { name: 'What the CSR asks for' })).toContainText('CN=reset.example.com');
		await form.getByLabel('Certificate kind').selectOption('client');
		const sans = form.getByLabel(/^Subject alternative names/);
		await sans.fill('DNS:reset.example.com\nDNS:reset2.example.com');
		const days = form.getByLabel(/^Validity of the signed certificate/);
		await days.fill('20000');
		const typed = await formValues(form);
		await form.getByRole('button', { name: 'Sign the CSR' }).click();
		await expectErrorNextTo(days, /would outlast the CA/);
		expect(await formValues(form)).toEqual(typed);

		await days.fill('90');
		const download = page.waitForEvent('download');
		await form.getByRole('button', { name: 'Sign the CSR' }).click();
		await download;
		await expect(form.getByRole('status').filter({ hasText: 'Signed and recorded in the inventory' })).toBeVisible();
		await expect(form.getByRole('button', { name: 'Download the zip again' })).toBeVisible();
		await expect(form.getByRole('region', { name: 'What the CSR asks for' })).toHaveCount(0);
		expect(await formValues(form)).toEqual(defaults);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('change passphrase: a wrong current passphrase keeps all three inputs; a change empties them', async ({
	page
}) => {
	await createUnlockedCa(page, 'Passphrase Reset CA');
	await openCaTab(page, 'Passphrase Reset CA', 'Settings');
	await page.getByText('Change passphrase of Passphrase Reset CA').click();
	const form = page.getByRole('form', { name: 'Change passphrase of Passphrase Reset CA' });
	const current = form.getByLabel('Current passphrase of Passphrase Reset CA');
	const next = 'a brand new passphrase for this CA';
	await current.fill('not the passphrase at all');
	await form.getByLabel('New passphrase of Passphrase Reset CA', { exact: true }).fill(next);
	await form.getByLabel('Repeat the new passphrase of Passphrase Reset CA').fill(next);
	const typed = await formValues(form);
	await form.getByRole('button', { name: 'Change passphrase' }).click();
	await expectErrorNextTo(current, /passphrase does not open/);
	expect(await formValues(form)).toEqual(typed);

	await current.fill(PASSPHRASE);
	await form.getByRole('button', { name: 'Change passphrase' }).click();
	await expect(form.getByRole('status')).toContainText('Passphrase changed.', { timeout: 60_000 });
	expect(Object.values(await formValues(form))).toEqual(['', '', '']);
});

test('quick lab: refused hosts keep the lab as typed, an issued lab resets it; a refused keep keeps both passphrases', async ({
	page
}) => {
	await page.goto('/');
	await goToView(page, 'Quick lab');
	const lab = page.getByRole('form', { name: 'A lab cluster' });
	const defaults = await formValues(lab);

	await lab.getByLabel('Lab system').selectOption({ label: 'etcd' });
	await lab.getByLabel('Number of nodes').fill('2');
	await lab.getByLabel('Validity (days)').fill('45');
	const hosts = lab.getByLabel(/^Hosts of each node/);
	await hosts.fill('etcd{1..2}.lab.internal, 10.0.0.300');
	const typed = await formValues(lab);
	await lab.getByRole('button', { name: 'Issue and download lab' }).click();
	await expectErrorNextTo(hosts, /10\.0\.0\.300/);
	expect(await formValues(lab)).toEqual(typed);

	await hosts.fill('etcd{1..2}.lab.internal, 127.0.0.1');
	const download = page.waitForEvent('download');
	await lab.getByRole('button', { name: 'Issue and download lab' }).click();
	const zip = await download;
	await expect(page.getByRole('region', { name: /^Done: Lab: \d+ certificates issued/ })).toContainText(
		zip.suggestedFilename()
	);
	await expect.poll(() => formValues(lab)).toEqual(defaults);

	const keep = page.getByRole('form', { name: /^Keep Lab CA/ });
	await keep.getByLabel('Passphrase for the lab CA', { exact: true }).fill(PASSPHRASE);
	await keep.getByLabel('Passphrase for the lab CA again').fill('a different passphrase');
	const typedKeep = await formValues(keep);
	await keep.getByRole('button', { name: 'Keep it in the vault' }).click();
	await expect(keep.getByRole('alert')).toContainText('The two passphrases are different');
	expect(await formValues(keep)).toEqual(typedKeep);
	await keep.getByLabel('Passphrase for the lab CA again').fill(PASSPHRASE);
	await keep.getByRole('button', { name: 'Keep it in the vault' }).click();
	await expect(page.getByRole('region', { name: /is now in the vault, sealed with your passphrase/ })).toBeVisible();
	await expect(page.getByText('The lab CA is in your vault now')).toBeVisible();
});
