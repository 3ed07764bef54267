import { PkiError } from './errors';
import { checkAttributeValue, refuseHiddenCharacters } from './name-policy';
import type { NameAttribute, Rdn } from './profiles/profile';

/**
 * Reads a distinguished name written the way Java's X500Principal(String) reads it (RFC 2253 /
 * RFC 4514 string form): "CN=node-1, OU=search, O=Example", most specific first, values quoted or
 * with backslash escapes. elasticsearch-certutil accepts an instance name containing "=" as such a
 * DN (CertificateTool.Name.fromUserProvidedName). Only the attributes a profile can write are
 * accepted; multi-valued RDNs ("+") are refused rather than silently split.
 * Returns the RDNs most general first, as certificates store them (RFC 4514 §2.1 reverses them).
 */
const KEYWORDS: Readonly<Record<string, NameAttribute>> = {
	CN: 'CN',
	O: 'O',
	OU: 'OU',
	L: 'L',
	ST: 'ST',
	S: 'ST',
	C: 'C',
	'2.5.4.3': 'CN',
	'2.5.4.10': 'O',
	'2.5.4.11': 'OU',
	'2.5.4.7': 'L',
	'2.5.4.8': 'ST',
	'2.5.4.6': 'C'
};

export function parseDistinguishedName(text: string, field: string): Rdn[] {
	refuseHiddenCharacters('Distinguished name', text, field);
	const fail = (why: string) =>
		new PkiError('name-invalid', `"${text}" is not a distinguished name Elasticsearch's tools accept: ${why}.`, field);
	const rdns: Rdn[] = [];
	let i = 0;
	const skipSpaces = () => {
		while (text[i] === ' ') i++;
	};
	while (i < text.length) {
		skipSpaces();
		const eq = text.indexOf('=', i);
		if (eq < 0) throw fail(`"${text.slice(i).trim()}" has no "="`);
		const keyword = text.slice(i, eq).trim();
		const attr = KEYWORDS[keyword.toUpperCase()];
		if (!attr) throw fail(`"${keyword}" is not one of CN, O, OU, L, ST or C`);
		i = eq + 1;
		skipSpaces();
		let value = '';
		if (text[i] === '"') {
			i++;
			while (i < text.length && text[i] !== '"') {
				if (text[i] === '\\') i++;
				value += text[i] ?? '';
				i++;
			}
			if (text[i] !== '"') throw fail('a quoted value is not closed');
			i++;
			skipSpaces();
		} else {
			let trailing = 0;
			while (i < text.length && text[i] !== ',' && text[i] !== ';' && text[i] !== '+') {
				if (text[i] === '\\') {
					i++;
					if (i >= text.length) throw fail('it ends with a lone backslash');
					value += text[i];
					trailing = 0;
				} else {
					value += text[i];
					trailing = text[i] === ' ' ? trailing + 1 : 0;
				}
				i++;
			}
			value = value.slice(0, value.length - trailing);
		}
		if (text[i] === '+') throw fail('multi-valued RDNs ("+") are not supported');
		if (value.length === 0) throw fail(`${attr} has an empty value`);
		checkAttributeValue(attr, value, field);
		if (attr === 'C' && !/^[A-Za-z]{2}$/.test(value)) throw fail(`C must be a two-letter country code, not "${value}"`);
		rdns.push({ attr, value });
		if (i < text.length) {
			if (text[i] !== ',' && text[i] !== ';') throw fail(`unexpected "${text[i]}"`);
			i++;
			if (text.slice(i).trim() === '') throw fail('it ends with a separator');
		}
	}
	if (rdns.length === 0) throw fail('it is empty');
	return rdns.reverse();
}

/**
 * Every attribute of a subject about to be written into a certificate: no control, format or bidi
 * character, within RFC 5280's upper bounds. The last check before a name is encoded, whatever
 * form or file it came from.
 */
export function checkSubject(rdns: readonly Rdn[], field: string): void {
	for (const { attr, value } of rdns) checkAttributeValue(attr, value, field);
}
