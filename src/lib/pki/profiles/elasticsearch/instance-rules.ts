import { parseDistinguishedName } from '../../dn';
import { PkiError } from '../../errors';
import { checkName, refuseHiddenCharacters } from '../../name-policy';
import { parseHost, validateDnsName, type SubjectAltName } from '../../names';
import type { Rdn } from '../profile';

/**
 * How elasticsearch-certutil checks an instance (CertificateTool.java: Name.fromUserProvidedName,
 * Name.isValidFilename, CertificateInformation.validate, getSubjectAlternativeNamesValue), shared
 * by the form and the instances.yml reader so both refuse the same things with the same words.
 * Each check throws a PkiError naming the field it belongs to.
 */

/** CertificateTool.ALLOWED_FILENAME_CHAR_PATTERN: 1 to 255 - ".p12".length characters from this set. */
const FILENAME = /^[a-zA-Z0-9!@#$%^&{}[\]()_+\-=,.~'` ]{1,251}$/;

/** The subject: the name as a DN when it contains "=", else CN=<name> (Name.fromUserProvidedName). */
export function instanceSubject(name: string, field: string): Rdn[] {
	if (name.trim().length === 0)
		throw new PkiError('name-invalid', "Enter the instance name: it becomes the certificate's common name.", field);
	// certutil refuses the name "ca": its zip keeps the CA in ca/ (Name.fromUserProvidedName).
	if (name === 'ca')
		throw new PkiError(
			'file-name-clash',
			'"ca" may not be used as an instance name: the bundle keeps the CA certificate in ca/.',
			field
		);
	if (name.includes('=')) return parseDistinguishedName(name, field);
	// A newline here would also end the comment line that names the node in sample-elasticsearch.yml.
	return [{ attr: 'CN', value: checkName('elasticsearch', 'instance', name, field) }];
}

/**
 * The folder and file prefix: the given filename, or the name itself (CertificateInformation's
 * default). Name.isValidFilename: only the pattern's characters, and no leading dot.
 */
export function instanceFilename(name: string, filename: string | undefined, field: string): string {
	const chosen = filename !== undefined && filename.length > 0 ? filename : name;
	refuseHiddenCharacters('File name', chosen, field);
	const help = "Use letters, digits, spaces and !@#$%^&{}[]()_+-=,.~'` only (at most 251), not starting with a dot";
	if (!FILENAME.test(chosen) || chosen.startsWith('.')) {
		const why = filename
			? `"${chosen}" is not a valid file name`
			: `The name "${chosen}" is not a valid file name, so give a filename`;
		throw new PkiError('name-invalid', `${why}. ${help}.`, field);
	}
	// Not a certutil rule: a node called "ca" would write ca/ca.crt over the CA certificate.
	if (chosen === 'ca')
		throw new PkiError(
			'file-name-clash',
			'The file name "ca" is taken by the CA certificate folder (ca/ca.crt); choose another.',
			field
		);
	return chosen;
}

/** An ip entry: IPv4 or IPv6 (certutil: InetAddresses.isInetAddress), in canonical text form. */
export function instanceIp(text: string, field: string): SubjectAltName {
	const san = parseHost(text, field);
	if (san.type !== 'ip')
		throw new PkiError('ip-invalid', `"${text}" is not an IP address: put host names under the DNS names.`, field);
	return san;
}

/**
 * A dns entry. certutil only checks that it is IA5 text; we also hold it to RFC 1034's preferred
 * syntax (what TLS hostname checks compare against) and refuse an address, which belongs under ip.
 */
export function instanceDns(text: string, field: string): SubjectAltName {
	if (/^[0-9.]+$/.test(text) || text.includes(':')) {
		throw new PkiError(
			'host-invalid',
			`"${text}" is an IP address, not a DNS name: list it under the IP addresses.`,
			field
		);
	}
	return { type: 'dns', value: validateDnsName(text, field) };
}

/** A cn entry: an otherName SAN with the commonName type id (CertGenUtils.createCommonName), any non-empty text. */
export function instanceCn(text: string, field: string): SubjectAltName {
	refuseHiddenCharacters('A cn entry', text, field);
	if (text.trim().length === 0) throw new PkiError('name-invalid', 'A cn entry is empty.', field);
	return { type: 'cn', value: text };
}

/** The SANs of an instance in a stable order (certutil uses a HashSet, so any order is certutil's). */
export function instanceSans(
	dns: readonly SubjectAltName[],
	ips: readonly SubjectAltName[],
	cns: readonly SubjectAltName[],
	field: string
): SubjectAltName[] {
	const seen = new Set<string>();
	const sans = [...dns, ...ips, ...cns].filter((san) => {
		const key = `${san.type}:${san.value}`;
		return !seen.has(key) && Boolean(seen.add(key));
	});
	// Not a certutil rule: our snippet sets verification_mode: full, which checks the peer's address
	// against these names (Elastic docs, security-settings.html, "ssl.verification_mode"), so a
	// certificate without any would fail every connection.
	if (!sans.some((s) => s.type === 'dns' || s.type === 'ip')) {
		throw new PkiError(
			'host-empty',
			"Give at least one DNS name or IP address: with verification_mode: full each node checks the other's address against them.",
			field
		);
	}
	return sans;
}
