import type { ProfileWriter } from '../profile';
import { curlCommands, kitWriter, type ServerKit } from '../server-kit';
import { nginxConf } from './config';

export const NGINX_KIT: ServerKit = {
	program: 'nginx',
	configFile: 'nginx.conf',
	defaultPort: 8443,
	reads: { public: ['ca.crt', 'server.crt'], secret: ['server.key'] },
	config: (server) => nginxConf(server),
	// nginx.conf names no variable in listen: the copy in the run folder gets the port (its one listen line).
	serve: [
		'sed -E "s/^( *listen .*):[0-9]+ ssl;$/\\1:$port ssl;/" "$folder/nginx.conf" >"$run/nginx.conf"',
		'nginx -e stderr -p "$run/" -c nginx.conf >"$run.log" 2>&1 &'
	],
	check: 'mkdir -p /tmp/nginx-check && nginx -t -e stderr -p /tmp/nginx-check/ -c "$PWD/nginx.conf"',
	clientCommands: curlCommands,
	refusal: 'nginx answers 400 "No required SSL certificate was sent".',
	docs: [
		'https://nginx.org/en/docs/http/ngx_http_ssl_module.html',
		'https://nginx.org/en/docs/ngx_core_module.html',
		'https://nginx.org/en/docs/switches.html'
	]
};

export const writer: ProfileWriter = kitWriter(NGINX_KIT, 'nginx');
