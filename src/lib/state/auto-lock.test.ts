import { describe, expect, test } from 'vitest';
import { AutoLock } from './auto-lock';
import { VaultChannel, type VaultMessage } from './vault-channel';

/** An AutoLock over a real set of unlocked CA keys, which lock() empties. */
function harness(idleMinutes = 15, unlockedAtStart: string[] = ['root']) {
	let now = 0;
	const locks: string[] = [];
	const unlocked = new Set(unlockedAtStart);
	const auto = new AutoLock({
		idleMs: () => idleMinutes * 60_000,
		hiddenMs: 5 * 60_000,
		hasUnlocked: () => unlocked.size > 0,
		lock: (reason) => {
			locks.push(reason);
			unlocked.clear();
		},
		now: () => now
	});
	return { auto, locks, unlocked, advance: (ms: number) => (now += ms), unlock: (id: string) => unlocked.add(id) };
}

describe('auto-lock', () => {
	test('locks after the idle time without input, not before; input restarts the wait', () => {
		const h = harness(15);
		h.advance(14 * 60_000);
		h.auto.check();
		h.auto.activity();
		h.advance(14 * 60_000);
		h.auto.check();
		expect(h.locks).toEqual([]);
		h.advance(60_000);
		h.auto.check();
		expect(h.locks).toEqual(['idle']);
		expect(h.unlocked.size).toBe(0);
	});

	test('a tab hidden for 5 minutes locks, even with a long idle setting; back sooner, it does not', () => {
		const h = harness(60);
		h.auto.visibilityChanged(true);
		h.advance(4 * 60_000);
		h.auto.visibilityChanged(false);
		expect(h.locks).toEqual([]);
		h.auto.visibilityChanged(true);
		h.advance(5 * 60_000);
		// Timers of hidden tabs may not have run: coming back checks first.
		h.auto.visibilityChanged(false);
		expect(h.locks).toEqual(['hidden']);
	});

	test('nothing to lock, nothing done: no lock call while every CA is locked, idle or hidden', () => {
		const h = harness(1, []);
		h.advance(120_000);
		h.auto.check();
		h.auto.visibilityChanged(true);
		h.advance(10 * 60_000);
		h.auto.visibilityChanged(false);
		expect(h.locks).toEqual([]);

		// Something unlocked is locked at the next check that finds the idle time passed, and only once.
		h.unlock('root');
		h.unlock('intermediate');
		h.advance(120_000);
		h.auto.check();
		expect(h.locks).toEqual(['idle']);
		expect([...h.unlocked]).toEqual([]);
		h.advance(120_000);
		h.auto.check();
		expect(h.locks).toEqual(['idle']);
	});
});

describe('vault channel', () => {
	test('messages reach the other tab only, and junk from another version is ignored', async () => {
		const name = `test-channel-${Math.random()}`;
		const a = new VaultChannel(name);
		const b = new VaultChannel(name);
		const seenA: VaultMessage[] = [];
		const seenB: VaultMessage[] = [];
		a.subscribe((m) => seenA.push(m));
		b.subscribe((m) => seenB.push(m));
		const raw = new BroadcastChannel(name);
		raw.postMessage({ type: 'unlock', key: 'nope' });
		a.post({ type: 'lock', caId: null });
		a.post({ type: 'records' });
		await new Promise((r) => setTimeout(r, 50));
		expect(seenB).toEqual([{ type: 'lock', caId: null }, { type: 'records' }]);
		expect(seenA).toEqual([]);
		raw.close();
		a.close();
		b.close();
	});
});
