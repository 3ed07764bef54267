import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, test } from '@playwright/test';
import { createCa, downloadFrom, openApp, openCaTab, recordRequests, saveLocations } from './support';

/**
 * Revocation and the expiry dashboard. The downloads it saves are what
 * tests/interop/crl.test.ts hands to openssl: the certs-dir, both CRL files and the CSV.
 */
const CA = 'Revoke Root CA';
const CRL_URL = 'http://pki.lab.internal/crl/revoke-root.crl';

test('revoke a client, publish CRLs twice, filter the dashboard and export it as CSV, with no request', async ({
	page
}) => {
	await openApp(page);
	const requests = recordRequests(page);
	await createCa(page, CA);

	// Where the CRL will be published, before issuing: the certificates carry it.
	await saveLocations(page, CA, { 'CRL distribution point URL': CRL_URL });
	const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: CA }) });
	await openCaTab(page, CA, 'Issue');

	await page.getByLabel('Node hosts', { exact: false }).fill('localhost, 127.0.0.1');
	await page.getByLabel('SQL users', { exact: false }).fill('alice');
	const zip = await downloadFrom(page, 'Issue and download CockroachDB certificates');
	expect(basename(zip)).toBe('cockroachdb-certs-revoke-root-ca.zip');

	// The dashboard: the CA and both certificates, nothing revoked yet.
	await openCaTab(page, CA, 'Certificates');
	const table = page.getByRole('table');
	await expect(table.getByRole('row')).toHaveCount(4);
	await expect(table.getByRole('row', { name: /Root CA Revoke Root CA/ })).toContainText('Valid');
	const clientRow = table.getByRole('row', { name: /client\.alice\.crt/ });

	// Revoking asks for a reason and a confirmation; cancelling changes nothing.
	await clientRow.getByRole('button', { name: /^Revoke client\.alice\.crt \(serial [0-9a-f]{8}\)$/ }).click();
	await expect(
		clientRow.getByText('Final: every CRL Revoke Root CA publishes from now on lists it; it cannot be undone.')
	).toBeVisible();
	await clientRow.getByRole('button', { name: /^Cancel revoking client\.alice\.crt/ }).click();
	await expect(clientRow).not.toContainText('Revoked');
	await clientRow.getByRole('button', { name: /^Revoke client\.alice\.crt/ }).click();
	await expect(clientRow.getByRole('combobox', { name: /^Reason for revoking client\.alice\.crt/ })).toHaveValue(
		'unspecified'
	);
	await clientRow
		.getByRole('combobox', { name: /^Reason for revoking client\.alice\.crt/ })
		.selectOption('keyCompromise');
	await clientRow.getByRole('button', { name: /^Confirm revoking client\.alice\.crt/ }).click();
	const today = new Date().toISOString().slice(0, 10);
	await expect(clientRow).toContainText(`Revoked on ${today}: Key Compromise`);
	// Final: no revoke button is left on that row.
	await expect(clientRow.getByRole('button', { name: /Revoke/ })).toHaveCount(0);

	await openCaTab(page, CA, 'Revocation and CRL');
	// The CRL panel: nothing published yet, the URL to publish at, and bad days refused next to the field.
	await expect(card).toContainText('No CRL published yet.');
	await expect(card).toContainText(`Publish the .crl file at ${CRL_URL}`);
	await expect(card).toContainText('1 revoked certificate will be listed.');
	await card.getByText(`Publish a CRL of ${CA}`, { exact: true }).click();
	const days = card.getByLabel('Days until the next update');
	await expect(days).toHaveValue('7');
	await days.fill('0');
	await card.getByRole('button', { name: `Publish CRL of ${CA}` }).click();
	await expect(card.getByRole('alert')).toContainText(
		'Days until the next update must be a whole number of days, 1 or more.'
	);
	await days.fill('4000');
	await card.getByRole('button', { name: `Publish CRL of ${CA}` }).click();
	await expect(card.getByRole('alert')).toContainText("4000 days would pass the CA's expiry");
	await expect(days).toHaveAttribute('aria-invalid', 'true');
	await expect(card).toContainText('No CRL published yet.');

	await days.fill('7');
	await card.getByRole('button', { name: `Publish CRL of ${CA}` }).click();
	await expect(card).toContainText('Last CRL number 1, published');
	await expect(card).toContainText('Signed CRL number 1 of Revoke Root CA: 1 revoked');
	expect(basename(await downloadFrom(page, `Download DER CRL of ${CA}`))).toBe('revoke-root.crl');
	expect(basename(await downloadFrom(page, `Download PEM CRL of ${CA}`))).toBe('revoke-root-ca-crl-1.pem');

	// Publishing again takes the next number; the files of number 2 replace the DER at the same name.
	await days.fill('3');
	await card.getByRole('button', { name: `Publish CRL of ${CA}` }).click();
	await expect(card).toContainText('Last CRL number 2, published');
	const due = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
	await expect(card).toContainText(`next update due ${due}`);
	expect(basename(await downloadFrom(page, `Download DER CRL of ${CA}`))).toBe('revoke-root.crl');
	expect(basename(await downloadFrom(page, `Download PEM CRL of ${CA}`))).toBe('revoke-root-ca-crl-2.pem');

	// The CRL number survives a reload (it is stored on the CA record).
	await page.reload();
	await expect(page.locator('main[data-worker="ready"]')).toBeVisible();
	requests.length = 0;
	await openCaTab(page, CA, 'Certificates');
	await expect(table.getByRole('row', { name: /client\.alice\.crt/ })).toContainText('Revoked on');

	// Filters.
	const filter = page.getByLabel('Show');
	await filter.selectOption({ label: 'Revoked' });
	await expect(table.getByRole('row')).toHaveCount(2);
	await expect(table.getByRole('row').nth(1)).toContainText('client.alice.crt');
	await filter.selectOption({ label: 'Expired' });
	await expect(page.getByText('Nothing matches “Expired”.')).toBeVisible();
	await filter.selectOption({ label: 'Expiring within 30 days' });
	await expect(page.getByText('Nothing matches “Expiring within 30 days”.')).toBeVisible();
	await filter.selectOption({ label: 'All' });
	await expect(table.getByRole('row')).toHaveCount(4);

	// The CSV: a header and one line per row, soonest expiry first (the certificates, then the CA).
	const csvPath = await downloadFrom(page, 'Export CSV');
	expect(basename(csvPath)).toBe(`inventory-${today}.csv`);
	const lines = readFileSync(csvPath, 'utf8').split('\r\n');
	expect(lines[0]).toBe('type,name/file,subject,SANs,CA,serial,notBefore,notAfter,days left,status,revoked at,reason');
	expect(lines).toHaveLength(5);
	expect(lines[4]).toBe('');
	const byName = (name: string) => lines.find((l) => l.split(',')[1] === name) ?? '';
	expect(byName('client.alice.crt')).toMatch(
		new RegExp(
			`^certificate,client\\.alice\\.crt,"?[^"]*CN=alice"?,[^,]*,${CA},[0-9a-f]+,\\S+Z,\\S+Z,\\d+,revoked,${today}T\\d\\d:\\d\\d:\\d\\dZ,keyCompromise$`
		)
	);
	expect(byName('node.crt')).toMatch(
		/^certificate,node\.crt,"?[^"]*CN=node"?,"DNS:localhost, IP:127\.0\.0\.1",Revoke Root CA,[0-9a-f]+,\S+Z,\S+Z,\d+,valid,,$/
	);
	expect(lines[3]).toMatch(/^root CA,Revoke Root CA,CN=Revoke Root CA,,,[0-9a-f]+,\S+Z,\S+Z,\d+,valid,,$/);
	expect(requests).toEqual([]);
});
