/**
 * `import url from './x.worker.ts?worker-script'` (vite.config.ts): the absolute URL of the worker's
 * classic script in the hosted build, undefined in the single offline file, which has no such file.
 */
declare module '*?worker-script' {
	const url: string | undefined;
	export default url;
}
