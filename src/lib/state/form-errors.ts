import { messageWithAction } from '../pki/error-catalogue';
import { isPkiError, type ErrorField } from '../pki/errors';

/** Messages keyed by the input they belong to; 'form' holds what belongs to no single input. */
export type FieldErrors = Partial<Record<ErrorField | 'form', string>>;

/** A call the user cancelled is no error: it gives no message (the form says "Cancelled." instead). */
export function toFieldErrors(error: unknown): FieldErrors {
	if (isPkiError(error) && error.code === 'cancelled') return {};
	if (isPkiError(error)) return { [error.field ?? 'form']: messageWithAction(error) };
	console.error(error);
	return {
		form: `Something went wrong that should not have: ${error instanceof Error ? error.message : String(error)}. Nothing was saved.`
	};
}
