import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Imports run one way (routes → ui → state → worker client | worker → export, vault → pki), enforced rather than hoped for. */
const noUiInCore = {
	patterns: [
		{
			group: ['svelte', 'svelte/*', '$app/*', '@sveltejs/*'],
			message: 'The pki core runs in Node and workers: no Svelte.'
		},
		{
			group: ['idb', '**/vault/**', '**/state/**', '**/ui/**', '**/worker/**', '**/export/**'],
			message: 'The pki core imports only @peculiar/x509, pkijs, asn1js and itself.'
		}
	]
};

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench-results/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
		}
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'@typescript-eslint/no-explicit-any': 'error',
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.name='fetch']",
					message: 'The app makes no network requests (its CSP in svelte.config.js forbids them).'
				},
				{
					selector: "NewExpression[callee.name='XMLHttpRequest']",
					message: 'The app makes no network requests (its CSP in svelte.config.js forbids them).'
				},
				{
					selector: "NewExpression[callee.name='WebSocket']",
					message: 'The app makes no network requests (its CSP in svelte.config.js forbids them).'
				}
			]
		}
	},
	{
		files: ['src/lib/pki/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', noUiInCore],
			'no-restricted-globals': ['error', 'window', 'document', 'indexedDB', 'localStorage', 'navigator']
		}
	},
	{
		files: ['src/lib/vault/**/*.ts', 'src/lib/export/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['svelte', 'svelte/*', '$app/*', '**/state/**', '**/ui/**', '**/worker/**'],
							message: 'vault and export sit below the worker and the page: they import only pki and each other.'
						}
					]
				}
			]
		}
	},
	{
		// The worker runs off the page: it takes what it needs in each request and never reaches up into
		// the page's state, components or views.
		files: ['src/lib/worker/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['svelte', 'svelte/*', '$app/*', '**/state/**', '**/ui/**', '**/routes/**'],
							message: 'The worker imports only export, vault, pki and itself.'
						}
					]
				}
			]
		}
	},
	{
		// The page shows and checks the profiles' forms (each profile folder's index.ts) and lists the lint
		// targets (pki/lint/target-list.ts). What the worker writes and checks (each folder's writer.ts,
		// lab.ts, readme.ts, snippets.ts and lint.ts, joined by profiles/bundle-profiles.ts and
		// pki/lint/targets.ts) stays out of the page: loading it would only make the page heavier.
		files: ['src/routes/**', 'src/lib/ui/**', 'src/lib/state/**'],
		ignores: ['**/*.test.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: [
								'**/profiles/bundle-profiles',
								'**/profiles/folders',
								'**/profiles/*/writer',
								'**/profiles/*/lab',
								'**/profiles/*/readme',
								'**/profiles/*/snippets',
								'**/profiles/*/lint',
								'**/pki/lint/targets',
								'**/pki/lint/run',
								'**/pki/lint/tls',
								'**/pki/lint/common',
								'**/worker/lab-request'
							],
							message:
								'What the worker writes and lints stays out of the page: import the profile descriptions (pki/profiles) or the lint target list (pki/lint/target-list).'
						}
					]
				}
			]
		}
	},
	{
		// Tests and scripts may probe the network to prove there is none, or wait for a local server.
		files: ['tests/**', 'scripts/**'],
		rules: { 'no-restricted-syntax': 'off' }
	}
);
