/** Renewing a CA with its own key, cross-signing a new root with the old one, and the combined CA file of a rotation. */
export { reissueCaCertificate } from './reissue-ca';
export { renewCaSameKey, crossSignRoot, type CaKeyPair } from './renew-ca';
export { combinedCaFile } from './combined-ca-file';
