import { expect, test, type Page } from '@playwright/test';
import { createCa, openApp, PASSPHRASE, recordRequests } from './support';

/** The message next to an input: the element its aria-describedby names, holding an alert. */
async function expectFieldError(page: Page, label: string | RegExp, message: RegExp): Promise<void> {
	const input = page.getByLabel(label).first();
	await expect(input).toHaveAttribute('aria-invalid', 'true');
	const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
	const ids = describedBy.split(/\s+/).filter(Boolean);
	const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).allTextContents()));
	expect(texts.flat().join(' ')).toMatch(message);
}

test('CA creation refuses a mismatched or short passphrase and an empty name, storing nothing', async ({ page }) => {
	await openApp(page);
	const requests = recordRequests(page);

	await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
	await page.getByLabel('Passphrase again').fill(`${PASSPHRASE}!`);
	await page.getByRole('button', { name: 'Create CA' }).click();
	await expectFieldError(page, 'Passphrase again', /two passphrases are different/);

	await page.getByLabel('Passphrase', { exact: true }).fill('short');
	await page.getByLabel('Passphrase again').fill('short');
	await expect(page.getByText(/Too short: use at least 10 characters/)).toBeVisible();
	await page.getByRole('button', { name: 'Create CA' }).click();
	await expectFieldError(page, 'Passphrase', /at least 10 characters/);

	await page.getByLabel('CA name').fill('   ');
	await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
	await page.getByLabel('Passphrase again').fill(PASSPHRASE);
	await page.getByRole('button', { name: 'Create CA' }).click();
	await expectFieldError(page, 'CA name', /Give the CA a name/);

	// Nothing was requested while refusing, and after a reload (a page load, so checked first) there
	// is still no CA.
	expect(requests).toEqual([]);
	await page.reload();
	await expect(page.getByText('No CA yet.')).toBeVisible();
});

test('issuing refuses bad hosts, bad user names and a validity beyond the CA, recording nothing', async ({ page }) => {
	await openApp(page);
	await createCa(page, 'Short CA', { years: 1 });
	const requests = recordRequests(page);
	const issue = page.getByRole('button', { name: 'Issue and download CockroachDB certificates' });

	await page.getByLabel('Node hosts', { exact: false }).fill('10.0.0.256, db.lab');
	await issue.click();
	await expectFieldError(
		page,
		/Node hosts/,
		/"10\.0\.0\.256" is not an IPv4 address: "256" is not a number from 0 to 255/
	);

	await page.getByLabel('Node hosts', { exact: false }).fill(' , ');
	await issue.click();
	await expectFieldError(page, /Node hosts/, /Enter at least one host/);

	await page.getByLabel('Node hosts', { exact: false }).fill('db_1.lab');
	await issue.click();
	await expectFieldError(page, /Node hosts/, /"db_1" may contain only letters, digits and hyphens/);

	await page.getByLabel('Node hosts', { exact: false }).fill('db1.lab');
	await page.getByLabel('SQL users', { exact: false }).fill('root, -marc');
	await issue.click();
	await expectFieldError(
		page,
		/SQL users/,
		/"-marc" is not a valid user name: it starts with "-"\. CockroachDB user names must start with a letter, digit or underscore/
	);

	await page.getByLabel('SQL users', { exact: false }).fill('root');
	await page.getByRole('checkbox', { name: 'Issue ui.crt / ui.key' }).check();
	await page.getByLabel('Addresses people type to reach the DB Console').fill('fe80::1%eth0');
	await issue.click();
	await expectFieldError(page, 'Addresses people type to reach the DB Console', /zone identifiers/);
	await page.getByRole('checkbox', { name: 'Issue ui.crt / ui.key' }).uncheck();

	await page.getByLabel('Validity (days)').first().fill('400');
	await issue.click();
	await expectFieldError(
		page,
		'Validity (days)',
		/400 days would outlast the CA, which expires on \d{4}-\d\d-\d\d \(365 days left\)\. Choose at most 365 days/
	);

	// Nothing was issued, so nothing was recorded.
	await expect(page.getByText('Nothing issued yet.')).toBeVisible();
	expect(requests).toEqual([]);
});
