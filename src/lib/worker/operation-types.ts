import type { PkiDeps } from '../pki/deps';

export interface OperationContext {
	deps: PkiDeps;
	signal: AbortSignal;
	progress: (done: number, total: number) => void;
	/** Lower in tests only, to keep the suite fast; the app always uses the default. */
	kdfIterations?: number;
}

/**
 * One worker operation: its request (without the `op` that names it, which protocol.ts adds) and
 * the value it answers with.
 */
export type Operation = (request: never, ctx: OperationContext) => Promise<unknown>;

/**
 * The handlers of one group of worker requests, keyed by op. Each group (operations.ts, worker/ops/*.ts)
 * declares its handlers with `satisfies OperationGroup` and types each handler's request; operations.ts
 * joins the groups into one table, and protocol.ts derives every request and value type from that table.
 */
export type OperationGroup = Record<string, Operation>;

/** The request of an operation that needs nothing but its name. */
export type NoFields = Record<never, never>;
