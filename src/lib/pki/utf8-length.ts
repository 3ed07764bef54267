/**
 * The length in octets of a string's UTF-8 encoding, as TextEncoder would write it, without
 * encoding it: name checks run for every host and DN value of a lab, and a TextEncoder call (a new
 * array each time, a DOM binding in the browser) costs more than the check itself. A lone
 * surrogate counts 3 octets, the U+FFFD that TextEncoder writes for it (WHATWG Encoding,
 * "UTF-8 encode", via USVString conversion).
 */
export function utf8Length(value: string): number {
	let octets = 0;
	for (let i = 0; i < value.length; i++) {
		const unit = value.charCodeAt(i);
		if (unit < 0x80) octets += 1;
		else if (unit < 0x800) octets += 2;
		else if (unit >= 0xd800 && unit <= 0xdbff && (value.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
			octets += 4; // a surrogate pair: one code point above U+FFFF
			i++;
		} else octets += 3;
	}
	return octets;
}
