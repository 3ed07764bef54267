import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Layering, enforced rather than hoped for: the pki core (src/lib/pki) runs in Node, the page and the
 * worker, so it imports no Svelte, DOM or storage code and nothing from the layers above it.
 */
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
							group: ['svelte', 'svelte/*', '$app/*', '**/state/**', '**/ui/**'],
							message: 'vault and export hold no UI code.'
						}
					]
				}
			]
		}
	},
	{
		// The page shows and checks the profiles' forms; READMEs, snippets and lab planners are the
		// worker's (pki/profiles/bundle-profiles.ts), and loading them would only make the page heavier.
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
								'**/profiles/*-lab',
								'**/profiles/*-readme',
								'**/profiles/*-snippets',
								'**/worker/lab-request'
							],
							message: 'What the worker writes stays out of the page: import the profile descriptions (pki/profiles).'
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
