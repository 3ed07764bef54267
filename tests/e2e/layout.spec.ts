import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { newP256Csr } from '../../src/lib/testing/openssl';
import { expect, test, type Page } from '@playwright/test';
import { createCa, downloadFrom, goToView, openApp, openCaTab } from './support';

/**
 * The layout from 360 to 1440 px, on every view and every CA tab, with long values present (a long
 * DN, many SANs, a long CA name): no sideways scroll of the page, no element wider than the window or
 * cut off (a deliberate scroll box such as a table wrapper or a <pre> may scroll), radio buttons and
 * checkboxes that do not overlap, a main navigation every item of which the keyboard reaches, and no
 * serious or critical axe-core finding at 360 px.
 */

const WIDTHS = [360, 768, 1440];
// One long word on purpose: a name without spaces is what overflows a narrow box.
const CA = 'Layout-Root-CA-with-a-long-name-for-narrow-tabs';
const LONG_SUBJECT =
	'/C=DE/ST=Nordrhein-Westfalen/L=Recklinghausen-Suderwich/O=An Organisation With A Rather Long Registered Name GmbH' +
	'/OU=Platform Infrastructure and Reliability Engineering/CN=a-rather-long-host-name.internal.example.com';
const MANY_SANS = Array.from({ length: 24 }, (_, i) => `DNS:service-${i + 1}.a-long-subdomain-name.example.com`)
	.concat(['IP:10.20.30.40', 'IP:fd00::1234:5678:9abc:def0'])
	.join(',');

/** Problems of the layout at the current width, as sentences naming the element. */
async function layoutProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		const root = document.documentElement;
		if (root.scrollWidth > root.clientWidth) {
			// The last elements past the right edge, to say where to look.
			const widest = [...document.body.querySelectorAll('*')]
				.filter((el) => el.getBoundingClientRect().right > root.clientWidth)
				.map(
					(el) =>
						`<${el.tagName.toLowerCase()} class="${el.className}"> ${Math.round(el.getBoundingClientRect().right)}`
				)
				.slice(-3);
			problems.push(
				`the page scrolls sideways: ${root.scrollWidth} px wide in ${root.clientWidth} px (${widest.join('; ')})`
			);
		}
		const describe = (el: Element) => {
			const id = el.id ? `#${el.id}` : '';
			const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60);
			return `<${el.tagName.toLowerCase()}${id}> "${text}"`;
		};
		const scrolls = (el: Element) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
		// Screen-reader-only text and the skip link are out of sight on purpose (the page check above still counts them).
		const hiddenOnPurpose = (el: Element) => {
			const style = getComputedStyle(el);
			return style.clip === 'rect(0px, 0px, 0px, 0px)' || style.position === 'absolute' || el.closest('[hidden]');
		};
		/** Inside a box that scrolls on purpose (a table wrapper, a <pre>): it may be wider than the window. */
		const inScrollBox = (el: Element) => {
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) return true;
			return false;
		};
		for (const el of document.body.querySelectorAll('*')) {
			if (!(el instanceof HTMLElement) || !el.checkVisibility({ visibilityProperty: true }) || hiddenOnPurpose(el))
				continue;
			if (el.closest('.visually-hidden, .skip')) continue;
			const rect = el.getBoundingClientRect();
			if (rect.width === 0 || rect.height === 0) continue;
			if (!inScrollBox(el) && (rect.right > root.clientWidth + 1 || rect.left < -1))
				problems.push(`${describe(el)} sticks out of the window (${Math.round(rect.left)}..${Math.round(rect.right)})`);
			const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
			// Text wider than its own box: cut off when the box hides its overflow, spilling out of it otherwise.
			const hides = ['hidden', 'clip'].includes(getComputedStyle(el).overflowX);
			if (hasText && !scrolls(el) && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
				problems.push(
					`${describe(el)} ${hides ? 'is cut off' : 'spills out of its box'} (${el.scrollWidth} px of text in ${el.clientWidth} px)`
				);
		}
		// Radio buttons and checkboxes, with their labels: no two overlap.
		const choices = [...document.querySelectorAll('input[type="radio"], input[type="checkbox"]')]
			.filter((input) => input.checkVisibility({ visibilityProperty: true }))
			.map((input) => input.closest('label') ?? input);
		const boxes = choices.map((el) => el.getBoundingClientRect());
		for (let i = 0; i < boxes.length; i++)
			for (let j = i + 1; j < boxes.length; j++) {
				const a = boxes[i]!;
				const b = boxes[j]!;
				const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
				const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
				if (choices[i]!.contains(choices[j]!) || choices[j]!.contains(choices[i]!)) continue;
				if (overlapX > 1 && overlapY > 1) problems.push(`${describe(choices[i]!)} overlaps ${describe(choices[j]!)}`);
			}
		return problems;
	});
}

async function axeProblems(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Checks the page at every width (axe at 360 px); `ready` waits for the page's content after a resize. */
async function checkWidths(page: Page, where: string, ready: () => Promise<void>): Promise<void> {
	// The folded parts (create an intermediate, rotate, change the passphrase...) are checked open.
	await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
	for (const width of WIDTHS) {
		await page.setViewportSize({ width, height: 900 });
		await ready();
		expect(await layoutProblems(page), `${where} at ${width} px`).toEqual([]);
		if (width === 360) expect(await axeProblems(page), `${where}: axe at 360 px`).toEqual([]);
	}
}

let dir = '';
let csrPem = '';
test.beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'e2e-layout-'));
	execFileSync('openssl', [
		...newP256Csr(join(dir, 'long.key'), join(dir, 'long.csr'), LONG_SUBJECT),
		'-addext',
		`subjectAltName=${MANY_SANS}`
	]);
	csrPem = readFileSync(join(dir, 'long.csr'), 'utf8');
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readLongCsr(page: Page): Promise<void> {
	await page.getByLabel(/^Or paste the CSR/).fill(csrPem);
	await page.getByRole('button', { name: 'Read the CSR' }).click();
	await expect(page.getByRole('region', { name: 'What the CSR asks for' })).toBeVisible();
}

test('every view and CA tab fits 360, 768 and 1440 px with long values, and axe finds nothing serious at 360 px', async ({
	page
}) => {
	test.setTimeout(300_000);
	await openApp(page);
	await createCa(page, CA);
	// A lab with many hosts per node, and a CSR with a long DN and many SANs, signed.
	await page.getByLabel('Number of nodes').fill('3');
	await page
		.getByLabel('Hosts of each node')
		.fill(
			`node{i}.a-very-long-subdomain-name-for-this-lab.internal.example.com, ${MANY_SANS.replace(/DNS:|IP:/g, '')}`
		);
	await downloadFrom(page, 'Issue and download lab');
	await openCaTab(page, CA, 'Sign CSR');
	await readLongCsr(page);
	const signed = await downloadFrom(page, 'Sign the CSR');
	execFileSync('unzip', ['-q', signed, '-d', join(dir, 'signed')]);
	const signedCrt = execFileSync('ls', [join(dir, 'signed')], { encoding: 'utf8' })
		.split('\n')
		.find((f) => f.endsWith('.crt') && !f.endsWith('-chain.crt') && f !== 'ca.crt')!;

	for (const tab of ['Issue', 'Sign CSR', 'Certificates', 'Revocation and CRL', 'Rotation', 'Settings']) {
		await openCaTab(page, CA, tab);
		if (tab === 'Sign CSR') await readLongCsr(page);
		await checkWidths(page, `CA tab ${tab}`, async () => {
			await expect(page.getByRole('navigation', { name: `${CA} sections` })).toBeVisible();
		});
	}

	for (const [view, heading] of [
		['Home', 'What did you come to do?'],
		['Authorities', 'Your CAs'],
		['Quick lab', 'Quick lab'],
		['Inventory', 'Expiries over time'],
		['Vault', 'Vault: backup and safety']
	] as const) {
		await goToView(page, view);
		await checkWidths(page, `view ${view}`, async () => {
			await expect(page.getByRole('heading', { name: heading, exact: true }).first()).toBeVisible();
		});
	}
	await goToView(page, 'Inspect');
	await page.getByLabel('Certificate files').setInputFiles(join(dir, 'signed', signedCrt));
	await expect(page.getByRole('article', { name: new RegExp(`Certificate: ${signedCrt}`) })).toBeVisible();
	await checkWidths(page, 'view Inspect with a long certificate', async () => {
		await expect(page.getByRole('heading', { name: 'Inspect, lint and explain' })).toBeVisible();
	});
});

test('at 360 px the keyboard reaches every item of the main navigation, and each is on screen', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 800 });
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'What did you come to do?' })).toBeVisible();
	const nav = page.getByRole('navigation', { name: 'Main' });
	const labels = await nav.getByRole('link').allInnerTexts();
	expect(labels).toEqual(['Home', 'Authorities', 'Quick lab', 'Inspect', 'Inventory', 'Vault']);
	const reached: string[] = [];
	for (let i = 0; i < 20 && reached.length < labels.length; i++) {
		await page.keyboard.press('Tab');
		const focused = await page.evaluate(() => {
			const el = document.activeElement;
			return el?.closest('nav[aria-label="Main"]') ? (el.textContent ?? '').trim() : null;
		});
		if (focused && !reached.includes(focused)) reached.push(focused);
	}
	expect(reached).toEqual(labels);
	for (const link of await nav.getByRole('link').all()) {
		const box = (await link.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(0);
		expect(box.x + box.width).toBeLessThanOrEqual(360);
		expect(box.height).toBeGreaterThanOrEqual(24);
	}
	// Enter on a focused item follows it.
	await nav.getByRole('link', { name: 'Vault' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: 'Vault: backup and safety' })).toBeVisible();
});
