/** The mutual-TLS handshake explainer and its break-it labs, on throw-away certificates or dropped files. */
export { explainHandshake } from './explain';
export { throwawayHandshake, crlPem, type ThrowawayOptions } from './throwaway';
export { FAULTS, FAULT_LABELS, type Fault } from './faults';
export { applyFaultToFiles } from './fault-on-files';
export { proveKey, type HeldKey, type KeyProof } from './key-proof';
export type {
	HandshakeInput,
	HandshakeReport,
	HandshakeStep,
	HandshakeStepId,
	HandshakeSideView,
	TlsSide,
	CertSummary
} from './types';
