/**
 * The few messages of a pool helper that runs in its own sandboxed frame (helper-frame.ts on the page,
 * helper-relay.ts in the frame), apart from the requests and answers of protocol.ts that then flow
 * over the same MessagePort as they do with any worker.
 */

/** Page → frame, with the port the helper serves requests on. */
export const CONNECT = 'offline-ca:helper-connect';

/** Page → frame over the port: keep your thread busy for PROBE_MS, then answer with a Probed. */
export const PROBE = 'offline-ca:helper-probe';

/** Page → frame over the port while requests are pending: answer PONG (helper-frame.ts #heartbeat). */
export const PING = 'offline-ca:helper-ping';
export const PONG = 'offline-ca:helper-pong';

/** How long the frame keeps its thread busy for a probe. */
export const PROBE_MS = 40;

/**
 * Frame → page: when the frame's thread was busy, as times of the clock every context of the browser
 * shares (performance.timeOrigin + performance.now(): W3C High Resolution Time, "shared monotonic clock").
 */
export interface Probed {
	probed: { from: number; to: number };
}

export function isProbed(data: unknown): data is Probed {
	const probed = (data as Partial<Probed> | null)?.probed;
	return typeof probed?.from === 'number' && typeof probed.to === 'number';
}

/** Now, on the clock that compares across the page, its workers and its frames. */
export const sharedClockNow = (): number => performance.timeOrigin + performance.now();
