import type { OperationHandlers } from '../operation-types';

/** Importing an external CA: certificate and key in PEM, encrypted PKCS#8, PKCS#1, SEC1 or PKCS#12 (issue 5, capability 4). */
export type CaImportRequest = never;

export type CaImportValues = Record<never, never>;

export const caImportOperations: OperationHandlers<CaImportRequest, CaImportValues> = {};
