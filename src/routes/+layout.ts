// A static site: every page is prerendered, and the app runs only in the browser because it
// needs WebCrypto, IndexedDB and a Web Worker.
export const prerender = true;
export const ssr = false;
