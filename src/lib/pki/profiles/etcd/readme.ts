import type { BundleSummary } from '../profile';

/** README.txt of an etcd bundle: which flag reads which file (etcd.io/docs/v3.4/op-guide/security/). */
export function etcdReadme(summary: BundleSummary): string {
	const folders = summary.folders.map((f) => f.folder || '.').join(', ');
	return `etcd certificates issued by "${summary.caName}"
==================================================

Folders: ${folders}

  ca.crt                 the CA certificate: --trusted-ca-file and --peer-trusted-ca-file
  member.crt, member.key a member's certificate (serverAuth + clientAuth, every member's hosts
                         as SANs): --cert-file/--key-file and --peer-cert-file/--peer-key-file
  client.<user>.crt/.key a client certificate (CN=<user>, clientAuth) for etcdctl --cert/--key

The CA private key is not in this zip.

Start a member with mutual TLS for clients and peers (etcd.io/docs/v3.4/op-guide/security/):

  etcd --name <name> --client-cert-auth --trusted-ca-file ca.crt \\
    --cert-file member.crt --key-file member.key \\
    --peer-client-cert-auth --peer-trusted-ca-file ca.crt \\
    --peer-cert-file member.crt --peer-key-file member.key ...

  ETCDCTL_API=3 etcdctl --endpoints https://<host>:2379 --cacert ca.crt \\
    --cert client.<user>.crt --key client.<user>.key put greeting hello

Keys are mode 0600; restore with chmod 600 *.key if your unzip tool dropped the modes.
`;
}
