import { describe, expect, it } from 'vitest';
import { bundleOutcome } from './outcome';
import { Outcomes } from './outcomes.svelte';

describe('bundleOutcome', () => {
	it('says what a lab zip holds and how each node folder reaches its node with safe modes', () => {
		const certs = [
			{ folder: 'node1', certFile: 'node.crt', serialHex: '0a', sans: ['DNS:db1.lab.internal'] },
			{ folder: 'node2', certFile: 'node.crt', serialHex: '0b', sans: ['IP:127.0.0.1'] },
			{ folder: 'client.root', certFile: 'client.root.crt', serialHex: '0c' }
		];
		const outcome = bundleOutcome('lab.zip', certs, 'Lab');
		expect(outcome.title).toBe('Lab: 3 certificates issued and downloaded as lab.zip');
		expect(outcome.serials).toEqual(['0a', '0b', '0c']);
		expect(outcome.commands).toEqual([
			'unzip lab.zip',
			'scp -r node1 db1.lab.internal:',
			"ssh db1.lab.internal 'chmod 700 node1; chmod 600 node1/*.key'",
			'scp -r node2 node2:',
			"ssh node2 'chmod 700 node2; chmod 600 node2/*.key'",
			'scp -r client.root node3:',
			"ssh node3 'chmod 700 client.root; chmod 600 client.root/*.key'"
		]);
	});

	it('unzips a bundle without folders into a folder named after the zip', () => {
		const outcome = bundleOutcome('certs.zip', [{ folder: '', certFile: 'node.crt', serialHex: '01' }]);
		expect(outcome.title).toBe('Certificates: 1 certificate issued and downloaded as certs.zip');
		expect(outcome.commands.slice(0, 2)).toEqual(['unzip certs.zip -d certs', 'scp -r certs node1:']);
		expect(outcome.details[0]).toBe('In the zip: node.crt.');
	});

	it('keeps one outcome at a time', () => {
		const outcomes = new Outcomes();
		outcomes.show(bundleOutcome('a.zip', []));
		outcomes.show(bundleOutcome('b.zip', []));
		expect(outcomes.current?.file).toBe('b.zip');
		outcomes.clear();
		expect(outcomes.current).toBeNull();
	});
});
