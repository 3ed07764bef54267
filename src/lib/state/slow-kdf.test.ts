import { describe, expect, test } from 'vitest';
import { PkiError } from '../pki/errors';
import { withSlowKdfConfirm } from './slow-kdf';

const slow = new PkiError('kdf-slow-confirm', 'The PKCS#12 file asks for 3,000,000 key-derivation rounds.');

describe('withSlowKdfConfirm', () => {
	test('asks with the message and reads again with allowSlowKdf when the user agrees', async () => {
		const calls: boolean[] = [];
		const asked: string[] = [];
		const value = await withSlowKdfConfirm(
			async (allow) => {
				calls.push(allow);
				if (!allow) throw slow;
				return 'read';
			},
			(message) => (asked.push(message), true)
		);
		expect({ value, calls, asked }).toEqual({ value: 'read', calls: [false, true], asked: [slow.message] });
	});

	test('a user who declines gets the error; other errors are not asked about', async () => {
		await expect(
			withSlowKdfConfirm(
				() => Promise.reject(slow),
				() => false
			)
		).rejects.toBe(slow);
		const wrong = new PkiError('password-wrong', 'wrong');
		let asked = false;
		await expect(
			withSlowKdfConfirm(
				() => Promise.reject(wrong),
				() => (asked = true)
			)
		).rejects.toBe(wrong);
		expect(asked).toBe(false);
	});
});
