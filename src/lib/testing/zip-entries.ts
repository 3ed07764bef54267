/** Reads (name, Unix mode) of every entry from the zip's central directory (APPNOTE §4.3.12). */
export function centralModes(zip: Uint8Array): [string, number, number][] {
	const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
	const out: [string, number, number][] = [];
	for (let i = 0; i + 46 <= zip.length; i++) {
		if (view.getUint32(i, true) !== 0x02014b50) continue;
		const madeBy = view.getUint8(i + 5);
		const nameLength = view.getUint16(i + 28, true);
		const external = view.getUint32(i + 38, true);
		const name = new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength));
		out.push([name, madeBy, external >>> 16]);
	}
	return out;
}
