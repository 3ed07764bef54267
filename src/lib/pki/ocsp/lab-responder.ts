/**
 * The lab responder's start script: `openssl ocsp` as an OCSP responder over the OpenSSL CA database
 * (https://docs.openssl.org/3.0/man1/openssl-ocsp/ "OCSP Server Options": -index, -port, -rsigner,
 * -rkey, -CA, -nmin). It signs live answers with the delegated responder's key; the CA key never
 * leaves the app.
 */

/** Where the responder listens: the port of the CA's OCSP URL, 8080 when it names none or none is set. */
export function responderPort(ocspUrl: string | undefined): number {
	if (!ocspUrl) return DEFAULT_PORT;
	try {
		const url = new URL(ocspUrl);
		return url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : DEFAULT_PORT;
	} catch {
		return DEFAULT_PORT;
	}
}

const DEFAULT_PORT = 8080;

/**
 * The script: bash, strict mode, run from its own folder so the relative file names hold, the port
 * overridable with OCSP_PORT. `-nmin` gives each live answer a nextUpdate (without it OpenSSL writes
 * none, and some clients then cache nothing); `-ignore_err` keeps it serving after a malformed request.
 * The port is a number only: this is a literal, never a value from a form.
 */
export function responderScript(port: number): string {
	if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError(`Not a TCP port: ${port}`);
	return `#!/usr/bin/env bash
# Lab OCSP responder: answers for the certificates listed in index.txt, signed by responder.crt.
# Stop it with Ctrl-C. OCSP_PORT=<port> ./start-ocsp-responder.sh picks another port.
set -euo pipefail
cd "$(dirname "$0")"
port="\${OCSP_PORT:-${port}}"
echo "OCSP responder on port \${port} (all addresses)"
exec openssl ocsp -index index.txt -port "\${port}" -rsigner responder.crt -rkey responder.key -CA ca.crt -nmin 60 -ignore_err
`;
}
