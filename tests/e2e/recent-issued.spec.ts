import { expect, test, type Page } from '@playwright/test';
import { createCa, downloadFrom, goToView, openApp, openCaTab } from './support';

/**
 * The Issue and Sign CSR tabs list what their CA issued last (5, newest first, that CA's only) with a
 * way to the Certificates tab, instead of the whole inventory; the Certificates tab and the Inventory
 * view keep the full tables.
 */

async function issueNodeAndRoot(page: Page): Promise<void> {
	await page.getByLabel('Node hosts', { exact: false }).fill('db.lab.internal, localhost');
	await page.getByLabel('SQL users', { exact: false }).fill('root');
	await downloadFrom(page, 'Issue and download CockroachDB certificates');
}

/** The list of the CA whose page is open (one CA per page); its name is in the list's name. */
const recentOf = (page: Page) => page.getByRole('region', { name: 'Issued most recently' });

test('Issue and Sign CSR show the last 5 of this CA, newest first, and lead to its Certificates tab', async ({
	page
}) => {
	await openApp(page);
	await createCa(page, 'Recent CA');
	const recent = recentOf(page);
	await expect(recent).toContainText('Nothing issued yet.');

	// A three-node lab (node1..3 and the root client), then a plain certs-dir (node.crt, client.root.crt).
	await page.getByLabel('Number of nodes').fill('3');
	await page.getByLabel('Hosts of each node').fill('node{i}.lab.internal, localhost');
	await downloadFrom(page, 'Issue and download lab');
	await issueNodeAndRoot(page);

	const list = recent.getByRole('list', { name: 'Last 5 of 6 certificates issued by Recent CA, newest first' });
	const items = list.getByRole('listitem');
	await expect(items).toHaveCount(5);
	const names = (await items.allInnerTexts()).map((text) => text.split(/\s/)[0]);
	// Newest first: the certs-dir's two, then three of the lab's four.
	expect(names.slice(0, 2).sort()).toEqual(['client.root.crt', 'node.crt']);
	for (const name of names.slice(2)) expect(name).toMatch(/^(node[1-3]\/node\.crt|client\/client\.root\.crt)$/);
	// No inventory table under the forms.
	await expect(page.getByRole('table')).toHaveCount(0);
	await expect(page.getByRole('region', { name: 'Certificates and CAs by expiry' })).toHaveCount(0);

	// A second CA's certificates are not in this CA's list.
	await createCa(page, 'Second Issuer CA');
	await issueNodeAndRoot(page);
	await expect(
		recentOf(page).getByRole('list', {
			name: 'Last 2 of 2 certificates issued by Second Issuer CA, newest first'
		})
	).toBeVisible();
	await openCaTab(page, 'Recent CA', 'Sign CSR');
	await expect(recent.getByRole('listitem')).toHaveCount(5);
	await expect(recent).toContainText('The last 5 of 6, newest first.');
	await expect(page.getByRole('table')).toHaveCount(0);

	// The link opens the Certificates tab: the header, both CAs and this CA's 6 certificates.
	await recent.getByRole('link', { name: 'All 6 certificates of Recent CA, with renew and revoke' }).click();
	const tabs = page.getByRole('navigation', { name: 'Recent CA sections' });
	await expect(tabs.getByRole('link', { name: 'Certificates', exact: true })).toHaveAttribute('aria-current', 'page');
	await expect(page.getByRole('table').getByRole('row')).toHaveCount(9);
	await expect(page.getByRole('table').getByRole('button', { name: /^Renew node1\/node\.crt/ })).toBeVisible();

	// The Inventory view keeps everything: both CAs and all 8 certificates.
	await goToView(page, 'Inventory');
	await expect(page.getByRole('table').getByRole('row')).toHaveCount(11);
});
