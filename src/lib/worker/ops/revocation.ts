import { signCrl, type CrlEntryInput } from '../../pki/crl/build';
import { pem } from '../../pki/der/pem';
import { x509 } from '../../pki/x509';
import type { OperationHandlers } from '../operation-types';

/** Revocation and CRL publishing, and the CA facts the expiry dashboard lists. */
export type RevocationRequest =
	/** Signs a CRL with an unlocked CA key; the page chose the number and the dates and keeps the CA record. */
	| {
			op: 'signCrl';
			caCertificateDer: Uint8Array<ArrayBuffer>;
			privateKey: CryptoKey;
			number: number;
			thisUpdate: Date;
			nextUpdate: Date;
			entries: CrlEntryInput[];
	  }
	/** Subject and serial of CA certificates, read here so the page needs no X.509 parser. */
	| { op: 'describeCaCertificates'; certificatesDer: Uint8Array<ArrayBuffer>[] };

export interface SignedCrl {
	der: Uint8Array<ArrayBuffer>;
	/** The same bytes as PEM with the "X509 CRL" label (RFC 7468 §6), ending in a newline. */
	pem: string;
}

export interface CaCertificateFacts {
	subject: string;
	serialHex: string;
}

export interface RevocationValues {
	signCrl: SignedCrl;
	describeCaCertificates: CaCertificateFacts[];
}

export const revocationOperations: OperationHandlers<RevocationRequest, RevocationValues> = {
	signCrl: async (request, ctx) => {
		const issuer = { certificate: new x509.X509Certificate(request.caCertificateDer), privateKey: request.privateKey };
		const der = await signCrl(issuer, request, ctx.deps);
		return { der, pem: pem(der, 'X509 CRL', true) };
	},

	describeCaCertificates: async (request) =>
		request.certificatesDer.map((der) => {
			const certificate = new x509.X509Certificate(der);
			return { subject: certificate.subject, serialHex: certificate.serialNumber.toLowerCase() };
		})
};
