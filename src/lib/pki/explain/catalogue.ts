/**
 * Certificate and handshake error messages as the programs print them, what each means and its likely
 * causes. `match` holds fixed fragments (lower case) of the printed text; a message is recognised when
 * one fragment occurs in it, so matching is a plain substring search, linear in the pasted text. Each
 * entry names the source file that prints the text, so a reader can check the wording.
 */

/** A cause the inspector can test on dropped files (pki/explain/diagnose.ts). */
export type CauseCheck =
	| 'untrusted'
	| 'missing-ca'
	| 'expired'
	| 'not-yet-valid'
	| 'host'
	| 'loopback'
	| 'eku'
	| 'key-mismatch'
	| 'cn'
	| 'key-mode'
	| 'missing-key'
	| 'revoked'
	| 'crl-stale';

export interface Cause {
	text: string;
	check?: CauseCheck;
}

export interface KnownMessage {
	id: string;
	/** Who prints it: "Go crypto/x509", "OpenSSL", "Java (JSSE, PKIX)", "Node.js", "curl", "libpq", "CockroachDB", "Elasticsearch", "Consul". */
	program: string;
	/** Lower-case fragments; any one of them identifies the message. */
	match: string[];
	/** The source file that prints it. */
	source: string;
	meaning: string;
	causes: Cause[];
}

const TRUST: Cause[] = [
	{ text: 'The certificate was issued by another CA than the one the checking side trusts.', check: 'untrusted' },
	{
		text: "The checking side's CA file (ca.crt, root.crt, -CAfile) is missing or holds another CA.",
		check: 'missing-ca'
	},
	{
		text: 'An intermediate CA certificate is not sent along with the leaf (put it after the leaf in the certificate file).'
	}
];
const DATES: Cause[] = [
	{ text: 'A certificate in the chain has expired.', check: 'expired' },
	{ text: "A certificate is not valid yet, or the checking machine's clock is wrong.", check: 'not-yet-valid' }
];
const HOST: Cause[] = [
	{
		text: 'The server certificate does not list the name or address the client dialled as a subject alternative name.',
		check: 'host'
	},
	{
		text: 'The certificate names only localhost or loopback addresses, and another machine dialled it.',
		check: 'loopback'
	}
];
const KEY: Cause[] = [{ text: 'The key file does not belong to the certificate file.', check: 'key-mismatch' }];
const PEER_REJECTED: Cause[] = [
	{ text: 'Your certificate was issued by a CA the peer does not trust.', check: 'untrusted' },
	{ text: 'Your certificate has expired or is not valid yet.', check: 'expired' },
	{
		text: 'Your certificate may not be used for this side of the connection (extended key usage lacks clientAuth or serverAuth).',
		check: 'eku'
	},
	{ text: "Your key does not belong to your certificate, so the peer's signature check fails.", check: 'key-mismatch' },
	{ text: 'Your certificate was revoked in a CRL the peer holds.', check: 'revoked' }
];

export const CATALOGUE: readonly KnownMessage[] = [
	// Go (CockroachDB, Consul, etcd and most cloud tools print these).
	{
		id: 'go-unknown-authority',
		program: 'Go crypto/x509',
		match: ['certificate signed by unknown authority'],
		source: 'Go: src/crypto/x509/verify.go (UnknownAuthorityError.Error)',
		meaning: 'The certificate chain does not lead to any CA this side trusts.',
		causes: TRUST
	},
	{
		id: 'go-expired',
		program: 'Go crypto/x509',
		match: ['certificate has expired or is not yet valid'],
		source: 'Go: src/crypto/x509/verify.go (CertificateInvalidError, Expired)',
		meaning: "A certificate of the chain is outside its validity period at this machine's time.",
		causes: DATES
	},
	{
		id: 'go-hostname',
		program: 'Go crypto/x509',
		match: ['x509: certificate is valid for', 'x509: cannot validate certificate for'],
		source: 'Go: src/crypto/x509/verify.go (HostnameError.Error)',
		meaning: 'The server certificate is trusted, but it does not name the host the client dialled.',
		causes: HOST
	},
	{
		id: 'go-legacy-cn',
		program: 'Go crypto/x509',
		match: ['certificate relies on legacy common name field'],
		source: 'Go: src/crypto/x509/verify.go (HostnameError.Error)',
		meaning:
			'The certificate has the host only in its CN and no subject alternative names; Go ignores the CN since Go 1.15.',
		causes: [{ text: 'The server certificate has no subject alternative names.', check: 'host' }]
	},
	{
		id: 'go-key-usage',
		program: 'Go crypto/x509',
		match: ['certificate specifies an incompatible key usage'],
		source: 'Go: src/crypto/x509/verify.go (CertificateInvalidError, IncompatibleUsage)',
		meaning: "The certificate's extended key usage does not allow this side of the connection.",
		causes: [
			{
				text: 'A client certificate lacks clientAuth, or a server certificate lacks serverAuth (nodes need both).',
				check: 'eku'
			}
		]
	},
	{
		id: 'go-key-mismatch',
		program: 'Go crypto/tls',
		match: ['private key does not match public key'],
		source: 'Go: src/crypto/tls/tls.go (X509KeyPair)',
		meaning: 'The program refused to load a certificate with a key that is not its own.',
		causes: KEY
	},
	{
		id: 'go-bad-certificate',
		program: 'Go crypto/tls',
		match: ['tls: bad certificate'],
		source: 'Go: src/crypto/tls/alert.go (alertBadCertificate), sent as "remote error" by src/crypto/tls/conn.go',
		meaning: 'The other side rejected the certificate this side sent.',
		causes: PEER_REJECTED
	},
	{
		id: 'go-unknown-ca',
		program: 'Go crypto/tls',
		match: ['tls: unknown certificate authority'],
		source: 'Go: src/crypto/tls/alert.go (alertUnknownCA)',
		meaning: 'The other side does not trust the CA that issued the certificate this side sent.',
		causes: TRUST
	},
	{
		id: 'go-certificate-required',
		program: 'Go crypto/tls',
		match: ['tls: certificate required', 'alert certificate required'],
		source: 'Go: src/crypto/tls/alert.go (alertCertificateRequired); OpenSSL: ssl/ssl_err.c',
		meaning: 'The server asked for a client certificate and the client sent none.',
		causes: [
			{
				text: 'The client was not given its certificate and key (client.<user>.crt and .key, sslcert and sslkey).',
				check: 'missing-key'
			}
		]
	},
	// OpenSSL (and everything built on it: curl, Node.js, libpq, Python, nginx).
	{
		id: 'openssl-alert-unknown-ca',
		program: 'OpenSSL',
		match: ['tlsv1 alert unknown ca', 'alert unknown ca'],
		source: 'OpenSSL: ssl/ssl_err.c (SSL_R_TLSV1_ALERT_UNKNOWN_CA)',
		meaning: 'The peer sent an "unknown CA" alert: it does not trust the CA of the certificate this side sent.',
		causes: TRUST
	},
	{
		id: 'openssl-alert-bad-certificate',
		program: 'OpenSSL',
		match: ['sslv3 alert bad certificate', 'tlsv1 alert bad certificate', 'alert bad certificate'],
		source: 'OpenSSL: ssl/ssl_err.c (SSL_R_SSLV3_ALERT_BAD_CERTIFICATE)',
		meaning: 'The peer rejected the certificate this side sent.',
		causes: PEER_REJECTED
	},
	{
		id: 'openssl-local-issuer',
		program: 'OpenSSL',
		match: [
			'unable to get local issuer certificate',
			'unable_to_get_issuer_cert_locally',
			'unable to get issuer certificate'
		],
		source: 'OpenSSL: crypto/x509/x509_txt.c (X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY)',
		meaning: 'The issuer of a certificate in the chain is not in the trusted CA file.',
		causes: TRUST
	},
	{
		id: 'openssl-leaf-signature',
		program: 'OpenSSL',
		match: ['unable to verify the first certificate', 'unable_to_verify_leaf_signature'],
		source: 'OpenSSL: crypto/x509/x509_txt.c (X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE); Node.js reports its code',
		meaning: 'Only the leaf certificate was received and its issuer is not trusted.',
		causes: TRUST
	},
	{
		id: 'openssl-self-signed',
		program: 'OpenSSL',
		match: [
			'self signed certificate',
			'self-signed certificate',
			'depth_zero_self_signed_cert',
			'self_signed_cert_in_chain'
		],
		source:
			'OpenSSL: crypto/x509/x509_txt.c (X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN)',
		meaning: 'The chain ends at a self-signed certificate that is not among the trusted CAs.',
		causes: TRUST
	},
	{
		id: 'openssl-expired',
		program: 'OpenSSL',
		match: ['certificate has expired', 'cert_has_expired', 'certificate is not yet valid', 'cert_not_yet_valid'],
		source: 'OpenSSL: crypto/x509/x509_txt.c (X509_V_ERR_CERT_HAS_EXPIRED, X509_V_ERR_CERT_NOT_YET_VALID)',
		meaning: "A certificate of the chain is outside its validity period at this machine's time.",
		causes: DATES
	},
	{
		id: 'openssl-hostname',
		program: 'OpenSSL',
		match: ['hostname mismatch', 'ip address mismatch'],
		source: 'OpenSSL: crypto/x509/x509_txt.c (X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH)',
		meaning: 'The server certificate does not name the host or address that was checked.',
		causes: HOST
	},
	{
		id: 'openssl-purpose',
		program: 'OpenSSL',
		match: ['unsupported certificate purpose', 'invalid_purpose'],
		source: 'OpenSSL: crypto/x509/x509_txt.c (X509_V_ERR_INVALID_PURPOSE)',
		meaning: "The certificate's extended key usage does not allow this use.",
		causes: [{ text: 'A client certificate lacks clientAuth, or a server certificate lacks serverAuth.', check: 'eku' }]
	},
	{
		id: 'openssl-revoked',
		program: 'OpenSSL',
		match: ['certificate revoked', 'cert_revoked'],
		source: 'OpenSSL: crypto/x509/x509_txt.c (X509_V_ERR_CERT_REVOKED)',
		meaning: 'A CRL the checking side holds lists the certificate.',
		causes: [{ text: 'The certificate was revoked; issue a new one.', check: 'revoked' }]
	},
	{
		id: 'openssl-crl-expired',
		program: 'OpenSSL',
		match: ['crl has expired', 'crl is not yet valid', 'unable to get certificate crl'],
		source: 'OpenSSL: crypto/x509/x509_txt.c (X509_V_ERR_CRL_HAS_EXPIRED, X509_V_ERR_UNABLE_TO_GET_CRL)',
		meaning: 'CRL checking is on, and the CRL is past its next update, not valid yet, or missing.',
		causes: [{ text: 'The CRL is out of date: publish a new one.', check: 'crl-stale' }]
	},
	{
		id: 'openssl-key-mismatch',
		program: 'OpenSSL',
		match: ['key values mismatch', 'x509_check_private_key'],
		source: 'OpenSSL: crypto/x509/x509_cmp.c (X509_check_private_key, X509_R_KEY_VALUES_MISMATCH)',
		meaning: 'The private key does not belong to the certificate it was loaded with.',
		causes: KEY
	},
	{
		id: 'openssl-verify-failed',
		program: 'OpenSSL',
		match: ['certificate verify failed'],
		source: 'OpenSSL: ssl/ssl_err.c (SSL_R_CERTIFICATE_VERIFY_FAILED)',
		meaning:
			'This side could not verify the peer certificate; the text after it (or `openssl s_client -verify_return_error`) names the check.',
		causes: [...TRUST, ...DATES, ...HOST]
	},
	// Java (Elasticsearch, Kafka, any JVM client).
	{
		id: 'java-pkix',
		program: 'Java (JSSE, PKIX)',
		match: ['pkix path building failed', 'unable to find valid certification path to requested target'],
		source:
			'OpenJDK: src/java.base/share/classes/sun/security/validator/PKIXValidator.java and sun/security/provider/certpath/SunCertPathBuilder.java',
		meaning: 'The JVM found no chain from the certificate to a CA in its truststore.',
		causes: [
			...TRUST,
			{
				text: 'The truststore (cacerts, a .p12 or .jks) does not hold the CA; import it with keytool -importcert.',
				check: 'missing-ca'
			}
		]
	},
	{
		id: 'java-hostname',
		program: 'Java (JSSE, PKIX)',
		match: [
			'no subject alternative names matching',
			'no subject alternative dns name matching',
			'no subject alternative names present',
			'no name matching'
		],
		source: 'OpenJDK: src/java.base/share/classes/sun/security/util/HostnameChecker.java',
		meaning: 'The server certificate does not name the host or IP address the client dialled.',
		causes: HOST
	},
	{
		id: 'java-expired',
		program: 'Java (JSSE, PKIX)',
		match: ['certificateexpiredexception', 'certificatenotyetvalidexception', 'validity check failed'],
		source:
			'OpenJDK: src/java.base/share/classes/sun/security/provider/certpath/BasicChecker.java (verifyValidity: "validity check failed"), from the CertificateExpiredException of sun/security/x509/CertificateValidity.java',
		meaning: 'A certificate of the chain is outside its validity period.',
		causes: DATES
	},
	{
		id: 'java-eku',
		program: 'Java (JSSE, PKIX)',
		match: ['extended key usage does not permit use for tls'],
		source: 'OpenJDK: src/java.base/share/classes/sun/security/validator/EndEntityChecker.java',
		meaning: "The certificate's extended key usage does not allow this side of the connection.",
		causes: [{ text: 'A client certificate lacks clientAuth, or a server certificate lacks serverAuth.', check: 'eku' }]
	},
	{
		id: 'java-alert',
		program: 'Java (JSSE, PKIX)',
		match: [
			'received fatal alert: certificate_unknown',
			'received fatal alert: bad_certificate',
			'received fatal alert: unknown_ca'
		],
		source: 'OpenJDK: src/java.base/share/classes/sun/security/ssl/Alert.java',
		meaning: 'The other side rejected the certificate this side sent; its own log says why.',
		causes: PEER_REJECTED
	},
	// Node.js.
	{
		id: 'node-altname',
		program: 'Node.js',
		// "Hostname/IP does not match certificate's altnames"; older releases wrote "doesn't".
		match: [
			'err_tls_cert_altname_invalid',
			"does not match certificate's altnames",
			"doesn't match certificate's altnames"
		],
		source: 'Node.js: lib/tls.js (checkServerIdentity)',
		meaning: 'The server certificate does not name the host the client dialled.',
		causes: HOST
	},
	// curl.
	{
		id: 'curl-certificate-problem',
		program: 'curl',
		match: ['ssl certificate problem'],
		source: 'curl: lib/vtls/openssl.c ("SSL certificate problem: %s", then the OpenSSL reason)',
		meaning:
			"curl could not verify the server certificate; the words after the colon are OpenSSL's reason (see its entry).",
		causes: [...TRUST, ...DATES]
	},
	{
		id: 'curl-hostname',
		program: 'curl',
		// Recent curl says "target hostname", older releases "target host name": match the common start.
		match: ['no alternative certificate subject name matches target'],
		source:
			'curl: lib/vtls/openssl.c (ossl_verifyhost, "SSL: no alternative certificate subject name matches target hostname")',
		meaning: 'The server certificate does not name the host curl dialled.',
		causes: HOST
	},
	{
		id: 'curl-private-key',
		program: 'curl',
		match: ['unable to set private key file'],
		source: 'curl: lib/vtls/openssl.c (cert_stuff)',
		meaning:
			'curl could not load the --key file for the --cert file: a wrong format, a password, or a key of another certificate.',
		causes: KEY
	},
	// libpq (psql and every PostgreSQL client built on it).
	{
		id: 'libpq-key-mode',
		program: 'libpq',
		match: ['has group or world access'],
		source: 'PostgreSQL: src/interfaces/libpq/fe-secure-openssl.c (initialize_SSL); docs "Client Certificates"',
		meaning:
			'libpq refuses a private key file that others may read: 0600 or less for your own file, 0640 or less when root owns it.',
		causes: [{ text: 'The key file is readable by its group or by everyone.', check: 'key-mode' }]
	},
	{
		id: 'libpq-hostname',
		program: 'libpq',
		match: ['does not match host name'],
		source: 'PostgreSQL: src/interfaces/libpq/fe-secure-common.c (pq_verify_peer_name_matches_certificate)',
		meaning: 'With sslmode=verify-full, the server certificate must name the host in the connection string.',
		causes: HOST
	},
	{
		id: 'libpq-no-key',
		program: 'libpq',
		match: ['certificate present, but not private key file'],
		source: 'PostgreSQL: src/interfaces/libpq/fe-secure-openssl.c (initialize_SSL)',
		meaning: 'libpq found the client certificate (sslcert) but not its key (sslkey).',
		causes: [{ text: 'The key file is missing or named differently.', check: 'missing-key' }]
	},
	{
		id: 'libpq-root-cert',
		program: 'libpq',
		match: ['root certificate file'],
		source: 'PostgreSQL: src/interfaces/libpq/fe-secure-openssl.c (initialize_SSL)',
		meaning: 'With sslmode=verify-ca or verify-full libpq needs the CA file (sslrootcert, ~/.postgresql/root.crt).',
		causes: [{ text: 'The CA certificate is missing.', check: 'missing-ca' }]
	},
	{
		id: 'pg-cert-auth',
		program: 'PostgreSQL server',
		match: ['certificate authentication failed for user'],
		source: 'PostgreSQL: src/backend/libpq/auth.c (CheckCertAuth); CockroachDB: pkg/security/auth.go',
		meaning: 'The client certificate is trusted, but its CN is not the user the connection asked for.',
		causes: [{ text: 'client.<user>.crt (or postgresql.crt) has another CN than the user.', check: 'cn' }]
	},
	// CockroachDB.
	{
		id: 'crdb-key-mode',
		program: 'CockroachDB',
		match: ['exceeds -rwx------', 'exceeds -rwxr-----'],
		source: 'CockroachDB: pkg/security/certificate_loader.go (checkFilePermissions, maxKeyPermissions)',
		meaning:
			'CockroachDB refuses a key file that its group or others may read ("key file … has permissions …, exceeds -rwx------").',
		causes: [{ text: 'The key file is readable by its group or by everyone.', check: 'key-mode' }]
	},
	{
		id: 'crdb-user',
		program: 'CockroachDB',
		match: ['requested user is', 'but certificate is for'],
		source: 'CockroachDB: pkg/security/auth.go (UserAuthCertHook)',
		meaning: 'The client certificate is trusted, but its CN is another user than the one logging in.',
		causes: [{ text: 'client.<user>.crt has another CN than <user>.', check: 'cn' }]
	},
	// Elasticsearch.
	{
		id: 'es-trust-diagnostics',
		program: 'Elasticsearch',
		match: ['failed to establish trust with server at', 'failed to establish trust with client at'],
		source:
			'Elasticsearch: libs/ssl-config/src/main/java/org/elasticsearch/common/ssl/SslDiagnostics.java (via DiagnosticTrustManager)',
		meaning:
			'Elasticsearch explains why it did not trust the other node: read the rest of the line (issuer, SANs, key usage).',
		causes: [...TRUST, ...HOST, { text: 'The certificate lacks the key usage the connection needs.', check: 'eku' }]
	},
	// Consul.
	{
		id: 'consul-key-pair',
		program: 'Consul',
		match: ['failed to load cert/key pair'],
		source: 'Consul: tlsutil/config.go (loadKeyPair)',
		meaning: 'The agent could not load cert_file with key_file.',
		causes: [...KEY, { text: 'The key file is missing or not PEM.', check: 'missing-key' }]
	}
];
