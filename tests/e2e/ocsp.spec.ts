import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
	BUNDLES_DIR,
	createCa,
	downloadFrom,
	openApp,
	openCaTab,
	recordRequests,
	saveDownload,
	saveLocations
} from './support';
import { mkdirSync } from 'node:fs';

/**
 * Pre-signed OCSP responses and the dashboard's CRL/OCSP expiry. The zips it saves are what
 * tests/interop/ocsp.test.ts hands to openssl ocsp, nginx and HAProxy: the certs-dir, the responses
 * signed by the CA, and the responses signed by a delegated responder with the lab responder.
 */
const CA = 'OCSP Root CA';
/** The lab responder's URL: the interop test starts it on this port (tests/interop/ocsp.test.ts). */
const OCSP_URL = 'http://127.0.0.1:24681/';

test('pre-sign OCSP responses by the CA and by a delegated responder, see them on the dashboard, re-sign', async ({
	page
}) => {
	await openApp(page);
	const requests = recordRequests(page);
	await createCa(page, CA);

	await saveLocations(page, CA, { 'OCSP responder URL': OCSP_URL });
	const card = page.getByRole('article').filter({ has: page.getByRole('heading', { name: CA }) });

	await openCaTab(page, CA, 'Issue');
	await page.getByLabel('Node hosts', { exact: false }).fill('localhost, 127.0.0.1');
	await page.getByLabel('SQL users', { exact: false }).fill('alice, bob');
	await downloadFrom(page, 'Issue and download CockroachDB certificates');

	// Revoke alice, so a revoked response exists.
	await openCaTab(page, CA, 'Certificates');
	const table = page.getByRole('table');
	const alice = table.getByRole('row', { name: /client\.alice\.crt/ });
	await alice.getByRole('button', { name: /^Revoke client\.alice\.crt/ }).click();
	await alice.getByRole('combobox', { name: /^Reason for revoking client\.alice\.crt/ }).selectOption('keyCompromise');
	await alice.getByRole('button', { name: /^Confirm revoking client\.alice\.crt/ }).click();
	await expect(alice).toContainText('Revoked on');

	// The dashboard's CA row before anything is signed.
	const caRow = table.getByRole('row', { name: /Root CA OCSP Root CA/ });
	await expect(caRow).toContainText('No CRL yet');
	await expect(caRow).toContainText('No OCSP responses yet');

	await openCaTab(page, CA, 'Revocation and CRL');
	await expect(card).toContainText('No OCSP responses pre-signed yet.');
	await expect(card).toContainText(`Certificates of ${CA} name ${OCSP_URL} as their OCSP responder.`);
	await card.getByText(`Pre-sign OCSP responses of ${CA}`, { exact: true }).click();
	const days = card.getByLabel('Days the responses stay valid');
	await expect(days).toHaveValue('7');
	await days.fill('5000');
	const presign = card.getByRole('button', { name: `Pre-sign OCSP responses of ${CA}` });
	await presign.click();
	await expect(card.getByText(/5000 days would pass the CA's expiry/)).toBeVisible();
	await expect(days).toHaveAttribute('aria-invalid', 'true');

	// Signed by the CA: saved under its own name for the interop test.
	await days.fill('7');
	await card.getByRole('radio', { name: /The CA itself/ }).check();
	await presign.click();
	await expect(card.getByRole('status').filter({ hasText: 'Signed 2 good and 1 revoked responses' })).toBeVisible();
	const byCa = page.waitForEvent('download');
	await card.getByRole('button', { name: `Download OCSP responses of ${CA}` }).click();
	const download = await byCa;
	expect(download.suggestedFilename()).toBe('ocsp-ocsp-root-ca.zip');
	mkdirSync(BUNDLES_DIR, { recursive: true });
	await download.saveAs(join(BUNDLES_DIR, 'ocsp-ocsp-root-ca-by-ca.zip'));

	// Signed by a delegated responder, with the lab responder.
	await card.getByRole('radio', { name: /A delegated OCSP responder/ }).check();
	await presign.click();
	await expect(card).toContainText('Last set signed');
	const delegated = page.waitForEvent('download');
	await card.getByRole('button', { name: `Download OCSP responses of ${CA}` }).click();
	await saveDownload(await delegated);

	// The dashboard shows when the set runs out; re-signing makes CRL number 1 and a new set.
	await openCaTab(page, CA, 'Certificates');
	const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
	await expect(caRow).toContainText(`OCSP responses valid until ${inAWeek}`);
	await caRow.getByRole('button', { name: `Re-sign CRL and OCSP responses of ${CA}` }).click();
	await expect(caRow.getByRole('status')).toContainText('CRL number 1 and 3 OCSP responses signed.');
	await expect(caRow).toContainText(`CRL valid until ${inAWeek}`);
	const crl = page.waitForEvent('download');
	await caRow.getByRole('button', { name: `Download re-signed CRL of ${CA}` }).click();
	expect((await crl).suggestedFilename()).toBe('ocsp-root-ca-crl-1.crl');
	const zip = page.waitForEvent('download');
	await caRow.getByRole('button', { name: `Download re-signed OCSP responses of ${CA}` }).click();
	expect((await zip).suggestedFilename()).toBe('ocsp-ocsp-root-ca.zip');
	await openCaTab(page, CA, 'Revocation and CRL');
	await expect(card).toContainText('Last CRL number 1');

	expect(requests).toEqual([]);
});
