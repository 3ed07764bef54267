import type { OperationHandlers } from '../operation-types';

/** CSR signing, a CSR for one of our CAs, and importing the certificate an outside root signed (issue 5, capabilities 2 and 3). */
export type CsrRequest = never;

export type CsrValues = Record<never, never>;

export const csrOperations: OperationHandlers<CsrRequest, CsrValues> = {};
