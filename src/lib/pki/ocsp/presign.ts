import type { CrlReasonName } from '../crl/reasons';
import type { PkiDeps } from '../deps';
import { certificateParts } from '../der/reader';
import { pem, pemCertificates } from '../der/pem';
import type { Bytes } from '../der/writer';
import type { CaIssuer } from '../issue/issuer';
import { caKeyPem } from '../key-export';
import { algorithmOfKey } from '../algorithms';
import { exportPkcs8 } from '../keys';
import { opensslIndex } from './index-txt';
import { responderPort, responderScript } from './lab-responder';
import { presignReadme } from './readme';
import { responderCommonName } from './names';
import { issueDelegatedResponder } from './responder-cert';
import { issuerHashes, keyHash, signOcspResponse, type ResponseDates, type ResponseSigner } from './response';

/** A certificate the CA issued, as the vault records it. */
export interface IssuedCertificateStatus {
	serialHex: string;
	subject: string;
	notAfter: Date;
	/** Where the certificate sits in the zip it went out in: the response goes beside it under the same name. */
	folder: string;
	certFile: string;
	revocation?: { revokedAt: Date; reason: CrlReasonName };
}

export type OcspSignerChoice = 'ca' | 'delegated';

export interface PresignInput {
	ca: CaIssuer;
	caName: string;
	/** The CA's parents, nearest first, ending with the root (absent for a root). */
	chainDer?: Bytes[];
	ocspUrl?: string;
	certificates: readonly IssuedCertificateStatus[];
	dates: ResponseDates;
	signedBy: OcspSignerChoice;
}

export type PresignedFileKind = 'public' | 'key' | 'script';

export interface PresignedFile {
	path: string;
	data: Uint8Array | string;
	kind: PresignedFileKind;
}

export interface PresignedResponse {
	path: string;
	serialHex: string;
	status: 'good' | 'revoked';
}

export interface PresignedSet {
	files: PresignedFile[];
	responses: PresignedResponse[];
	/** The responder certificate's DER when a delegated responder signed. */
	responderDer?: Bytes;
}

/**
 * Where each response goes: `<folder>/<certFile>.ocsp`, the name HAProxy looks for beside a `crt`
 * file (https://docs.haproxy.org/2.8/configuration.html#5.1-crt), so unzipping it over the bundle puts
 * each response next to its certificate. Certificates issued under the same path more than once (a
 * node re-issued, two certs-dirs) each go under a folder named by serial instead, and responses.txt
 * lists every file with its serial.
 */
function responsePaths(certificates: readonly IssuedCertificateStatus[]): string[] {
	const plain = certificates.map((c) => {
		const path = `${c.folder ? `${c.folder}/` : ''}${c.certFile}.ocsp`;
		// Records come from the vault or a restored backup: a path that could climb out of the folder it is
		// unzipped into is never written; its response goes under its serial alone.
		return safePath(path) ? path : `by-serial/${hexOnly(c.serialHex)}.ocsp`;
	});
	const count = new Map<string, number>();
	for (const p of plain) count.set(p, (count.get(p) ?? 0) + 1);
	return plain.map((p, i) => ((count.get(p) ?? 0) > 1 ? `by-serial/${hexOnly(certificates[i]!.serialHex)}/${p}` : p));
}

const hexOnly = (serialHex: string) => serialHex.replace(/[^0-9a-fA-F]/g, '');

/** Relative, no empty, "." or ".." segment, no backslash or control character. */
function safePath(path: string): boolean {
	if (path.includes('\\')) return false;
	for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) < 0x20) return false;
	return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** Certificates still worth an answer: not yet expired at thisUpdate (RFC 6960 §4.4.4 lets a responder stop at expiry). */
function current(certificates: readonly IssuedCertificateStatus[], at: Date): IssuedCertificateStatus[] {
	return certificates
		.filter((c) => c.notAfter.getTime() > at.getTime())
		.sort(
			(a, b) =>
				a.folder.localeCompare(b.folder) ||
				a.certFile.localeCompare(b.certFile) ||
				a.serialHex.localeCompare(b.serialHex)
		);
}

/**
 * Pre-signs one OCSP response for every current certificate of a CA (response.ts), signed by the CA or
 * by a delegated responder issued for the purpose, and lays out the files of its zip: the CA
 * certificate (and chain) that verifies them, the responses, responses.txt and a README; with a
 * delegated responder also the lab responder (index.txt, the responder's certificate and key, a start
 * script), which can answer live because its key, unlike the CA's, may leave the app.
 */
export async function presignOcsp(
	input: PresignInput,
	deps: PkiDeps,
	progress: (done: number, total: number) => void = () => {}
): Promise<PresignedSet> {
	const caDer = new Uint8Array(input.ca.certificate.rawData);
	const hashes = issuerHashes(certificateParts(caDer).subject, new Uint8Array(input.ca.certificate.publicKey.rawData));
	const delegated =
		input.signedBy === 'delegated'
			? await issueDelegatedResponder(input.ca, responderCommonName(input.caName), input.dates.nextUpdate, deps)
			: undefined;
	const signer: ResponseSigner = delegated?.signer ?? {
		key: input.ca,
		keyHash: keyHash(new Uint8Array(input.ca.certificate.publicKey.rawData))
	};
	const certificates = current(input.certificates, input.dates.thisUpdate);
	const paths = responsePaths(certificates);
	const files: PresignedFile[] = [{ path: 'ca.crt', data: pem(caDer, 'CERTIFICATE', true), kind: 'public' }];
	if (input.chainDer?.length)
		files.push({ path: 'ca-chain.crt', data: pemCertificates([caDer, ...input.chainDer]), kind: 'public' });
	const responses: PresignedResponse[] = [];
	for (const [i, certificate] of certificates.entries()) {
		const der = await signOcspResponse(signer, hashes, certificate, input.dates, deps);
		files.push({ path: paths[i]!, data: der, kind: 'public' });
		responses.push({
			path: paths[i]!,
			serialHex: certificate.serialHex,
			status: certificate.revocation ? 'revoked' : 'good'
		});
		progress(i + 1, certificates.length);
	}
	files.push({ path: 'responses.txt', data: responsesTable(responses, certificates), kind: 'public' });
	if (delegated) {
		const keyPem = caKeyPem(
			await exportPkcs8(delegated.keyPair.privateKey, deps.crypto),
			algorithmOfKey(delegated.keyPair.privateKey)
		);
		files.push(
			{ path: 'responder/ca.crt', data: pem(caDer, 'CERTIFICATE', true), kind: 'public' },
			{ path: 'responder/responder.crt', data: pem(delegated.certificateDer, 'CERTIFICATE', true), kind: 'public' },
			{ path: 'responder/responder.key', data: keyPem, kind: 'key' },
			{ path: 'responder/index.txt', data: opensslIndex(input.certificates), kind: 'public' },
			// unique_subject = no: leaves of one profile share a subject (every node is O=Cockroach, CN=node),
			// which OpenSSL's database refuses by default (apps/lib/apps.c load_index).
			{ path: 'responder/index.txt.attr', data: 'unique_subject = no\n', kind: 'public' },
			{ path: 'responder/start-ocsp-responder.sh', data: responderScript(responderPort(input.ocspUrl)), kind: 'script' }
		);
	}
	files.push({
		path: 'README.txt',
		data: presignReadme({
			caName: input.caName,
			dates: input.dates,
			delegated: Boolean(delegated),
			hasChain: Boolean(input.chainDer?.length),
			example: responses[0]?.path,
			ocspUrl: input.ocspUrl,
			port: responderPort(input.ocspUrl),
			count: responses.length
		}),
		kind: 'public'
	});
	return { files, responses, ...(delegated ? { responderDer: delegated.certificateDer } : {}) };
}

/** responses.txt: one tab-separated line per response (file, serial, status, subject), for scripts and people. */
function responsesTable(
	responses: readonly PresignedResponse[],
	certificates: readonly IssuedCertificateStatus[]
): string {
	const header = 'file\tserial\tstatus\tsubject\n';
	return (
		header +
		responses
			.map((r, i) => `${r.path}\t${r.serialHex}\t${r.status}\t${certificates[i]!.subject.replace(/[\t\r\n]/g, ' ')}\n`)
			.join('')
	);
}
