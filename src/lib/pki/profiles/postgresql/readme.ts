import type { BundleSummary } from '../profile';

/** README.txt of a PostgreSQL bundle: where the server and libpq read each file (§19.9, §34.19). */
export function postgresqlReadme(summary: BundleSummary): string {
	return `PostgreSQL certificates issued by "${summary.caName}"
==================================================

Folders: ${summary.folders.map((f) => f.folder || '.').join(', ')}

Server (a node folder): copy into the data directory, owned by the postgres user
  server.crt    ssl_cert_file (serverAuth, the server's hosts as SANs)
  server.key    ssl_key_file: PostgreSQL refuses it unless mode 0600 (or 0640 owned by root)
  root.crt      ssl_ca_file: the CA that signs client certificates
  postgresql.conf:  ssl = on, ssl_cert_file = 'server.crt', ssl_key_file = 'server.key', ssl_ca_file = 'root.crt'
  pg_hba.conf:      hostssl all all 127.0.0.1/32 cert

Client (a client folder): copy to ~/.postgresql/ (libpq's default names)
  postgresql.crt, postgresql.key (CN = the database user), root.crt
  psql "host=localhost user=<user> sslmode=verify-full"

The CA private key is not in this zip. Keys are mode 0600; libpq also refuses a key others may read.
`;
}
