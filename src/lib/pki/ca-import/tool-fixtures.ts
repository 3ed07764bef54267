/**
 * Test support only (never imported by the app): CAs made by the real `openssl` and `keytool`, in
 * every shape the import reads, so the import is proven on files other tools write. Shared by the
 * unit tests (import-ca.test.ts) and the e2e/interop tests, which import the same kinds of files.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImportFile, ImportFileField } from './read-files';

export const P12_PASSWORD = 'p12-secret-123';
export const KEY_PASSWORD = 'key-secret-123';

const CA_EXT = ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'];

export class ToolCaDir {
	readonly root: string;

	/** A fresh temp dir, or `at` (created if needed) when another test must find the files later. */
	constructor(prefix = 'ca-import-', at?: string) {
		if (at) mkdirSync(at, { recursive: true });
		this.root = at ?? mkdtempSync(join(tmpdir(), prefix));
	}

	path(name: string): string {
		return join(this.root, name);
	}

	openssl(args: string[]): Buffer {
		return execFileSync('openssl', args, { cwd: this.root, stdio: ['ignore', 'pipe', 'pipe'] });
	}

	/**
	 * A private key as the tools write it: PKCS#8 (`openssl genpkey`), PKCS#1 "RSA PRIVATE KEY"
	 * (`genrsa -traditional`, cockroach cert's shape) or SEC1 "EC PRIVATE KEY" (`ecparam -genkey`,
	 * consul tls ca create's shape).
	 */
	key(
		name: string,
		type: 'p256' | 'p384' | 'p521' | 'rsa2048' | 'rsa1024' | 'ed25519' | 'ed448',
		shape: 'pkcs8' | 'pkcs1' | 'sec1' = 'pkcs8'
	): string {
		const out = this.path(name);
		if (shape === 'pkcs1') this.openssl(['genrsa', '-traditional', '-out', out, type.slice(3)]);
		else if (shape === 'sec1')
			this.openssl([
				'ecparam',
				'-name',
				type === 'p384' ? 'secp384r1' : 'prime256v1',
				'-genkey',
				'-noout',
				'-out',
				out
			]);
		else if (type.startsWith('rsa'))
			this.openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${type.slice(3)}`, '-out', out]);
		else if (type.startsWith('ed')) this.openssl(['genpkey', '-algorithm', type.toUpperCase(), '-out', out]);
		else this.openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:P-${type.slice(1)}`, '-out', out]);
		return out;
	}

	/** A self-signed certificate for a key (a CA unless other extensions are given). */
	selfSigned(name: string, keyFile: string, cn: string, ext: string[] = CA_EXT, days = 3650): string {
		const out = this.path(name);
		this.openssl([
			'req',
			'-x509',
			'-new',
			'-key',
			keyFile,
			'-subj',
			`/CN=${cn}`,
			'-days',
			String(days),
			'-out',
			out,
			...ext.flatMap((e) => ['-addext', e])
		]);
		return out;
	}

	/** A certificate for a key, signed by another CA (an intermediate CA by default). */
	signed(
		name: string,
		keyFile: string,
		cn: string,
		ca: { crt: string; key: string },
		ext: string[] = ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign,cRLSign']
	): string {
		const out = this.path(name);
		const csr = this.path(`${name}.csr`);
		const extFile = this.path(`${name}.ext`);
		writeFileSync(extFile, [...ext, 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'].join('\n') + '\n');
		this.openssl(['req', '-new', '-key', keyFile, '-subj', `/CN=${cn}`, '-out', csr]);
		this.openssl([
			'x509',
			'-req',
			'-in',
			csr,
			'-CA',
			ca.crt,
			'-CAkey',
			ca.key,
			'-CAcreateserial',
			'-days',
			'1000',
			'-extfile',
			extFile,
			'-out',
			out
		]);
		return out;
	}

	/** `openssl pkcs8 -topk8 -v2 aes-256-cbc`: PBES2 with PBKDF2 and AES-256-CBC (RFC 8018 §6.2). */
	encryptKey(name: string, keyFile: string, password = KEY_PASSWORD): string {
		const out = this.path(name);
		this.openssl([
			'pkcs8',
			'-topk8',
			'-v2',
			'aes-256-cbc',
			'-in',
			keyFile,
			'-passout',
			`pass:${password}`,
			'-out',
			out
		]);
		return out;
	}

	/** `openssl pkcs12 -export` (OpenSSL 3 default: PBES2 AES-256-CBC, HMAC-SHA-256 MAC), optionally with chain certificates. */
	pkcs12(name: string, crt: string, keyFile: string, chain: string[] = [], password = P12_PASSWORD): string {
		const out = this.path(name);
		const extra = chain.length ? ['-certfile', this.concat(`${name}.chain.pem`, chain)] : [];
		this.openssl([
			'pkcs12',
			'-export',
			'-in',
			crt,
			'-inkey',
			keyFile,
			...extra,
			'-passout',
			`pass:${password}`,
			'-out',
			out
		]);
		return out;
	}

	/**
	 * A CA key pair in a PKCS#12 keystore made by the JDK's keytool, as Elasticsearch and
	 * Java users make them; elasticsearch-certutil writes its elastic-stack-ca.p12 through the same
	 * java.security.KeyStore "PKCS12" code (JDK 17: PBES2 AES-256, HmacPBESHA256 MAC).
	 */
	keytoolCa(name: string, cn: string, alg: 'EC' | 'RSA' = 'EC', password = P12_PASSWORD): string {
		const out = this.path(name);
		const keyArgs =
			alg === 'EC' ? ['-keyalg', 'EC', '-groupname', 'secp256r1'] : ['-keyalg', 'RSA', '-keysize', '2048'];
		execFileSync(
			'keytool',
			[
				'-genkeypair',
				'-alias',
				'ca',
				...keyArgs,
				'-dname',
				`CN=${cn}`,
				'-ext',
				'bc:c=ca:true',
				'-ext',
				'ku:c=keyCertSign,cRLSign',
				'-validity',
				'3650',
				'-storetype',
				'PKCS12',
				'-keystore',
				out,
				'-storepass',
				password,
				'-keypass',
				password
			],
			{ cwd: this.root, stdio: ['ignore', 'pipe', 'pipe'] }
		);
		return out;
	}

	/** `keytool -exportcert -rfc`: the keystore's CA certificate as PEM. */
	keytoolExport(name: string, keystore: string, password = P12_PASSWORD): string {
		const out = this.path(name);
		execFileSync(
			'keytool',
			['-exportcert', '-rfc', '-alias', 'ca', '-keystore', keystore, '-storepass', password, '-file', out],
			{ cwd: this.root, stdio: ['ignore', 'pipe', 'pipe'] }
		);
		return out;
	}

	concat(name: string, files: string[]): string {
		const out = this.path(name);
		writeFileSync(out, files.map((f) => readFileSync(f, 'latin1')).join(''), 'latin1');
		return out;
	}

	write(name: string, bytes: Uint8Array | string): string {
		const out = this.path(name);
		writeFileSync(out, bytes);
		return out;
	}

	/** A file as the import form hands it over. */
	file(field: ImportFileField, path: string): ImportFile & { bytes: Uint8Array<ArrayBuffer> } {
		return { field, name: path.split('/').at(-1) ?? path, bytes: new Uint8Array(readFileSync(path)) };
	}

	remove(): void {
		rmSync(this.root, { recursive: true, force: true });
	}
}
