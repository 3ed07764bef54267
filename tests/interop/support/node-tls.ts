import { readFileSync } from 'node:fs';
import { connect, createServer, type TLSSocket } from 'node:tls';

/** A certificate, its key and the CA certificate its owner trusts: one side of a mutual-TLS connection. */
export interface TlsIdentity {
	cert: Buffer;
	key: Buffer;
	ca: Buffer;
}

export function readIdentity(certFile: string, keyFile: string, caFile: string): TlsIdentity {
	return { cert: readFileSync(certFile), key: readFileSync(keyFile), ca: readFileSync(caFile) };
}

export interface MutualTlsResult {
	/** What the client read back: "pong:ping" when the handshake held and data flowed both ways. */
	reply: string;
	/** The CN of the client certificate as the server saw it after verifying it. */
	clientCn?: string;
	/** The CN of the server certificate as the client saw it after verifying it. */
	serverCn?: string;
	/** The server's handshake error (tlsClientError), if it refused the client. */
	serverError?: NodeJS.ErrnoException;
	/** Why the server's certificate check failed (an OpenSSL X509_V_ERR name), when it refused the client. */
	serverAuthorizationError?: string;
	clientError?: NodeJS.ErrnoException;
}

const PING = 'ping';

/**
 * Node's tls (OpenSSL underneath, driven the way a Go or Node service drives it): the server asks
 * for and verifies a client certificate against its CA (requestCert + rejectUnauthorized), the
 * client checks the server against its CA and the name "localhost" (SNI and checkServerIdentity).
 * Resolves once the client connection is closed, with what each side saw; rejects only on timeout.
 */
export async function mutualTls(
	server: TlsIdentity,
	client: TlsIdentity,
	timeoutMs = 15_000
): Promise<MutualTlsResult> {
	const result: MutualTlsResult = { reply: '' };
	const tlsServer = createServer({
		cert: server.cert,
		key: server.key,
		ca: server.ca,
		requestCert: true,
		rejectUnauthorized: true
	});
	tlsServer.on('secureConnection', (socket: TLSSocket) => {
		result.clientCn = cn(socket.getPeerCertificate().subject);
		socket.on('error', () => {});
		socket.once('data', (data) => socket.end(`pong:${data.toString()}`));
	});
	// With rejectUnauthorized, Node checks the client's verify result once OpenSSL's handshake is done
	// and destroys the socket (lib/_tls_wrap.js, onServerSocketSecure): no TLS alert is sent, so a
	// TLS 1.3 client sees only a close. The server side records why, on the socket it refused.
	tlsServer.on('tlsClientError', (error, socket) => {
		result.serverError = error;
		result.serverAuthorizationError = socket.authorizationError?.toString();
	});
	await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
	const address = tlsServer.address();
	if (address === null || typeof address === 'string') throw new Error('TLS server has no TCP address');
	try {
		await new Promise<void>((resolve, reject) => {
			const socket = connect({
				host: '127.0.0.1',
				port: address.port,
				servername: 'localhost',
				cert: client.cert,
				key: client.key,
				ca: client.ca
			});
			const timer = setTimeout(() => {
				socket.destroy();
				reject(new Error(`mutual TLS did not finish within ${timeoutMs} ms`));
			}, timeoutMs);
			socket.on('secureConnect', () => {
				result.serverCn = cn(socket.getPeerCertificate().subject);
				socket.write(PING);
			});
			socket.on('data', (data) => (result.reply += data.toString()));
			socket.on('error', (error) => (result.clientError = error));
			socket.on('close', () => {
				clearTimeout(timer);
				resolve();
			});
		});
	} finally {
		await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
	}
	return result;
}

function cn(subject: { CN?: string | string[] } | undefined): string | undefined {
	const value = subject?.CN;
	return Array.isArray(value) ? value.join(',') : value;
}
