import type { OperationHandlers } from '../operation-types';

/** Revocation and CRL publishing (issue 5, capability 6). */
export type RevocationRequest = never;

export type RevocationValues = Record<never, never>;

export const revocationOperations: OperationHandlers<RevocationRequest, RevocationValues> = {};
