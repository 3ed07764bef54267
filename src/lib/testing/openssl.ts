/** A fresh unencrypted P-256 key, as `openssl req` makes one. */
const NEW_P256_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/**
 * `openssl req -x509` arguments for a self-signed P-256 certificate valid 30 days, with its
 * unencrypted PKCS#8 key, the seed the parse tests build their inputs from; each extension becomes
 * one `-addext` (OpenSSL 3 apps/req.c).
 */
export function selfSignedP256(
	keyFile: string,
	certFile: string,
	subject: string,
	extensions: string[] = []
): string[] {
	return [
		'req',
		'-x509',
		...NEW_P256_KEY,
		'-keyout',
		keyFile,
		'-out',
		certFile,
		'-subj',
		subject,
		'-days',
		'30',
		...extensions.flatMap((e) => ['-addext', e])
	];
}

/** `openssl req -new` arguments for a fresh unencrypted P-256 key and its CSR, a leaf as a service makes it. */
export function newP256Csr(keyFile: string, csrFile: string, subject: string): string[] {
	return ['req', '-new', ...NEW_P256_KEY, '-keyout', keyFile, '-out', csrFile, '-subj', subject];
}

/** `openssl req -new` arguments for a CSR signed by an existing key, each extension one `-addext`. */
export function csrFor(keyFile: string, csrFile: string, subject: string, extensions: string[] = []): string[] {
	return [
		'req',
		'-new',
		'-key',
		keyFile,
		'-subj',
		subject,
		...extensions.flatMap((e) => ['-addext', e]),
		'-out',
		csrFile
	];
}

/** `openssl x509 -req` arguments: a CSR signed by a CA's certificate and key, its extensions from a file. */
export function signedBy(
	csrFile: string,
	ca: { cert: string; key: string },
	days: number,
	extFile: string,
	outFile: string
): string[] {
	return [
		'x509',
		'-req',
		'-in',
		csrFile,
		'-CA',
		ca.cert,
		'-CAkey',
		ca.key,
		'-CAcreateserial',
		'-days',
		String(days),
		'-extfile',
		extFile,
		'-out',
		outFile
	];
}
