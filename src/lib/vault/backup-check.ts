/**
 * A shape check of the records in an opened backup. The GCM tag already proves the file is the one
 * a copy of this app wrote, so this guards against a faulty writer, not an attacker: every record
 * the app reads later must have the fields it relies on, with the right types.
 */
type Check = (r: Record<string, unknown>) => boolean;

const str = (v: unknown) => typeof v === 'string';
const date = (v: unknown) => v instanceof Date && !Number.isNaN(v.getTime());
const bytes = (v: unknown) => v instanceof Uint8Array;
const obj = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uint8Array);

const CHECKS: Record<string, Check> = {
	cas: (r) => {
		const sealed = r['sealedKey'];
		if (!obj(sealed) || !obj(sealed['kdf']) || !obj(sealed['cipher'])) return false;
		return (
			str(r['id']) &&
			str(r['name']) &&
			str(r['keyAlgorithm']) &&
			bytes(r['certificateDer']) &&
			date(r['notBefore']) &&
			date(r['notAfter']) &&
			date(r['createdAt']) &&
			typeof sealed['format'] === 'number' &&
			bytes(sealed['ciphertext']) &&
			bytes(sealed['kdf']['salt']) &&
			typeof sealed['kdf']['iterations'] === 'number' &&
			bytes(sealed['cipher']['iv'])
		);
	},
	certificates: (r) =>
		str(r['id']) &&
		str(r['caId']) &&
		str(r['serialHex']) &&
		str(r['subject']) &&
		Array.isArray(r['sans']) &&
		str(r['certFile']) &&
		date(r['notBefore']) &&
		date(r['notAfter']) &&
		date(r['issuedAt'])
};

/** Returns what is wrong, or null. Stores this version does not know are only required to hold objects. */
export function checkBackupStores(stores: unknown): string | null {
	if (!obj(stores)) return 'no record list';
	for (const [name, records] of Object.entries(stores)) {
		if (name === 'meta') return 'device settings in a backup';
		if (!Array.isArray(records)) return `${name} is not a list`;
		const check = CHECKS[name];
		for (const record of records) {
			if (!obj(record)) return `a ${name} entry is not a record`;
			if (check && !check(record)) return `a ${name} record lacks a field`;
		}
	}
	return null;
}
