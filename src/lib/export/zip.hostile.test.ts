import { unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { MODE_PUBLIC, zipBundle } from './zip';

/**
 * The zip writer is the last line of defence against zip-slip: whatever a profile or a lab planned,
 * an entry that would land outside the folder the zip is unzipped into, or that hides characters,
 * is never written.
 */
const MTIME = new Date('2026-03-01T12:00:00Z');
const zipOf = (path: string) => zipBundle([{ path, data: 'x', mode: MODE_PUBLIC }], MTIME);

describe('zip entry paths', () => {
	test.each([
		['a parent-folder segment', 'client-a/../../evil.sh', '"." or ".." segment'],
		['a leading parent folder', '../evil.sh', '"." or ".." segment'],
		['an absolute path', '/etc/cron.d/evil', 'absolute'],
		['a backslash', 'client\\..\\evil.sh', 'backslash'],
		['an empty segment', 'client//evil.sh', 'empty'],
		['a trailing slash', 'client/', 'empty'],
		['a "." segment', './evil.sh', '"." or ".." segment'],
		['a drive letter', 'C:evil.sh', 'drive letter'],
		['a newline', 'client\n/evil.sh', 'control or formatting character'],
		['a right-to-left override', 'client/evil\u202ehs.txt', 'control or formatting character'],
		['nothing', '', 'empty']
	])('%s is refused', (_, path, why) => {
		expect(() => zipOf(path)).toThrow(why);
	});

	test('ordinary nested paths are written, their folders first', () => {
		const entries = unzipSync(zipOf('node1/certs/node.crt'));
		expect(Object.keys(entries)).toEqual(['node1/', 'node1/certs/', 'node1/certs/node.crt']);
	});
});
