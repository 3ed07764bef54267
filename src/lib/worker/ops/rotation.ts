import type { OperationHandlers } from '../operation-types';

/** Renewal of certificates and CAs, root rotation with and without cross-signing, and recovery from an expired CA (issue 5, capabilities 5 and 7). */
export type RotationRequest = never;

export type RotationValues = Record<never, never>;

export const rotationOperations: OperationHandlers<RotationRequest, RotationValues> = {};
