import { messageWithAction } from '../pki/error-catalogue';
import { isPkiError, type ErrorField } from '../pki/errors';

/** Messages keyed by the input they belong to; 'form' holds what belongs to no single input. */
export type FieldErrors = Partial<Record<ErrorField | 'form', string>>;

export function toFieldErrors(error: unknown): FieldErrors {
	if (isPkiError(error)) return { [error.field ?? 'form']: messageWithAction(error) };
	console.error(error);
	return {
		form: `Something went wrong that should not have: ${error instanceof Error ? error.message : String(error)}. Nothing was saved.`
	};
}
