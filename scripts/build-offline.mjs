#!/usr/bin/env node
// Builds the single offline file; with --all (`npm run build`) the hosted build runs beside it, which
// is faster than one after the other (they use separate Kit dirs, see svelte.config.js):
//   1. copies src/routes to Kit's single-file working dir, without page options (the hash router
//      refuses them; see svelte.config.js),
//   2. runs `vite build` with TARGET=file (bundleStrategy 'inline' + hash router, PKI worker inlined),
//   3. checks the page depends on nothing outside itself,
//   4. places it at build/offline-ca.html and writes build/SHA256SUMS.
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { SINGLE_FILE_OUT, SINGLE_FILE_ROUTES } from '../svelte.config.js';
import { writeChecksums } from './checksums.mjs';
import { writeHostingHeaders } from './hosting-headers.mjs';

const HOSTED = 'build';
const FILE_NAME = 'offline-ca.html';
const PAGE_OPTION = /^export const (prerender|ssr|csr|trailingSlash|entries|config)\b/gm;

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();

function fail(message) {
	console.error(`build-offline: ${message}`);
	for (const child of running) child.kill();
	process.exit(1);
}

function copyRoutes() {
	rmSync(SINGLE_FILE_ROUTES, { recursive: true, force: true });
	cpSync('src/routes', SINGLE_FILE_ROUTES, { recursive: true });
	for (const entry of readdirSync(SINGLE_FILE_ROUTES, { recursive: true, encoding: 'utf8' })) {
		if (!/(^|\/)\+(layout|page)\.[jt]s$/.test(entry)) continue;
		const path = join(SINGLE_FILE_ROUTES, entry);
		writeFileSync(path, readFileSync(path, 'utf8').replace(PAGE_OPTION, 'const $1'));
	}
}

/** Runs `vite build` with the given TARGET; resolves when it has finished, fails the script if it failed. */
function viteBuild(target, args = []) {
	const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
	const env = { ...process.env };
	if (target) env.TARGET = target;
	else delete env.TARGET;
	const child = spawn(process.execPath, [vite, 'build', ...args], { stdio: 'inherit', env });
	running.add(child);
	return new Promise((resolve) =>
		child.on('exit', (code) => {
			running.delete(child);
			if (code === 0) resolve();
			else fail(`vite build${target ? ` (TARGET=${target})` : ''} exited with ${code ?? 'a signal'}`);
		})
	);
}

/**
 * The file must stand alone: every src/href in its markup is inline data or an in-page fragment, and the
 * inlined code names no emitted chunk (/_app/immutable/...) or runtime env file (/_app/env.js).
 */
function checkSelfContained(html) {
	const markup = html.replace(/(<(script|style)\b[^>]*>)[\s\S]*?<\/\2>/gi, '$1</$2>');
	const references = [
		...markup.matchAll(/(?<=\s)(?:src|href|action|formaction|poster|srcset|data|manifest)\s*=\s*["']?([^"'\s>]*)/gi)
	]
		.map((m) => m[1])
		.filter((url) => !/^(data:|#|$)/.test(url));
	const problems = [
		...references.map((r) => `markup references ${r}`),
		...[...html.matchAll(/_app\/(?:immutable\/[^"'`\s]*|env\.js)/g)].map((m) => `code names ${m[0]}`)
	];
	if (problems.length > 0) fail(`${FILE_NAME} is not self-contained:\n  ${problems.join('\n  ')}`);
	// Other files the adapter wrote (_app/version.json) are never read by the page: Kit fetches it only
	// when kit.version.pollInterval > 0 (it is 0), and connect-src 'none' would refuse it anyway.
	return readdirSync(SINGLE_FILE_OUT, { recursive: true, encoding: 'utf8' }).filter(
		(f) => statSync(join(SINGLE_FILE_OUT, f)).isFile() && f !== 'index.html'
	);
}

copyRoutes();
await Promise.all([
	viteBuild('file', ['--logLevel', 'warn']),
	...(process.argv.includes('--all') ? [viteBuild(undefined)] : [])
]);
// An installable-app manifest (src/app.html) belongs to the hosted site: a file:// page cannot be
// installed, and the file must not point at files beside it.
const html = readFileSync(join(SINGLE_FILE_OUT, 'index.html'), 'utf8').replace(
	/[ \t]*<link rel="(?:manifest|apple-touch-icon)"[^>]*>\n?/g,
	''
);
const unused = checkSelfContained(html);
if (process.argv.includes('--all')) writeHostingHeaders(HOSTED, [FILE_NAME]);
writeFileSync(join(HOSTED, FILE_NAME), html);
const sums = writeChecksums(HOSTED, [FILE_NAME]);
// `vite preview` serves Kit's output dir, not build/: put the published files there too, so the preview
// offers them for download as a static host serving build/ does.
for (const name of [FILE_NAME, 'SHA256SUMS']) cpSync(join(HOSTED, name), join('.svelte-kit/output/client', name));
const kib = (statSync(join(HOSTED, FILE_NAME)).size / 1024).toFixed(0);
console.log(
	`build-offline: ${relative('.', join(HOSTED, FILE_NAME))} (${kib} KiB, self-contained; ignored: ${unused.join(', ') || 'none'})`
);
process.stdout.write(sums);
