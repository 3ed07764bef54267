import type { KeyAlgorithm } from '../algorithms';
import type { PkiDeps } from '../deps';
import { PkiError } from '../errors';
import { issuerOf, type SigningIssuer } from '../issue/issuer';
import { encodeLeafTbs, leafKeyFacts, leafSubjectText } from '../issue/leaf-tbs';
import { prepareLeaf, type LeafRequest, type LeafTemplate } from '../issue/prepare';
import { signTbs } from '../issue/sign';
import { spkiInfo, type KeyInfo } from '../parse/key-info';
import { getProfile, sanText, type LeafKind } from '../profiles';
import { x509 } from '../x509';
import { checkCsr } from './describe';
import { csrSubject, leafInputFor, parseSanList } from './names';
import { checkCsrSubjectText, checkKindAllows, checkNotAVaultCa, checkWildcards } from './subject-policy';

/** What the user chose for a leaf signed from a CSR. */
export interface CsrLeafChoice {
	profileId: string;
	kindId: string;
	/** The edited SAN list (see parseSanList). */
	sans: string;
	days: number;
	/** Values of the kind's choice fields (Elasticsearch's transportEku), which decide its EKU. */
	choices?: Record<string, string>;
}

export interface CsrSignedLeaf {
	certificateDer: Uint8Array<ArrayBuffer>;
	template: LeafTemplate;
	subject: string;
	/** What renewal re-asks for: the profile kind and an input that yields the same SANs. */
	request: LeafRequest;
}

/** The LeafRequest's keyAlgorithm for a key the app did not make: the nearest of ours, for display and renewal. */
function keyAlgorithmOf(key: KeyInfo): KeyAlgorithm {
	if (key.type === 'Ed25519') return 'Ed25519';
	if (key.type === 'EC') return key.curve === 'P-256' ? 'P-256' : 'P-384';
	return (key.bits ?? 0) >= 4096 ? 'RSA-4096' : (key.bits ?? 0) >= 3072 ? 'RSA-3072' : 'RSA-2048';
}

/**
 * Signs a node's CSR as a leaf of a profile kind. Boulder's rule: the CSR is untrusted input until
 * policy accepts it, so its key and signature are checked first (describe.ts), then prepareLeaf
 * applies the kind (EKU, validity inside the CA, serial, AIA/CRL locations) and refuses what the
 * profile does not allow. The subject policy (subject-policy.ts) refuses hidden characters, names
 * over RFC 5280's bounds, wildcards over a public suffix, a CA's name (`vaultCas`: the
 * certificates of the vault's CAs; the issuer is always included) and names the kind reserves.
 * The subject is the CSR's, the SANs are the list the user saw and
 * edited; key usage follows the key type (issue/leaf-tbs.ts). The CSR's public key goes into the
 * certificate byte for byte: the node's private key never reaches the app.
 */
export async function signCsrLeaf(
	csr: x509.Pkcs10CertificateRequest,
	choice: CsrLeafChoice,
	signingIssuer: SigningIssuer,
	deps: PkiDeps,
	vaultCas: readonly Uint8Array<ArrayBuffer>[] = []
): Promise<CsrSignedLeaf> {
	await checkCsr(csr, deps.crypto);
	const issuer = issuerOf(signingIssuer);
	const profile = getProfile(choice.profileId);
	const kind = profile.kinds[choice.kindId];
	if (!kind)
		throw new PkiError('choice-invalid', `${profile.label} has no certificate kind "${choice.kindId}".`, 'kind');
	checkCsrSubjectText(csr.subjectName);
	checkNotAVaultCa(csr.subjectName, [new Uint8Array(signingIssuer.certificate.rawData), ...vaultCas]);
	const subject = csrSubject(csr.subjectName);
	checkKindAllows(kind.refuseCsrSubject?.(subject));
	const sans = parseSanList(choice.sans);
	checkWildcards(subject, sans);
	if (subject.length === 0 && sans.length === 0)
		throw new PkiError(
			'host-empty',
			'The CSR has an empty subject, so the certificate needs at least one SAN.',
			'sans'
		);
	const spki = new Uint8Array(csr.publicKey.rawData);
	const key = spkiInfo(spki);
	const request: LeafRequest = {
		profileId: profile.id,
		kindId: kind.id,
		input: { ...leafInputFor(profile, kind, sans), ...choiceValues(kind, choice.choices) },
		days: choice.days,
		keyAlgorithm: keyAlgorithmOf(key)
	};
	let prepared: LeafTemplate;
	try {
		prepared = prepareLeaf(request, issuer.facts, deps);
	} catch (error) {
		// The profile's own name fields are not on this form; their refusal belongs to the SAN list.
		if (error instanceof PkiError && error.field !== 'validity') throw new PkiError(error.code, error.message, 'sans');
		throw error;
	}
	const template: LeafTemplate = { ...prepared, subject, sans };
	const tbs = encodeLeafTbs(template, leafKeyFacts(spki, key.type === 'RSA'), issuer);
	const certificateDer = await signTbs(issuer, tbs, deps);
	return { certificateDer, template, subject: leafSubjectText(template), request };
}

/** Only the kind's choice fields may be set this way, and only to one of their values. */
function choiceValues(kind: LeafKind, choices: Record<string, string> = {}): Record<string, string> {
	const out: Record<string, string> = {};
	for (const field of kind.fields) {
		const value = choices[field.id];
		if (field.choices && value !== undefined) {
			if (!field.choices.some((c) => c.value === value))
				throw new PkiError('choice-invalid', `"${value}" is not one of the choices of ${field.label}.`, field.id);
			out[field.id] = value;
		}
	}
	return out;
}

/** SAN strings as the inventory stores them. */
export const sanTexts = (template: LeafTemplate) => template.sans.map(sanText);
