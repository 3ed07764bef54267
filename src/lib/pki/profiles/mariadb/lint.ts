import { allows, chainRule, eachCert, expiryRules, keyMatchRule, leaves } from '../../lint/common';
import type { LintRule, SystemLint } from '../../lint/types';

/**
 * MariaDB verifies client certificates against ssl_ca like any OpenSSL server; an account created
 * REQUIRE SUBJECT then admits only a certificate whose whole subject is the one named
 * (https://mariadb.com/kb/en/securing-connections-for-client-and-server/#requiring-tls). The kit's
 * start script creates '<user>'@'%' REQUIRE SUBJECT '/CN=<user>', so a client certificate for it
 * must carry exactly that subject.
 */

/** MariaDB user names are up to 80 characters (https://mariadb.com/kb/en/create-user/#user-name-component). */
const MAX_USER = 80;

const requireSubject: LintRule = {
	id: 'mariadb-require-subject',
	title: "Client certificates: the subject is exactly CN=<user>, the REQUIRE SUBJECT '/CN=<user>' of the account",
	source:
		'MariaDB KB, Securing Connections for Client and Server (REQUIRE SUBJECT) and CREATE USER (TLS options, user name component)',
	severity: 'warning',
	// Client-only leaves: what a MariaDB client presents (the server's certificate is serverAuth).
	check: eachCert(
		(input) => leaves(input).filter((c) => allows(c.cert, 'clientAuth') && !allows(c.cert, 'serverAuth')),
		(c) => {
			if (c.cn !== '' && c.cert.subject === `CN=${c.cn}` && c.cn.length <= MAX_USER) return undefined;
			return {
				file: c.path,
				message:
					c.cn === ''
						? `${c.base} has no CN: an account REQUIRE SUBJECT '/CN=<user>' cannot name it.`
						: c.cn.length > MAX_USER
							? `${c.base}'s CN is ${c.cn.length} characters; MariaDB user names are at most ${MAX_USER}.`
							: `${c.base}'s subject is "${c.cert.subject}", not just CN=${c.cn}: the account REQUIRE SUBJECT '/CN=${c.cn}' refuses it.`,
				fix: `Issue it again with the subject CN=<user> only (this kit's client certificate), or create the account REQUIRE SUBJECT with its whole subject.`
			};
		}
	)
};

export const lint: SystemLint = {
	rules: {
		'mariadb-client': [
			requireSubject,
			...expiryRules(),
			keyMatchRule('MariaDB client --ssl-cert / --ssl-key must be one pair; RFC 8446 §4.4.3'),
			chainRule('clientAuth', 'MariaDB ssl_ca: the server verifies client certificates against it')
		]
	},
	kinds: { server: ['tls-server'], client: ['tls-client', 'mariadb-client'] }
};
