/**
 * The backup payload as JSON. IndexedDB records hold Dates and Uint8Arrays, which JSON cannot, so
 * they travel as one-key tagged objects ({"$date": ISO-8601}, {"$bytes": base64}); everything else
 * is plain JSON. Generic on purpose: a store added by a later schema is backed up without new code.
 */

export type StoreDump = Record<string, unknown[]>;

export function toBase64(bytes: Uint8Array): string {
	let binary = '';
	// Chunked: String.fromCharCode with a whole large array overflows the argument limit.
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}

/** Throws a plain Error on bad base64; callers turn it into the right PkiError. */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
	const binary = atob(text);
	const out = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
	return out;
}

export function encodeRecords(value: unknown): string {
	return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
		// JSON.stringify calls Date.toJSON before the replacer; the holder still has the Date.
		const raw = this[key];
		if (raw instanceof Date) return { $date: raw.toISOString() };
		if (raw instanceof Uint8Array) return { $bytes: toBase64(raw) };
		return v;
	});
}

export function decodeRecords(text: string): unknown {
	return JSON.parse(text, (_key, v: unknown) => {
		if (v && typeof v === 'object' && !Array.isArray(v)) {
			const keys = Object.keys(v);
			if (keys.length === 1 && keys[0] === '$date' && typeof (v as { $date: unknown }).$date === 'string') {
				const date = new Date((v as { $date: string }).$date);
				if (Number.isNaN(date.getTime())) throw new Error('bad date');
				return date;
			}
			if (keys.length === 1 && keys[0] === '$bytes' && typeof (v as { $bytes: unknown }).$bytes === 'string') {
				return fromBase64((v as { $bytes: string }).$bytes);
			}
		}
		return v;
	});
}
