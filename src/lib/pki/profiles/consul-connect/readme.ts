import type { BundleSummary } from '../profile';

/**
 * README.txt of a Consul Connect bundle: the chain files a proxy is handed and the root peers trust
 * (https://developer.hashicorp.com/consul/docs/connect/ca).
 */
export function connectReadme(summary: BundleSummary): string {
	const list = summary.folders
		.flatMap((f) => f.leaves.map((l) => `  ${l.files.cert.padEnd(24)} ${l.sans.join(', ')}`))
		.join('\n');
	return `Consul service mesh certificates issued by "${summary.caName}"
===============================================================

  connect-root-ca.pem      the Connect root CA: what peers trust (GET /v1/connect/ca/roots)
${list}

Each certificate file holds the leaf followed by the intermediate CA(s) that signed it, the
chain Consul hands a proxy; its key is next to it (<name>-key.pem, mode 0600). The identity is the
SPIFFE URI; the subject is empty, as Consul's own leaves are.

The CA private keys are not in this zip: they stay sealed in the browser.
`;
}
