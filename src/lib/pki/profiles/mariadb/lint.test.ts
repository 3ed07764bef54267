import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lintDropped, OpensslDir } from '../../lint/openssl-fixtures';

/** The MariaDB client rules on openssl-made client certificates. */
let d: OpensslDir;
beforeAll(() => {
	d = new OpensslDir();
	d.ca('good/ca', 'MariaDB CA 1');
	d.leaf('good/client', { cn: 'app', ca: 'good/ca', ext: ['extendedKeyUsage=clientAuth'] });
	d.ca('bad/ca', 'MariaDB CA 2');
	// openssl's -subj /CN=app/O=Acme: a subject with more than the CN.
	d.leaf('bad/client', { cn: 'app/O=Acme', ca: 'bad/ca', ext: ['extendedKeyUsage=clientAuth'] });
}, 120_000);
afterAll(() => d.remove());

describe('MariaDB client lint', () => {
	test('a client certificate whose subject is CN=<user> alone passes; one with more than the CN is flagged', async () => {
		const good = await lintDropped(d.files('good'), 'mariadb-client');
		expect(good.rule('mariadb-require-subject').status).toBe('pass');
		expect(good.rule('chain').status).toBe('pass');
		expect((await lintDropped(d.files('bad'), 'mariadb-client')).messages('mariadb-require-subject')).toMatch(
			/client\.crt's subject is "CN=app, O=Acme", not just CN=app: the account REQUIRE SUBJECT '\/CN=app' refuses it/
		);
	});
});
