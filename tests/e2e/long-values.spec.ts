import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createCa, downloadFrom, goToView, openApp, openCaTab } from './support';

/**
 * Long values (serials, fingerprints, subjects, names) wrap inside their box and each has a copy
 * button named after what it copies; the copy puts exactly that value on the clipboard.
 */
test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const CA = 'Copy Root CA';

function openssl(args: string[]): string {
	return execFileSync('openssl', args, { encoding: 'utf8' }).trim();
}

/** What `openssl x509` prints for one field, without its "name=" prefix. */
function x509Field(file: string, option: '-serial' | '-fingerprint'): string {
	const args = ['x509', '-in', file, '-noout', option, ...(option === '-fingerprint' ? ['-sha256'] : [])];
	return openssl(args).replace(/^[^=]*=/, '');
}

async function copied(page: Page, button: Locator): Promise<string> {
	await page.evaluate(() => navigator.clipboard.writeText('(nothing copied yet)'));
	await button.click();
	await expect(button.locator('xpath=following-sibling::*[1]')).toHaveText('Copied');
	return page.evaluate(() => navigator.clipboard.readText());
}

/** The value's box does not overflow: it wraps (no sideways scroll inside it, nothing cut off). */
async function expectWrapped(cell: Locator): Promise<void> {
	const code = cell.locator('code');
	const { scroll, client } = await code.evaluate((c) => ({ scroll: c.scrollWidth, client: c.clientWidth }));
	expect(scroll).toBeLessThanOrEqual(client);
	const cellBox = (await cell.boundingBox())!;
	const codeBox = (await code.boundingBox())!;
	expect(codeBox.x + codeBox.width).toBeLessThanOrEqual(cellBox.x + cellBox.width + 0.5);
}

test('inventory rows: serial, SHA-256 fingerprint and subject wrap in their cell and copy exactly', async ({
	page
}) => {
	await openApp(page);
	await createCa(page, CA);
	await page.getByLabel('Node hosts', { exact: false }).fill('node1.lab.internal, localhost, 127.0.0.1');
	await page.getByLabel('SQL users', { exact: false }).fill('root');
	const zip = await downloadFrom(page, 'Issue and download CockroachDB certificates');
	const dir = mkdtempSync(join(tmpdir(), 'e2e-copy-'));
	try {
		execFileSync('unzip', ['-q', zip, '-d', dir]);
		const nodeCrt = join(dir, 'node.crt');
		await openCaTab(page, CA, 'Certificates');
		const table = page.getByRole('table');
		const headers = await table.locator('thead th').allTextContents();
		const cell = (row: Locator, header: string) => row.locator(`td:nth-child(${headers.indexOf(header) + 1})`);
		const node = table.getByRole('row', { name: /^Certificate node\.crt / });

		const serial = await copied(page, node.getByRole('button', { name: 'Copy serial of node.crt', exact: true }));
		expect(serial).toMatch(/^[0-9a-f]+$/i);
		expect(BigInt(`0x${serial}`)).toBe(BigInt(`0x${x509Field(nodeCrt, '-serial')}`));
		await expect(cell(node, 'Serial').locator('code')).toHaveText(serial);
		await expectWrapped(cell(node, 'Serial'));

		const fingerprint = await copied(
			page,
			node.getByRole('button', { name: 'Copy SHA-256 fingerprint of node.crt', exact: true })
		);
		expect(fingerprint).toBe(x509Field(nodeCrt, '-fingerprint'));
		await expectWrapped(cell(node, 'SHA-256 fingerprint'));

		const subject = await copied(page, node.getByRole('button', { name: 'Copy subject of node.crt', exact: true }));
		await expect(cell(node, 'Subject').locator('code')).toHaveText(subject);
		expect(subject).toContain('CN=node');

		const names = await copied(page, node.getByRole('button', { name: 'Copy names of node.crt', exact: true }));
		expect(names).toBe('DNS:node1.lab.internal, DNS:localhost, IP:127.0.0.1');

		// The CA's own row: its serial and fingerprint are those of ca.crt.
		const caRow = table.getByRole('row', { name: new RegExp(`^Root CA ${CA} `) });
		const caSerial = await copied(page, caRow.getByRole('button', { name: `Copy serial of ${CA}`, exact: true }));
		expect(BigInt(`0x${caSerial}`)).toBe(BigInt(`0x${x509Field(join(dir, 'ca.crt'), '-serial')}`));
		expect(
			await copied(page, caRow.getByRole('button', { name: `Copy SHA-256 fingerprint of ${CA}`, exact: true }))
		).toBe(x509Field(join(dir, 'ca.crt'), '-fingerprint'));

		// The Inspect view names and copies the same values for a dropped certificate.
		await goToView(page, 'Inspect');
		await page.getByLabel('Certificate files').setInputFiles(nodeCrt);
		const card = page.getByRole('article', { name: /Certificate: node\.crt/ });
		expect(await copied(page, card.getByRole('button', { name: /^Copy SHA-256 fingerprint of .*CN=node/ }))).toBe(
			fingerprint
		);
		const inspected = await copied(page, card.getByRole('button', { name: /^Copy serial of .*CN=node/ }));
		expect(BigInt(`0x${inspected.replace(/:/g, '')}`)).toBe(BigInt(`0x${serial}`));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
