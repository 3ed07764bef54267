/** Chain building and full path validation with plain-language reasons (RFC 5280 §6.1, RFC 6125). */
export { verifyChain } from './verify';
export { dnsMatches } from './checks-usage';
export type {
	VerifyRequest,
	VerifyResult,
	VerifyStep,
	VerifyCheck,
	VerifyErrorCode,
	Purpose,
	CertInput,
	NamedCert
} from './types';
