import { describe, expect, test } from 'vitest';
import {
	checkAttributeValue,
	checkName,
	describeCharacter,
	FALLBACK_RULE,
	hiddenCharacter,
	nameRule,
	quoteName,
	RULES,
	X520_UPPER_BOUNDS
} from './name-policy';

const refused = (code: string, field: string, message: RegExp | string) =>
	expect.objectContaining({
		code,
		field,
		message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message)
	});

/** One character of each kind the policy refuses everywhere, and the words its message uses. */
const HIDDEN: [string, string][] = [
	['\u0000', 'U+0000 (a NUL)'],
	['\n', 'U+000A (a line break)'],
	['\r', 'U+000D (a carriage return)'],
	['\t', 'U+0009 (a tab)'],
	['\u001b', 'U+001B (an escape character)'],
	['\u007f', 'U+007F (a delete character)'],
	['\u0085', 'U+0085 (a control character)'],
	['\u200b', 'U+200B (a zero-width space)'],
	['\u200d', 'U+200D (a zero-width joiner)'],
	['\u200f', 'U+200F (a right-to-left mark)'],
	['\u202a', 'U+202A (a left-to-right embedding)'],
	['\u202b', 'U+202B (a right-to-left embedding)'],
	['\u202c', 'U+202C (a pop directional formatting)'],
	['\u202d', 'U+202D (a left-to-right override)'],
	['\u202e', 'U+202E (a right-to-left override)'],
	['\u2066', 'U+2066 (a left-to-right isolate)'],
	['\u2067', 'U+2067 (a right-to-left isolate)'],
	['\u2068', 'U+2068 (a first strong isolate)'],
	['\u2069', 'U+2069 (a pop directional isolate)'],
	['\u2028', 'U+2028 (a line separator)'],
	['\u2029', 'U+2029 (a paragraph separator)'],
	['\ufeff', 'U+FEFF (a zero-width no-break space (byte order mark))'],
	['\u00ad', 'U+00AD (an invisible formatting character)'],
	['\u{e0001}', 'U+E0001 (an invisible formatting character)']
];

const SYSTEM_FIELDS = Object.entries(RULES).flatMap(([system, fields]) =>
	Object.keys(fields).map((field) => [system, field] as const)
);

describe('rule 1: no control, format or separator character in any name of any system', () => {
	test.each(HIDDEN)('%j is found and described', (char, words) => {
		expect(hiddenCharacter(`web${char}x`)).toBe(char);
		expect(describeCharacter(char)).toBe(words);
	});

	test.each(SYSTEM_FIELDS)(
		'%s %s refuses each of them, naming the field, the code point and the rule',
		(system, field) => {
			const rule = nameRule(system, field);
			for (const [char, words] of HIDDEN) {
				const value = `web${char}x`;
				expect(() => checkName(system, field, value, 'the-input')).toThrow(
					refused('name-character-forbidden', 'the-input', `${rule.label} "web<U+`)
				);
				expect(() => checkName(system, field, value)).toThrow(expect.objectContaining({ field }));
				expect(() => checkName(system, field, value)).toThrow(
					expect.objectContaining({ message: expect.stringContaining(`${words} is not allowed; ${rule.takes}.`) })
				);
			}
		}
	);

	test('the message never carries the hidden character itself, and cuts a long value', () => {
		let message = '';
		try {
			checkName('consul', 'node', `web\u202ex${'a'.repeat(100)}`);
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toMatch(/^Node name "web<U\+202E>xa+…": U\+202E \(a right-to-left override\) is not allowed; /);
		expect(message).toContain("node names take letters, digits, '-' and '.' (Consul node names are DNS labels");
		expect(hiddenCharacter(message)).toBeUndefined();
		expect(quoteName('a\nb')).toBe('"a<U+000A>b"');
	});

	test('printable names of every alphabet pass rule 1', () => {
		for (const value of ['web-1', 'Zoë', 'データ', 'a b', 'a.b_c@d']) expect(hiddenCharacter(value)).toBeUndefined();
	});
});

describe('rule 2: each system takes its own characters and length', () => {
	const cases: [system: string, field: string, good: string[], bad: [string, RegExp][]][] = [
		[
			'cockroachdb',
			'user',
			['root', 'app_user', 'ann.lee-2', 'Zoë', '_x'],
			[
				['web$(touch x)', /U\+0024 \("\$"\) is not allowed/],
				['../etc', /U\+002F \("\/"\) is not allowed/],
				['.etc', /may not start with "\."/],
				['-bob', /may not start with "-"/],
				['a/b', /U\+002F \("\/"\) is not allowed/],
				['é'.repeat(32), /it is 64 bytes long, more than 63/]
			]
		],
		[
			'consul',
			'node',
			['consul-server-0', 'web.lab'],
			[
				['web$(touch x)', /U\+0024/],
				['bad_node', /U\+005F \("_"\) is not allowed/],
				['a b', /U\+0020 \(a space character\)/],
				['n'.repeat(64), /64 bytes long, more than 63/]
			]
		],
		[
			'consul',
			'user',
			['agent-1', 'web2'],
			[
				['web$(touch x)', /U\+0024/],
				['../../x', /U\+002E \("\."\) is not allowed/],
				['/etc/x', /U\+002F/],
				['a'.repeat(64), /more than 63/]
			]
		],
		['consul', 'datacenter', ['dc1', 'eu-west'], [['dc.1', /U\+002E/]]],
		[
			'elasticsearch',
			'instance',
			['node-1', 'node 1 (search)', 'ünïcode'],
			[
				['x'.repeat(65), /65 characters long, more than 64/],
				['', /it is empty/]
			]
		],
		['etcd', 'member', ['node1', 'm_1'], [['m 1', /U\+0020/]]],
		['etcd', 'user', ['alice', 'a@b.c'], [['$(id)', /U\+0024/]]],
		[
			'postgresql',
			'user',
			['postgres', 'app_rw'],
			[
				['x;DROP', /U\+003B/],
				['a'.repeat(64), /more than 63/]
			]
		],
		['mtls', 'user', ['client1'], [['.hidden', /may not start with "\."/]]],
		[
			'dns',
			'host',
			['db1.example.com', '*.lab.internal'],
			[
				['a_b.example', /U\+005F/],
				['x'.repeat(254), /more than 253/]
			]
		],
		['a-profile-without-rules', 'user', ['alice'], [['a/b', /U\+002F/]]]
	];

	test.each(cases)('%s %s', (system, field, good, bad) => {
		const rule = nameRule(system, field);
		for (const value of good) expect(checkName(system, field, value)).toBe(value);
		for (const [value, why] of bad) {
			expect(() => checkName(system, field, value, 'input')).toThrow(refused(rule.code, 'input', why));
			expect(() => checkName(system, field, value)).toThrow(
				expect.objectContaining({ message: expect.stringContaining(rule.takes) })
			);
		}
	});

	test('every rule of the table is tested above, and unknown systems fall back to the portable set', () => {
		const tested = new Set(cases.map(([s, f]) => `${s}/${f}`));
		expect(SYSTEM_FIELDS.filter(([s, f]) => !tested.has(`${s}/${f}`))).toEqual([]);
		expect(nameRule('not-a-system', 'user')).toBe(FALLBACK_RULE);
	});

	test('every rule cites where it comes from', () => {
		for (const [system, field] of SYSTEM_FIELDS) expect(nameRule(system, field).takes).toMatch(/\(.+\)$/);
	});
});

describe('X.520 attribute values (RFC 5280 Appendix A.1)', () => {
	test.each(Object.entries(X520_UPPER_BOUNDS))('%s takes at most %i characters', (attr, bound) => {
		const letter = attr === 'C' ? 'U' : 'é';
		expect(checkAttributeValue(attr, letter.repeat(bound), 'f')).toBe(letter.repeat(bound));
		expect(() => checkAttributeValue(attr, letter.repeat(bound + 1), 'f')).toThrow(
			refused('name-invalid', 'f', `${attr} takes at most ${bound} characters (RFC 5280 Appendix A.1)`)
		);
	});

	test('hidden characters are refused in every attribute, known or not', () => {
		for (const attr of ['CN', 'O', 'OU', 'L', 'ST', 'C', 'DC', '2.5.4.5'])
			expect(() => checkAttributeValue(attr, 'a\u0000b', 'f')).toThrow(
				refused('name-character-forbidden', 'f', 'U+0000')
			);
	});
});
