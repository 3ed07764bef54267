import type { ResponseDates } from './response';

export interface ReadmeFacts {
	caName: string;
	dates: ResponseDates;
	delegated: boolean;
	hasChain: boolean;
	/** One response file, for the example commands. */
	example?: string;
	ocspUrl?: string;
	port: number;
	count: number;
}

const when = (d: Date) =>
	d
		.toISOString()
		.replace('T', ' ')
		.replace(/\.\d{3}Z$/, ' UTC');

/** README.txt of the pre-signed set: what each file is, how nginx and HAProxy staple it, how to check it. */
export function presignReadme(f: ReadmeFacts): string {
	const example = f.example ?? 'node.crt.ocsp';
	const cert = example.replace(/\.ocsp$/, '');
	const caFile = f.hasChain ? 'ca-chain.crt' : 'ca.crt';
	const lines = [
		`Pre-signed OCSP responses of ${f.caName} (RFC 6960)`,
		'',
		`${f.count} response${f.count === 1 ? '' : 's'}, one per certificate of this CA that has not expired, each`,
		`"good" or "revoked" as the app's records say, signed ${f.delegated ? 'by a delegated OCSP responder (responder/responder.crt, issued by the CA)' : 'by the CA itself'}.`,
		`thisUpdate ${when(f.dates.thisUpdate)}, nextUpdate ${when(f.dates.nextUpdate)}: after nextUpdate clients`,
		"reject them. Sign a new set before then (the app's dashboard shows the date and warns ahead).",
		'',
		'Files',
		`  ca.crt            the CA certificate that verifies the responses${f.hasChain ? '\n  ca-chain.crt      the CA and its parents up to the root, for -CAfile' : ''}`,
		'  <folder>/<cert>.ocsp  the DER OCSPResponse of <folder>/<cert> as it was in its bundle; certificates',
		'                    issued more than once under one name are under by-serial/<serial>/',
		'  responses.txt     every response file with its serial, status and subject',
		'',
		'nginx (https://nginx.org/en/docs/http/ngx_http_ssl_module.html#ssl_stapling_file)',
		'  ssl_stapling on;',
		`  ssl_stapling_file /etc/nginx/tls/${example};`,
		'',
		'HAProxy (https://docs.haproxy.org/2.8/configuration.html#5.1-crt): put the response beside the',
		'crt file, named as that file plus ".ocsp" (bind ... crt /etc/haproxy/site.pem reads',
		'/etc/haproxy/site.pem.ocsp); the crt file must hold the CA certificate after the leaf, or a',
		'site.pem.issuer beside it, so HAProxy can match the response to the certificate.',
		'',
		'Check a response:',
		`  openssl ocsp -respin ${example} -CAfile ${caFile} -issuer ca.crt -cert ${cert} -resp_text`,
		'See the stapled response a server sends:',
		'  openssl s_client -connect host:443 -status -servername host </dev/null'
	];
	if (f.delegated) {
		lines.push(
			'',
			'Lab responder (responder/)',
			'  index.txt, index.txt.attr  the CA database of every certificate of this CA (openssl ca format)',
			'  responder.crt, responder.key  the delegated responder (extKeyUsage OCSPSigning, ocsp-nocheck);',
			`                    its key is unencrypted, and the certificate expires with the responses on ${when(f.dates.nextUpdate).slice(0, 10)}`,
			`  start-ocsp-responder.sh  runs openssl ocsp on port ${f.port} (OCSP_PORT overrides), on all addresses`,
			f.ocspUrl
				? `Certificates of this CA name ${f.ocspUrl} as their OCSP responder: run it on that host.`
				: 'The CA has no OCSP URL, so certificates do not name a responder: set one under "Revocation and AIA locations" before issuing.',
			'Ask it:',
			`  openssl ocsp -url http://127.0.0.1:${f.port} -issuer ca.crt -cert <certificate> -CAfile ${caFile}`
		);
	} else {
		lines.push('', 'A lab responder (openssl ocsp) needs a delegated responder key: choose that when signing.');
	}
	return `${lines.join('\n')}\n`;
}
