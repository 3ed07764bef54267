import type { PkiErrorCode } from './errors';

/** What went wrong, and what the user should do about it, in plain words. */
export interface ErrorHelp {
	fault: string;
	action: string;
	/** Every message thrown with this code says what is wrong but not what to do, so the UI adds `action`. */
	addAction?: true;
}

/**
 * Every PkiError code with its fault and the user's next step, for the UI and the docs. A throw
 * site's message names the exact value and reason; this says what the code as a whole stands for,
 * so "what to do" can be shown even where a message is short.
 */
export const ERRORS: Record<PkiErrorCode, ErrorHelp> = {
	'host-empty': {
		fault: 'No host name or IP address was given, and the certificate needs at least one.',
		action: 'Enter the names or addresses that clients use to reach this server.'
	},
	'host-invalid': {
		fault: 'A host name is not a valid DNS name, or an IP address was typed where names go.',
		action: 'Write names as letters, digits and hyphens between dots; put IP addresses in their own field.'
	},
	'ip-invalid': {
		fault: 'An IP address is not a valid IPv4 or IPv6 address, or a name was typed where addresses go.',
		action: 'Write addresses like 10.0.0.5 or fd00::5; put host names in the DNS field.'
	},
	'uri-invalid': {
		fault: 'A URI is not absolute: it lacks a scheme such as spiffe:// or https://.',
		action: 'Write the whole URI, scheme included.',
		addAction: true
	},
	'username-invalid': {
		fault:
			'A user name breaks the rules of the software that will read it (its characters, its length, one user only).',
		action: 'Change the user name to fit the rule the message gives.'
	},
	'name-invalid': {
		fault:
			'A name (of a CA, an instance, a datacenter, a cluster, a distinguished name) is empty, too long, ' +
			'or has characters that are not allowed.',
		action: 'Change the name as the message says.'
	},
	'name-character-forbidden': {
		fault:
			'A name holds a control, invisible formatting or bidirectional character (a line break, NUL, U+202E …), ' +
			'which could add a line to a config file or make the name read differently than it is.',
		action: 'Retype the name without that character; the message gives its code point.'
	},
	'file-name-clash': {
		fault: 'Two certificates would be written to the same file, or a name takes the place the bundle keeps for the CA.',
		action: 'Change one of the names, so that each certificate gets a file of its own.'
	},
	'choice-invalid': {
		fault:
			'A value is not one of the choices offered (a certificate kind, a key usage, a lab system or output); ' +
			'this comes from an edited or outdated file or request, not from the form.',
		action: 'Pick one of the offered choices in the form; save the file again from the form if it came from a file.',
		addAction: true
	},
	'kinds-empty': {
		fault: 'No certificate was ticked, so there is nothing to issue.',
		action: 'Tick at least one certificate.'
	},
	'entries-empty': {
		fault: 'A ticked certificate has one file per entry (a user, a client, a service) and no entry was given.',
		action: 'Enter at least one entry, or untick that certificate.'
	},
	'validity-invalid': {
		fault: 'A number of days is not a whole number in the allowed range.',
		action: 'Enter a whole number of days in the range the message gives.'
	},
	'validity-beyond-ca': {
		fault: 'The certificate or CRL would still be valid after the CA that signs it has expired.',
		action: 'Choose fewer days, or renew the CA first.'
	},
	'ca-expired': {
		fault: 'The CA has expired, so nothing it signs would verify.',
		action: 'Renew the CA with its key, or create a new CA.'
	},
	'ca-locked': {
		fault: "The action needs a CA's private key, and that CA is locked in this tab.",
		action: 'Unlock the CA with its passphrase, then try again.'
	},
	'ca-key-mismatch': {
		fault:
			'The unlocked key is not the key of the CA certificate it was stored with, so the stored CA is inconsistent.',
		action: 'Restore the CA from a backup, or import it again with its own key.',
		addAction: true
	},
	'ca-not-root': {
		fault: 'A root rotation was asked of an intermediate CA; only a root can be replaced by a new root.',
		action: 'Renew the intermediate, or create a new intermediate under its root.'
	},
	'ca-not-connect': {
		fault: 'Consul Connect certificates need a CA with a SPIFFE trust domain, and this CA has none.',
		action: 'Issue them from a CA created with "Consul Connect CA" ticked, or from an intermediate under one.'
	},
	'constraint-invalid': {
		fault: 'A name constraint could never match a name: a wildcard, a bad domain or a bad IP range.',
		action: 'Write domains like example.com and IP ranges like 10.0.0.0/8.'
	},
	'pathlen-invalid': {
		fault: 'A path length is not a whole number from 0 to 10.',
		action: 'Enter a whole number from 0 to 10, or leave it empty for no limit.'
	},
	'pathlen-beyond-parent': {
		fault: "The new CA's path length is not below its parent's, or the parent may not sign CAs at all (path length 0).",
		action: 'Choose a smaller path length, or create the CA under a parent that allows CAs below it.'
	},
	'algorithm-unsupported': {
		fault: "The key algorithm is not one this browser's WebCrypto can use for a CA.",
		action: 'Choose another algorithm (ECDSA P-256 works everywhere).'
	},
	'passphrase-mismatch': {
		fault: 'The passphrase and its confirmation are different.',
		action: 'Type the same passphrase in both fields.'
	},
	'passphrase-too-short': {
		fault: 'The passphrase is shorter than the minimum; it is all that protects the CA key.',
		action: 'Choose a longer passphrase.'
	},
	'passphrase-wrong': {
		fault: "The passphrase does not open this CA's sealed key.",
		action: 'Check the passphrase (it is case-sensitive) and try again.'
	},
	'passphrase-weak': {
		fault: 'The new passphrase is too easy to guess: it is a common password, a pattern or too few words.',
		action: 'Use four or more random words, or a longer passphrase with no common words or patterns.'
	},
	'p12-password-invalid': {
		fault: 'The PKCS#12 password is empty or has characters outside plain ASCII, which Java refuses.',
		action: 'Use a password of ASCII letters, digits, spaces and punctuation.'
	},
	'vault-newer': {
		fault: "The browser's vault, or this CA in it, was written by a newer version of the app.",
		action: 'Open it with that version of the app (or a later one).'
	},
	'vault-conflict': {
		fault:
			'The vault changed in another tab between reading and writing (a CA removed or changed, a CRL number taken), ' +
			'or the certificate was already revoked.',
		action: 'Reload the page to see the current state, then try again if it is still needed.'
	},
	'worker-failed': {
		fault:
			"The page's crypto worker failed to start or stopped while it worked; that action was not carried out and nothing was stored.",
		action: 'Try the action again: a fresh worker starts for it. If it keeps failing, reload the page.'
	},
	'storage-unavailable': {
		fault: "The browser's storage (IndexedDB) could not be opened, so nothing can be saved.",
		action: 'Reload the page; in a private window, or with site data blocked, use a normal window.'
	},
	'storage-full': {
		fault: 'The browser refused to store more data: the disk or the quota for this site is full.',
		action: 'Free some disk space or site data, then try again.'
	},
	'storage-failed': {
		fault: 'The browser could not write to its storage; nothing was changed.',
		action: 'Try again; if it keeps failing, reload the page.'
	},
	'backup-unreadable': {
		fault: 'The file is not an Offline CA vault backup, or it is cut short or damaged.',
		action: 'Choose the .ocabackup file the app downloaded, or another copy of it.'
	},
	'backup-newer': {
		fault: 'The backup was made by a newer version of the app.',
		action: 'Restore it with that version (or a later one).'
	},
	'backup-passphrase-missing': {
		fault: 'No passphrase was given for the backup.',
		action: 'Enter the passphrase chosen when the backup was made.'
	},
	'backup-passphrase-wrong': {
		fault: 'The passphrase does not open the backup, or the file was altered (the two cannot be told apart).',
		action: 'Check the passphrase (it is case-sensitive); if it is right, use another copy of the backup.'
	},
	'backup-too-large': {
		fault: 'The backup file, or what it unpacks to, is larger than any vault backup the app writes.',
		action: 'Choose the .ocabackup file the app downloaded; a file this large was not made by it.'
	},
	'backup-record-invalid': {
		fault:
			'A record in the backup breaks a rule the app keeps for its own records (an id, a size, or key-derivation settings out of range).',
		action: 'Use another copy of the backup; this one was not written by the app as it is.'
	},
	'backup-foreign-record': {
		fault:
			'The backup holds records of a CA it does not contain, or a CA with the id of one in this vault but another key.',
		action: 'Use another copy of the backup: a backup may only add records of the CAs it holds.'
	},
	'sealed-key-invalid': {
		fault: "A CA's sealed key has key-derivation settings out of the range the app writes and accepts.",
		action: 'Restore the CA from a backup the app made, or import its key again.'
	},
	cancelled: {
		fault: 'The work was cancelled before it finished; nothing was recorded.',
		action: 'Start it again when you want it.'
	},
	internal: {
		fault: 'A defect in the app, not something you did.',
		action: 'Reload the page and try again; please report the message if it happens again.'
	},
	'input-empty': {
		fault: 'Nothing was given: the text is empty or the file has no bytes.',
		action: 'Paste the text or choose the file again.'
	},
	'input-too-large': {
		fault: 'The file is far larger than certificates, keys or their zips ever are.',
		action: 'Choose only the files you need.'
	},
	'input-unrecognized': {
		fault: 'The input is not a certificate, key, CSR, CRL, PKCS#12 or zip in a form the app reads.',
		action: 'Give PEM or DER files (.crt, .pem, .key, .csr, .crl), a .p12/.pfx or a .zip of them.'
	},
	'input-malformed': {
		fault: 'The input looks like a known format but is cut short or damaged.',
		action: 'Copy the whole block again (from BEGIN to END), or export or download the file again.'
	},
	'input-unsupported': {
		fault: 'The input is in a format or encryption the app deliberately does not read.',
		action: 'Convert it as the message says (usually with OpenSSL), then give it again.'
	},
	'zip-too-large': {
		fault:
			'The zip declares too many entries or would unpack to far more than certificates need (a possible zip bomb).',
		action: 'Zip only the certificates and keys.'
	},
	'password-required': {
		fault: 'The PKCS#12 file or private key is protected by a password that was not given.',
		action: 'Enter its password.'
	},
	'password-wrong': {
		fault: 'The password given for a PKCS#12 file or private key is wrong.',
		action: 'Check the password (it is case-sensitive) and try again.'
	},
	'kdf-rounds-refused': {
		fault:
			'The PKCS#12 file or encrypted key asks for more than ten million key-derivation rounds, which would keep the app busy for many minutes; no tool writes that many.',
		action: "Export it again with its tool's default settings (OpenSSL writes 2,048 rounds, Java 10,000)."
	},
	'kdf-slow-confirm': {
		fault:
			'The PKCS#12 file or encrypted key asks for more than a million key-derivation rounds, far more than tools write, so opening it takes a long time.',
		action: 'Confirm to open it anyway (you can cancel while it runs), or export it again with fewer rounds.'
	},
	'url-invalid': {
		fault: 'An OCSP, CA issuers or CRL location is not an absolute http, https or ldap URL in plain ASCII.',
		action: 'Write the whole URL, such as http://pki.example.internal/ca.crl, percent-encoding anything else.'
	},
	'lab-hosts-invalid': {
		fault: "The lab's hosts do not fit its number of nodes.",
		action: 'Write one line per node, or one line whose ranges give one value per node.'
	},
	'lab-nodes-invalid': {
		fault: 'The number of lab nodes is outside the range the lab can build.',
		action: 'Choose a number of nodes in that range.',
		addAction: true
	},
	'lab-file-invalid': {
		fault: 'The file is not a lab definition the app can open: not JSON, another format, or a bad value.',
		action: 'Choose a lab.json saved by the lab form, or the one inside a lab zip.'
	},
	'csr-signature-invalid': {
		fault: "The CSR's signature does not match its own public key: it was altered or damaged.",
		action: 'Ask for a new CSR.'
	},
	'csr-subject-empty': {
		fault: 'The CSR has an empty subject, and a CA certificate needs a name.',
		action: 'Ask for a CSR with a CN.'
	},
	'csr-subject-unsupported': {
		fault: "The CSR's subject has attributes this CA does not write into a leaf certificate.",
		action: 'Ask for a CSR without them, or sign it as an intermediate CA.'
	},
	'csr-several': {
		fault: 'The input holds more than one CSR.',
		action: 'Sign them one at a time.'
	},
	'csr-subject-refused': {
		fault:
			"The CSR asks for a name this CA will not sign: a CA's own subject, a wildcard over a whole top-level " +
			'domain or public suffix, or a name the chosen profile reserves.',
		action: 'Ask for a new CSR with the name the message suggests, or choose the profile that fits it.'
	},
	'key-unsupported': {
		fault:
			'The key in the CSR is one no CA should certify: RSA below 2048 bits or beyond 4096, or an unusual curve or type.',
		action: 'Ask for a new CSR with an ECDSA P-256/P-384, RSA 2048-4096 or Ed25519 key.'
	},
	'certificate-is-current': {
		fault: "The certificate given back is the CA's current one, not the one the outside root signed.",
		action: "Give the certificate the organization's root signed from this CA's CSR."
	},
	'certificate-key-mismatch': {
		fault: "The certificate given back does not carry this CA's public key: it was signed for another CSR.",
		action: "Give the certificate made from this CA's CSR."
	},
	'certificate-not-ca': {
		fault: 'The certificate given back is not a CA certificate, or its key usage forbids signing certificates.',
		action: 'Ask the root to sign the CSR as a CA, with keyCertSign and cRLSign.'
	},
	'certificate-expired': {
		fault: 'The certificate given back has already expired.',
		action: 'Ask the root for a new one.'
	},
	'chain-incomplete': {
		fault:
			'The certificate given back does not chain to a root: an intermediate is missing, a link does not verify, or it loops.',
		action: "Add the chain up to the organization's root (the intermediates and the root, as PEM)."
	},
	'renewal-refused': {
		fault: 'The certificate cannot be renewed: it was revoked, or recorded by a version that did not keep its request.',
		action: 'Issue a new certificate instead.'
	},
	'issuer-root-refused': {
		fault:
			"A root CA was chosen for a cert-manager issuer or ECK's transport CA: its key would leave the offline vault for a cluster.",
		action: 'Create an intermediate CA under the root and export the intermediate instead.'
	},
	'consumer-key-unsupported': {
		fault: "The CA's key type is one the target software cannot read (ECK reads RSA and ECDSA CA keys, not Ed25519).",
		action: 'Create an intermediate CA with an ECDSA P-256 or RSA key for it, and export that one.'
	},
	'import-wrong-file': {
		fault: 'A file given for a CA import holds something else (a CSR, a CRL), not a certificate or key.',
		action: "Choose the CA's certificate and its private key."
	},
	'import-key-missing': {
		fault: 'No private key was found in the files given for the CA.',
		action: "Add the CA's key file, or a .p12 that holds the key."
	},
	'import-key-several': {
		fault: "The files hold more than one private key, so it is not clear which is the CA's.",
		action: "Choose only the CA's own key."
	},
	'import-certificate-missing': {
		fault: 'No certificate was found in the files given for the CA.',
		action: "Choose the CA's certificate (PEM), or a .p12 that holds it."
	},
	'import-key-mismatch': {
		fault: 'The private key does not belong to the CA certificate: their public keys differ.',
		action: 'Choose the key that was made together with this certificate.'
	},
	'import-not-ca': {
		fault:
			'The certificate is not a CA certificate, or lacks what signing needs (keyCertSign, a subject key identifier).',
		action: "Choose the CA's own certificate, or re-issue it as a CA."
	},
	'import-chain-invalid': {
		fault: "The CA's chain to its root is incomplete, has a stray certificate, loops, or has a bad signature.",
		action: 'Give only the CA certificate and its parents up to the root.'
	},
	'import-duplicate': {
		fault: 'This CA is already in the vault.',
		action: 'Unlock the one already there to use it.'
	}
};

/** The words a form shows for a PkiError: its message, and the catalogue's action where messages of its code have none. */
export function messageWithAction(error: { code: PkiErrorCode; message: string }): string {
	const help = ERRORS[error.code];
	return help.addAction ? `${error.message} ${help.action}` : error.message;
}
