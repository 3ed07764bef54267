/**
 * A small deterministic mutation fuzzer for the Vitest fuzz suites (*.fuzz.test.ts). Same seed, same
 * inputs, so a failure is reproducible from the printed case number. Mutations follow AFL's classic
 * stages: bit flips, "interesting" byte values (lengths and sign bits that DER and zip parsers
 * trust), byte inserts and deletes, truncation, duplicated ranges, and splices of two valid samples.
 */

/** mulberry32: tiny, fast, good enough to drive mutations (not for crypto). */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0xff, 0x30, 0x0a, 0x2d];

export function mutate(samples: readonly Uint8Array[], random: () => number): Uint8Array {
	const int = (n: number) => Math.floor(random() * n);
	const pick = () => samples[int(samples.length)]!;
	let b: Uint8Array = pick().slice();
	const rounds = 1 + int(3);
	for (let r = 0; r < rounds; r++) {
		const at = int(Math.max(1, b.length));
		switch (int(8)) {
			case 0: // bit flip
				if (b.length) b[at]! ^= 1 << int(8);
				break;
			case 1: // interesting byte
				if (b.length) b[at] = INTERESTING[int(INTERESTING.length)]!;
				break;
			case 2: // random byte
				if (b.length) b[at] = int(256);
				break;
			case 3: // insert
				b = concat(b.subarray(0, at), Uint8Array.of(int(256)), b.subarray(at));
				break;
			case 4: // delete a range
				b = concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(16))));
				break;
			case 5: // truncate
				b = b.slice(0, int(b.length + 1));
				break;
			case 6: {
				// duplicate a range in place
				const len = 1 + int(32);
				b = concat(b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len));
				break;
			}
			default: {
				// splice: head of this input, tail of another sample
				const other = pick();
				b = concat(b.subarray(0, at), other.subarray(int(other.length + 1)));
			}
		}
	}
	return b;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** Rejects with a plain Error after `ms`, so a hang fails the case instead of the whole run. */
export function within<T>(ms: number, work: Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (a hang)`)), ms);
	});
	return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
