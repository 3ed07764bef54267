/**
 * The one place @peculiar/x509 is imported. Version 2 resolves its algorithm providers through
 * tsyringe, which needs a Reflect metadata polyfill loaded first (x509 README, "Reflect Polyfill
 * Required"); importing it here guarantees the order for every module of the core.
 * @abraham/reflection implements the same Reflect.getMetadata/defineMetadata/decorate API as
 * reflect-metadata in 1 KiB gzip instead of 3.6: it relies on the WeakMap every supported browser
 * has, where reflect-metadata carries Map/Set/WeakMap shims and a provider registry.
 */
import '@abraham/reflection';
export * as x509 from '@peculiar/x509';
