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
import type { PkiDeps } from '../../pki/deps';
import type { OperationGroup } from '../operation-types';
import { recordIssued, type RecordTarget } from '../record-issued';
import type { IssuedCertificate, UnlockedCa } from '../types';

type Der = Uint8Array<ArrayBuffer>;

type CsrChoice = ({ mode: 'leaf' } & CsrLeafChoice) | ({ mode: 'ca' } & CsrCaChoice);

export interface CsrSignRequest {
	csr: Der;
	issuer: UnlockedCa;
	choice: CsrChoice;
	/** When set, the certificate is recorded in the vault before the answer (record-issued.ts). */
	recordIn?: RecordTarget;
	/** Certificates of every CA in the vault: a CSR may not ask for one of their names (csr/subject-policy.ts). */
	vaultCas?: Der[];
}

export interface CsrSigned extends SignedFiles {
	zipName: string;
	/** The certificate as issued: what the inventory records, with its DER (a renewal keeps its public key). */
	record: IssuedCertificate | Omit<IssuedCertificate, 'request'>;
}

/** The file name of a signed certificate: its CN as a slug, which the form also shows. */
const fileName = (csr: x509.Pkcs10CertificateRequest) => slug(csr.subjectName.getField('CN')[0] ?? 'certificate');

/** CSR signing, a CSR for one of our CAs, and importing the certificate an outside root signed for it. */
export const csrOperations = {
	/** Reads and checks a pasted or uploaded CSR (PEM or DER) and says what it asks for. */
	csrDescribe: async (request: { csr: Der }, ctx): Promise<CsrSummary> =>
		checkCsr(readCsr(request.csr), ctx.deps.crypto),

	/** Signs a CSR as a leaf of a profile kind, or as an intermediate CA, under an unlocked CA; records it when asked. */
	csrSign: async (request: CsrSignRequest, ctx): Promise<CsrSigned> => {
		const signed = await signCsr(request, ctx.deps);
		if (request.recordIn) await recordIssued([signed.record], request.recordIn);
		return signed;
	},

	/** A CSR for one of our CAs, signed with its unlocked key. */
	caCsr: async (request: { certificateDer: Der; privateKey: CryptoKey }, ctx): Promise<{ pem: string }> => {
		const csr = await caCsr(new x509.X509Certificate(request.certificateDer), request.privateKey, ctx.deps);
		return { pem: pem(new Uint8Array(csr.rawData), 'CERTIFICATE REQUEST', true) };
	},

	/** Checks the certificate an outside root signed for one of our CAs, and its chain. */
	caImportSigned: async (request: { currentDer: Der; signed: Der; chain: Der }, ctx): Promise<SignedCaImport> => {
		const given = [
			...readCertificates(request.signed, 'signedCert'),
			...(request.chain.length > 0 ? readCertificates(request.chain, 'chain') : [])
		];
		return matchSignedCa(new x509.X509Certificate(request.currentDer), given, ctx.deps.now(), ctx.deps.crypto);
	},

	/** Subjects of a stored chain, nearest first, so the page can name an outside root without an X.509 parser. */
	chainSubjects: async (request: { chainDer: Der[] }): Promise<string[]> =>
		request.chainDer.map((der) => new x509.X509Certificate(der).subject)
} satisfies OperationGroup;

/** The certificate a CSR asked for, signed under the lent CA, and its files (chain and CA file as a bundle ships them). */
async function signCsr(
	{ csr: csrBytes, issuer, choice, vaultCas = [] }: CsrSignRequest,
	deps: PkiDeps
): Promise<CsrSigned> {
	const csr = readCsr(csrBytes);
	const signing = {
		certificate: new x509.X509Certificate(issuer.certificateDer),
		privateKey: issuer.privateKey,
		name: issuer.name,
		locations: issuer.locations
	};
	const chain = issuerChain(issuer);
	const name = fileName(csr);
	const now = deps.now();
	// The issuer's parents and the CAs it still trusts are CAs too, whether or not the vault holds them.
	const cas = [...vaultCas, ...(issuer.chainDer ?? []), ...(issuer.alsoTrustedDer ?? [])];
	if (choice.mode === 'leaf') {
		const leaf = await signCsrLeaf(csr, choice, signing, deps, cas);
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
	const ca = await signCsrCa(csr, choice, signing, deps, cas);
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
}
