import type { BundleSummary } from '../profile';

/** README.txt of a generic mutual-TLS bundle: the files and an openssl/curl pair that uses them. */
export const mtlsReadme = (summary: BundleSummary): string => `Mutual-TLS certificates issued by "${summary.caName}"
==================================================

Folders: ${summary.folders.map((f) => f.folder || '.').join(', ')}

  ca.crt                  the CA: servers trust client certificates from it, clients trust servers
  server.crt, server.key  serverAuth, the server's hosts as SANs
  client.crt, client.key  clientAuth, CN = the client's name

  openssl s_server -accept 8443 -cert server.crt -key server.key -CAfile ca.crt -Verify 1 -www
  curl --cacert ca.crt --cert client.crt --key client.key https://localhost:8443/

The CA private key is not in this zip. Keys are mode 0600.
`;
