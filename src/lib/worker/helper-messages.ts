/**
 * The few messages of a pool helper that runs in its own sandboxed frame (helper-frame.ts on the page,
 * helper-relay.ts in the frame), apart from the requests and answers of protocol.ts that then flow
 * over the same MessagePort as they do with any worker.
 */

/** Page → frame, with the port the helper serves requests on. */
export const CONNECT = 'offline-ca:helper-connect';

/** Page → frame over the port: keep your thread busy for PROBE_MS, then answer PROBED. */
export const PROBE = 'offline-ca:helper-probe';
export const PROBED = 'offline-ca:helper-probed';

/** How long the frame keeps its thread busy for a probe. */
export const PROBE_MS = 40;
