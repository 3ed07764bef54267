import * as asn1js from 'asn1js';
import { beforeAll, describe, expect, test } from 'vitest';
import { createRootCa, type NewRootCa } from '../../ca';
import type { PkiDeps } from '../../deps';
import { PkiError } from '../../errors';
import { prepareLeaf, type LeafRequest } from '../../issue/prepare';
import { signLeaf } from '../../issue/sign';
import { generateKeyPair } from '../../keys';
import { x509 } from '../../x509';
import { elasticsearch } from './index';

const NOW = new Date('2026-03-01T12:00:00Z');
const deps: PkiDeps = { crypto: globalThis.crypto, now: () => NOW };
const EKU = '2.5.29.37';
const NODE = {
	nodeName: 'node-1',
	nodeFilename: '',
	nodeDns: 'node-1.es.internal localhost',
	nodeIp: '10.0.0.1, ::1',
	transportEku: 'none'
};

let root: NewRootCa;
beforeAll(async () => {
	root = await createRootCa({ name: 'ES Golden CA', keyAlgorithm: 'P-256', days: 1095 }, deps);
});

async function issue(kindId: string, input: LeafRequest['input']) {
	const issuer = { name: 'ES Golden CA', notBefore: root.certificate.notBefore, notAfter: root.certificate.notAfter };
	const template = prepareLeaf(
		{ profileId: 'elasticsearch', kindId, input, days: 365, keyAlgorithm: 'P-256' },
		issuer,
		deps
	);
	const keys = await generateKeyPair('P-256', deps.crypto, true);
	const cert = await signLeaf(
		template,
		keys.publicKey,
		{ certificate: root.certificate, privateKey: root.keys.privateKey },
		deps
	);
	return { template, cert };
}

describe('Elasticsearch transport certificates (no EKU, or both clientAuth and serverAuth)', () => {
	test('default: no extendedKeyUsage at all, CN=<name>, DNS and IP SANs, certutil file names', async () => {
		const { cert, template } = await issue('transport', NODE);
		expect(cert.subject).toBe('CN=node-1');
		expect(cert.extensions.map((e) => e.type)).not.toContain(EKU);
		expect(cert.getExtension(x509.BasicConstraintsExtension)?.ca).toBe(false);
		expect(cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.toJSON()).toEqual([
			{ type: 'dns', value: 'node-1.es.internal' },
			{ type: 'dns', value: 'localhost' },
			{ type: 'ip', value: '10.0.0.1' },
			{ type: 'ip', value: '::1' }
		]);
		expect(template.files).toEqual({
			cert: 'node-1/node-1.crt',
			key: 'node-1/node-1.key',
			p12: 'node-1/node-1.p12',
			p12Alias: 'node-1'
		});
	});

	test('"both": clientAuth and serverAuth; the choice offers nothing else', async () => {
		const { cert } = await issue('transport', { ...NODE, transportEku: 'both' });
		expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([
			x509.ExtendedKeyUsage.serverAuth,
			x509.ExtendedKeyUsage.clientAuth
		]);
		const field = elasticsearch.kinds.transport?.fields.find((f) => f.id === 'transportEku');
		expect(field?.choices?.map((c) => c.value)).toEqual(['none', 'both']);
		for (const usages of Object.values(elasticsearch.kinds.transport?.extendedKeyUsageChoice?.options ?? {})) {
			expect(usages.length === 0 || (usages.includes('serverAuth') && usages.includes('clientAuth'))).toBe(true);
		}
		const issuer = { name: 'x', notBefore: root.certificate.notBefore, notAfter: root.certificate.notAfter };
		const serverOnly = {
			profileId: 'elasticsearch',
			kindId: 'transport',
			input: { ...NODE, transportEku: 'serverAuth' },
			days: 1,
			keyAlgorithm: 'P-256' as const
		};
		expect(() => prepareLeaf(serverOnly, issuer, deps)).toThrow(PkiError);
	});

	test('a name with "=" is a full DN; the filename names folder and files; cn entries become otherName SANs', async () => {
		const { cert, template } = await issue('transport', {
			...NODE,
			nodeName: 'CN=node-2, OU=search, O=Example',
			nodeFilename: 'node-2',
			nodeCn: 'node-2.cluster'
		});
		expect(cert.subject).toBe('O=Example, OU=search, CN=node-2');
		expect(template.files).toEqual({
			cert: 'node-2/node-2.crt',
			key: 'node-2/node-2.key',
			p12: 'node-2/node-2.p12',
			p12Alias: 'CN=node-2, OU=search, O=Example'
		});
		// The last GeneralName: otherName [0] { 2.5.4.3, [0] EXPLICIT UTF8String }, as CertGenUtils.createCommonName.
		const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
		const names = asn1js.fromBER(san!.value).result as asn1js.Sequence;
		const other = names.valueBlock.value.at(-1) as asn1js.Constructed;
		expect(other.idBlock).toMatchObject({ tagClass: 3, tagNumber: 0, isConstructed: true });
		expect((other.valueBlock.value[0] as asn1js.ObjectIdentifier).valueBlock.toString()).toBe('2.5.4.3');
		const value = (other.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Utf8String;
		expect(value).toBeInstanceOf(asn1js.Utf8String);
		expect(value.valueBlock.value).toBe('node-2.cluster');
	});

	test('refused like certutil: the name "ca", a bad filename, a bad IP; and an IP in the DNS field', () => {
		const issuer = { name: 'x', notBefore: root.certificate.notBefore, notAfter: root.certificate.notAfter };
		const tryInput = (input: Record<string, string>) =>
			prepareLeaf(
				{
					profileId: 'elasticsearch',
					kindId: 'transport',
					input: { ...NODE, ...input },
					days: 1,
					keyAlgorithm: 'P-256'
				},
				issuer,
				deps
			);
		expect(() => tryInput({ nodeName: 'ca' })).toThrow(
			expect.objectContaining({ field: 'nodeName', message: expect.stringMatching(/"ca" may not be used/) })
		);
		expect(() => tryInput({ nodeFilename: '.hidden' })).toThrow(expect.objectContaining({ field: 'nodeFilename' }));
		expect(() => tryInput({ nodeName: 'a/b' })).toThrow(
			expect.objectContaining({ field: 'nodeFilename', message: expect.stringMatching(/so give a filename/) })
		);
		expect(() => tryInput({ nodeIp: '10.0.0.300' })).toThrow(
			expect.objectContaining({
				field: 'nodeIp',
				message: expect.stringMatching(/"10.0.0.300" is not an IPv4 address/)
			})
		);
		expect(() => tryInput({ nodeDns: '10.0.0.5' })).toThrow(expect.objectContaining({ field: 'nodeDns' }));
		expect(() => tryInput({ nodeDns: '', nodeIp: '' })).toThrow(expect.objectContaining({ code: 'host-empty' }));
	});
});

describe('Elasticsearch HTTP certificates', () => {
	test('serverAuth only, the node name as subject, http.* in the node folder with alias "http"', async () => {
		const { cert, template } = await issue('http', { ...NODE, httpHosts: 'es.example.com 10.0.0.1' });
		expect(cert.subject).toBe('CN=node-1');
		expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.serverAuth]);
		expect(template.files).toEqual({
			cert: 'node-1/http.crt',
			key: 'node-1/http.key',
			p12: 'node-1/http.p12',
			p12Alias: 'http'
		});
	});
});
