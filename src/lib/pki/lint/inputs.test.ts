import { describe, expect, test } from 'vitest';
import type { KeyInfo } from '../parse/key-info';
import { x509 } from '../x509';
import { pairedKey } from './inputs';
import type { LintCert, LintKey } from './types';

const cert = (path: string, base: string, localKeyId?: string): LintCert => ({
	path,
	dir: '',
	base,
	cert: {} as x509.X509Certificate,
	isCa: false,
	cn: '',
	...(localKeyId ? { localKeyId } : {})
});
const key = (path: string, base: string, localKeyId?: string): LintKey => ({
	path,
	dir: '',
	base,
	pkcs8: new Uint8Array(),
	info: {} as KeyInfo,
	...(localKeyId ? { localKeyId } : {})
});

describe('which key goes with a certificate', () => {
	test('in a keystore, the key entry pairs with its certificate by localKeyID, not with the trusted CA beside it', () => {
		const entryKey = key('node-1.p12', 'node-1.p12', 'ab12');
		const leaf = cert('node-1.p12', 'node-1.p12', 'ab12');
		const trustedCa = cert('node-1.p12', 'node-1.p12');
		expect(pairedKey(leaf, [entryKey])).toBe(entryKey);
		expect(pairedKey(trustedCa, [entryKey])).toBeUndefined();
	});

	test('a PEM file with one certificate and one key pairs them; separate files pair by name', () => {
		const both = key('tls.pem', 'tls.pem');
		expect(pairedKey(cert('tls.pem', 'tls.pem'), [both])).toBe(both);
		const nodeKey = key('node.key', 'node.key');
		const consulKey = key('dc1-server-consul-0-key.pem', 'dc1-server-consul-0-key.pem');
		expect(pairedKey(cert('node.crt', 'node.crt'), [consulKey, nodeKey])).toBe(nodeKey);
		expect(pairedKey(cert('dc1-server-consul-0.pem', 'dc1-server-consul-0.pem'), [nodeKey, consulKey])).toBe(consulKey);
	});
});
