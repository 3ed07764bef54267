import { describe, expect, test } from 'vitest';
import { slug } from './slug';

/** Download names derived from a CA or CN: only a-z, 0-9 and '-', whatever the name held. */
describe('slug', () => {
	test.each([
		['Lab Root CA', 'lab-root-ca'],
		['Zoë Ünïcode', 'zoe-unicode'],
		['../../etc/passwd', 'etc-passwd'],
		['/abs\\path', 'abs-path'],
		['web$(touch x)', 'web-touch-x'],
		['invoice\u202Efdp.exe', 'invoice-fdp-exe'],
		['a\u0000b\nc', 'a-b-c'],
		['\u200b\u2066', 'ca']
	])('%j becomes %j', (name, expected) => {
		expect(slug(name)).toBe(expected);
		expect(slug(name)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
	});

	test('a long name is cut to 48 characters', () => {
		expect(slug('x'.repeat(500))).toHaveLength(48);
	});
});
