/** The lint targets' ids and labels as plain data for the page's picker; run.ts checks they match the rules. */
export const LINT_TARGET_LIST = [
	{ id: 'cockroachdb', label: 'CockroachDB' },
	{ id: 'elasticsearch-transport', label: 'Elasticsearch transport (node to node)' },
	{ id: 'elasticsearch-http', label: 'Elasticsearch HTTP (REST clients, Kibana)' },
	{ id: 'consul-agent', label: 'Consul agent TLS (RPC, verify_incoming/outgoing)' },
	{ id: 'consul-connect', label: 'Consul Connect (service mesh, SPIFFE)' },
	{ id: 'tls-server', label: 'Plain TLS server' },
	{ id: 'tls-client', label: 'Plain TLS client' }
] as const;
