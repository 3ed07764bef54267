import { describe, expect, test } from 'vitest';
import { PkiError } from '../pki/errors';
import { FormAction } from './form-action.svelte';
import { FormDraft } from './form-draft.svelte';
import { WorkerTask } from './worker-task.svelte';

const typed = () => {
	const draft = new FormDraft(() => ({ name: 'Lab Root CA', passphrase: '', sans: ['localhost'] }));
	draft.values.name = 'Typed CA';
	draft.values.passphrase = 'a secret';
	draft.values.sans.push('10.0.0.5');
	return draft;
};

describe('FormDraft with FormAction and WorkerTask', () => {
	test('a success sets every value back to its start, secrets included', async () => {
		const draft = typed();
		const ok = await new FormAction(draft).run(async () => {});
		expect({ ok, values: draft.snapshot() }).toEqual({
			ok: true,
			values: { name: 'Lab Root CA', passphrase: '', sans: ['localhost'] }
		});
	});

	test('a failure leaves every value as typed, and the message names its input', async () => {
		const draft = typed();
		const form = new FormAction(draft);
		const ok = await form.run(async () => {
			throw new PkiError('name-invalid', 'Give the CA a name.', 'name');
		});
		expect({ ok, errors: form.errors, values: draft.snapshot() }).toEqual({
			ok: false,
			errors: { name: 'Give the CA a name.' },
			values: { name: 'Typed CA', passphrase: 'a secret', sans: ['localhost', '10.0.0.5'] }
		});
	});

	test('the action reads the typed values before the reset', async () => {
		const draft = typed();
		let seen = '';
		await new FormAction(draft).run(async () => {
			seen = draft.values.name;
		});
		expect({ seen, after: draft.values.name }).toEqual({ seen: 'Typed CA', after: 'Lab Root CA' });
	});

	test('a worker task resets its draft on success only (a cancel is no success)', async () => {
		const draft = typed();
		const task = new WorkerTask(draft);
		await expect(task.run(() => Promise.reject(new PkiError('cancelled', 'Cancelled.')))).rejects.toThrow();
		expect(draft.values.passphrase).toBe('a secret');
		expect(await task.run(async () => 'zip')).toBe('zip');
		expect(draft.values.passphrase).toBe('');
	});

	test('each reset starts from fresh values: nothing typed leaks into the next start', () => {
		const draft = typed();
		draft.reset();
		draft.values.sans.push('typed again');
		draft.reset();
		expect(draft.values.sans).toEqual(['localhost']);
	});
});
