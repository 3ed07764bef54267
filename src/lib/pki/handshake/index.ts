/** The mutual-TLS handshake explainer and its break-it labs. */
export { explainHandshake } from './explain';
export { throwawayHandshake, crlPem, type ThrowawayOptions } from './throwaway';
export { FAULTS, FAULT_LABELS, type Fault } from './faults';
export type {
	HandshakeInput,
	HandshakeReport,
	HandshakeStep,
	HandshakeStepId,
	HandshakeSideView,
	TlsSide,
	CertSummary
} from './types';
