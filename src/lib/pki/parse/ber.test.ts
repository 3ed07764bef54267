import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PkiError } from '../errors';
import { parseBer } from './ber';

describe('BER reader', () => {
	test('uses the same asn1js package as @peculiar/x509 (one copy in the worker bundle)', () => {
		const require = createRequire(import.meta.url);
		const ours = require.resolve('asn1js/package.json');
		const schemaDir = dirname(require.resolve('@peculiar/asn1-schema/package.json'));
		const theirs = createRequire(`${schemaDir}/`).resolve('asn1js/package.json');
		expect(theirs).toBe(ours);
	});

	test('an indefinite-length SEQUENCE is read, and damage is a PkiError', () => {
		// SEQUENCE (indefinite) { INTEGER 5 } end-of-contents
		const node = parseBer(new Uint8Array([0x30, 0x80, 0x02, 0x01, 0x05, 0x00, 0x00]), 'The test value');
		expect(node.idBlock.tagNumber).toBe(16);
		expect(() => parseBer(new Uint8Array([0x30, 0x05, 0x02]), 'The test value')).toThrow(PkiError);
	});
});
