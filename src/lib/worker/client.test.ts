import { describe, expect, test } from 'vitest';
import { PkiError } from '../pki/errors';
import { PkiWorkerClient } from './client';
import type { ToWorker } from './protocol';

/** A Worker as the client sees it: events in, messages out, and whether it was terminated. */
class FakeWorker extends EventTarget {
	readonly posted: ToWorker[] = [];
	terminated = false;

	postMessage(message: ToWorker): void {
		this.posted.push(message);
	}

	terminate(): void {
		this.terminated = true;
	}

	answer(value: unknown): void {
		const last = this.posted.at(-1)!;
		this.dispatchEvent(new MessageEvent('message', { data: { id: last.id, result: { ok: true, value } } }));
	}

	/** What a browser fires on the Worker for an uncaught exception inside it. */
	crash(message: string): void {
		this.dispatchEvent(Object.assign(new Event('error'), { message }));
	}
}

function clientWithFakes() {
	const workers: FakeWorker[] = [];
	const client = new PkiWorkerClient(() => {
		const worker = new FakeWorker();
		workers.push(worker);
		return worker;
	});
	return { client, workers };
}

const probe = { op: 'probeAlgorithms' } as const;

async function rejection(promise: Promise<unknown>): Promise<PkiError> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(PkiError);
	return error as PkiError;
}

describe('PkiWorkerClient when its worker fails', () => {
	test("an 'error' rejects every pending call with worker-failed; the next call goes to a fresh worker", async () => {
		const { client, workers } = clientWithFakes();
		expect(workers).toHaveLength(1);
		const first = client.call(probe);
		const second = client.call(probe);
		workers[0]!.crash('Uncaught Error: boom');

		for (const call of [first, second]) {
			const error = await rejection(call);
			expect(error.code).toBe('worker-failed');
			expect(error.message).toContain('Uncaught Error: boom');
			expect(error.message).toContain('this request was not carried out');
			expect(error.message).toContain('the next action starts a fresh worker');
		}
		expect(workers[0]!.terminated).toBe(true);
		// A fresh worker is started by the next request, not in a loop after a failed start.
		expect(workers).toHaveLength(1);

		const third = client.call(probe);
		expect(workers).toHaveLength(2);
		expect(workers[1]!.posted).toEqual([{ id: 3, request: probe }]);
		workers[1]!.answer({ 'P-256': null });
		await expect(third).resolves.toEqual({ 'P-256': null });
		expect(workers[1]!.terminated).toBe(false);
	});

	test("a 'messageerror' (an answer that cannot be read) fails the pending calls the same way", async () => {
		const { client, workers } = clientWithFakes();
		const pending = client.call(probe);
		workers[0]!.dispatchEvent(new Event('messageerror'));
		const error = await rejection(pending);
		expect(error.code).toBe('worker-failed');
		expect(error.message).toContain('one of its answers could not be read');
		expect(workers[0]!.terminated).toBe(true);
	});

	test('a worker that fails to start (a bare error Event) fails the call waiting for it', async () => {
		const { client, workers } = clientWithFakes();
		const pending = client.call(probe);
		workers[0]!.dispatchEvent(new Event('error'));
		expect((await rejection(pending)).message).toContain('it failed to start or ended');
	});

	test('events of a worker already replaced are ignored', async () => {
		const { client, workers } = clientWithFakes();
		const lost = client.call(probe);
		workers[0]!.crash('Uncaught Error: first');
		await rejection(lost);
		const next = client.call(probe);
		workers[0]!.crash('Uncaught Error: late');
		workers[0]!.answer('from the dead worker');
		expect(workers[1]!.terminated).toBe(false);
		workers[1]!.answer('from the fresh worker');
		await expect(next).resolves.toBe('from the fresh worker');
	});

	test('restart() rejects pending calls as cancelled and starts a fresh worker', async () => {
		const { client, workers } = clientWithFakes();
		const pending = client.call(probe);
		client.restart();
		const error = await rejection(pending);
		expect(error.code).toBe('cancelled');
		expect(workers[0]!.terminated).toBe(true);
		expect(workers).toHaveLength(2);
		const next = client.call(probe);
		expect(workers[1]!.posted).toHaveLength(1);
		workers[1]!.answer('fresh');
		await expect(next).resolves.toBe('fresh');
	});

	test('an abort terminates the worker, rejects the call as cancelled and starts a fresh worker at once', async () => {
		const { client, workers } = clientWithFakes();
		const controller = new AbortController();
		const pending = client.call(probe, { signal: controller.signal });
		const bystander = client.call(probe);
		controller.abort();
		const cancelled = await rejection(pending);
		expect(cancelled.code).toBe('cancelled');
		expect(cancelled.message).toBe('Cancelled.');
		// The other call ran on the same worker: it fails, saying why, and is not sent again.
		const stopped = await rejection(bystander);
		expect(stopped.code).toBe('worker-failed');
		expect(stopped.message).toContain('restarted to stop work you cancelled');
		expect(workers[0]!.terminated).toBe(true);
		expect(workers).toHaveLength(2);
		expect(workers[1]!.posted).toEqual([]);
		expect(client.pendingCount).toBe(0);

		const next = client.call(probe);
		expect(workers[1]!.posted).toEqual([{ id: 3, request: probe }]);
		workers[1]!.answer('fresh');
		await expect(next).resolves.toBe('fresh');
	});

	test('an abort after the answer, or of a call whose worker failed, changes nothing', async () => {
		const { client, workers } = clientWithFakes();
		const controller = new AbortController();
		const answered = client.call(probe, { signal: controller.signal });
		workers[0]!.answer('done');
		await expect(answered).resolves.toBe('done');
		controller.abort();
		expect(workers[0]!.terminated).toBe(false);
		expect(workers).toHaveLength(1);

		const other = new AbortController();
		const failed = client.call(probe, { signal: other.signal });
		workers[0]!.crash('Uncaught Error: again');
		await rejection(failed);
		other.abort();
		expect(workers).toHaveLength(1);
	});

	test('a signal aborted before the call rejects it as cancelled without posting', async () => {
		const { client, workers } = clientWithFakes();
		const error = await rejection(client.call(probe, { signal: AbortSignal.abort() }));
		expect(error.code).toBe('cancelled');
		expect(workers[0]!.posted).toEqual([]);
	});
});
