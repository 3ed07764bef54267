import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { newP256Csr, signedBy } from '../../src/lib/testing/openssl';
import { BUNDLES_DIR, createCa, downloadFrom, goToView, openApp, openCaTab, recordRequests } from './support';
import { pageLoaded } from './pool-support';

/**
 * CSRs made by openssl (as a node or an online CA makes them) signed
 * in the app, bad CSRs refused next to the input, and one of our CAs taken under an openssl root.
 * The interop suite (tests/interop/csr.test.ts) verifies what these tests save in BUNDLES_DIR.
 */

const openssl = (dir: string, ...args: string[]) =>
	execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const keep = (dir: string, file: string, as: string) => {
	mkdirSync(BUNDLES_DIR, { recursive: true });
	copyFileSync(join(dir, file), join(BUNDLES_DIR, as));
};

/** A P-256 key and CSR made by openssl, as a node makes them; the key stays in `dir`. */
function opensslCsr(dir: string, name: string, subject: string, extra: string[] = []): string {
	openssl(dir, ...newP256Csr(`${name}.key`, `${name}.csr`, subject), ...extra);
	return readFileSync(join(dir, `${name}.csr`), 'utf8');
}

/** The message next to an input: the element its aria-describedby names. */
async function expectFieldError(page: Page, label: string | RegExp, message: RegExp): Promise<void> {
	const input = typeof label === 'string' ? page.getByLabel(label, { exact: true }) : page.getByLabel(label);
	await expect(input).toHaveAttribute('aria-invalid', 'true');
	const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
	await expect(page.locator(ids.map((id) => `[id="${id}"]`).join(', '))).toHaveText(message);
}

const CSR_TEXT = 'Or paste the CSR (-----BEGIN CERTIFICATE REQUEST-----)';

async function readCsr(page: Page, pem: string): Promise<void> {
	await page.getByLabel(CSR_TEXT).fill(pem);
	await page.getByRole('button', { name: 'Read the CSR' }).click();
}

test('a node CSR made by openssl is described, checked and signed; bad CSRs are refused next to the input', async ({
	page
}) => {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-csr-'));
	const nodeCsr = opensslCsr(dir, 'node', '/O=Example/CN=db1.example.com', [
		'-addext',
		'subjectAltName=DNS:db1.example.com,IP:10.0.0.5'
	]);
	keep(dir, 'node.csr', 'csr-node.csr');
	openssl(
		dir,
		'req',
		'-new',
		'-newkey',
		'rsa:1024',
		'-nodes',
		'-keyout',
		'weak.key',
		'-out',
		'weak.csr',
		'-subj',
		'/CN=weak.example.com'
	);
	const tampered = Buffer.from(nodeCsr.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
	// The last byte belongs to the signature (an ECDSA-Sig-Value closes the CertificationRequest).
	tampered[tampered.length - 1]! ^= 0x01;

	await openApp(page);
	await createCa(page, 'CSR Root');
	await openCaTab(page, 'CSR Root', 'Sign CSR');
	const requests = recordRequests(page);

	// A DER file whose signature was altered.
	await page
		.getByLabel('CSR file (PEM or DER)')
		.setInputFiles({ name: 'tampered.der', mimeType: 'application/pkcs10', buffer: tampered });
	await page.getByRole('button', { name: 'Read the CSR' }).click();
	await expectFieldError(page, CSR_TEXT, /signature does not match its public key.*Nothing was signed/);
	await page.getByLabel('CSR file (PEM or DER)').setInputFiles([]);

	await readCsr(page, readFileSync(join(dir, 'weak.csr'), 'utf8'));
	await expectFieldError(page, CSR_TEXT, /RSA 1024: RSA keys below 2048 bits/);

	await readCsr(page, nodeCsr.slice(0, 200) + nodeCsr.slice(-40));
	await expectFieldError(page, CSR_TEXT, /cut short or damaged|not valid base64/);

	await readCsr(page, 'hello');
	await expectFieldError(page, CSR_TEXT, /neither PEM nor DER/);

	await readCsr(page, nodeCsr);
	const description = page.getByRole('region', { name: 'What the CSR asks for' });
	await expect(description).toContainText('O=Example, CN=db1.example.com');
	await expect(description).toContainText('DNS:db1.example.com, IP:10.0.0.5');
	await expect(description).toContainText('ECDSA P-256');
	await expect(page.getByLabel(/^Subject alternative names/)).toHaveValue('DNS:db1.example.com\nIP:10.0.0.5');

	await page.getByLabel('Issue it as').selectOption({ label: 'Generic mutual TLS (server + client)' });
	await page.getByLabel('Certificate kind').selectOption('server');
	await page.getByLabel(/^Validity of the signed certificate/).fill('20000');
	await page.getByRole('button', { name: 'Sign the CSR' }).click();
	await expectFieldError(page, /^Validity of the signed certificate/, /would outlast the CA/);

	// Every refusal so far left the inventory empty.
	await expect(page.getByText('Nothing issued yet.')).toBeVisible();
	await page.getByLabel(/^Subject alternative names/).fill('DNS:db1.example.com\nDNS:db.example.com\nIP:10.0.0.5');
	await page.getByLabel(/^Validity of the signed certificate/).fill('90');
	const zip = await downloadFrom(page, 'Sign the CSR');
	expect(zip).toMatch(/db1-example-com-signed\.zip$/);
	await expect(page.getByText(/Signed and recorded in the inventory/)).toBeVisible();
	await expect(page.getByRole('button', { name: 'Download db1-example-com-chain.crt' })).toBeVisible();
	await openCaTab(page, 'CSR Root', 'Certificates');
	await expect(
		page
			.getByRole('region', { name: 'Certificates and CAs by expiry' })
			.getByRole('row')
			.filter({ hasText: 'db1-example-com.crt' })
	).toContainText('DNS:db.example.com');
	expect(requests).toEqual([]);
});

test("our CA is taken under an openssl root via its CSR, then issues; an online CA's CSR is signed as an intermediate", async ({
	page
}) => {
	const dir = mkdtempSync(join(tmpdir(), 'e2e-csr-ca-'));
	openssl(
		dir,
		'req',
		'-x509',
		'-newkey',
		'ec',
		'-pkeyopt',
		'ec_paramgen_curve:P-384',
		'-nodes',
		'-keyout',
		'org.key',
		'-out',
		'org.crt',
		'-days',
		'7300',
		'-subj',
		'/O=Example Org/CN=Org Root',
		'-addext',
		'basicConstraints=critical,CA:TRUE',
		'-addext',
		'keyUsage=critical,keyCertSign,cRLSign'
	);
	keep(dir, 'org.crt', 'csr-org-root.crt');

	await openApp(page);
	await createCa(page, 'Cluster CA');
	const requests = recordRequests(page);
	const card = page.getByRole('article', { name: 'Cluster CA' });
	// A bundle issued while Cluster CA is still a root: it must keep verifying once the CA moves under the org root.
	await page.getByLabel('Target system').selectOption({ label: 'Generic mutual TLS (server + client)' });
	const before = await downloadFrom(page, 'Issue and download Generic mutual TLS (server + client) certificates');
	renameSync(before, join(BUNDLES_DIR, 'csr-mtls-before-import.zip'));
	await openCaTab(page, 'Cluster CA', 'Sign CSR');
	await card.getByText('Put Cluster CA under an outside root (CSR)').click();
	const csrPath = await downloadFrom(page, 'Make a CSR for Cluster CA');
	expect(csrPath).toMatch(/cluster-ca\.csr$/);
	copyFileSync(csrPath, join(dir, 'cluster.csr'));
	expect(openssl(dir, 'req', '-in', 'cluster.csr', '-noout', '-verify', '-subject')).toMatch(
		/subject=CN\s*=\s*Cluster CA/
	);

	const caExt =
		'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n';
	writeFileSync(join(dir, 'ca.ext'), caExt);
	writeFileSync(join(dir, 'leaf.ext'), 'basicConstraints=CA:FALSE\n');
	const org = { cert: 'org.crt', key: 'org.key' };
	openssl(dir, ...signedBy('cluster.csr', org, 1825, 'ca.ext', 'cluster.crt'));
	openssl(dir, ...signedBy('cluster.csr', org, 1825, 'leaf.ext', 'not-ca.crt'));
	const read = (f: string) => readFileSync(join(dir, f), 'utf8');
	const signedText = 'Or paste the signed certificate for Cluster CA';
	const chainText = 'Or paste the issuing chain for Cluster CA, up to the root';
	const importButton = page.getByRole('button', { name: 'Import the signed certificate for Cluster CA' });

	await page.getByLabel(signedText).fill(read('org.crt'));
	await importButton.click();
	await expectFieldError(page, signedText, /carries the key of this CA/);

	await page.getByLabel(signedText).fill(read('not-ca.crt'));
	await page.getByLabel(chainText).fill(read('org.crt'));
	await importButton.click();
	await expectFieldError(page, signedText, /not a CA certificate/);

	await page.getByLabel(signedText).fill(read('cluster.crt'));
	await page.getByLabel(chainText).fill('');
	await importButton.click();
	await expectFieldError(
		page,
		chainText,
		/issuing chain is incomplete: the certificate of O=Example Org, CN=Org Root is missing/
	);
	await expect(card).toContainText('Root CA');

	await page.getByLabel(chainText).fill(read('org.crt'));
	await importButton.click();
	await expect(card.getByRole('status').filter({ hasText: 'is now an intermediate' })).toContainText(
		'Cluster CA is now an intermediate under O=Example Org, CN=Org Root'
	);
	await expect(card).toContainText('Intermediate CA under the outside root O=Example Org, CN=Org Root');
	expect(requests).toEqual([]);
	await page.reload();
	await expect(page.getByRole('article', { name: 'Cluster CA' })).toContainText('Locked');
	await pageLoaded(page);
	const afterReload = recordRequests(page);

	// The key did not change: the same passphrase opens it, and it issues under the outside root.
	await page.getByLabel('Passphrase for Cluster CA').fill('correct horse battery staple');
	await page.getByRole('button', { name: 'Unlock Cluster CA' }).click();
	await expect(page.getByRole('article', { name: 'Cluster CA' })).toContainText(
		'Intermediate CA under the outside root O=Example Org, CN=Org Root'
	);
	const webCsr = opensslCsr(dir, 'web', '/CN=web.example.com', ['-addext', 'subjectAltName=DNS:web.example.com']);
	keep(dir, 'web.csr', 'csr-web.csr');
	await readCsr(page, webCsr);
	const webZip = await downloadFrom(page, 'Sign the CSR');
	expect(webZip).toMatch(/web-example-com-signed\.zip$/);
	await openCaTab(page, 'Cluster CA', 'Issue');
	await page.getByLabel('Target system').selectOption({ label: 'Generic mutual TLS (server + client)' });
	const after = await downloadFrom(page, 'Issue and download Generic mutual TLS (server + client) certificates');
	renameSync(after, join(BUNDLES_DIR, 'csr-mtls-after-import.zip'));

	// An online CA (Vault's pki/intermediate/generate, step-ca) sends a CA CSR; our own root signs it.
	await createCa(page, 'Offline Root');
	await openCaTab(page, 'Offline Root', 'Sign CSR');
	const vaultCsr = opensslCsr(dir, 'vault-int', '/CN=Vault Intermediate', [
		'-addext',
		'basicConstraints=critical,CA:TRUE'
	]);
	keep(dir, 'vault-int.key', 'csr-vault-int.key');
	await readCsr(page, vaultCsr);
	await expect(page.getByRole('region', { name: 'What the CSR asks for' })).toContainText('to be a CA');
	await expect(page.getByLabel('Issue it as')).toHaveValue('intermediate-ca');
	await page.getByLabel(/^Path length of the signed CA/).fill('0');
	await page.getByLabel(/^Validity of the signed certificate/).fill('365');
	const intZip = await downloadFrom(page, 'Sign the CSR');
	expect(intZip).toMatch(/vault-intermediate-signed\.zip$/);
	// Both CSR-signed certificates are in the inventory, under the CA that signed them.
	await goToView(page, 'Inventory');
	const inventory = page.getByRole('region', { name: 'Certificates and CAs by expiry' });
	await expect(inventory.getByRole('row').filter({ hasText: 'web-example-com.crt' })).toContainText('Cluster CA');
	await expect(inventory.getByRole('row').filter({ hasText: 'vault-intermediate.crt' })).toContainText('Offline Root');
	expect(afterReload).toEqual([]);
});
