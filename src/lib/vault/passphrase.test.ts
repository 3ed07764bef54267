import { describe, expect, test } from 'vitest';
import { checkNewPassphrase, passphraseStrength } from './passphrase';

describe('passphrase', () => {
	test.each([
		['', 0],
		['short', 0],
		['aaaaaaaaaaaa', 1],
		['password1234', 1],
		['Password!1234', 1],
		['correct horse battery', 2],
		['correct horse battery staple 42', 3],
		['Tr0ub4dour&3 purple-monkey dishwasher', 4]
	])('%j scores %i', (passphrase, score) => {
		expect(passphraseStrength(passphrase).score).toBe(score);
	});

	test('a new passphrase must be long enough and typed the same twice', () => {
		expect(() => checkNewPassphrase('short', 'short')).toThrow(
			expect.objectContaining({ code: 'passphrase-too-short', field: 'passphrase' })
		);
		expect(() => checkNewPassphrase('correct horse battery', 'correct horse batterY')).toThrow(
			expect.objectContaining({ code: 'passphrase-mismatch', field: 'passphraseConfirm' })
		);
		expect(() => checkNewPassphrase('correct horse battery', 'correct horse battery')).not.toThrow();
	});
});
