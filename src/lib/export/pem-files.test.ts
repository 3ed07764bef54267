import { expect, test } from 'vitest';
import { base64OfPem, certificatesPem, privateKeyPem } from './pem-files';

const noise = (n: number) => crypto.getRandomValues(new Uint8Array(n));

test('a PEM file is encoded to base64 once, however many Secrets hold it', () => {
	const pem = certificatesPem([noise(300)]);
	expect(base64OfPem(pem)).toBe(base64OfPem(pem));
	const key = privateKeyPem(noise(138));
	expect(new TextDecoder().decode(base64OfPem(key))).toBe(Buffer.from(key).toString('base64'));
});
