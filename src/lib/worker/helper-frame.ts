import type { WorkerLike } from './client';
import { CONNECT, PROBE, isProbed, sharedClockNow, type Probed } from './helper-messages';
import type { ToWorker } from './protocol';

/**
 * A pool helper that runs in a sandboxed frame, so that its cryptography runs in another process.
 *
 * Why: Chromium runs every WebCrypto operation of a renderer process on one thread, whichever worker
 * asks (components/webcrypto/webcrypto_impl.cc, CryptoThreadPool, a single base::Thread), so more
 * workers in the page's process add no key generation or signing. A frame sandboxed without
 * allow-same-origin has an opaque origin, and desktop Chromium puts such frames in a process apart
 * from their embedder's (content/browser/site_isolation_policy.cc, AreIsolatedSandboxedIframesEnabled;
 * grouped per site, so the page gets one more process however many frames it makes). There the
 * helper has a WebCrypto thread of its own: RSA key generation over the two runs about twice as fast.
 *
 * The frame is about:srcdoc; its one script is the worker's own classic file, which serves requests
 * on the frame's thread (helper-relay.ts). It inherits the page's Content-Security-Policy. The page
 * talks to it over a MessagePort with the same requests and answers as any worker (protocol.ts),
 * CryptoKeys included.
 *
 * A browser that keeps the frame in the page's process (Firefox; Chromium on Android or short of
 * processes) would run the helper on the page's own main thread. So before it is used the frame is
 * probed: it keeps its thread busy for PROBE_MS while the page runs small tasks of its own; if none of
 * them ran inside that time, the frame shares the page's thread. Then, or if the frame does not start within `startMs`,
 * a plain worker from `fallback` takes every message sent so far, and `onRefused` is told.
 */
export class HelperFrame implements WorkerLike {
	readonly #frame: FrameElement;
	readonly #channel = new MessageChannel();
	readonly #listeners = new Map<string, ((event: Event) => void)[]>();
	readonly #fallback: () => WorkerLike;
	readonly #onRefused: () => void;
	/** Messages sent before the probe passed, to resend to a fallback worker. */
	#early: ToWorker[] | null = [];
	#plain: WorkerLike | null = null;
	#probes = 0;
	/** Set when the page closed the frame itself, whose port then closes too. */
	#closed = false;
	/** When the page's own tasks ran during the current probe; null when no probe runs. */
	#pageTicks: number[] | null = null;
	readonly #timer: ReturnType<typeof setTimeout>;

	constructor(
		host: HelperHost,
		scriptUrl: string,
		fallback: () => WorkerLike,
		onRefused: () => void,
		startMs = HELPER_START_MS
	) {
		this.#fallback = fallback;
		this.#onRefused = onRefused;
		this.#frame = host.createFrame(scriptUrl);
		this.#frame.addEventListener(
			'load',
			() => {
				this.#frame.contentWindow?.postMessage(CONNECT, '*', [this.#channel.port2]);
				this.#probe();
			},
			{ once: true }
		);
		this.#channel.port1.addEventListener('message', this.#fromHelper);
		this.#channel.port1.addEventListener('messageerror', (event) => this.#emit('messageerror', event));
		// The other end's document is gone (its process crashed): the client fails its calls as it
		// would for a worker that ended (HTML Standard, MessagePort "close" event, where supported).
		this.#channel.port1.addEventListener('close', () => {
			if (!this.#closed) this.#emit('error', Object.assign(new Event('error'), { message: 'its frame ended' }));
		});
		this.#channel.port1.start();
		this.#timer = setTimeout(() => this.#startPlain(), startMs);
	}

	addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void {
		this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
		this.#plain?.addEventListener(type, listener);
	}

	postMessage(message: ToWorker): void {
		if (this.#plain) return this.#plain.postMessage(message);
		this.#early?.push(message);
		this.#channel.port1.postMessage(message);
	}

	terminate(): void {
		clearTimeout(this.#timer);
		if (!this.#closed) this.#closeFrame();
		this.#plain?.terminate();
	}

	/** Whether the helper runs in its frame: true once the probe passed, false once a plain worker took over. */
	get inFrame(): boolean {
		return this.#plain === null && this.#early === null && !this.#closed;
	}

	/** A frame that passed its probe has a process, and a WebCrypto thread, of its own. */
	get ownProcess(): boolean {
		return this.inFrame;
	}

	/** Whether this helper is over: terminated, or handed to a plain worker. */
	get ended(): boolean {
		return this.#closed;
	}

	/**
	 * Asks the frame to keep its thread busy, and meanwhile runs a chain of small tasks of the page's
	 * own, noting when each ran. A frame on the page's thread runs none of them while it is busy.
	 */
	#probe(): void {
		this.#probes++;
		this.#channel.port1.postMessage(PROBE);
		const ticks: number[] = [];
		this.#pageTicks = ticks;
		const chain = new MessageChannel();
		chain.port1.onmessage = () => {
			ticks.push(sharedClockNow());
			if (this.#pageTicks === ticks) chain.port2.postMessage(null);
			else chain.port1.close();
		};
		chain.port2.postMessage(null);
	}

	readonly #fromHelper = (event: MessageEvent) => {
		if (!isProbed(event.data)) return this.#emit('message', event);
		const ticks = this.#pageTicks;
		this.#pageTicks = null;
		if (!this.#early || !ticks) return;
		if (ranDuring(ticks, event.data.probed)) {
			// The page's tasks ran while the frame was busy: the frame has a thread of its own.
			clearTimeout(this.#timer);
			this.#early = null;
			// For the eye and for tests: this helper works in its frame.
			this.#frame.dataset.helper = 'own-thread';
		} else if (this.#probes < MAX_PROBES) {
			// The page may have been busy itself (a render at load); a shared thread fails every probe.
			this.#probe();
		} else {
			this.#startPlain();
		}
	};

	#startPlain(): void {
		if (this.#plain || !this.#early) return;
		clearTimeout(this.#timer);
		this.#onRefused();
		this.#closeFrame();
		const plain = this.#fallback();
		for (const [type, listeners] of this.#listeners)
			for (const listener of listeners) plain.addEventListener(type as 'message', listener);
		this.#plain = plain;
		const early = this.#early;
		this.#early = null;
		for (const message of early) plain.postMessage(message);
	}

	#closeFrame(): void {
		this.#closed = true;
		this.#channel.port1.close();
		this.#frame.remove();
	}

	#emit(type: string, event: Event): void {
		for (const listener of this.#listeners.get(type) ?? []) listener(event);
	}
}

/** Probes before the page concludes that the frame shares its thread. */
const MAX_PROBES = 3;

/**
 * Whether one of the page's tasks ran inside the frame's busy time, kept clear of its edges by more
 * than the browsers' coarsening of the clock (100 µs without cross-origin isolation, HR-Time
 * "coarsen time"), so that a task just before or just after cannot count.
 */
function ranDuring(ticks: readonly number[], busy: Probed['probed']): boolean {
	const margin = 2;
	return ticks.some((t) => t > busy.from + margin && t < busy.to - margin);
}

/** How long a helper frame may take to start before a plain worker takes its work. */
export const HELPER_START_MS = 10_000;

/** What the helper needs of its iframe element. */
export type FrameElement = Pick<HTMLIFrameElement, 'contentWindow' | 'addEventListener' | 'remove' | 'dataset'>;

/** Where helper frames live: the page's document, or a stand-in in tests. */
export interface HelperHost {
	createFrame(scriptUrl: string): FrameElement;
}

/** The page's document: a hidden frame sandboxed to scripts alone, appended to the body. */
export function documentHost(doc: Document): HelperHost {
	return {
		createFrame(scriptUrl) {
			const frame = doc.createElement('iframe');
			// allow-scripts without allow-same-origin: an opaque origin, which is what gets the frame its own process.
			frame.setAttribute('sandbox', 'allow-scripts');
			frame.title = 'Background certificate issuing';
			frame.hidden = true;
			frame.setAttribute('aria-hidden', 'true');
			frame.tabIndex = -1;
			frame.srcdoc = `<!doctype html><meta charset="utf-8"><script src="${escapeAttribute(scriptUrl)}"></script>`;
			doc.body.append(frame);
			return frame;
		}
	};
}

/**
 * Starts a page's pool helpers: each in its own frame when the worker is a file of its own on an
 * http(s) origin (the hosted build), a plain worker otherwise (the single offline file inlines the
 * worker, and on file:// no frame could load it), and plain workers from the start once one frame
 * could not start or shared the page's thread: the next would do the same.
 */
export class HelperFrames {
	readonly #host: HelperHost | undefined;
	readonly #scriptUrl: string | undefined;
	readonly #plain: () => WorkerLike;
	readonly #startMs: number;
	#refused = false;

	constructor(
		host: HelperHost | undefined,
		scriptUrl: string | undefined,
		plain: () => WorkerLike,
		startMs = HELPER_START_MS
	) {
		this.#host = host;
		this.#scriptUrl = scriptUrl && /^https?:$/.test(new URL(scriptUrl).protocol) ? scriptUrl : undefined;
		this.#plain = plain;
		this.#startMs = startMs;
	}

	/** The one helper frame, while it lasts (see spawn). */
	#frame: HelperFrame | null = null;

	/**
	 * A helper frame if none is running, else a plain worker: Chromium keeps the sandboxed frames of one
	 * site in one process (content/browser/site_isolation_policy.cc, IsolateSandboxedIframes, grouped
	 * per site), where they would share one main thread and one WebCrypto thread; one frame gets all a
	 * second process gives, and the other helpers add threads to the page's process.
	 */
	readonly spawn = (): WorkerLike => {
		if (!this.#host || !this.#scriptUrl || this.#refused || (this.#frame && !this.#frame.ended)) return this.#plain();
		this.#frame = new HelperFrame(
			this.#host,
			this.#scriptUrl,
			this.#plain,
			() => (this.#refused = true),
			this.#startMs
		);
		return this.#frame;
	};
}

function escapeAttribute(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
