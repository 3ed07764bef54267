import { Worker as NodeWorker } from 'node:worker_threads';
import { afterEach, describe, expect, test } from 'vitest';
import { inProcessWorkerLike } from '../testing/in-process-worker';
import type { WorkerLike } from './client';
import { HelperFrame, type FrameElement, type HelperHost } from './helper-frame';
import { HelperFrames } from './helper-frames';
import { CONNECT, PING, PONG, PROBE, PROBE_MS } from './helper-messages';
import { serveInHelperFrame, type HelperWindow } from './helper-relay';
import type { FromWorker, ToWorker } from './protocol';

/** A frame element as the helper uses it: a load event, a window to post to, removal, a dataset. */
class FakeFrame extends EventTarget {
	removed = false;
	readonly dataset: DOMStringMap = {};
	constructor(readonly contentWindow: Pick<Window, 'postMessage'>) {
		super();
	}
	remove(): void {
		this.removed = true;
	}
}

/** A frame's window as the page posts to it: `deliver` gets what the page sends, with its ports. */
function frameWindow(deliver: (data: unknown, ports: MessagePort[]) => void): Pick<Window, 'postMessage'> {
	const postMessage = (data: unknown, _origin: string, ports: MessagePort[] = []) => deliver(data, ports);
	return { postMessage } as unknown as Pick<Window, 'postMessage'>;
}

/**
 * Frames whose window runs the real frame code (helper-relay.ts) in this test's own thread: what a
 * browser does that keeps the frame in the page's process, where it shares the page's main thread.
 */
function sameThreadFrames() {
	const frames: FakeFrame[] = [];
	const host: HelperHost = {
		createFrame() {
			const page = {} as Window;
			const frameSide = Object.assign(new EventTarget(), { parent: page }) as unknown as HelperWindow;
			serveInHelperFrame(frameSide);
			const frame = new FakeFrame(
				// Delivered as a task of its own, as a browser delivers a window's message.
				frameWindow((data, ports) =>
					setTimeout(() =>
						(frameSide as unknown as EventTarget).dispatchEvent(
							Object.assign(new Event('message'), { data, ports, source: page })
						)
					)
				)
			);
			frames.push(frame);
			setTimeout(() => frame.dispatchEvent(new Event('load')));
			return frame as unknown as FrameElement;
		}
	};
	return { host, frames };
}

/**
 * Frames that run on a thread of their own (a Node worker thread), as an isolated frame does in
 * Chromium: they answer the probe after keeping their thread busy, a ping with a pong, and every
 * request with `value`; with `dies`, the thread ends on its first request, as a crashed process would.
 */
function otherThreadFrames(value: string, dies = false) {
	const threads: NodeWorker[] = [];
	const host: HelperHost = {
		createFrame() {
			const thread = new NodeWorker(
				`const { parentPort } = require('node:worker_threads');
				parentPort.once('message', ({ port }) => port.on('message', (data) => {
					if (data === ${JSON.stringify(PROBE)}) {
						const now = () => performance.timeOrigin + performance.now();
						const from = now();
						while (now() < from + ${PROBE_MS});
						return port.postMessage({ probed: { from, to: now() } });
					}
					if (data === ${JSON.stringify(PING)}) return port.postMessage(${JSON.stringify(PONG)});
					if (${dies}) process.exit(0);
					port.postMessage({ id: data.id, result: { ok: true, value: ${JSON.stringify(value)} } });
				}));`,
				{ eval: true }
			);
			threads.push(thread);
			const frame = new FakeFrame(
				frameWindow((data, ports) => {
					expect(data).toBe(CONNECT);
					thread.postMessage({ port: ports[0] }, ports as never);
				})
			);
			setTimeout(() => frame.dispatchEvent(new Event('load')));
			return frame as unknown as FrameElement;
		}
	};
	return { host, threads };
}

/** Plain in-process workers (the real worker dispatch), counted as the fallback starts them. */
function plainWorkers() {
	const started: WorkerLike[] = [];
	return {
		started,
		spawn: () => {
			const worker = inProcessWorkerLike();
			started.push(worker);
			return worker;
		}
	};
}

/** Sends one request and waits for its result, through the helper as the client would. */
function ask(helper: WorkerLike, id: number): Promise<FromWorker> {
	return new Promise((resolve) => {
		helper.addEventListener('message', (event) => {
			const data = (event as MessageEvent<FromWorker>).data;
			if (data.id === id && 'result' in data) resolve(data);
		});
		helper.postMessage({ id, request: { op: 'probeAlgorithms' } } as ToWorker);
	});
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
	for (const step of cleanup.splice(0)) await step();
});

describe('HelperFrame', () => {
	test('a frame on a thread of its own passes the probe and serves the requests sent before and after', async () => {
		const { host, threads } = otherThreadFrames('from the frame thread');
		cleanup.push(() => Promise.all(threads.map((t) => t.terminate())));
		const plain = plainWorkers();
		const helper = new HelperFrame(host, 'http://localhost/w.js', plain.spawn, () => {
			throw new Error('not refused');
		});
		cleanup.push(() => helper.terminate());
		const early = ask(helper, 1);
		await expect(early).resolves.toMatchObject({ id: 1, result: { ok: true, value: 'from the frame thread' } });
		await expect.poll(() => helper.ownProcess).toBe(true);
		await expect(ask(helper, 2)).resolves.toMatchObject({ result: { value: 'from the frame thread' } });
		expect(plain.started).toHaveLength(0);
	});

	test('one helper frame at a time: the next helpers are plain workers until that frame ends', async () => {
		const { host, threads } = otherThreadFrames('from the frame thread');
		cleanup.push(() => Promise.all(threads.map((t) => t.terminate())));
		const plain = plainWorkers();
		const helpers = new HelperFrames(host, 'http://localhost/w.js', plain.spawn);
		const first = helpers.spawn();
		const second = helpers.spawn();
		cleanup.push(() => second.terminate());
		expect(first).toBeInstanceOf(HelperFrame);
		expect(second).not.toBeInstanceOf(HelperFrame);
		await expect.poll(() => first.ownProcess).toBe(true);
		expect(second.ownProcess).toBeFalsy();
		// Cancel ends the frame (worker/client.ts #cancel); the helper started in its place is a frame again.
		first.terminate();
		expect(first.ownProcess).toBe(false);
		const third = helpers.spawn();
		cleanup.push(() => third.terminate());
		expect(third).toBeInstanceOf(HelperFrame);
		expect(threads).toHaveLength(2);
	});

	test('a frame sharing the page thread fails every probe: a plain worker answers what was sent, and later helpers start plain', async () => {
		const { host, frames } = sameThreadFrames();
		const plain = plainWorkers();
		const helpers = new HelperFrames(host, 'http://localhost/w.js', plain.spawn);
		const helper = helpers.spawn();
		cleanup.push(() => helper.terminate());
		const answer = await ask(helper, 7);
		// The real worker dispatch answered: the algorithms this Node offers.
		expect(answer).toMatchObject({ id: 7, result: { ok: true } });
		expect(plain.started).toHaveLength(1);
		expect(frames).toHaveLength(1);
		expect(frames[0]!.removed).toBe(true);
		expect(frames[0]!.dataset.helper).toBeUndefined();
		expect((helper as HelperFrame).ownProcess).toBe(false);

		const next = helpers.spawn();
		cleanup.push(() => next.terminate());
		expect(next).not.toBeInstanceOf(HelperFrame);
		expect(frames).toHaveLength(1);
		expect(plain.started).toHaveLength(2);
	});

	test('a frame that never loads is given up after its start time, and a plain worker answers', async () => {
		const frame = new FakeFrame(frameWindow(() => {}));
		const plain = plainWorkers();
		let refused = false;
		const helper = new HelperFrame(
			{ createFrame: () => frame as unknown as FrameElement },
			'http://localhost/w.js',
			plain.spawn,
			() => (refused = true),
			{ startMs: 50, silentMs: 10_000 }
		);
		cleanup.push(() => helper.terminate());
		await expect(ask(helper, 3)).resolves.toMatchObject({ id: 3, result: { ok: true } });
		expect(refused).toBe(true);
		expect(frame.removed).toBe(true);
		expect(plain.started).toHaveLength(1);
	});

	test('a frame that goes silent with a request pending is reported as a failed worker', async () => {
		const { host, threads } = otherThreadFrames('never sent', true);
		cleanup.push(() => Promise.all(threads.map((t) => t.terminate())));
		const helper = new HelperFrame(
			host,
			'http://localhost/w.js',
			plainWorkers().spawn,
			() => {
				throw new Error('not refused');
			},
			{ startMs: 10_000, silentMs: 1500 }
		);
		cleanup.push(() => helper.terminate());
		await expect.poll(() => helper.ownProcess).toBe(true);
		const failed = new Promise<string>((resolve) =>
			helper.addEventListener('error', (event) => resolve((event as ErrorEvent).message))
		);
		helper.postMessage({ id: 9, request: { op: 'probeAlgorithms' } } as ToWorker);
		await expect(failed).resolves.toBe('its frame stopped answering');
	});

	test('the single offline file and file:// pages get plain workers: no frame could load the worker there', () => {
		const { host, frames } = sameThreadFrames();
		for (const url of [undefined, 'file:///home/me/offline-ca/w.js']) {
			const plain = plainWorkers();
			const helper = new HelperFrames(host, url, plain.spawn).spawn();
			helper.terminate();
			expect(helper).not.toBeInstanceOf(HelperFrame);
			expect(plain.started).toHaveLength(1);
		}
		expect(frames).toHaveLength(0);
	});
});
