import { describe, expect, test, vi } from 'vitest';
import { PkiError } from '../pki/errors';
import { FormAction } from './form-action.svelte';

describe('FormAction', () => {
	test('busy while the action runs; true and no messages when it succeeds', async () => {
		const form = new FormAction();
		form.errors = { form: 'an old message' };
		let busyInside = false;
		const ok = await form.run(async () => {
			busyInside = form.busy;
			expect(form.errors).toEqual({});
		});
		expect({ ok, busyInside, busyAfter: form.busy, errors: form.errors }).toEqual({
			ok: true,
			busyInside: true,
			busyAfter: false,
			errors: {}
		});
	});

	test("a PkiError's message goes next to the input it names; any other error is a form message", async () => {
		const form = new FormAction();
		const ok = await form.run(async () => {
			throw new PkiError('passphrase-wrong', 'That passphrase does not open this CA.', 'passphrase');
		});
		expect({ ok, busy: form.busy, errors: form.errors }).toEqual({
			ok: false,
			busy: false,
			errors: { passphrase: 'That passphrase does not open this CA.' }
		});

		const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
		await form.run(async () => {
			throw new TypeError('x is undefined');
		});
		expect(form.errors.passphrase).toBeUndefined();
		expect(form.errors.form).toMatch(/^Something went wrong that should not have: x is undefined\./);
		logged.mockRestore();
	});
});

describe('form messages and the error catalogue', () => {
	test('a message that does not say what to do is followed by the action for its code', async () => {
		const form = new FormAction();
		await form.run(async () => {
			throw new PkiError('ca-key-mismatch', 'The unlocked key does not belong to this CA certificate.', 'form');
		});
		expect(form.errors).toEqual({
			form: 'The unlocked key does not belong to this CA certificate. Restore the CA from a backup, or import it again with its own key.'
		});
	});
	test('a cancelled call is no error: no message, and cancelled is set until the next run', async () => {
		const form = new FormAction();
		const ok = await form.run(async () => {
			throw new PkiError('cancelled', 'Cancelled.');
		});
		expect({ ok, cancelled: form.cancelled, errors: form.errors }).toEqual({ ok: false, cancelled: true, errors: {} });
		await form.run(async () => {});
		expect(form.cancelled).toBe(false);
	});
});
