import type { ExpiryStatus } from '$lib/state/ca-view';

/** Fill and stroke per expiry status, shared by the hierarchy and the timeline (text always says the same). */
export const STATUS_FILL: Record<ExpiryStatus, string> = {
	valid: '#dafbe1',
	'expires-30': '#fff8c5',
	'expires-7': '#ffd8b5',
	expired: '#ffebe9',
	revoked: '#eaeef2'
};
export const STATUS_STROKE: Record<ExpiryStatus, string> = {
	valid: '#1a7f37',
	'expires-30': '#9a6700',
	'expires-7': '#bc4c00',
	expired: '#b42318',
	revoked: '#57606a'
};
