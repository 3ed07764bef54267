import type { SystemLint } from '../../lint/types';

/**
 * RabbitMQ verifies peers with Erlang's ssl application (verify_peer: the chain to cacertfile, and the
 * clientAuth purpose); clients check the broker's name against its SANs. So the kit is held to the
 * plain TLS rules, server and client (https://www.rabbitmq.com/docs/ssl#peer-verification).
 */
export const lint: SystemLint = { rules: {}, kinds: { server: ['tls-server'], client: ['tls-client'] } };
