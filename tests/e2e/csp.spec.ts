import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openApp } from './support';

test('the built page carries a Content-Security-Policy that forbids connections', async () => {
	const html = readFileSync('build/index.html', 'utf8');
	const csp = /<meta http-equiv="content-security-policy" content="([^"]+)"/i.exec(html)?.[1];
	expect(csp).toBeDefined();
	expect(csp).toContain("connect-src 'none'");
	expect(csp).toContain("default-src 'none'");
	expect(csp).toContain("form-action 'none'");
	expect(csp).not.toMatch(/https?:/);
});

test('the browser enforces it: fetch, XHR, WebSocket and beacons are refused', async ({ page }) => {
	await openApp(page);
	const attempts: string[] = [];
	page.on('request', (r) => attempts.push(r.url()));
	const outcomes = await page.evaluate(async () => {
		const violations: string[] = [];
		document.addEventListener('securitypolicyviolation', (e) =>
			violations.push(`${e.effectiveDirective} ${e.blockedURI}`)
		);
		const fetched = await fetch('/').then(
			() => 'allowed',
			(e: unknown) => `blocked: ${String(e)}`
		);
		const ws = await new Promise<string>((resolve) => {
			try {
				const socket = new WebSocket(`ws://${location.host}/`);
				socket.onerror = () => resolve('blocked');
				socket.onopen = () => resolve('allowed');
			} catch (e) {
				resolve(`blocked: ${String(e)}`);
			}
		});
		// sendBeacon only queues; the browser then refuses to send it and reports a violation.
		navigator.sendBeacon('/beacon', 'x');
		for (let i = 0; i < 50 && violations.length < 3; i++) await new Promise((r) => setTimeout(r, 100));
		return { fetched, ws, violations };
	});
	expect(outcomes.fetched).toMatch(/^blocked/);
	expect(outcomes.ws).toMatch(/^blocked/);
	const origin = new URL(page.url()).origin;
	expect(outcomes.violations).toEqual([
		`connect-src ${origin}/`,
		`connect-src ${origin.replace('http', 'ws')}/`,
		`connect-src ${origin}/beacon`
	]);
	expect(attempts).toEqual([]);
});
