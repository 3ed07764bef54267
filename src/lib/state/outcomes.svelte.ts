import type { Outcome } from './outcome';

/** The outcome the page shows, one at a time; a new action replaces the last one. */
export class Outcomes {
	current = $state.raw<Outcome | null>(null);

	show(outcome: Outcome): void {
		this.current = outcome;
	}

	clear(): void {
		this.current = null;
	}
}
