import type { ProfileWriter } from '../profile';
import { kitWriter, type ServerKit } from '../server-kit';
import { redisConf } from './config';

export const REDIS_KIT: ServerKit = {
	program: 'Redis',
	configFile: 'redis.conf',
	defaultPort: 6379,
	reads: { public: ['ca.crt', 'server.crt'], secret: ['server.key'] },
	config: redisConf,
	// Arguments after the config file override it (redis.io ".../management/config/"), so the config is copied as it is.
	serve: [
		'cp "$folder/redis.conf" "$run/"',
		'(cd "$run" && exec redis-server redis.conf --tls-port "$port") >"$run.log" 2>&1 &'
	],
	clientCommands: (dir, host, port) => [
		`redis-cli --tls --cacert ${dir}ca.crt --cert ${dir}client.crt --key ${dir}client.key -h ${host} -p ${port} PING`
	],
	refusal:
		'the TLS handshake fails and redis-cli reports an SSL error; the server logs "peer did not return a certificate".',
	docs: [
		'https://redis.io/docs/latest/operate/oss_and_stack/management/security/encryption/',
		'https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/'
	]
};

export const writer: ProfileWriter = kitWriter(REDIS_KIT, 'redis');
