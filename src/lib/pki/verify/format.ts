const DAY = 86_400_000;

/** "2026-01-01 00:00 UTC" */
export function when(d: Date): string {
	return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "1 day", "1,433 days", "less than a day": whole days, grouped by thousands so a long span reads at a glance. */
export function daysInWords(days: number): string {
	const n = Math.abs(days);
	return n === 0 ? 'less than a day' : n === 1 ? '1 day' : `${n.toLocaleString('en-US')} days`;
}

/** "3 days ago", "in 1,212 days", "less than a day ago". */
export function relative(d: Date, now: Date): string {
	const diff = d.getTime() - now.getTime();
	const span = daysInWords(Math.floor(Math.abs(diff) / DAY));
	return diff < 0 ? `${span} ago` : `in ${span}`;
}

export const quote = (name: string) => `'${name}'`;
