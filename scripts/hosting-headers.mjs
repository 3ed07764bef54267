// Writes build/nginx-security-headers.conf: the response headers a host should send with the hosted
// build. The pages carry their Content-Security-Policy as a <meta> tag, which a browser does not apply
// to everything: a meta policy cannot say frame-ancestors (CSP3 §6.4.2 "frame-ancestors ... is not
// supported in the <meta> element"), and a dedicated worker's script gets the policy of its own
// response, not of the page (CSP3 §4.2.2 "Initialize a global object's CSP list"). As headers the same
// policy covers the PKI worker too and forbids framing.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const META = /<meta http-equiv="content-security-policy" content="([^"]+)"/i;

/** The union of the pages' policies, directive by directive (each page has its own script hashes). */
export function unionPolicy(policies) {
	const directives = new Map();
	for (const policy of policies)
		for (const part of policy.split(';')) {
			const [name, ...sources] = part.trim().split(/\s+/);
			if (!name) continue;
			const known = directives.get(name) ?? [];
			for (const source of sources) if (!known.includes(source)) known.push(source);
			directives.set(name, known);
		}
	return directives;
}

export function writeHostingHeaders(buildDir, skip = []) {
	const pages = readdirSync(buildDir).filter((f) => f.endsWith('.html') && !skip.includes(f));
	const policies = pages.map((page) => {
		const match = META.exec(readFileSync(join(buildDir, page), 'utf8'));
		if (!match) throw new Error(`${page} has no Content-Security-Policy meta tag`);
		return match[1];
	});
	const directives = unionPolicy(policies);
	directives.set('frame-ancestors', ["'none'"]);
	const csp = [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
	// The service worker (src/service-worker.ts) precaches this version's files with fetch, which its
	// own policy must allow; it runs no page, so it needs nothing else.
	const serviceWorkerCsp = "default-src 'none'; script-src 'self'; connect-src 'self'";
	// nginx: https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header ("always" adds the
	// header to error responses too). A location block with add_header of its own does not inherit these.
	const conf = `# Security headers for the hosted Offline CA, written by \`npm run build\` from the pages' own policy.
# Include this file in the nginx server block that serves build/ (docs/HOSTING.md).
add_header Content-Security-Policy "${csp}" always;
add_header X-Content-Type-Options "nosniff" always;
add_header X-Frame-Options "DENY" always;
add_header Referrer-Policy "no-referrer" always;
add_header Cross-Origin-Opener-Policy "same-origin" always;
location = /service-worker.js {
	add_header Content-Security-Policy "${serviceWorkerCsp}" always;
	add_header X-Content-Type-Options "nosniff" always;
}
`;
	writeFileSync(join(buildDir, 'nginx-security-headers.conf'), conf);
	return conf;
}
