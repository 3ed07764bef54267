/**
 * The only code that hands bytes to the browser as a file. A blob: URL is local to the page, so a
 * download makes no request (the app makes none after loading); the URL is revoked once the click has been dispatched.
 */
export function downloadBytes(fileName: string, bytes: Uint8Array<ArrayBuffer>, type = 'application/zip'): void {
	const url = URL.createObjectURL(new Blob([bytes], { type }));
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	link.rel = 'noopener';
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}
