/** Inspector input: drop or paste anything, get typed items and plain-language problems. */
export { parseInputs } from './parse';
export type {
	InputFile,
	ItemSource,
	ParsedItem,
	CertificateItem,
	CsrItem,
	CrlItem,
	PrivateKeyItem,
	ParseProblem,
	ParseResult,
	ParseOptions,
	ParseLimits,
	PasswordProvider
} from './types';
export { DEFAULT_LIMITS } from './types';
export type { KeyInfo } from './key-info';
export { spkiInfo, pkcs8Info } from './key-info';
export { describeCertificate, type CertificateView } from './describe-cert';
export { describeCsr, describeCrl, type CsrView, type CrlView } from './describe-csr-crl';
export type { SanView, GeneralNameView } from './general-names';
