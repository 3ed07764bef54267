import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { consulLab } from '../profiles/consul/lab';
import type { LabPlan } from '../profiles';
import { defaultLab, labPlan } from './definition';
import { parseLabFile, serializeLab } from './lab-file';

/**
 * Names typed into the lab form, or read from a lab.json someone sent, become folder names, zip
 * paths and words of the start script. Each hostile name is refused next to its input before
 * anything is planned, and the script quotes what it is given even if a name ever got through.
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const consul = (users: string) => ({ ...defaultLab('consul', 365), users });

describe('hostile client names in the lab form', () => {
	test.each([
		// The users field splits on spaces: "web$(touch" is the first name, and the one refused.
		['a command substitution', 'web$(touch x)', /Client agent name "web\$\(touch": U\+0024 \("\$"\) is not allowed/],
		['a parent-folder path (zip-slip)', '../../evil', /U\+002E \("\."\) is not allowed/],
		['an absolute path', '/etc/cron.d/x', /U\+002F \("\/"\) is not allowed/],
		['a right-to-left override', 'web\u202ex', /U\+202E \(a right-to-left override\) is not allowed/]
	])('a Consul client named with %s is refused next to the users field', (_, users, message) => {
		expect(() => labPlan(consul(users))).toThrow(
			expect.objectContaining({ field: 'lab-users', message: expect.stringMatching(message) })
		);
	});

	test('the message says which characters Consul client names take, and where that rule is from', () => {
		expect(() => labPlan(consul('web$(touch x)'))).toThrow(
			expect.objectContaining({
				code: 'name-invalid',
				message: expect.stringContaining(
					"client agent names take letters, digits and '-' (Consul node names are DNS labels, at most 63)"
				)
			})
		);
	});

	test.each(['cockroachdb', 'etcd', 'postgresql', 'mtls'])(
		'a %s client named with a path or a command is refused too',
		(system) => {
			for (const users of ['../../evil', 'a$(id)', 'x\u202ey'])
				expect(() => labPlan({ ...defaultLab(system, 365), users })).toThrow(
					expect.objectContaining({ field: 'lab-users' })
				);
		}
	);

	test('a host with a bidi override is refused next to the hosts field, naming U+202E', () => {
		expect(() => labPlan({ ...defaultLab('etcd', 365), hosts: 'localhost, db\u202eexe.lab' })).toThrow(
			expect.objectContaining({
				code: 'name-character-forbidden',
				field: 'lab-hosts',
				message: expect.stringContaining('Host "db<U+202E>exe.lab": U+202E (a right-to-left override) is not allowed')
			})
		);
	});

	test('a host that is a command is refused before any writer puts it into a script', () => {
		expect(() => labPlan({ ...defaultLab('mtls', 365), hosts: 'localhost, $(reboot)' })).toThrow(
			expect.objectContaining({ code: 'host-invalid', field: 'lab-hosts' })
		);
	});
});

describe('a hostile lab.json', () => {
	test.each([
		['web$(touch x)', /its "users" are refused \(client-web\$\(touch: Client agent name/],
		['../../evil', /its "users" are refused \(client-\.\.\/\.\.\/evil: /]
	])('with the Consul client %j is refused when it is opened', (users, message) => {
		expect(() => parseLabFile(serializeLab(consul(users)))).toThrow(
			expect.objectContaining({ code: 'lab-file-invalid', field: 'lab-file', message: expect.stringMatching(message) })
		);
	});

	test('with a bidi override in its hosts is refused when it is opened', () => {
		const text = serializeLab({ ...defaultLab('cockroachdb', 365), hosts: 'node{i}.lab\u202e' });
		expect(() => parseLabFile(text)).toThrow(
			expect.objectContaining({ code: 'lab-file-invalid', message: expect.stringContaining('U+202E') })
		);
	});
});

describe('start-consul.sh quotes the client folder', () => {
	test('a folder name that is a command substitution is printed, not run', () => {
		// Built by hand, past the name policy: the script must be safe on its own.
		const plan: LabPlan = {
			nodes: [{ index: 1, name: 'node1', hosts: ['localhost', '127.0.0.1'] }],
			clients: [{ user: "web$(touch x)'`touch y`", folder: "client-web$(touch x)'`touch y`" }],
			localhost: true,
			output: 'pem'
		};
		const script = consulLab.files(plan).find((f) => f.path === 'start-consul.sh')?.text ?? '';
		const line = script.split('\n').find((l) => l.includes('CONSUL_CLIENT_CERT')) ?? '';
		expect(line).not.toBe('');
		const dir = mkdtempSync(join(tmpdir(), 'lab-names-'));
		dirs.push(dir);
		const out = execFileSync('bash', ['-c', line], { cwd: dir, encoding: 'utf8' });
		expect(readdirSync(dir)).toEqual([]);
		expect(existsSync(join(dir, 'x'))).toBe(false);
		expect(out).toContain("CONSUL_CLIENT_CERT=client-web$(touch x)'`touch y`/dc1-client-consul-0.pem");
	});
});
