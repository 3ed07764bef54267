import type { Fault } from '$lib/pki/handshake/faults';

/**
 * The guided lesson's text. Its claims follow CockroachDB's TLS primer ("Transport Layer Security
 * (TLS) in CockroachDB": key pairs, CAs, one-sided vs mutual TLS); each step's verdict is not written
 * here: the learner switches the fault on and the verifier says what fails.
 */
export const LESSON: { title: string; text: string; fault: Fault }[] = [
	{
		title: 'A good pair',
		text: 'Each side holds a key pair and a certificate signed by a CA both trust. In mutual TLS "each party must have a key-pair issued by a jointly trusted CA" (CockroachDB docs, "Transport Layer Security (TLS) in CockroachDB"). Run the good pair and watch every step pass: the server proves it is the host you dialled, then the client proves who it is.',
		fault: 'none'
	},
	{
		title: 'Who certifies the certificate?',
		text: 'The client only believes a certificate signed by a CA it already trusts (CockroachDB’s TLS primer, "Who certifies the certificate?"). Switch to a server certificate from another CA: which side refuses, and why?',
		fault: 'wrong-ca'
	},
	{
		title: 'The name must match',
		text: 'A certificate proves an identity, and for a server that identity is the host name or address the client dialled, listed as a subject alternative name. Remove the host from the SANs and see which check fails.',
		fault: 'missing-san'
	},
	{
		title: 'Time matters',
		text: 'A certificate is valid only between its two dates, and checking it uses the clock of the side that checks. Try an expired server certificate, then a client certificate that is not valid yet.',
		fault: 'expired'
	},
	{
		title: 'What a certificate may be used for',
		text: 'CockroachDB nodes "make double use of their key-pairs" as client and server (CockroachDB’s TLS primer), so the extended key usage must allow both. Give the client a certificate that only allows serverAuth.',
		fault: 'server-auth-only-client'
	},
	{
		title: 'Authenticated as whom?',
		text: 'TLS proves the client holds a key the CA vouched for; the database then maps the certificate to a user by its CN (client.<user>.crt must have CN=<user>). Present a client certificate with another CN.',
		fault: 'cn-mismatch'
	},
	{
		title: 'Taking trust back',
		text: 'A CA can revoke a certificate before it expires by listing its serial in a signed CRL. The server checks the client certificate against the CRL: revoke the client and explain again.',
		fault: 'revoked'
	}
];
