import type { PkiDeps } from '../deps';
import type { Bytes } from '../der/writer';
import { PkiError } from '../errors';
import { asBytes } from './der-util';
import { decodeBase64, latin1, looksLikeBareBase64, looksLikePem, pemBlocks } from './pem-blocks';
import { ecParametersCurve, pkcs1ToPkcs8, sec1ToPkcs8 } from './private-keys';
import {
	certificateItem,
	crlItem,
	csrItem,
	encryptedKeyItem,
	keyItem,
	readDer,
	strictly,
	type ReadContext
} from './read-der';
import {
	DEFAULT_LIMITS,
	type InputFile,
	type ItemSource,
	type ParseLimits,
	type ParseOptions,
	type ParseResult
} from './types';
import { isZip, readZip, type ZipBudget } from './zip';

/**
 * "Drop or paste anything": files (PEM with any number of blocks, DER, PKCS#12, zips of those) become
 * typed items. A part that cannot be read becomes a problem with a plain message; the rest is still
 * read, so one README in a certs-dir zip does not hide the certificates next to it.
 */
export async function parseInputs(
	files: readonly InputFile[],
	deps: Pick<PkiDeps, 'crypto'>,
	options: ParseOptions = {}
): Promise<ParseResult> {
	const limits: ParseLimits = { ...DEFAULT_LIMITS, ...options.limits };
	const result: ParseResult = { items: [], problems: [] };
	for (const file of files) {
		const source: ItemSource = { file: file.name };
		// One budget per dropped file, shared by the zips nested in it: a zip of zips unpacks no more than one zip.
		const budget: ZipBudget = { bytes: limits.maxZipUncompressedBytes };
		await readUnit(
			asBytes(file.bytes),
			{ source, label: file.name, ...(file.mode !== undefined ? { mode: file.mode } : {}) },
			0,
			budget
		);
	}
	return result;

	async function readUnit(
		bytes: Bytes,
		at: { source: ItemSource; label: string; mode?: number },
		depth: number,
		budget: ZipBudget
	): Promise<void> {
		try {
			if (bytes.length > limits.maxInputBytes) {
				throw new PkiError(
					'input-too-large',
					`${at.label} is ${mb(bytes.length)} MB; files over ` +
						`${mb(limits.maxInputBytes)} MB are not read. Certificates, keys and their ` +
						'zips are far smaller: pick the files you need.'
				);
			}
			if (bytes.length === 0) throw new PkiError('input-empty', `${at.label} is empty.`);
			if (isZip(bytes)) return await readZipUnit(bytes, at, depth, budget);
			const ctx: ReadContext = {
				...at,
				crypto: deps.crypto,
				password: passwordFor(at.label),
				maxCrlEntries: limits.maxCrlEntries,
				allowSlowKdf: options.allowSlowKdf === true
			};
			if (looksLikePem(bytes)) return await readPem(latin1(bytes), ctx);
			if (looksLikeBareBase64(bytes)) {
				const der = decodeBase64(latin1(bytes), at.label);
				if (der instanceof PkiError) throw der;
				result.items.push(...(await readDer(der, ctx)));
				return;
			}
			result.items.push(...(await readDer(bytes, ctx)));
		} catch (e) {
			result.problems.push({ source: at.source, label: at.label, error: asPkiError(e, at.label).toData() });
		}
	}

	async function readZipUnit(
		bytes: Bytes,
		at: { source: ItemSource; label: string },
		depth: number,
		budget: ZipBudget
	): Promise<void> {
		if (depth >= limits.maxZipDepth)
			throw new PkiError(
				'input-unsupported',
				`${at.label} is a zip nested ${depth} levels deep; unzip the outer layers first.`
			);
		const zip = readZip(bytes, at.label, limits, budget);
		const inner = (path: string) => (at.source.entry ? `${at.source.entry}/${path}` : path);
		for (const p of zip.problems) {
			const source = { ...at.source, entry: inner(p.path) };
			result.problems.push({ source, label: `${at.label} › ${p.path}`, error: p.error.toData() });
		}
		for (const entry of zip.entries) {
			const source = { ...at.source, entry: inner(entry.path) };
			await readUnit(
				entry.bytes,
				{ source, label: `${at.label} › ${entry.path}`, ...(entry.mode !== undefined ? { mode: entry.mode } : {}) },
				depth + 1,
				budget
			);
		}
	}

	async function readPem(text: string, ctx: ReadContext): Promise<void> {
		const blocks = pemBlocks(text, ctx.label, limits.maxPemBlocks);
		if (blocks.length === 0)
			throw new PkiError(
				'input-malformed',
				`${ctx.label} has a BEGIN line without its matching END line: it was cut short. Copy the whole block again.`
			);
		let curveHint: string | undefined;
		for (const [i, block] of blocks.entries()) {
			const source = blocks.length > 1 ? { ...ctx.source, block: i + 1 } : ctx.source;
			const label = blocks.length > 1 ? `${ctx.label} (block ${i + 1}, ${block.label})` : ctx.label;
			const sub: ReadContext = { ...ctx, source, label, ...(curveHint ? { curveHint } : {}) };
			try {
				if (block.der instanceof PkiError) throw block.der;
				if (block.label === 'EC PARAMETERS') {
					curveHint = ecParametersCurve(block.der);
					continue;
				}
				if (block.headers['Proc-Type']?.includes('ENCRYPTED')) {
					throw new PkiError(
						'input-unsupported',
						`${label} uses OpenSSL's legacy PEM encryption, which browsers cannot decrypt. Convert it: openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.key -out new.key`
					);
				}
				result.items.push(...(await readBlock(block.label, block.der, sub)));
			} catch (e) {
				result.problems.push({ source, label, error: asPkiError(e, label).toData() });
			}
		}
	}

	function passwordFor(label: string): ReadContext['password'] {
		let cached: Promise<string> | undefined;
		return (kind) =>
			(cached ??= (async () => {
				const p = typeof options.password === 'function' ? await options.password({ label, kind }) : options.password;
				if (p === undefined) {
					const what = kind === 'pkcs12' ? 'a PKCS#12 file' : 'an encrypted private key';
					throw new PkiError(
						'password-required',
						`${label} is ${what} protected by a password. Enter its password to open it.`
					);
				}
				return p;
			})());
	}
}

/** A PEM block by its label (RFC 7468 §5–§13; OpenSSL's "RSA/EC PRIVATE KEY", "X509 CRL", "NEW CERTIFICATE REQUEST"). */
async function readBlock(label: string, der: Bytes, ctx: ReadContext) {
	switch (label) {
		case 'CERTIFICATE':
		case 'X509 CERTIFICATE':
			return [strictly('certificate', () => certificateItem(ctx, der))];
		case 'TRUSTED CERTIFICATE':
			// OpenSSL's X509_AUX form: the certificate followed by trust settings; the certificate is the first TLV.
			return readDer(der, ctx).then((items) => items.filter((i) => i.kind === 'certificate'));
		case 'X509 CRL':
		case 'CRL':
			return [strictly('CRL', () => crlItem(ctx, der))];
		case 'CERTIFICATE REQUEST':
		case 'NEW CERTIFICATE REQUEST':
			return [strictly('certificate request', () => csrItem(ctx, der))];
		case 'PRIVATE KEY':
			return [keyItem(ctx, der, 'pkcs8')];
		case 'RSA PRIVATE KEY':
			return [keyItem(ctx, pkcs1ToPkcs8(der), 'pkcs1')];
		case 'EC PRIVATE KEY':
			return [keyItem(ctx, sec1ToPkcs8(der, ctx.curveHint), 'sec1')];
		case 'ENCRYPTED PRIVATE KEY':
			return [await encryptedKeyItem(ctx, der)];
		case 'PKCS7':
		case 'PKCS #7 SIGNED DATA':
		case 'CMS':
		case 'PKCS12':
			return readDer(der, ctx);
		default:
			throw new PkiError(
				'input-unsupported',
				`${ctx.label} holds a "${label}" block, which is not a certificate, key, CSR or CRL; it was skipped.`
			);
	}
}

function asPkiError(e: unknown, label: string): PkiError {
	if (e instanceof PkiError) return e;
	// The x509 and asn1js parsers throw plain errors on malformed input; that is bad input, not a defect.
	return new PkiError(
		'input-malformed',
		`${label} could not be read: ${(e as Error)?.message ?? String(e)}. It may be damaged; export it again.`
	);
}

const mb = (n: number) => Math.round((n / (1024 * 1024)) * 10) / 10;
