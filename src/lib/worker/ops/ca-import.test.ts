import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY_PASSWORD, P12_PASSWORD, ToolCaDir } from '../../pki/ca-import/tool-fixtures';
import type { PkiDeps } from '../../pki/deps';
import { PkiError } from '../../pki/errors';
import { DEFAULT_LIMITS } from '../../pki/parse';
import { readZip } from '../../pki/parse/zip';
import { x509 } from '../../pki/x509';
import { unsealPrivateKey } from '../../vault/seal';
import { operations, type OperationContext } from '../operations';
import type { CaImportRequest, ImportedCa } from './ca-import';

/**
 * The worker op end to end in Node: files made by openssl and keytool in, a sealed CA out, which
 * then issues a CockroachDB node bundle exactly like a created CA (operations.issueBundle).
 */
const dir = new ToolCaDir('ca-import-op-');
const PASSPHRASE = 'correct horse battery staple';
let deps: PkiDeps;
let ctx: OperationContext;
/** Paths of the fixture files, filled in by beforeAll. */
const f = { rootKey: '', rootCrt: '', intKey: '', intCrt: '', intChain: '', intEnc: '', keytool: '' };

beforeAll(() => {
	f.rootKey = dir.key('root.key', 'rsa2048', 'pkcs1');
	f.rootCrt = dir.selfSigned('root.crt', f.rootKey, 'Imported RSA Root');
	f.intKey = dir.key('int.key', 'p256', 'sec1');
	f.intCrt = dir.signed('int.crt', f.intKey, 'Imported Issuing CA', { crt: f.rootCrt, key: f.rootKey });
	f.intChain = dir.concat('chain.pem', [f.intCrt, f.rootCrt]);
	f.intEnc = dir.encryptKey('int-enc.key', f.intKey);
	f.keytool = dir.keytoolCa('keytool.p12', 'Keytool EC CA');
	const now = new Date(new x509.X509Certificate(readFileSync(f.rootCrt, 'latin1')).notBefore.getTime() + 3_600_000);
	deps = { crypto: globalThis.crypto, now: () => now };
	ctx = { deps, signal: new AbortController().signal, progress: () => {}, kdfIterations: 1000 };
}, 60_000);
afterAll(() => dir.remove());

const request = (
	caId: string,
	files: CaImportRequest['files'],
	extra: Partial<CaImportRequest> = {}
): CaImportRequest => ({
	caId,
	files,
	passphrase: PASSPHRASE,
	passphraseConfirm: PASSPHRASE,
	...extra
});

async function nodeBundle(caId: string, imported: ImportedCa) {
	const bundle = await operations.issueBundle(
		{
			issuers: [
				{
					role: 'ca',
					id: caId,
					name: 'imported',
					certificateDer: imported.certificateDer,
					privateKey: imported.privateKey,
					...(imported.chainDer.length ? { chainDer: imported.chainDer } : {})
				}
			],
			profileId: 'cockroachdb',
			folders: [
				{
					folder: '',
					leaves: [
						{
							profileId: 'cockroachdb',
							kindId: 'node',
							keyAlgorithm: 'P-256',
							days: 365,
							input: { hosts: 'node1.example.test' }
						}
					]
				}
			],
			zipName: 'z.zip',
			output: { format: 'pem' }
		},
		ctx
	);
	const entries = readZip(bundle.zip, 'z.zip', DEFAULT_LIMITS).entries;
	const bytes = (name: string) => entries.find((e) => e.path.endsWith(name))!.bytes;
	return { bundle, bytes, text: (name: string) => new TextDecoder().decode(bytes(name)) };
}

describe('importCa worker op', () => {
	it('seals a keytool PKCS#12 CA: the key reopens with the new passphrase only, and the page gets a non-extractable key', async () => {
		const imported = await operations.importCa(
			request('kt', [dir.file('certificateFile', f.keytool)], { password: P12_PASSWORD }),
			ctx
		);
		expect(imported.keyAlgorithm).toBe('P-256');
		expect(imported.commonName).toBe('Keytool EC CA');
		expect(imported.source).toBe('keytool.p12');
		expect(imported.chainDer).toEqual([]);
		expect(imported.privateKey.extractable).toBe(false);
		const reopened = await unsealPrivateKey(imported.sealedKey, PASSPHRASE, 'kt', 'P-256', deps.crypto);
		expect(reopened.type).toBe('private');
		await expect(
			unsealPrivateKey(imported.sealedKey, PASSPHRASE, 'another-ca', 'P-256', deps.crypto)
		).rejects.toMatchObject({ code: 'passphrase-wrong' });
		await expect(
			unsealPrivateKey(imported.sealedKey, 'not the passphrase', 'kt', 'P-256', deps.crypto)
		).rejects.toMatchObject({ code: 'passphrase-wrong' });
	});

	it('issues a CockroachDB node bundle from an imported root whose ca.crt is the imported certificate', async () => {
		const imported = await operations.importCa(
			request('root', [dir.file('certificateFile', f.rootCrt), dir.file('keyFile', f.rootKey)]),
			ctx
		);
		expect(imported.keyAlgorithm).toBe('RSA-2048');
		expect(imported.pathLen).toBeUndefined();
		const { text } = await nodeBundle('root', imported);
		const ca = new x509.X509Certificate(text('ca.crt'));
		expect(new Uint8Array(ca.rawData)).toEqual(
			new Uint8Array(new x509.X509Certificate(readFileSync(f.rootCrt, 'latin1')).rawData)
		);
		const node = new x509.X509Certificate(text('node.crt'));
		expect(node.issuer).toBe('CN=Imported RSA Root');
		expect(await node.verify({ publicKey: ca, date: deps.now() }, deps.crypto)).toBe(true);
	});

	it('imports an intermediate with an encrypted SEC1-derived key and its chain; bundles ship the root as ca.crt', async () => {
		const imported = await operations.importCa(
			request('int', [dir.file('certificateFile', f.intChain), dir.file('keyFile', f.intEnc)], {
				password: KEY_PASSWORD
			}),
			ctx
		);
		expect(imported.pathLen).toBe(0);
		expect(imported.chainDer.map((d) => new x509.X509Certificate(d).subject)).toEqual(['CN=Imported RSA Root']);
		const { text } = await nodeBundle('int', imported);
		expect(new x509.X509Certificate(text('ca.crt')).subject).toBe('CN=Imported RSA Root');
		const node = new x509.X509Certificate(text('node.crt'));
		expect(node.issuer).toBe('CN=Imported Issuing CA');
		expect(
			await node.verify({ publicKey: new x509.X509Certificate(imported.certificateDer), date: deps.now() }, deps.crypto)
		).toBe(true);
	});

	it('checks the new passphrase before reading anything', async () => {
		const error = await operations
			.importCa(
				request('x', [dir.file('certificateFile', f.rootCrt), dir.file('keyFile', f.rootKey)], {
					passphraseConfirm: 'something else entirely'
				}),
				ctx
			)
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(PkiError);
		expect(error).toMatchObject({ code: 'passphrase-mismatch', field: 'passphraseConfirm' });
	});
});
