import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
	BUNDLES_DIR,
	createCa,
	createIntermediate,
	downloadFrom,
	openApp,
	openCaTab,
	PASSPHRASE,
	recordRequests
} from './support';

/**
 * ECK's transport CA, exported for an intermediate after its passphrase and the warning. The YAML
 * (eck-issuing-ca-eck-transport-ca.yaml) and the root's certificate (eck-transport-root.crt, taken from
 * a lab the intermediate issued) stay in BUNDLES_DIR for tests/interop/eck-transport-ca.test.ts.
 */
export const ECK_TRANSPORT_FILE = 'eck-issuing-ca-eck-transport-ca.yaml';
export const ECK_TRANSPORT_ROOT = 'eck-transport-root.crt';

test("an intermediate is exported as ECK's transport CA only after its passphrase and the warning", async ({
	page
}) => {
	test.setTimeout(120_000);
	await openApp(page);
	await createCa(page, 'ECK Offline Root');
	await createIntermediate(page, 'ECK Offline Root', 'ECK Issuing CA');
	const requests = recordRequests(page);
	const button = 'Download ECK transport CA (Secret with the key)';

	// The root offers no such export: its key stays offline.
	await openCaTab(page, 'ECK Offline Root', 'Settings');
	const root = page.getByRole('article', { name: 'ECK Offline Root', exact: true });
	await root.getByText('Export the CA key of ECK Offline Root').click();
	await expect(root.getByRole('button', { name: button })).toHaveCount(0);

	await openCaTab(page, 'ECK Issuing CA', 'Settings');
	const card = page.getByRole('article', { name: 'ECK Issuing CA', exact: true });
	await card.getByText('Export the CA key of ECK Issuing CA').click();
	const download = card.getByRole('button', { name: button });
	await expect(download).toHaveAccessibleDescription(/This file holds the intermediate's private key, unencrypted/);
	await card.getByLabel('Passphrase that opens ECK Issuing CA for this export').fill(PASSPHRASE);
	// Without the box ticked nothing is written.
	await download.click();
	await expect(card.getByText('Tick the box to confirm')).toBeVisible();
	await card.getByRole('checkbox', { name: 'I understand that the exported key is not encrypted' }).check();
	const yamlPath = await downloadFrom(page, button);
	expect(yamlPath).toMatch(new RegExp(`${ECK_TRANSPORT_FILE.replace(/\./g, '\\.')}$`));
	const text = readFileSync(yamlPath, 'utf8');
	expect(text.split('\n')[0]).toMatch(/^# This file holds PRIVATE KEYS\./);
	expect(text).toContain('#       certificate:\n#         secretName: eck-issuing-ca-transport-ca');
	expect(text).toContain('  ca.key: ');
	// The box is cleared after each export: the next one asks again.
	await expect(
		card.getByRole('checkbox', { name: 'I understand that the exported key is not encrypted' })
	).not.toBeChecked();
	expect(requests).toEqual([]);

	// The root's certificate, for the interop test to verify ca.crt against: the ca.crt of a lab the intermediate issued.
	await openCaTab(page, 'ECK Issuing CA', 'Issue');
	await page.getByLabel('Number of nodes').fill('1');
	const lab = await downloadFrom(page, 'Issue and download lab');
	const entries = execFileSync('unzip', ['-Z1', lab], { encoding: 'utf8' }).split('\n');
	const caFile = entries.find((e) => e.endsWith('ca.crt'));
	expect(caFile).toBeDefined();
	const rootPem = execFileSync('unzip', ['-p', lab, caFile!], { encoding: 'utf8' });
	const subject = execFileSync('openssl', ['x509', '-noout', '-subject', '-issuer', '-nameopt', 'RFC2253'], {
		input: rootPem,
		encoding: 'utf8'
	});
	expect(subject).toContain('subject=CN=ECK Offline Root');
	expect(subject).toContain('issuer=CN=ECK Offline Root');
	writeFileSync(join(BUNDLES_DIR, ECK_TRANSPORT_ROOT), rootPem);
});
