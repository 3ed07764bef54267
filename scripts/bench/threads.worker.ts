/** Runs the WebCrypto thread probe (threads.ts) in a dedicated worker, where the app issues. */
import { webCryptoThreads } from './threads';

webCryptoThreads().then(
	(probes) => postMessage({ probes }),
	(error: unknown) => postMessage({ error: String(error) })
);
