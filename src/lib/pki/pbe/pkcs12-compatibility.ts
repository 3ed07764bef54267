/**
 * The two ways the app writes a .p12 (export/pkcs12.ts), and the platforms known to import each; the
 * forms that write .p12 files show these words next to the choice.
 *
 * - modern: PBES2 with PBKDF2-HMAC-SHA-256 and AES-256-CBC, an HMAC-SHA-256 MAC: OpenSSL 3's default,
 *   Java 8u301 / 11.0.12 / 17 and later, Windows 10 1709 and Windows Server 2019 or later (PBES2
 *   AES256-SHA256 import: https://learn.microsoft.com/en-us/windows/win32/api/wincrypt/ns-wincrypt-pkcs12_pbes2_export_params).
 *   Older Windows and Java refuse it, and macOS Keychain has been reported to refuse OpenSSL 3's
 *   default files as a "wrong password" (https://mseeeen.msen.jp/p12-format-certificate-issued-by-openssl3-fails-to-import-to-macos/).
 * - legacy: pbeWithSHAAnd3-KeyTripleDES-CBC for keys and certificates and an HMAC-SHA-1 MAC (RFC 7292
 *   Appendix B and C): what Windows' Export-PfxCertificate writes by default
 *   (-CryptoAlgorithmOption TripleDES_SHA1: https://learn.microsoft.com/en-us/powershell/module/pki/export-pfxcertificate)
 *   and what OpenSSL 1.x wrote by default; OpenSSL 3 reads 3DES files without `-legacy`, which only
 *   RC2 and DES need (https://docs.openssl.org/3.0/man1/openssl-pkcs12/). macOS Keychain, iOS, Android,
 *   every Windows and every JDK import it. 3DES and SHA-1 are weaker: choose it only for such a platform.
 */
export type Pkcs12Compatibility = 'modern' | 'legacy';

export const PKCS12_COMPATIBILITY: readonly { id: Pkcs12Compatibility; label: string; imports: string }[] = [
	{
		id: 'modern',
		label: 'Modern (AES-256, SHA-256)',
		imports: 'OpenSSL 3, Java 8u301/11.0.12/17 and later, Windows 10 1709 / Server 2019 and later.'
	},
	{
		id: 'legacy',
		label: 'Legacy (3DES, SHA-1)',
		imports:
			'Also macOS Keychain, iOS, Android, older Windows (Server 2016 and before) and older Java; weaker encryption.'
	}
];
