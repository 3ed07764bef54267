import { describe, expect, test } from 'vitest';
import { validateLocations } from './locations';

describe('validateLocations', () => {
	test('keeps absolute http, https and ldap URLs and drops empty fields', () => {
		expect(
			validateLocations({
				ocspUrl: ' http://ocsp.lab.internal:8888 ',
				caIssuersUrl: '',
				crlUrl: 'ldap://dir.lab/cn=CA?certificateRevocationList'
			})
		).toEqual({
			ocspUrl: 'http://ocsp.lab.internal:8888',
			crlUrl: 'ldap://dir.lab/cn=CA?certificateRevocationList'
		});
		expect(validateLocations({})).toEqual({});
	});

	test.each([
		['ocspUrl', 'ocsp.lab.internal', /not an absolute URL/],
		['crlUrl', 'ftp://pki.lab/ca.crl', /must start with http:\/\/, https:\/\/ or ldap:\/\//],
		['caIssuersUrl', 'http://pki.lab/ça.crt', /only ASCII/],
		['crlUrl', 'http://pki.lab/my ca.crl', /no spaces/]
	] as const)('refuses %s %j, naming the field', (field, value, message) => {
		expect(() => validateLocations({ [field]: value })).toThrow(
			expect.objectContaining({ code: 'url-invalid', field, message: expect.stringMatching(message) })
		);
	});
});
