const DAY = 86_400_000;

/** "2026-01-01 00:00 UTC" */
export function when(d: Date): string {
	return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "3 days ago", "in 12 days", "less than a day ago". */
export function relative(d: Date, now: Date): string {
	const diff = d.getTime() - now.getTime();
	const days = Math.floor(Math.abs(diff) / DAY);
	const span = days === 0 ? 'less than a day' : days === 1 ? '1 day' : `${days} days`;
	return diff < 0 ? `${span} ago` : `in ${span}`;
}

export const quote = (name: string) => `'${name}'`;
