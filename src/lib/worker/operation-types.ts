import type { PkiDeps } from '../pki/deps';

export interface OperationContext {
	deps: PkiDeps;
	signal: AbortSignal;
	progress: (done: number, total: number) => void;
	/** Lower in tests only, to keep the suite fast; the app always uses the default. */
	kdfIterations?: number;
}

/**
 * The handlers of one group of worker requests. Each CA-lifecycle feature (worker/ops/*.ts) declares
 * its requests, its values and these handlers in its own module; protocol.ts and operations.ts join
 * them, so the features never edit one shared list.
 */
export type OperationHandlers<R extends { op: string }, V extends { [K in R['op']]: unknown }> = {
	[K in R['op']]: (request: Extract<R, { op: K }>, ctx: OperationContext) => Promise<V[K]>;
};
