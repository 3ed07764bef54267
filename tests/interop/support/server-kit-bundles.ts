/**
 * The nginx, HAProxy, Redis and Mosquitto kits from "Kit CA" (tests/e2e/server-kits-a.spec.ts): a
 * quick lab of 3 localhost nodes (keys start with "lab", so shellcheck.test.ts requires its script)
 * and a single-server bundle each.
 */
export const SERVER_KIT_BUNDLES = {
	labNginx: 'nginx-lab-3-nodes-kit-ca.zip',
	kitNginx: 'nginx-certs-kit-ca.zip',
	labHaproxy: 'haproxy-lab-3-nodes-kit-ca.zip',
	kitHaproxy: 'haproxy-certs-kit-ca.zip',
	labRedis: 'redis-lab-3-nodes-kit-ca.zip',
	kitRedis: 'redis-certs-kit-ca.zip',
	labMosquitto: 'mosquitto-lab-3-nodes-kit-ca.zip',
	kitMosquitto: 'mosquitto-certs-kit-ca.zip'
} as const;
