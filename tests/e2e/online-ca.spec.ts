import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
	BUNDLES_DIR,
	createCa,
	createIntermediate,
	downloadFrom,
	openApp,
	PASSPHRASE,
	recordRequests,
	openCaTab
} from './support';

/**
 * An online CA under the offline root, as a user runs it: cfssl makes its intermediate's key and CSR
 * (`cfssl genkey -initca`, github.com/cloudflare/cfssl cli/genkey), the app's root signs the CSR as an
 * intermediate through the "Sign a CSR" form, and the signed zip and cfssl's key are kept in
 * BUNDLES_DIR, where tests/interop/cfssl.test.ts has cfssl issue leaves with them.
 */

/** What `cfssl genkey -initca` reads: the intermediate's name, key and (ignored for a CSR) CA expiry. */
const CFSSL_CSR = {
	CN: 'cfssl Online Intermediate',
	key: { algo: 'ecdsa', size: 256 },
	names: [{ O: 'Example Online' }],
	ca: { expiry: '8760h' }
};

test('a cfssl intermediate CSR is signed by the offline root as a CA with path length 0', async ({ page }) => {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-cfssl-'));
	writeFileSync(join(dir, 'int.json'), JSON.stringify(CFSSL_CSR));
	const genkey = execFileSync('cfssl', ['genkey', '-initca', 'int.json'], {
		cwd: dir,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	execFileSync('cfssljson', ['-bare', 'cfssl-int'], { cwd: dir, input: genkey });
	mkdirSync(BUNDLES_DIR, { recursive: true });
	// The interop test signs leaves with this key: cfssl keeps it, the app never sees it.
	copyFileSync(join(dir, 'cfssl-int-key.pem'), join(BUNDLES_DIR, 'online-cfssl-int-key.pem'));
	copyFileSync(join(dir, 'cfssl-int.csr'), join(BUNDLES_DIR, 'online-cfssl-int.csr'));

	await openApp(page);
	await createCa(page, 'Offline Root');
	await openCaTab(page, 'Offline Root', 'Sign CSR');
	const requests = recordRequests(page);
	await page.getByLabel('CSR file (PEM or DER)').setInputFiles({
		name: 'cfssl-int.csr',
		mimeType: 'application/pkcs10',
		buffer: readFileSync(join(dir, 'cfssl-int.csr'))
	});
	await page.getByRole('button', { name: 'Read the CSR' }).click();
	const description = page.getByRole('region', { name: 'What the CSR asks for' });
	await expect(description).toContainText('O=Example Online, CN=cfssl Online Intermediate');
	await expect(description).toContainText('to be a CA');
	await expect(page.getByLabel('Issue it as')).toHaveValue('intermediate-ca');
	await page.getByLabel(/^Path length of the signed CA/).fill('0');
	await page.getByLabel(/^Validity of the signed certificate/).fill('365');
	const zip = await downloadFrom(page, 'Sign the CSR');
	expect(zip).toMatch(/cfssl-online-intermediate-signed\.zip$/);
	await openCaTab(page, 'Offline Root', 'Certificates');
	const inventory = page.getByRole('region', { name: 'Certificates and CAs by expiry' });
	await expect(inventory.getByRole('row').filter({ hasText: 'cfssl-online-intermediate.crt' })).toContainText(
		'Offline Root'
	);
	expect(requests).toEqual([]);
});

test('an intermediate is exported as a cert-manager ClusterIssuer only after its passphrase and the warning', async ({
	page
}) => {
	await openApp(page);
	await createCa(page, 'Offline Root');
	await createIntermediate(page, 'Offline Root', 'Cluster Issuing CA');
	const requests = recordRequests(page);
	// The root offers no issuer export: its key stays offline.
	await openCaTab(page, 'Offline Root', 'Settings');
	const root = page.getByRole('article', { name: 'Offline Root', exact: true });
	await root.getByText('Export the CA key of Offline Root').click();
	await expect(root.getByRole('button', { name: /cert-manager/ })).toHaveCount(0);

	await openCaTab(page, 'Cluster Issuing CA', 'Settings');
	const card = page.getByRole('article', { name: 'Cluster Issuing CA', exact: true });
	await card.getByText('Export the CA key of Cluster Issuing CA').click();
	await expect(card.getByText(/the key runs\s+online\s+in\s+the\s+cluster/)).toBeVisible();
	await card.getByLabel('cert-manager issuer for Kubernetes').selectOption('ClusterIssuer');
	await card.getByLabel('Passphrase that opens Cluster Issuing CA for this export').fill(PASSPHRASE);
	const button = 'Download cert-manager CA issuer (Secret with the key)';
	await card.getByRole('button', { name: button }).click();
	await expect(card.getByText('Tick the box to confirm')).toBeVisible();
	await card.getByRole('checkbox', { name: 'I understand that the exported key is not encrypted' }).check();
	const yamlPath = await downloadFrom(page, button);
	expect(yamlPath).toMatch(/cluster-issuing-ca-cert-manager-clusterissuer\.yaml$/);
	const text = readFileSync(yamlPath, 'utf8');
	expect(text.split('\n')[0]).toMatch(/^# This file holds PRIVATE KEYS\./);
	expect(text).toContain('kind: ClusterIssuer');
	expect(requests).toEqual([]);
});
