import type { InputFile } from '$lib/pki/parse';

/**
 * Files from an <input type=file> (a folder via webkitdirectory keeps its relative paths) or a drop
 * (folders walked through the File and Directory Entries API). Browsers do not expose Unix modes of
 * files on disk; modes come from zips only (the parse core reads them).
 */
export async function fromFileList(list: FileList | File[]): Promise<InputFile[]> {
	return Promise.all(
		Array.from(list, async (f) => ({
			name: f.webkitRelativePath || f.name,
			bytes: new Uint8Array(await f.arrayBuffer())
		}))
	);
}

export async function fromDrop(data: DataTransfer): Promise<InputFile[]> {
	const entries = Array.from(data.items, (i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
	if (entries.length === 0) return fromFileList(data.files);
	const out: InputFile[] = [];
	for (const e of entries) await walk(e, out);
	return out;
}

async function walk(entry: FileSystemEntry, out: InputFile[]): Promise<void> {
	if (entry.isFile) {
		const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
		out.push({ name: entry.fullPath.replace(/^\//, ''), bytes: new Uint8Array(await file.arrayBuffer()) });
		return;
	}
	const reader = (entry as FileSystemDirectoryEntry).createReader();
	// readEntries returns the entries in batches until it returns an empty one.
	for (;;) {
		const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
		if (batch.length === 0) break;
		for (const child of batch) await walk(child, out);
	}
}

export const pasted = (text: string, n: number): InputFile => ({
	name: `pasted text ${n}`,
	bytes: new TextEncoder().encode(text)
});
