import { run, type RunResult } from './run';

/** X.509 purposes `openssl verify -purpose` checks against keyUsage/extendedKeyUsage. */
export type Purpose = 'sslserver' | 'sslclient';

/** `openssl verify -CAfile <ca> -purpose <purpose> <cert>`: exit 0 and "<cert>: OK" when the chain and purpose hold. */
export function opensslVerify(caFile: string, purpose: Purpose, certFile: string): Promise<RunResult> {
	return run('openssl', ['verify', '-CAfile', caFile, '-purpose', purpose, certFile]);
}

/** Subject (RFC 2253 order), SANs and extended key usage of a certificate, as openssl prints them. */
export async function describeCertificate(certFile: string): Promise<string> {
	const result = await run('openssl', [
		'x509',
		'-in',
		certFile,
		'-noout',
		'-subject',
		'-nameopt',
		'RFC2253',
		'-ext',
		'subjectAltName,extendedKeyUsage'
	]);
	if (result.code !== 0) throw new Error(`openssl x509 could not read ${certFile}: ${result.stderr}`);
	return result.stdout;
}

/** The public key of a certificate and of a private key, both as SPKI PEM, so a test can compare them. */
export async function publicKeys(certFile: string, keyFile: string): Promise<{ fromCert: string; fromKey: string }> {
	const cert = await run('openssl', ['x509', '-in', certFile, '-noout', '-pubkey']);
	// -passin pass: makes an encrypted key fail at once instead of prompting.
	const key = await run('openssl', ['pkey', '-in', keyFile, '-pubout', '-passin', 'pass:']);
	if (cert.code !== 0) throw new Error(`openssl x509 could not read ${certFile}: ${cert.stderr}`);
	if (key.code !== 0) throw new Error(`openssl pkey could not read ${keyFile}: ${key.stderr}`);
	return { fromCert: cert.stdout, fromKey: key.stdout };
}
