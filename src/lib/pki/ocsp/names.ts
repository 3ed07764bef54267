/** The delegated responder's subject CN: the CA's name and its role, cut to X.520's 64-character upper bound for CN. */
export function responderCommonName(caName: string): string {
	const suffix = ' OCSP Responder';
	return `${caName.slice(0, 64 - suffix.length)}${suffix}`;
}

/** The zip the pre-signed set downloads as. */
export function presignZipName(caSlug: string): string {
	return `ocsp-${caSlug}.zip`;
}
