/**
 * The one place @peculiar/x509 is imported. Version 2 resolves its algorithm providers through
 * tsyringe, which needs a Reflect metadata polyfill loaded first (x509 README, "Reflect Polyfill
 * Required"); importing it here guarantees the order for every module of the core.
 */
import 'reflect-metadata';
export * as x509 from '@peculiar/x509';
