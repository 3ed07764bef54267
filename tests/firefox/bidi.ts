import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Just enough of a WebDriver BiDi client (W3C WebDriver BiDi, https://w3c.github.io/webdriver-bidi/)
 * to drive Debian's stock firefox-esr, which speaks BiDi natively (`--remote-debugging-port`).
 *
 * Why not Playwright: its own Firefox build cannot be downloaded here, and its experimental
 * `moz-firefox` BiDi channel (playwright-core 1.65, server/bidi/bidiFirefox.ts) sends
 * `emulation.setMediaFeaturesOverride` for every new context, which Firefox ESR 153 answers with
 * "unknown command", so no page can even be opened. puppeteer-core would be a new dependency.
 * Input goes through `input.performActions` (real pointer and key events, as a user's), so the
 * page sees the same events as in Chromium under Playwright.
 */

/** The BiDi remote value of script.evaluate / callFunction (§ script.RemoteValue), as far as used here. */
interface RemoteValue {
	type: string;
	value?: unknown;
	sharedId?: string;
}
type EvaluateResult = { type: 'success'; result: RemoteValue } | { type: 'exception'; exceptionDetails: { text: string } };

interface Message {
	id?: number;
	type: 'success' | 'error' | 'event';
	method?: string;
	params?: Record<string, unknown>;
	result?: unknown;
	error?: string;
	message?: string;
}

class BidiConnection {
	private nextId = 0;
	private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; method: string }>();
	private readonly listeners: ((method: string, params: Record<string, unknown>) => void)[] = [];

	constructor(private readonly socket: WebSocket) {
		socket.onmessage = (event) => {
			const message = JSON.parse(String(event.data)) as Message;
			if (message.type === 'event' && message.method) {
				for (const listener of this.listeners) listener(message.method, message.params ?? {});
				return;
			}
			const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
			if (!waiting || message.id === undefined) return;
			this.pending.delete(message.id);
			if (message.type === 'error') waiting.reject(new Error(`${waiting.method}: ${message.error}: ${message.message}`));
			else waiting.resolve(message.result);
		};
		socket.onclose = () => {
			for (const { reject, method } of this.pending.values()) reject(new Error(`${method}: the connection to Firefox closed`));
			this.pending.clear();
		};
	}

	send<T>(method: string, params: Record<string, unknown>): Promise<T> {
		const id = ++this.nextId;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(id, { resolve: (value) => resolve(value as T), reject, method });
			this.socket.send(JSON.stringify({ id, method, params }));
		});
	}

	onEvent(listener: (method: string, params: Record<string, unknown>) => void): void {
		this.listeners.push(listener);
	}

	close(): void {
		this.socket.close();
	}
}

/**
 * Finds one element the way the Playwright tests name them: a form control by its label (or
 * aria-label), a button by its accessible name, a heading by its text. Runs in the page; more than
 * one visible match is an error, as in Playwright's strict mode.
 */
const FIND_ELEMENT = `function (kind, name, exact) {
	const norm = (s) => (s ?? '').replace(/\\s+/g, ' ').trim();
	const matches = (s) => (exact ? norm(s) === name : norm(s).includes(name));
	const visible = (el) => el.getClientRects().length > 0;
	let found = [];
	if (kind === 'label') {
		found = [...document.querySelectorAll('label')].filter((l) => matches(l.textContent) && l.control).map((l) => l.control);
		found.push(...[...document.querySelectorAll('input[aria-label], select[aria-label], textarea[aria-label]')].filter((el) => matches(el.getAttribute('aria-label'))));
	} else if (kind === 'button') {
		found = [...document.querySelectorAll('button')].filter((b) => matches(b.getAttribute('aria-label') ?? b.textContent));
	} else if (kind === 'heading') {
		found = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter((h) => matches(h.textContent));
	}
	found = [...new Set(found)].filter(visible);
	if (found.length > 1) throw new Error(kind + ' "' + name + '" matches ' + found.length + ' elements');
	return found[0] ?? null;
}`;

export type Kind = 'label' | 'button' | 'heading';
export interface Locator {
	kind: Kind;
	name: string;
	exact?: boolean;
}
export const byLabel = (name: string, exact = false): Locator => ({ kind: 'label', name, exact });
export const byButton = (name: string): Locator => ({ kind: 'button', name, exact: true });
export const byHeading = (name: string): Locator => ({ kind: 'heading', name, exact: true });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One browsing context (the tab) and what the test needs of it. */
export class Tab {
	/**
	 * Every request of this tab (network.beforeRequestSent), as "METHOD url". Firefox reports no
	 * event for file:// loads themselves, but does for the page's data: URLs, which shows the
	 * recording is live.
	 */
	readonly requests: string[] = [];
	/** Console errors and uncaught exceptions (log.entryAdded), CSP violations included. */
	readonly problems: string[] = [];

	constructor(
		private readonly bidi: BidiConnection,
		readonly context: string
	) {
		bidi.onEvent((method, params) => {
			if (params.context !== context && (params.source as { context?: string } | undefined)?.context !== context) return;
			if (method === 'network.beforeRequestSent') {
				const request = params.request as { url: string; method: string };
				this.requests.push(`${request.method} ${request.url}`);
			}
			if (method === 'log.entryAdded' && params.level === 'error') this.problems.push(`${String(params.type)}: ${String(params.text)}`);
		});
	}

	async goto(url: string): Promise<void> {
		await this.bidi.send('browsingContext.navigate', { context: this.context, url, wait: 'complete' });
	}

	async reload(): Promise<void> {
		await this.bidi.send('browsingContext.reload', { context: this.context, wait: 'complete' });
	}

	/** Calls a function in the page with string arguments; its JSON-able result comes back. */
	async call<T>(functionDeclaration: string, ...args: (string | boolean)[]): Promise<T> {
		const result = await this.bidi.send<EvaluateResult>('script.callFunction', {
			functionDeclaration: `async function (...args) { return JSON.stringify(await (${functionDeclaration})(...args)) ?? null; }`,
			arguments: args.map((value) => ({ type: typeof value, value })),
			target: { context: this.context },
			awaitPromise: true,
			resultOwnership: 'none'
		});
		if (result.type === 'exception') throw new Error(`In the page: ${result.exceptionDetails.text}`);
		const json = result.result.value;
		return (typeof json === 'string' ? JSON.parse(json) : null) as T;
	}

	/** Polls a page function until it returns true (like Playwright's expect(...).toBe... with a timeout). */
	async waitUntil(what: string, functionDeclaration: string, args: (string | boolean)[] = [], timeoutMs = 20_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (await this.call<boolean>(functionDeclaration, ...args)) return;
			if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
			await sleep(100);
		}
	}

	async waitFor(locator: Locator, timeoutMs = 20_000): Promise<void> {
		await this.waitUntil(`${locator.kind} "${locator.name}"`, `(k, n, e) => (${FIND_ELEMENT})(k, n, e) !== null`, [locator.kind, locator.name, locator.exact ?? false], timeoutMs);
	}

	async has(locator: Locator): Promise<boolean> {
		return this.call<boolean>(`(k, n, e) => (${FIND_ELEMENT})(k, n, e) !== null`, locator.kind, locator.name, locator.exact ?? false);
	}

	/** The element's shared reference, scrolled to the middle of the viewport so a pointer can reach it. */
	private async element(locator: Locator): Promise<string> {
		await this.waitFor(locator);
		const result = await this.bidi.send<EvaluateResult>('script.callFunction', {
			functionDeclaration: `function (k, n, e) { const el = (${FIND_ELEMENT})(k, n, e); el.scrollIntoView({ block: 'center' }); return el; }`,
			arguments: [locator.kind, locator.name, locator.exact ?? false].map((value) => ({ type: typeof value, value })),
			target: { context: this.context },
			awaitPromise: false,
			resultOwnership: 'root'
		});
		if (result.type === 'exception') throw new Error(`In the page: ${result.exceptionDetails.text}`);
		if (!result.result.sharedId) throw new Error(`${locator.kind} "${locator.name}" is not an element`);
		return result.result.sharedId;
	}

	async isEnabled(locator: Locator): Promise<boolean> {
		return this.call<boolean>(`(k, n, e) => !(${FIND_ELEMENT})(k, n, e)?.disabled`, locator.kind, locator.name, locator.exact ?? false);
	}

	/** A real mouse click in the element's centre (pointer actions, BiDi § input.performActions). */
	async click(locator: Locator): Promise<void> {
		const sharedId = await this.element(locator);
		await this.bidi.send('input.performActions', {
			context: this.context,
			actions: [
				{
					type: 'pointer',
					id: 'mouse',
					parameters: { pointerType: 'mouse' },
					actions: [
						{ type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element: { sharedId } } },
						{ type: 'pointerDown', button: 0 },
						{ type: 'pointerUp', button: 0 }
					]
				}
			]
		});
		await this.bidi.send('input.releaseActions', { context: this.context });
	}

	/** Clicks into the field, selects what is there (Ctrl+A) and types the text key by key. */
	async fill(locator: Locator, text: string): Promise<void> {
		await this.click(locator);
		const CONTROL = '\uE009';
		const BACKSPACE = '\uE003';
		const keys = [
			{ type: 'keyDown', value: CONTROL },
			{ type: 'keyDown', value: 'a' },
			{ type: 'keyUp', value: 'a' },
			{ type: 'keyUp', value: CONTROL },
			{ type: 'keyDown', value: BACKSPACE },
			{ type: 'keyUp', value: BACKSPACE },
			...[...text].flatMap((value) => [
				{ type: 'keyDown', value },
				{ type: 'keyUp', value }
			])
		];
		await this.bidi.send('input.performActions', { context: this.context, actions: [{ type: 'key', id: 'keyboard', actions: keys }] });
		await this.bidi.send('input.releaseActions', { context: this.context });
		const value = await this.call<string>(`(k, n, e) => (${FIND_ELEMENT})(k, n, e).value`, locator.kind, locator.name, locator.exact ?? false);
		if (value !== text) throw new Error(`${locator.name}: typed "${text}" but the field holds "${value}"`);
	}
}

export interface Firefox {
	tab: Tab;
	version: string;
	/** Where Firefox saves downloads (the profile's browser.download.dir). */
	downloads: string;
	/** Waits for a finished download of this name and returns its path. */
	download(name: string, timeoutMs?: number): Promise<string>;
	close(): Promise<void>;
}

/**
 * Profile preferences: downloads go to one folder without asking (what a user who set "Always save
 * files to" gets), so the test sees the file Firefox wrote.
 */
function writeProfile(profile: string, downloads: string): void {
	const prefs: Record<string, string | number | boolean> = {
		'browser.download.folderList': 2,
		'browser.download.dir': downloads,
		'browser.download.useDownloadDir': true,
		'browser.download.always_ask_before_handling_new_types': false,
		'browser.download.alwaysOpenPanel': false
	};
	writeFileSync(join(profile, 'user.js'), Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`).join('\n'));
}

/** Firefox prints its BiDi endpoint on stderr once the remote agent listens. */
function endpoint(child: ChildProcess, output: { text: string }, timeoutMs: number): Promise<string> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`Firefox did not start its WebDriver BiDi server in ${timeoutMs} ms. Its output:\n${output.text}`)), timeoutMs);
		const onData = (chunk: Buffer) => {
			output.text += chunk.toString();
			const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(output.text);
			if (match?.[1]) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', onData);
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			reject(new Error(`Firefox exited (${signal ?? code}) before its BiDi server listened. Its output:\n${output.text}`));
		});
	});
}

export async function launchFirefox(executable: string): Promise<Firefox> {
	if (!existsSync(executable)) throw new Error(`${executable} not found: install Debian's firefox-esr (apt-get install firefox-esr) or set FIREFOX_PATH`);
	const profile = mkdtempSync(join(tmpdir(), 'firefox-profile-'));
	const downloads = mkdtempSync(join(tmpdir(), 'firefox-downloads-'));
	writeProfile(profile, downloads);
	const child = spawn(executable, ['--headless', '--no-remote', '--remote-debugging-port=0', '--profile', profile], { stdio: ['ignore', 'pipe', 'pipe'] });
	const output = { text: '' };
	const cleanUp = () => {
		rmSync(profile, { recursive: true, force: true });
		rmSync(downloads, { recursive: true, force: true });
	};
	let bidi: BidiConnection;
	let session: { capabilities: { browserVersion: string } };
	try {
		const url = await endpoint(child, output, 60_000);
		const socket = new WebSocket(`${url}/session`);
		await new Promise((resolve, reject) => {
			socket.onopen = resolve;
			socket.onerror = () => reject(new Error(`Could not connect to Firefox at ${url}/session`));
		});
		bidi = new BidiConnection(socket);
		session = await bidi.send('session.new', { capabilities: {} });
	} catch (error) {
		child.kill('SIGKILL');
		cleanUp();
		throw error;
	}
	const { contexts } = await bidi.send<{ contexts: { context: string }[] }>('browsingContext.getTree', { maxDepth: 0 });
	const context = contexts[0]?.context;
	if (!context) throw new Error('Firefox opened no browsing context');
	const tab = new Tab(bidi, context);
	await bidi.send('session.subscribe', { events: ['log.entryAdded', 'network.beforeRequestSent'], contexts: [context] });
	// The page's CSP violations, reported as console errors from the first script on.
	await bidi.send('script.addPreloadScript', {
		functionDeclaration: `() => document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.effectiveDirective + ' ' + e.blockedURI))`,
		contexts: [context]
	});

	return {
		tab,
		version: session.capabilities.browserVersion,
		downloads,
		async download(name, timeoutMs = 30_000) {
			// Firefox writes <name>.part and renames it when the download completes.
			const path = join(downloads, name);
			const deadline = Date.now() + timeoutMs;
			while (!(existsSync(path) && statSync(path).size > 0 && !readdirSync(downloads).some((f) => f.endsWith('.part')))) {
				if (Date.now() > deadline) throw new Error(`No finished download ${name} after ${timeoutMs} ms; the folder holds: ${readdirSync(downloads).join(', ') || 'nothing'}`);
				await sleep(100);
			}
			return path;
		},
		async close() {
			try {
				await Promise.race([bidi.send('browser.close', {}), sleep(5_000)]);
			} catch {
				// The connection may close before the answer arrives.
			}
			bidi.close();
			if (child.exitCode === null && child.signalCode === null) {
				await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(10_000)]);
				if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			}
			cleanUp();
		}
	};
}
