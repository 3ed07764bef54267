import { slug } from '../../export/slug';
import { signedFiles, type SignedFiles } from '../../export/signed-files';
import { pem } from '../../pki/der/pem';
import { caCsr } from '../../pki/csr/ca-csr';
import { checkCsr, type CsrSummary } from '../../pki/csr/describe';
import { matchSignedCa, type SignedCaImport } from '../../pki/csr/import-signed';
import { readCertificates, readCsr } from '../../pki/csr/read';
import { signCsrCa, type CsrCaChoice } from '../../pki/csr/sign-ca';
import { sanTexts, signCsrLeaf, type CsrLeafChoice } from '../../pki/csr/sign-leaf';
import { issuerChain } from '../../pki/issue/chain';
import { x509 } from '../../pki/x509';
import type { OperationHandlers } from '../operation-types';
import type { IssuedCertificate, UnlockedCa } from '../protocol';

type Der = Uint8Array<ArrayBuffer>;

/** CSR signing, a CSR for one of our CAs, and importing the certificate an outside root signed. */
export type CsrRequest =
	/** Reads and checks a pasted or uploaded CSR (PEM or DER) and says what it asks for. */
	| { op: 'csrDescribe'; csr: Der }
	/** Signs a CSR as a leaf of a profile kind, or as an intermediate CA, under an unlocked CA. */
	| {
			op: 'csrSign';
			csr: Der;
			issuer: UnlockedCa;
			choice: ({ mode: 'leaf' } & CsrLeafChoice) | ({ mode: 'ca' } & CsrCaChoice);
	  }
	/** A CSR for one of our CAs, signed with its unlocked key. */
	| { op: 'caCsr'; certificateDer: Der; privateKey: CryptoKey }
	/** Checks the certificate an outside root signed for one of our CAs, and its chain. */
	| { op: 'caImportSigned'; currentDer: Der; signed: Der; chain: Der }
	/** Subjects of a stored chain, nearest first, so the page can name an outside root without an X.509 parser. */
	| { op: 'chainSubjects'; chainDer: Der[] };

export interface CsrSigned extends SignedFiles {
	zipName: string;
	/** What the inventory records; the page adds the id, the time and origin 'csr'. */
	record: IssuedCertificate | Omit<IssuedCertificate, 'request'>;
}

export interface CsrValues {
	csrDescribe: CsrSummary;
	csrSign: CsrSigned;
	caCsr: { pem: string };
	caImportSigned: SignedCaImport;
	chainSubjects: string[];
}

/** The file name of a signed certificate: its CN as a slug, which the form also shows. */
const fileName = (csr: x509.Pkcs10CertificateRequest) => slug(csr.subjectName.getField('CN')[0] ?? 'certificate');

export const csrOperations: OperationHandlers<CsrRequest, CsrValues> = {
	csrDescribe: async (request, ctx) => checkCsr(readCsr(request.csr), ctx.deps.crypto),

	csrSign: async (request, ctx) => {
		const csr = readCsr(request.csr);
		const { issuer, choice } = request;
		const signing = {
			certificate: new x509.X509Certificate(issuer.certificateDer),
			privateKey: issuer.privateKey,
			name: issuer.name,
			locations: issuer.locations
		};
		const chain = issuerChain(issuer);
		const name = fileName(csr);
		const now = ctx.deps.now();
		if (choice.mode === 'leaf') {
			const leaf = await signCsrLeaf(csr, choice, signing, ctx.deps);
			const { template } = leaf;
			return {
				zipName: `${name}-signed.zip`,
				...signedFiles(name, leaf.certificateDer, chain, now),
				record: {
					caId: issuer.id,
					serialHex: template.serialHex,
					subject: leaf.subject,
					sans: sanTexts(template),
					profileId: template.profileId,
					kindId: template.kindId,
					folder: '',
					certFile: `${name}.crt`,
					notBefore: template.notBefore,
					notAfter: template.notAfter,
					certificateDer: leaf.certificateDer,
					request: leaf.request
				}
			};
		}
		const ca = await signCsrCa(csr, choice, signing, ctx.deps);
		const certificateDer = new Uint8Array(ca.rawData);
		const san = ca.getExtension(x509.SubjectAlternativeNameExtension);
		return {
			zipName: `${name}-signed.zip`,
			...signedFiles(name, certificateDer, chain, now),
			record: {
				caId: issuer.id,
				serialHex: ca.serialNumber.toLowerCase(),
				subject: ca.subject,
				sans: (san?.names.items ?? []).map((n) => `${n.type === 'url' ? 'URI' : n.type.toUpperCase()}:${n.value}`),
				profileId: 'csr',
				kindId: 'intermediate-ca',
				folder: '',
				certFile: `${name}.crt`,
				notBefore: ca.notBefore,
				notAfter: ca.notAfter,
				certificateDer
			}
		};
	},

	caCsr: async (request, ctx) => {
		const csr = await caCsr(new x509.X509Certificate(request.certificateDer), request.privateKey, ctx.deps);
		return { pem: pem(new Uint8Array(csr.rawData), 'CERTIFICATE REQUEST', true) };
	},

	caImportSigned: async (request, ctx) => {
		const given = [
			...readCertificates(request.signed, 'signedCert'),
			...(request.chain.length > 0 ? readCertificates(request.chain, 'chain') : [])
		];
		return matchSignedCa(new x509.X509Certificate(request.currentDer), given, ctx.deps.now(), ctx.deps.crypto);
	},

	chainSubjects: async (request) => request.chainDer.map((der) => new x509.X509Certificate(der).subject)
};
