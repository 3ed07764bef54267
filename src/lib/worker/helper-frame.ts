import type { WorkerLike } from './client';
import { CONNECT, PING, PONG, PROBE, isProbed, sharedClockNow, type Probed } from './helper-messages';
import type { ToWorker } from './protocol';

/**
 * A pool helper that runs in a sandboxed frame, so that its cryptography runs in another process.
 *
 * Why: Chromium generates RSA keys on one thread per renderer process, whichever worker asks
 * (components/webcrypto/webcrypto_impl.cc, CryptoThreadPool, a single base::Thread), so more workers
 * in the page's process add no RSA key generation. (EC and Ed25519 keys and all signatures are made
 * on the calling thread, and spread over plain workers: `npm run bench` probes which thread does
 * what, scripts/bench/threads.ts.) A frame sandboxed without
 * allow-same-origin has an opaque origin, and desktop Chromium puts such frames in a process apart
 * from their embedder's (content/browser/site_isolation_policy.cc, AreIsolatedSandboxedIframesEnabled;
 * grouped per site, so the page gets one more process however many frames it makes). There the
 * helper has a WebCrypto thread of its own: RSA key generation over the two runs about twice as fast.
 *
 * The frame is about:srcdoc; its one script is the worker's own classic file, which serves requests
 * on the frame's thread (helper-relay.ts). It inherits the page's Content-Security-Policy. The page
 * talks to it over a MessagePort with the same requests and answers as any worker (protocol.ts),
 * CryptoKeys included, once the probe below has passed.
 *
 * A browser that keeps the frame in the page's process (Firefox; Chromium on Android or short of
 * processes) would run the helper on the page's own main thread. So before it is used the frame is
 * probed: it keeps its thread busy for PROBE_MS while the page runs small tasks of its own; if none of
 * them ran inside that time, the frame shares the page's thread. Then, or if the frame does not start within
 * `timing.startMs`, a plain worker from `fallback` takes every message sent so far, and `onRefused` is told.
 *
 * A worker that dies fires 'error' on its Worker; a frame whose process dies is silent (Chromium fires no
 * MessagePort "close" event for it). So while requests are pending the page pings the frame every
 * second, and a frame silent for `timing.silentMs` is reported as an 'error' like a dead worker's: the
 * client fails its calls with worker-failed and starts a fresh helper (client.ts).
 */
export class HelperFrame implements WorkerLike {
	readonly #frame: FrameElement;
	readonly #channel = new MessageChannel();
	readonly #listeners = new Map<string, ((event: Event) => void)[]>();
	readonly #fallback: () => WorkerLike;
	readonly #onRefused: () => void;
	/** Messages sent before the probe passed: for the frame once it passes, else for a plain worker. */
	#early: ToWorker[] | null = [];
	#plain: WorkerLike | null = null;
	#probes = 0;
	/** Set when the page closed the frame itself, whose port then closes too. */
	#closed = false;
	/** When the page's own tasks ran during the current probe; null when no probe runs. */
	#pageTicks: number[] | null = null;
	/** Requests sent and not answered yet, and the heartbeat that runs while there are any. */
	#pending = 0;
	#heartbeat: ReturnType<typeof setInterval> | null = null;
	#lastHeard = 0;
	readonly #silentMs: number;
	readonly #timer: ReturnType<typeof setTimeout>;

	constructor(
		host: HelperHost,
		scriptUrl: string,
		fallback: () => WorkerLike,
		onRefused: () => void,
		timing: HelperTiming = DEFAULT_TIMING
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
		this.#channel.port1.start();
		this.#silentMs = timing.silentMs;
		this.#timer = setTimeout(() => this.#startPlain(), timing.startMs);
	}

	addEventListener(type: 'message' | 'error' | 'messageerror', listener: (event: Event) => void): void {
		this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
		this.#plain?.addEventListener(type, listener);
	}

	postMessage(message: ToWorker): void {
		if (this.#plain) return this.#plain.postMessage(message);
		// Held until the probe passes: no request runs in a frame that may share the page's thread.
		if (this.#early) this.#early.push(message);
		else this.#channel.port1.postMessage(message);
		this.#pending++;
		this.#startHeartbeat();
	}

	terminate(): void {
		clearTimeout(this.#timer);
		this.#stopHeartbeat();
		if (!this.#closed) this.#closeFrame();
		this.#plain?.terminate();
	}

	/**
	 * Whether the helper runs in its frame, which then has a process and a WebCrypto thread of its own:
	 * true once the probe passed, false before, once a plain worker took over, or once terminated.
	 */
	get ownProcess(): boolean {
		return this.#plain === null && this.#early === null && !this.#closed;
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
		const until = sharedClockNow() + PROBE_CHAIN_MS;
		chain.port1.onmessage = () => {
			ticks.push(sharedClockNow());
			// Until the answer comes, the frame is gone, or long enough for the frame's busy time to have begun.
			if (this.#pageTicks === ticks && !this.#closed && ticks.at(-1)! < until) chain.port2.postMessage(null);
			else chain.port1.close();
		};
		chain.port2.postMessage(null);
	}

	/** While requests are pending, pings the frame each second; a frame silent for too long has died. */
	#startHeartbeat(): void {
		if (this.#heartbeat !== null) return;
		this.#lastHeard = performance.now();
		this.#heartbeat = setInterval(() => {
			// Until the probe passes, the start timer watches the frame.
			if (this.#early) this.#lastHeard = performance.now();
			else if (performance.now() - this.#lastHeard > this.#silentMs) {
				this.#stopHeartbeat();
				this.#emit('error', Object.assign(new Event('error'), { message: 'its frame stopped answering' }));
				return;
			}
			this.#channel.port1.postMessage(PING);
		}, HEARTBEAT_MS);
	}

	#stopHeartbeat(): void {
		if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
		this.#heartbeat = null;
	}

	readonly #fromHelper = (event: MessageEvent) => {
		this.#lastHeard = performance.now();
		if (event.data === PONG) return;
		if (typeof event.data === 'object' && event.data !== null && 'result' in event.data && --this.#pending === 0)
			this.#stopHeartbeat();
		if (!isProbed(event.data)) return this.#emit('message', event);
		const ticks = this.#pageTicks;
		this.#pageTicks = null;
		if (!this.#early || !ticks) return;
		if (ranDuring(ticks, event.data.probed)) {
			// The page's tasks ran while the frame was busy: the frame has a thread of its own.
			clearTimeout(this.#timer);
			const early = this.#early;
			this.#early = null;
			for (const message of early) this.#channel.port1.postMessage(message);
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
		this.#stopHeartbeat();
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

/** How long the page's chain of tasks runs for one probe at most (the frame's busy time is PROBE_MS). */
const PROBE_CHAIN_MS = 500;

/**
 * Probes before the page concludes that the frame shares its thread. A page whose own thread is busy,
 * or a machine whose cores are all taken, can fail one; a shared thread fails every one.
 */
const MAX_PROBES = 5;

/**
 * Whether one of the page's tasks ran inside the frame's busy time, kept clear of its edges by more
 * than the browsers' coarsening of the clock (100 µs without cross-origin isolation, HR-Time
 * "coarsen time"), so that a task just before or just after cannot count.
 */
function ranDuring(ticks: readonly number[], busy: Probed['probed']): boolean {
	const margin = 2;
	return ticks.some((t) => t > busy.from + margin && t < busy.to - margin);
}

/**
 * How long a helper frame may take to start before a plain worker takes its work, and how long it may
 * be silent while requests are pending before it counts as dead. Its thread is free between small
 * tasks even in a large batch (RSA key generation runs on the WebCrypto thread), so it answers a ping
 * within milliseconds when alive.
 */
export interface HelperTiming {
	startMs: number;
	silentMs: number;
}
export const DEFAULT_TIMING: HelperTiming = { startMs: 10_000, silentMs: 10_000 };
const HEARTBEAT_MS = 1000;

/** What the helper needs of its iframe element. */
export type FrameElement = Pick<HTMLIFrameElement, 'contentWindow' | 'addEventListener' | 'remove' | 'dataset'>;

/** Where helper frames live: the page's document, or a stand-in in tests. */
export interface HelperHost {
	createFrame(scriptUrl: string): FrameElement;
}
