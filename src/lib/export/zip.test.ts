import { unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { centralModes } from '../testing/zip-entries';
import { MODE_KEY, MODE_PUBLIC, zipBundle } from './zip';

describe('zipBundle', () => {
	test('records Unix modes: keys 0600, certificates 0644, folders 0700, made by Unix', () => {
		const zip = zipBundle(
			[
				{ path: 'README.txt', data: 'hello', mode: MODE_PUBLIC },
				{ path: 'node1/ca.crt', data: 'ca', mode: MODE_PUBLIC },
				{ path: 'node1/node.key', data: 'key', mode: MODE_KEY }
			],
			new Date('2026-03-01T12:00:00Z')
		);
		expect(centralModes(zip)).toEqual([
			['node1/', 3, 0o040700],
			['README.txt', 3, 0o100644],
			['node1/ca.crt', 3, 0o100644],
			['node1/node.key', 3, 0o100600]
		]);
		const files = unzipSync(zip);
		expect(new TextDecoder().decode(files['node1/node.key'])).toBe('key');
	});

	test('refuses two files at one path', () => {
		expect(() =>
			zipBundle(
				[
					{ path: 'a.crt', data: '1', mode: MODE_PUBLIC },
					{ path: 'a.crt', data: '2', mode: MODE_PUBLIC }
				],
				new Date()
			)
		).toThrow(/Duplicate path/);
	});
});
