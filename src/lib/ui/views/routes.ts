import { dev } from '$app/environment';
import { goto, preloadCode } from '$app/navigation';

/**
 * The app's addresses. Both builds route by the fragment (svelte.config.js, router.type 'hash'), so a
 * view's address is "#/path": it survives a reload on any static host and in the single file, and Back
 * and Forward move between views. A bare fragment keeps links on the current document, whatever the
 * folder or file name it was opened from.
 */
export const href = (path: string): string => `#${path}`;

/** Moves to a view (a history entry of its own, so Back returns). */
export function go(path: string): Promise<void> {
	// eslint-disable-next-line svelte/no-navigation-without-resolve -- a fragment address of the hash router (see above)
	return goto(href(path));
}

export const VIEWS = [
	{ path: '/', label: 'Home' },
	{ path: '/authorities', label: 'Authorities' },
	{ path: '/lab', label: 'Quick lab' },
	{ path: '/inspect', label: 'Inspect' },
	{ path: '/inventory', label: 'Inventory' },
	{ path: '/vault', label: 'Vault' }
] as const;

export const CA_TABS = [
	{ id: 'issue', label: 'Issue' },
	{ id: 'csr', label: 'Sign CSR' },
	{ id: 'certificates', label: 'Certificates' },
	{ id: 'revocation', label: 'Revocation and CRL' },
	{ id: 'rotation', label: 'Rotation' },
	{ id: 'settings', label: 'Settings' }
] as const;

export type CaTab = (typeof CA_TABS)[number]['id'];

export const caPath = (id: string, tab: CaTab = 'issue'): string => `/authorities/${encodeURIComponent(id)}/${tab}`;

export function isCaTab(tab: string | undefined): tab is CaTab {
	return CA_TABS.some((t) => t.id === tab);
}

/**
 * Loads every view's code right after the app starts, while the page is still loading, so moving
 * between views later fetches nothing: after loading, the app makes no request (the CSP says so for
 * other hosts; this keeps it true for its own files). The hash router finds the route in the fragment.
 * In `vite dev` Kit insists on pathnames here, and lazy loading does no harm there.
 */
export function preloadViews(): void {
	if (dev) return;
	for (const path of [...VIEWS.map((v) => v.path), caPath('preload'), '/not-a-view'])
		void preloadCode(href(path)).catch(() => {});
}
