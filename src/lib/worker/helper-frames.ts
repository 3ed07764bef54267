import type { WorkerLike } from './client';
import { DEFAULT_TIMING, HelperFrame, type HelperHost, type HelperTiming } from './helper-frame';

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
	readonly #timing: HelperTiming;
	#refused = false;

	constructor(
		host: HelperHost | undefined,
		scriptUrl: string | undefined,
		plain: () => WorkerLike,
		timing: HelperTiming = DEFAULT_TIMING
	) {
		this.#host = host;
		this.#scriptUrl = scriptUrl && /^https?:$/.test(new URL(scriptUrl).protocol) ? scriptUrl : undefined;
		this.#plain = plain;
		this.#timing = timing;
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
		this.#frame = new HelperFrame(this.#host, this.#scriptUrl, this.#plain, () => (this.#refused = true), this.#timing);
		return this.#frame;
	};
}

function escapeAttribute(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
