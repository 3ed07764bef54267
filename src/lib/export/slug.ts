/**
 * A file-name-safe slug of a CA name, used in the zip names the app offers. Its own module so the
 * page can name a download without loading the bundle builders into its chunk.
 */
export function slug(text: string): string {
	const s = text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	return s.length > 0 ? s.slice(0, 48) : 'ca';
}
