#!/usr/bin/env node
/**
 * `npm run bench`: the app's performance figures (bulk issuance, KDF time, main-thread responsiveness),
 * measured in one run on this machine.
 *
 *  1. Builds scripts/bench/entry.ts with Vite into a temporary folder, serves it on 127.0.0.1 and
 *     drives it in Debian's Chromium through Playwright: bulk issuance of CockroachDB node bundles
 *     through the real operations.issueBundle (key + certificate + PEM + zip), the raw WebCrypto floor
 *     (key generation + one signature), vault unlock (PBKDF2 at the app's strength), PKCS#12 export.
 *  2. Runs an openssl shell loop that makes the same node key + certificate once per iteration.
 *  3. Runs `npm run build`, sums the gzip size of build/_app/**.js, and measures time to interactive of
 *     the built page served from 127.0.0.1 (and opened as a file).
 *
 * Progress goes to stderr; the table and, as the very last line, one JSON object go to stdout.
 * Numbers only: nothing here asserts a wall-clock limit.
 * Env: BENCH_NODES (EC/Ed25519 leaves, default 1000), BENCH_RSA_NODES (default 100),
 *      BENCH_RSA_SIGNED_NODES (P-256 leaves under an RSA-4096 CA in the pool comparison, default 200),
 *      BENCH_OPENSSL (openssl iterations, default 40), BENCH_SKIP_BUILD=1 (reuse build/),
 *      BENCH_ALGS (comma-separated subset of P-256,P-384,Ed25519,RSA-2048, or "none"),
 *      BENCH_PLAIN_HELPERS=1 (the pool's helpers are plain workers of the page's process, no helper frame),
 *      BENCH_PARTS (comma-separated subset of threads,issuance,pool,breakdown,unlock,heap,pkcs12,site; default all).
 */
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const env = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const NODES = env('BENCH_NODES', 1000);
const RSA_NODES = env('BENCH_RSA_NODES', 100);
/** P-256 leaves under an RSA-4096 CA: a few milliseconds of signing each. */
const RSA_SIGNED_NODES = env('BENCH_RSA_SIGNED_NODES', 200);
const OPENSSL_ITERATIONS = env('BENCH_OPENSSL', 40);
const ALGORITHMS = process.env.BENCH_ALGS
	? process.env.BENCH_ALGS.split(',').filter((a) => a !== 'none')
	: ['P-256', 'P-384', 'Ed25519', 'RSA-2048'];
const PARTS = process.env.BENCH_PARTS?.split(',');
/** Whether this run measures a part (BENCH_PARTS narrows a run while working on one of them). */
const wants = (part) => !PARTS || PARTS.includes(part);
const CHROMIUM = '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

const log = (...args) => console.error('[bench]', ...args);
const round = (x, digits = 3) => (x == null || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));

const MIME = {
	'.html': 'text/html',
	'.js': 'text/javascript',
	'.mjs': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.webmanifest': 'application/manifest+json',
	'.txt': 'text/plain',
	'.wasm': 'application/wasm'
};

/** A static file server on 127.0.0.1; nothing leaves the machine. */
function serve(root) {
	const server = createServer((req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		let file = resolve(root, `.${path}`);
		if (!file.startsWith(resolve(root) + sep) && file !== resolve(root)) return void res.writeHead(403).end();
		if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
		if (!existsSync(file)) return void res.writeHead(404).end();
		res.writeHead(200, {
			'content-type': MIME[extname(file)] ?? 'application/octet-stream',
			'cache-control': 'no-store'
		});
		res.end(readFileSync(file));
	});
	return new Promise((ok) =>
		server.listen(0, '127.0.0.1', () =>
			ok({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })
		)
	);
}

async function buildBenchPage(outDir) {
	// Vite's TypeScript transform reads tsconfig.json, which extends the one `svelte-kit sync` writes.
	if (!existsSync(join(repo, '.svelte-kit/tsconfig.json')))
		spawnSync('npx', ['svelte-kit', 'sync'], { cwd: repo, stdio: 'ignore' });
	const { build } = await import('vite');
	await build({
		configFile: false,
		root: here,
		logLevel: 'warn',
		resolve: { alias: { $lib: join(repo, 'src/lib') } },
		// The pool's workers are classic scripts, as in the app (vite.config.ts), so a helper frame can load them.
		worker: { format: 'iife' },
		build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false, chunkSizeWarningLimit: 10_000 }
	});
}

/**
 * The peak of the JS heap the app uses while a pool of workers issues a lab: the page's heap plus
 * every worker's and helper frame's, sampled through the DevTools protocol (Runtime.getHeapUsage) every 50 ms.
 * Playwright offers no session on a worker's target, so this one run uses puppeteer-core.
 */
async function peakHeap(url, nodes) {
	const puppeteer = (await import('puppeteer-core')).default;
	const args = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
	if (process.getuid?.() === 0) args.push('--no-sandbox');
	// puppeteer's default flags switch off IsolateSandboxedIframes, which would put the pool's helper
	// frame in the page's process (worker/helper-frame.ts); the app runs with Chromium's own default.
	const browser = await puppeteer.launch({
		executablePath: CHROMIUM,
		headless: true,
		args,
		ignoreDefaultArgs: puppeteer.defaultArgs().filter((arg) => arg.startsWith('--disable-features='))
	});
	try {
		const page = await browser.newPage();
		await page.goto(url);
		await page.waitForFunction(() => 'bench' in window);
		const pageSession = await page.createCDPSession();
		// A helper frame of its own process is a target of its own, which puppeteer does not attach to a page.
		const browserSession = await browser.target().createCDPSession();
		const frameSessions = new Map();
		const helperFrameSessions = async () => {
			const { targetInfos } = await browserSession.send('Target.getTargets', { filter: [{}] });
			for (const target of targetInfos.filter((t) => t.type === 'iframe' && !frameSessions.has(t.targetId))) {
				const { sessionId } = await browserSession.send('Target.attachToTarget', {
					targetId: target.targetId,
					flatten: true
				});
				frameSessions.set(target.targetId, browserSession.connection().session(sessionId));
			}
			return [...frameSessions.values()];
		};
		const used = async (session) => {
			try {
				return (await session.send('Runtime.getHeapUsage')).usedSize;
			} catch {
				return 0; // a worker that just ended
			}
		};
		let peak = 0;
		let sampling = true;
		const sampler = (async () => {
			while (sampling) {
				const sessions = [pageSession, ...page.workers().map((w) => w.client), ...(await helperFrameSessions())];
				const sizes = await Promise.all(sessions.map(used));
				peak = Math.max(
					peak,
					sizes.reduce((a, b) => a + b, 0)
				);
				await new Promise((r) => setTimeout(r, 50));
			}
		})();
		const lab = await page.evaluate((n) => window.bench.poolLab(n), nodes);
		sampling = false;
		await sampler;
		return {
			nodes,
			certificates: lab.certificates,
			workers: page.workers().length,
			helperFrames: frameSessions.size,
			peakMb: round(peak / 2 ** 20, 1)
		};
	} finally {
		await browser.close();
	}
}

/**
 * CPU time (ms) the processes of one browser started by this bench have used so far, from /proc
 * (Linux; null elsewhere): with the wall time of a run it gives the cores the run kept busy, which
 * bounds what more workers can gain. Only this process's descendants count, not another browser
 * that happens to run on the machine.
 */
function browserCpuMs(binary) {
	if (!existsSync('/proc/self/stat')) return null;
	const procs = new Map();
	for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
		try {
			const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
			const ours = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(binary);
			// proc(5): ppid is field 4, utime and stime fields 14 and 15, in USER_HZ (100 per second)
			procs.set(Number(pid), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), ours });
		} catch {
			// a process that ended between the listing and the read
		}
	}
	const descends = (pid) => {
		for (let p = procs.get(pid)?.ppid; p; p = procs.get(p)?.ppid) if (p === process.pid) return true;
		return false;
	};
	let ticks = 0;
	for (const [pid, proc] of procs) if (proc.ours && descends(pid)) ticks += proc.ticks;
	return ticks * 10;
}

/**
 * One worker against the pool the machine gets, in alternating rounds, each run's wall time per
 * certificate and the cores the browser kept busy during it. Where the machine's pool keeps the
 * batch on fewer than two workers (P-256 on 2 cores: worker/pool.ts coresPerWorker), a pool that
 * spreads it over two is run too, to show what that rule avoids.
 */
async function poolComparison(evaluate, alg, n, binary, caAlg = alg, rounds = 3) {
	const size = await evaluate(() => window.bench.machinePoolSize());
	const twoSize = await evaluate(([a, c]) => window.bench.twoWorkerPoolSize(a, c), [alg, caAlg]);
	const runs = { one: [], pool: [], two: [] };
	let helperFrames = 0;
	let workers = 1;
	const configs = [
		['one', 1],
		['pool', size]
	];
	for (let r = 0; r < rounds; r++) {
		for (const [which, poolSize] of configs) {
			const cpu0 = browserCpuMs(binary);
			const t0 = Date.now();
			const result = await evaluate(
				([a, count, s, c]) => window.bench.poolRun(a, count, s, c),
				[alg, n, poolSize, caAlg]
			);
			const { msPerCert } = result;
			if (which === 'pool') ({ helperFrames, workers } = result);
			const cpu1 = browserCpuMs(binary);
			runs[which].push({ msPerCert, cores: cpu0 == null ? null : (cpu1 - cpu0) / (Date.now() - t0) });
		}
		if (r === 0 && workers < 2 && twoSize !== size) configs.push(['two', twoSize]);
	}
	const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
	const summary = (list) => ({
		msPerCert: median(list.map((x) => x.msPerCert)),
		cores: list[0].cores == null ? null : median(list.map((x) => x.cores))
	});
	const one = summary(runs.one);
	const pool = summary(runs.pool);
	const two = runs.two.length > 0 ? summary(runs.two) : null;
	return {
		nodes: n,
		poolSize: size,
		workers,
		helperFrames,
		oneWorkerMsPerCert: round(one.msPerCert),
		poolMsPerCert: round(pool.msPerCert),
		speedup: round(one.msPerCert / pool.msPerCert, 2),
		oneWorkerCoresBusy: round(one.cores, 2),
		poolCoresBusy: round(pool.cores, 2),
		...(two
			? {
					twoWorkersMsPerCert: round(two.msPerCert),
					twoWorkersSpeedup: round(one.msPerCert / two.msPerCert, 2),
					twoWorkersCoresBusy: round(two.cores, 2)
				}
			: {})
	};
}

/** The pool comparison in Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi. */
async function firefoxPool(url) {
	const puppeteer = (await import('puppeteer-core')).default;
	const browser = await puppeteer.launch({
		browser: 'firefox',
		executablePath: FIREFOX,
		headless: true,
		timeout: 60_000
	});
	try {
		const page = await browser.newPage();
		await page.goto(url);
		await page.waitForFunction(() => 'bench' in window);
		const version = await browser.version();
		const out = { firefox: version };
		for (const alg of ['P-256', 'RSA-2048']) {
			const n = alg.startsWith('RSA') ? RSA_NODES : NODES;
			out[alg] = await poolComparison((fn, args) => page.evaluate(fn, args), alg, n, 'firefox');
		}
		return out;
	} catch (error) {
		log(`Firefox pool run failed: ${error.message}`);
		return null;
	} finally {
		await browser.close();
	}
}

async function launch() {
	const { chromium } = await import('@playwright/test');
	const args = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
	if (process.getuid?.() === 0) args.push('--no-sandbox');
	return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

// ---------------------------------------------------------------------------------------------
// openssl: one node key + certificate per iteration, as a shell script around openssl does.

const OPENSSL = {
	'P-256': { newkey: '-newkey ec -pkeyopt ec_paramgen_curve:P-256', digest: '-sha256', keyUsage: 'digitalSignature' },
	'P-384': { newkey: '-newkey ec -pkeyopt ec_paramgen_curve:P-384', digest: '-sha384', keyUsage: 'digitalSignature' },
	Ed25519: { newkey: '-newkey ed25519', digest: '', keyUsage: 'digitalSignature' },
	'RSA-2048': { newkey: '-newkey rsa:2048', digest: '-sha256', keyUsage: 'digitalSignature, keyEncipherment' }
};

function sh(script, cwd) {
	const r = spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`bash failed (${r.status}): ${script.slice(0, 200)}\n${r.stderr}`);
	return r.stdout;
}

function opensslLoop(alg, iterations, dir) {
	const o = OPENSSL[alg];
	sh(
		`openssl req -x509 ${o.newkey} -nodes -keyout ca.key -out ca.crt -subj "/CN=Bench ${alg} Root CA" -days 3660 ${o.digest} 2>/dev/null`,
		dir
	);
	// The same profile the app issues: CA:FALSE and keyUsage critical, SKI, AKI, both EKUs, host SANs.
	const base = [
		'basicConstraints = critical, CA:FALSE',
		`keyUsage = critical, ${o.keyUsage}`,
		'subjectKeyIdentifier = hash',
		'authorityKeyIdentifier = keyid',
		'extendedKeyUsage = serverAuth, clientAuth'
	].join('\n');
	writeFileSync(join(dir, 'base.cnf'), `${base}\n`);
	const script = `set -e
for i in $(seq 1 ${iterations}); do
  { cat base.cnf; printf 'subjectAltName = DNS:node%d.lab.internal, IP:10.0.0.%d\\n' "$i" "$((i % 250))"; } > ext.cnf
  openssl req -new ${o.newkey} -nodes -keyout "node$i.key" -subj "/O=Cockroach/CN=node" 2>/dev/null \\
    | openssl x509 -req -CA ca.crt -CAkey ca.key -days 1830 ${o.digest} -extfile ext.cnf -out "node$i.crt" 2>/dev/null
done`;
	const started = process.hrtime.bigint();
	sh(script, dir);
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	const check = sh(`openssl verify -CAfile ca.crt -purpose sslserver node1.crt`, dir).trim();
	return { perCertMs: ms / iterations, iterations, verify: check };
}

/** openssl's view of a bundle folder the page issued: chain, server and client purpose, key matches cert. */
function opensslVerifySample(sample, dir) {
	writeFileSync(join(dir, 'ca.crt'), sample.ca);
	writeFileSync(join(dir, 'node.crt'), sample.cert);
	writeFileSync(join(dir, 'node.key'), sample.key);
	const server = sh('openssl verify -CAfile ca.crt -purpose sslserver node.crt', dir).trim();
	const client = sh('openssl verify -CAfile ca.crt -purpose sslclient node.crt', dir).trim();
	const certKey = sh('openssl x509 -in node.crt -noout -pubkey', dir);
	const keyKey = sh('openssl pkey -in node.key -pubout', dir);
	const ok = server === 'node.crt: OK' && client === 'node.crt: OK' && certKey === keyKey;
	return ok ? 'OK' : `FAILED: ${server} / ${client} / key ${certKey === keyKey ? 'matches' : 'does not match'}`;
}

// ---------------------------------------------------------------------------------------------
// The built site: JavaScript size and time to interactive.

function jsSizes(dir) {
	let raw = 0;
	let gzip = 0;
	let files = 0;
	const walk = (d) => {
		for (const name of readdirSync(d)) {
			const p = join(d, name);
			if (statSync(p).isDirectory()) walk(p);
			else if (name.endsWith('.js')) {
				const bytes = readFileSync(p);
				raw += bytes.length;
				gzip += gzipSync(bytes, { level: 9 }).length;
				files++;
			}
		}
	};
	walk(dir);
	return { raw, gzip, files };
}

/**
 * Marks when the main heading and an enabled button in <main> exist and the vault has finished
 * opening, then when the main thread next goes idle (requestIdleCallback); both relative to the
 * navigation start (performance.now()).
 */
const TTI_PROBE = `(() => {
	const t = (window.__tti = {});
	const main = () => document.querySelector('main');
	// The layout marks <main data-worker="ready"> once the PKI worker has answered its first request.
	const ready = () => document.querySelector('main[data-worker="ready"]') && !main().textContent.includes('Opening the vault');
	const check = () => {
		if (t.ready != null || !ready()) return;
		t.ready = performance.now();
		observer.disconnect();
		requestIdleCallback(() => { t.idle = performance.now(); });
	};
	const observer = new MutationObserver(check);
	observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
	document.addEventListener('DOMContentLoaded', check);
})();`;

/** Collects every long task (> 50 ms on the main thread, the Long Tasks API) from page start. */
const LONG_TASK_PROBE = `(() => {
	window.__longTasks = [];
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
	}).observe({ type: 'longtask', buffered: true });
})();`;

/**
 * The responsiveness figure (the goal: no main-thread task over 100 ms), through the built app's own
 * UI: the longest main-thread task while an RSA-4096 CA is generated and sealed, and while a
 * 1,000-node lab is issued, zipped, recorded and offered for download. The crypto runs in the worker;
 * what remains on the page is messages, IndexedDB writes and rendering.
 */
async function responsiveness(browser, url) {
	const context = await browser.newContext({ acceptDownloads: true });
	const page = await context.newPage();
	await page.addInitScript(LONG_TASK_PROBE);
	const during = async (action) => {
		const from = await page.evaluate(() => performance.now());
		const t0 = Date.now();
		await action();
		const to = await page.evaluate(() => performance.now());
		const tasks = await page.evaluate(
			([a, b]) => window.__longTasks.filter((t) => t.start >= a && t.start <= b),
			[from, to]
		);
		return {
			ms: Date.now() - t0,
			longestTaskMs: round(Math.max(0, ...tasks.map((t) => t.duration)), 1),
			tasksOver100Ms: tasks.filter((t) => t.duration > 100).length
		};
	};
	try {
		// The Authorities view holds the create form, and the lab form once a CA is unlocked.
		await page.goto(`${url}#/authorities`);
		await page.getByRole('button', { name: 'Create CA' }).waitFor();
		await page.waitForFunction(() => !document.querySelector('main').textContent.includes('Opening the vault'));
		await page.getByLabel('CA name').fill('Responsiveness CA');
		await page.getByLabel('Key algorithm', { exact: true }).selectOption({ label: 'RSA 4096 (slow to generate)' });
		await page.getByLabel('Passphrase', { exact: true }).fill('correct horse battery staple');
		await page.getByLabel('Passphrase again').fill('correct horse battery staple');
		const rsa4096Ca = await during(async () => {
			await page.getByRole('button', { name: 'Create CA' }).click();
			await page.getByRole('button', { name: 'Lock Responsiveness CA' }).waitFor({ timeout: 120_000 });
		});
		await page.getByLabel('Number of nodes').fill('1000');
		const lab1000 = await during(async () => {
			const download = page.waitForEvent('download', { timeout: 300_000 });
			await page.getByRole('button', { name: 'Issue and download lab' }).click();
			await download;
			// The Issue tab lists the CA's newest certificates, with a link that counts them all.
			await page.getByRole('link', { name: /All 1001 certificates of Responsiveness CA/ }).waitFor();
		});
		return { rsa4096Ca, lab1000P256: lab1000 };
	} catch (e) {
		log(`responsiveness run failed: ${String(e).split('\n')[0]}`);
		return null;
	} finally {
		await context.close();
	}
}

async function timeToInteractive(browser, url, runs) {
	const times = [];
	for (let i = 0; i < runs; i++) {
		const context = await browser.newContext();
		const page = await context.newPage();
		await page.addInitScript(TTI_PROBE);
		try {
			await page.goto(url, { waitUntil: 'commit' });
			await page.waitForFunction(() => window.__tti?.idle != null, null, { timeout: 10_000 });
			times.push(await page.evaluate(() => window.__tti.idle));
		} catch (e) {
			log(`time to interactive at ${url} failed: ${String(e).split('\n')[0]}`);
			await context.close();
			return null;
		}
		await context.close();
	}
	return median(times);
}

function median(values) {
	const s = [...values].sort((a, b) => a - b);
	return s[Math.floor(s.length / 2)];
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const started = Date.now();
	const work = mkdtempSync(join(tmpdir(), 'offline-ca-bench-'));
	const pageDir = join(work, 'page');
	log('building the bench page with Vite');
	await buildBenchPage(pageDir);
	const site = await serve(pageDir);
	const browser = await launch();
	const chromiumVersion = browser.version();
	const results = { issuance: {} };
	try {
		const page = await browser.newPage();
		page.on('pageerror', (e) => log('page error:', e.message));
		await page.goto(process.env.BENCH_PLAIN_HELPERS === '1' ? `${site.url}?plain-helpers` : site.url);
		await page.waitForFunction(() => 'bench' in window);

		for (const alg of wants('issuance') ? ALGORITHMS : []) {
			const rsa = alg.startsWith('RSA');
			const n = rsa ? RSA_NODES : NODES;
			log(`${alg}: issuing ${n} node bundles in Chromium`);
			// RSA key generation takes a tenth of a second or more, so RSA gets one round and a shorter floor.
			const r = await page.evaluate(
				([a, count, floorCount, rounds]) => window.bench.benchAlgorithm(a, count, floorCount, rounds),
				[alg, n, rsa ? Math.min(30, n) : n, rsa ? 1 : 3]
			);
			const dir = mkdtempSync(join(work, `${alg}-`));
			const verify = opensslVerifySample(r.sample, dir);
			const iterations = rsa ? Math.min(OPENSSL_ITERATIONS, 30) : OPENSSL_ITERATIONS;
			log(`${alg}: openssl loop, ${iterations} iterations`);
			const o = opensslLoop(alg, iterations, mkdtempSync(join(work, `${alg}-openssl-`)));
			results.issuance[alg] = {
				nodes: n,
				rounds: r.rounds,
				perCertMs: round(r.perCertMs),
				perCertRoundsMs: r.perCertRoundsMs.map((x) => round(x)),
				floorMs: round(r.floorMs),
				floorConcurrentMs: round(r.floorConcurrentMs),
				floorWithExportMs: round(r.floorWithExportMs),
				ratioToFloorWithExport: round(r.perCertMs / r.floorWithExportMs, 2),
				ratioToFloor: round(r.perCertMs / r.floorMs, 2),
				opensslPerCertMs: round(o.perCertMs, 2),
				opensslIterations: o.iterations,
				speedupVsOpenssl: round(o.perCertMs / r.perCertMs, 1),
				zipBytes: r.zipBytes,
				opensslVerifiesBundle: verify
			};
		}

		if (wants('threads')) {
			log('which thread does each WebCrypto operation of an issuance run on (Chromium, in a worker)');
			results.webCryptoThreads = (await page.evaluate(() => window.bench.webCryptoThreads())).map((p) => ({
				operation: p.operation,
				calls: p.calls,
				totalMs: round(p.totalMs, 1),
				onCallingThread: round(p.onCallingThread, 2)
			}));
		}

		results.pool = {};
		// P-256 leaves under an RSA-4096 CA: each leaf costs an RSA-4096 signature, which the pool spreads.
		const poolCases = [
			['P-256', 'P-256', NODES],
			['RSA-2048', 'RSA-2048', RSA_NODES],
			['P-256 under an RSA-4096 CA', 'P-256', RSA_SIGNED_NODES, 'RSA-4096']
		];
		for (const [label, alg, n, caAlg] of wants('pool') ? poolCases : []) {
			log(`${label}: ${n} node bundles through one worker and through the pool of workers (Chromium)`);
			results.pool[label] = await poolComparison((fn, args) => page.evaluate(fn, args), alg, n, 'chromium', caAlg);
		}
		if (wants('pool') && existsSync(FIREFOX)) {
			log('the same pool runs in Firefox ESR (WebDriver BiDi)');
			results.poolFirefox = await firefoxPool(site.url);
		}

		if (wants('breakdown')) {
			log("P-256: where one leaf's time goes (sequential steps)");
			// A first, smaller run warms the JIT up, as the bulk runs' warm-up does for them.
			await page.evaluate(() => window.bench.benchBreakdown('P-256', 200));
			const steps = await page.evaluate(() => window.bench.benchBreakdown('P-256', 500));
			results.breakdownP256MsPerCert = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, round(v, 4)]));
		}

		if (wants('unlock')) {
			log('vault unlock (PBKDF2, app strength)');
			const unlock = await page.evaluate(() => window.bench.benchUnlock());
			results.unlockMs = round(unlock.ms, 1);
			results.unlockKdf = `PBKDF2-HMAC-SHA-256, ${unlock.iterations} iterations`;
		}

		if (wants('heap')) {
			log('peak JS heap of a 1,000-node lab through the pool (page and every worker)');
			results.labHeap = await peakHeap(site.url, 1000);
		}

		if (wants('pkcs12')) {
			log('PKCS#12 export');
			const p12 = await page.evaluate(() => window.bench.benchPkcs12());
			results.pkcs12Ms = p12 ? round(p12.ms, 1) : null;
		}
		await page.close();

		if (wants('site') && process.env.BENCH_SKIP_BUILD !== '1') {
			log('npm run build');
			const b = spawnSync('npm', ['run', 'build'], { cwd: repo, encoding: 'utf8' });
			results.buildOk = b.status === 0;
			// Size and time to interactive are then those of whatever build/ already holds.
			if (b.status !== 0) log(`npm run build failed; measuring the existing build/:\n${b.stdout}\n${b.stderr}`);
		}
		const buildDir = join(repo, 'build');
		if (wants('site') && existsSync(join(buildDir, 'index.html'))) {
			const sizes = jsSizes(join(buildDir, '_app'));
			results.jsGzipBytes = sizes.gzip;
			results.jsRawBytes = sizes.raw;
			results.jsFiles = sizes.files;
			const built = await serve(buildDir);
			log('time to interactive of the built page');
			results.ttiMs = round(await timeToInteractive(browser, built.url, 5), 1);
			log('long tasks while creating an RSA-4096 CA and issuing a 1,000-node lab in the built app');
			results.responsiveness = await responsiveness(browser, built.url);
			// From a file, the single-file build is what works: Chromium refuses ES module scripts from
			// file:// URLs, so build/index.html can only be served (scripts/build-offline.mjs).
			const offline = ['offline-ca.html', 'index.html'].map((f) => join(buildDir, f)).find((f) => existsSync(f));
			results.ttiFile = offline ? offline.slice(repo.length + 1) : null;
			results.ttiFileMs = offline ? round(await timeToInteractive(browser, `file://${offline}`, 3), 1) : null;
			built.close();
		} else {
			results.jsGzipBytes = results.jsRawBytes = results.ttiMs = results.ttiFileMs = results.ttiFile = null;
		}
	} finally {
		await browser.close();
		site.close();
		rmSync(work, { recursive: true, force: true });
	}
	results.environment = {
		chromium: chromiumVersion,
		openssl: sh('openssl version', repo).trim(),
		node: process.version,
		cpus: cpus().length,
		loadAverage1m: round(loadavg()[0], 2)
	};
	results.benchSeconds = round((Date.now() - started) / 1000, 1);
	printTable(results);
	console.log(JSON.stringify(results));
}

function printTable(r) {
	const fmt = (x, unit = '') => (x == null ? 'n/a' : `${x}${unit}`);
	const rows = [
		[
			'algorithm',
			'nodes',
			'ms/cert',
			'floor ms',
			'x floor',
			'x floor+export',
			'openssl ms/cert',
			'x faster than openssl',
			'openssl verify'
		]
	];
	for (const [alg, x] of Object.entries(r.issuance)) {
		rows.push([
			alg,
			String(x.nodes),
			fmt(x.perCertMs),
			fmt(x.floorMs),
			fmt(x.ratioToFloor),
			fmt(x.ratioToFloorWithExport),
			fmt(x.opensslPerCertMs),
			fmt(x.speedupVsOpenssl),
			x.opensslVerifiesBundle
		]);
	}
	const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
	for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
	console.log('');
	if (r.breakdownP256MsPerCert) {
		console.log(
			`P-256 leaf, step by step (ms per certificate, one at a time): ${Object.entries(r.breakdownP256MsPerCert)
				.map(([k, v]) => `${k} ${v}`)
				.join(', ')}`
		);
	}
	if (r.webCryptoThreads)
		console.log(
			'share of each WebCrypto operation spent inside the call, in a worker (near 1: the calling thread does the ' +
				`work; near 0: a thread of the browser's): ${r.webCryptoThreads
					.map((p) => `${p.operation} ${p.onCallingThread} (${p.calls} calls, ${p.totalMs} ms)`)
					.join(', ')}`
		);
	const poolLine = (browser, alg, x) =>
		console.log(
			`${alg} pool in ${browser}: ${x.nodes} node bundles, one worker ${fmt(x.oneWorkerMsPerCert)} ms/cert ` +
				`(${fmt(x.oneWorkerCoresBusy)} cores busy), pool of ${x.poolSize} spreading it over ${x.workers} ` +
				(x.workers > 1 ? `(the page has ${x.helperFrames} helper frame in a process of its own) ` : '') +
				`${fmt(x.poolMsPerCert)} ms/cert ` +
				`(${fmt(x.poolCoresBusy)} cores busy): speed-up ${fmt(x.speedup)}x` +
				(x.twoWorkersSpeedup === undefined
					? ''
					: `; spread over two workers anyway: ${fmt(x.twoWorkersMsPerCert)} ms/cert ` +
						`(${fmt(x.twoWorkersCoresBusy)} cores busy), ${fmt(x.twoWorkersSpeedup)}x`)
		);
	for (const [alg, x] of Object.entries(r.pool ?? {})) poolLine('Chromium', alg, x);
	if (r.poolFirefox)
		for (const [alg, x] of Object.entries(r.poolFirefox).filter(([k]) => k !== 'firefox'))
			poolLine(`Firefox ${r.poolFirefox.firefox}`, alg, x);
	if (r.labHeap)
		console.log(
			`peak JS heap, ${r.labHeap.nodes}-node lab through the pool: ${r.labHeap.peakMb} MB ` +
				`(page, ${r.labHeap.workers} worker(s) and ${r.labHeap.helperFrames} helper frame(s) of their own process)`
		);
	console.log(`vault unlock (${r.unlockKdf}): ${fmt(r.unlockMs, ' ms')}`);
	console.log(`PKCS#12 export (one node): ${fmt(r.pkcs12Ms, ' ms')}`);
	if (r.buildOk === false)
		console.log('npm run build FAILED in this run: the two lines below describe the build/ that was already there');
	const kib = (bytes) => (bytes / 1024).toFixed(1);
	const js =
		r.jsGzipBytes == null ? 'n/a' : `${kib(r.jsGzipBytes)} KiB gzip (${kib(r.jsRawBytes)} KiB raw, ${r.jsFiles} files)`;
	console.log(`built JavaScript: ${js}`);
	console.log(
		`time to interactive: ${fmt(r.ttiMs, ' ms')} (build/index.html from 127.0.0.1), ${fmt(r.ttiFileMs, ' ms')} (${r.ttiFile ?? 'no file'} from file://)`
	);
	const resp = r.responsiveness;
	if (resp) {
		const line = (label, x) =>
			`${label}: ${x.ms} ms, longest main-thread task ${x.longestTaskMs} ms, tasks over 100 ms: ${x.tasksOver100Ms}`;
		console.log(line('RSA-4096 CA created in the built app', resp.rsa4096Ca));
		console.log(line('1,000-node P-256 lab issued, zipped, recorded, downloaded', resp.lab1000P256));
	} else console.log('responsiveness: n/a');
	console.log(
		`ms/cert and floor: medians over alternating rounds (3 for EC and Ed25519, 1 for RSA); floor = one WebCrypto key generation`
	);
	console.log(
		'+ one issuer signature, one after another; floor+export: the same with the PKCS#8 export a bundle writes, 16 in ' +
			'flight as the app runs them; openssl: a shell loop of req | x509 -req per ' +
			`certificate; ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}; Chromium ` +
			`${r.environment.chromium}`
	);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
