/**
 * The two ways the app writes a .p12 (export/pkcs12.ts), and the platforms known to import each; the
 * forms that write .p12 files show these words next to the choice. Each claim, with the vendor's own
 * source and no more than it says:
 *
 * - modern: PBES2 with PBKDF2-HMAC-SHA-256 and AES-256-CBC, an HMAC-SHA-256 MAC.
 *   - OpenSSL 3 writes and reads it by default (https://docs.openssl.org/3.0/man1/openssl-pkcs12/).
 *   - Java: the HMAC-SHA-256 PKCS#12 MAC (HmacPBESHA256) came in JDK 12 and was backported to 11.0.12
 *     and 8u301 (CSR https://bugs.openjdk.org/browse/JDK-8267701, which also says it became the default
 *     MAC in JDK 16); the same updates write PBES2/AES keys and certificates by default
 *     (https://bugs.openjdk.org/browse/JDK-8153005) and take the java.security properties
 *     keystore.pkcs12.{certProtectionAlgorithm,keyProtectionAlgorithm,macAlgorithm}
 *     (https://bugs.openjdk.org/browse/JDK-8076190). An older JDK cannot check the MAC, so cannot open it.
 *   - Windows: Microsoft documents writing AES256-SHA256 PFX files (PFXExportCertStoreEx with
 *     PKCS12_PBES2_EXPORT_PARAMS) from Windows 10 1709 and Windows Server 2019
 *     (https://learn.microsoft.com/en-us/windows/win32/api/wincrypt/ns-wincrypt-pkcs12_pbes2_export_params).
 *     That older Windows cannot import them is the subject of Microsoft's troubleshooting article
 *     https://learn.microsoft.com/en-us/troubleshoot/windows-server/certificates-and-public-key-infrastructure-pki/cannot-import-aes256-sha256-encrypted-pfx-certificate
 *     (named here by its address; its text could not be checked from where this was written).
 *   - Apple, from its open-source Security framework (github.com/apple-oss-distributions/Security):
 *     the macOS keychain importer, SecKeychainItemImport (OSX/libsecurity_keychain/lib/SecImportExportAgg.cpp,
 *     which `security import` calls: SecurityTool/macOS/keychain_import.c), decodes bags with
 *     OSX/libsecurity_pkcs12, which refuses every encryption but the RFC 7292 PBE ones, PBES2 included
 *     (pkcs12Decode.cpp: "pkcs != PW_PKCS12"; pkcs12Utils.cpp pkcsOidInfos), in the newest release
 *     read (Security-61901). The importer iOS uses (OSX/sec/Security/p12import.c, SecPKCS12Import)
 *     reads PBES2 only from release Security-61439.1.1 (tagged September 2024), and then only
 *     AES-256-CBC with PBKDF2-HMAC-SHA-256, what this file writes.
 *   - Android: its PKCS12 KeyStore is the BouncyCastle copy in AOSP (external/bouncycastle,
 *     repackaged/bcprov/.../keystore/pkcs12/PKCS12KeyStoreSpi.java cryptData), which in the source
 *     read decrypts both the RFC 7292 PBE algorithms and PBES2; from which Android release it reads
 *     PBES2 files was not established, so Android is not named for this choice.
 * - legacy: pbeWithSHAAnd3-KeyTripleDES-CBC for keys and certificates and an HMAC-SHA-1 MAC (RFC 7292
 *   Appendix B and C), the algorithms every importer above reads in all the versions named: what
 *   Windows' Export-PfxCertificate writes by default (-CryptoAlgorithmOption TripleDES_SHA1:
 *   https://learn.microsoft.com/en-us/powershell/module/pki/export-pfxcertificate), the PBE the macOS
 *   and iOS importers above decode (pkcsOidInfos, p12import.c), and what the JDK wrote before
 *   JDK-8153005 (keys; HMAC-SHA-1 MAC). OpenSSL 3 reads 3DES files without `-legacy`, which only RC2
 *   and DES need (https://docs.openssl.org/3.0/man1/openssl-pkcs12/). 3DES and SHA-1 are weaker:
 *   choose it only for such a platform.
 */
export type Pkcs12Compatibility = 'modern' | 'legacy';

export const PKCS12_COMPATIBILITY: readonly { id: Pkcs12Compatibility; label: string; imports: string }[] = [
	{
		id: 'modern',
		label: 'Modern (AES-256, SHA-256)',
		imports: 'OpenSSL 3, Java 8u301, 11.0.12, 12 and later, Windows 10 1709 / Server 2019 and later.'
	},
	{
		id: 'legacy',
		label: 'Legacy (3DES, SHA-1)',
		imports:
			'Also macOS Keychain, older iOS, Android, older Windows (Server 2016 and before) and older Java; weaker encryption.'
	}
];
