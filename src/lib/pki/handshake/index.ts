/** The mutual-TLS handshake explainer and its break-it labs (issue 6, capabilities 4 and 5). */
export { explainHandshake } from './explain';
export { throwawayHandshake, FAULTS, FAULT_LABELS, crlPem, type Fault, type ThrowawayOptions } from './throwaway';
export type { HandshakeInput, HandshakeReport, HandshakeStep, HandshakeStepId, HandshakeSideView, TlsSide, CertSummary } from './types';
