import type { operations } from './operations';
import type { Result } from './types';

/** The data the requests and values carry, for the page to import with them. */
export type { CreatedCa, FolderRequest, IssuedBundle, IssuedCertificate, Result, UnlockedCa } from './types';

/**
 * The worker's requests and answers, derived from its operations table so that adding a handler is
 * the whole change: a request is `{ op }` plus the handler's first parameter, a value is what the
 * handler's promise resolves to. Type-only: the page that imports this never loads the operations.
 */
type Operations = typeof operations;

export type Op = keyof Operations;

/** What the page sends to have operation K run. */
export type RequestOf<K extends Op> = { op: K } & Parameters<Operations[K]>[0];

/** What operation K answers with. */
export type ValueOf<K extends Op> = Awaited<ReturnType<Operations[K]>>;

/** What the page asks the worker to do. Every request is answered once, with a Result. */
export type WorkerRequest = { [K in Op]: RequestOf<K> }[Op];

export type WorkerValues = { [K in Op]: ValueOf<K> };

/**
 * Messages on the wire: requests carry an id; the worker answers with progress and one result. There is
 * no cancel message: the client cancels by terminating the worker (client.ts), which stops any work.
 */
export type ToWorker = { id: number; request: WorkerRequest };
export type FromWorker =
	{ id: number; progress: { done: number; total: number } } | { id: number; result: Result<unknown> };
