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

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** `count` consecutive free ports on 127.0.0.1, for a lab start script that numbers its ports from one base. */
export async function freePortRange(count: number): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const base = 20_000 + Math.floor(Math.random() * 20_000);
		const free = await Promise.all(Array.from({ length: count }, (_, k) => portIsFree(base + k)));
		if (free.every(Boolean)) return base;
	}
	throw new Error(`No ${count} consecutive free ports found on 127.0.0.1`);
}
