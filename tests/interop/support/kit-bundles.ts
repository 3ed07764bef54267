/** The server kits' zips (tests/e2e/server-kits-b.spec.ts): a quick lab and a single-server bundle from "Kits B CA". */
export const KIT_B_BUNDLES = {
	labNats: 'nats-lab-2-nodes-kits-b-ca.zip',
	labMariadb: 'mariadb-lab-2-nodes-kits-b-ca.zip',
	labRabbitmq: 'rabbitmq-lab-1-nodes-kits-b-ca.zip',
	kitNats: 'nats-certs-kits-b-ca.zip',
	kitMariadb: 'mariadb-certs-kits-b-ca.zip',
	kitRabbitmq: 'rabbitmq-certs-kits-b-ca.zip'
} as const;
