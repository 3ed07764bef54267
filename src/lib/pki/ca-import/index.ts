/** Importing a CA made elsewhere (openssl, elasticsearch-certutil, consul tls, keytool): read, check, hand to the sealing op. */
export { importCa, type ImportCaInput, type ImportedCaMaterial } from './import-ca';
export { PASSWORD_FIELD, type ImportFile, type ImportFileField } from './read-files';
