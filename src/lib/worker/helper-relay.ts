import { CONNECT, PING, PONG, PROBE, PROBE_MS, sharedClockNow, type Probed } from './helper-messages';
import type { ToWorker } from './protocol';
import { serve, type RequestPort } from './serve';

/** What the frame code needs of its window. */
export type HelperWindow = Pick<Window, 'parent' | 'addEventListener' | 'removeEventListener'>;

/**
 * The frame side of a pool helper (helper-frame.ts says why the frame exists): the worker's own file
 * is the frame's one script, and in a window it serves the page's requests on the port the page
 * sends, on the frame's own thread.
 *
 * Not in a worker of the frame's: the frame's origin is opaque, and so is a worker it starts from a
 * blob: URL, which is then no secure context (W3C Secure Contexts, "Is url potentially trustworthy?":
 * a blob: URL is judged by its origin, and an opaque origin is not trustworthy). Such a worker has no
 * crypto.subtle and cannot even receive a CryptoKey, whose interface is [SecureContext] (Web
 * Cryptography API, "CryptoKey interface"); Chromium 156 delivers it as a messageerror. The frame
 * itself is an about:srcdoc document of a secure page, and is secure.
 */
export function serveInHelperFrame(frame: HelperWindow): void {
	const connect = (event: MessageEvent) => {
		const port = event.ports[0];
		// Only the page that made this frame may connect, and only once.
		if (event.source !== frame.parent || event.data !== CONNECT || event.ports.length !== 1 || !port) return;
		frame.removeEventListener('message', connect);
		port.addEventListener('message', (message) => {
			if (message.data === PING) return port.postMessage(PONG);
			if (message.data !== PROBE) return;
			// The page tells from this whether the frame has a thread of its own (helper-frame.ts #probe).
			const from = sharedClockNow();
			while (sharedClockNow() < from + PROBE_MS);
			port.postMessage({ probed: { from, to: sharedClockNow() } } satisfies Probed);
		});
		const requests: RequestPort = {
			addEventListener: (type, listener) =>
				port.addEventListener(type, (event: MessageEvent<ToWorker | typeof PROBE | typeof PING>) => {
					if (event.data !== PROBE && event.data !== PING) listener(event as MessageEvent<ToWorker>);
				}),
			postMessage: (message, transfer) => port.postMessage(message, transfer)
		};
		serve(requests);
		port.start();
	};
	frame.addEventListener('message', connect);
}
