/**
 * Locks the vault when nobody is using the page: after `idleMs` without a key press, click, scroll or
 * touch, or after the tab has been hidden for `hiddenMs`. A coarse periodic check against the clock
 * (rather than one timer per input event) also catches a laptop that slept: on wake the next check
 * sees the elapsed time. Browsers throttle timers of hidden tabs to about once a minute (Chrome's
 * intensive throttling), so a hidden tab locks within a minute of its deadline, and the check runs at
 * once when the tab becomes visible again, before anyone can use an unlocked key.
 */
export const DEFAULT_IDLE_MINUTES = 15;
export const HIDDEN_LOCK_MINUTES = 5;
export const IDLE_CHOICES = [1, 5, 15, 30, 60] as const;

export interface AutoLockOptions {
	idleMs: () => number;
	hiddenMs: number;
	/** Locks every key; called only while something is unlocked. */
	lock: (reason: 'idle' | 'hidden') => void;
	hasUnlocked: () => boolean;
	now?: () => number;
	checkEveryMs?: number;
}

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export class AutoLock {
	readonly #o: Required<AutoLockOptions>;
	#lastActivity: number;
	#hiddenSince: number | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	#detach: (() => void) | null = null;

	constructor(options: AutoLockOptions) {
		this.#o = { now: () => Date.now(), checkEveryMs: 10_000, ...options };
		this.#lastActivity = this.#o.now();
	}

	activity(): void {
		this.#lastActivity = this.#o.now();
	}

	visibilityChanged(hidden: boolean): void {
		if (hidden) this.#hiddenSince ??= this.#o.now();
		else {
			this.check();
			this.#hiddenSince = null;
			this.activity();
		}
	}

	check(): void {
		if (!this.#o.hasUnlocked()) return;
		const now = this.#o.now();
		if (this.#hiddenSince !== null && now - this.#hiddenSince >= this.#o.hiddenMs) this.#o.lock('hidden');
		else if (now - this.#lastActivity >= this.#o.idleMs()) this.#o.lock('idle');
	}

	/** Wires the page's events and the periodic check; returns nothing, stop() undoes it. */
	start(win: Window = window, doc: Document = document): void {
		this.stop();
		const onActivity = () => this.activity();
		const onVisibility = () => this.visibilityChanged(doc.visibilityState === 'hidden');
		for (const type of ACTIVITY) win.addEventListener(type, onActivity, { passive: true, capture: true });
		doc.addEventListener('visibilitychange', onVisibility);
		if (doc.visibilityState === 'hidden') this.visibilityChanged(true);
		this.#timer = setInterval(() => this.check(), this.#o.checkEveryMs);
		this.#detach = () => {
			for (const type of ACTIVITY) win.removeEventListener(type, onActivity, { capture: true });
			doc.removeEventListener('visibilitychange', onVisibility);
		};
	}

	stop(): void {
		if (this.#timer !== null) clearInterval(this.#timer);
		this.#timer = null;
		this.#detach?.();
		this.#detach = null;
	}
}
