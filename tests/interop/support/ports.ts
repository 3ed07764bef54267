import { createServer } from 'node:net';

/** An ephemeral TCP port on 127.0.0.1 that was free a moment ago, for servers that need a port number up front. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			if (address === null || typeof address === 'string') return reject(new Error('no TCP address'));
			server.close(() => resolve(address.port));
		});
	});
}
