/**
 * Which thread does a WebCrypto operation's work: the thread that called it, or a thread of the
 * browser's. The pool's design rests on the answer (worker/pool.ts): work on the calling thread
 * spreads over plain workers of one process, work on a shared thread does not.
 *
 * Method: `count` calls are started in one synchronous loop, then awaited. If the browser does the
 * work on another thread, the loop only queues it and returns at once, and the time goes to the
 * wait; if it does the work inside each call, the loop takes the time and the wait is empty. The
 * figure is the share of the whole spent in the loop.
 */
import { keyGenParams, signingParams, type KeyAlgorithm } from '../../src/lib/pki/algorithms';

export interface ThreadProbe {
	operation: string;
	calls: number;
	totalMs: number;
	/** Share of the time spent inside the calls themselves, 0 to 1: near 1 is work on the calling thread. */
	onCallingThread: number;
}

async function probe(operation: string, calls: number, start: () => Promise<unknown>): Promise<ThreadProbe> {
	await start(); // warm: the first call of a kind loads and initialises code
	const started = performance.now();
	const pending = Array.from({ length: calls }, start);
	const queued = performance.now();
	await Promise.all(pending);
	const totalMs = performance.now() - started;
	return { operation, calls, totalMs, onCallingThread: (queued - started) / totalMs };
}

const keyPair = async (alg: KeyAlgorithm) =>
	(await crypto.subtle.generateKey(keyGenParams(alg), true, ['sign', 'verify'])) as CryptoKeyPair;

/** The operations a bulk issuance is made of, each probed as above. */
export async function webCryptoThreads(): Promise<ThreadProbe[]> {
	const tbs = crypto.getRandomValues(new Uint8Array(420)); // about a leaf TBSCertificate's size
	const p256 = await keyPair('P-256');
	const rsa4096 = await keyPair('RSA-4096');
	return [
		await probe('P-256 key generation', 400, () => keyPair('P-256')),
		await probe('Ed25519 key generation', 400, () => keyPair('Ed25519')),
		await probe('P-256 signature', 400, () => crypto.subtle.sign(signingParams('P-256'), p256.privateKey, tbs)),
		await probe('PKCS#8 export of a P-256 key', 400, () => crypto.subtle.exportKey('pkcs8', p256.privateKey)),
		await probe('RSA-4096 signature', 20, () => crypto.subtle.sign(signingParams('RSA-4096'), rsa4096.privateKey, tbs)),
		await probe('RSA-2048 key generation', 6, () => keyPair('RSA-2048'))
	];
}
