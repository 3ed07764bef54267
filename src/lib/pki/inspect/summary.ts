import type { LintReport } from '../lint/types';
import type { DropFinding } from './findings';
import type { ChainVerdict } from './verdict';

/**
 * One summary of a drop, counted from the very lists the panels show (lint findings, chain verdicts,
 * the inspector's own findings, unreadable files), so it can never say "0 problems" beside an error.
 * Problems are counted per file: a file with three broken rules is one file with problems.
 */
export interface DropSummary {
	/** Items read (certificates, keys, CSRs, CRLs). */
	items: number;
	/** Files the app wrote or that travel with certificates (README.txt, lab.json, scripts): described only. */
	described: number;
	unreadable: number;
	/** Files with at least one error, in the order first met. */
	filesWithErrors: string[];
	/** Files with warnings only. */
	filesWithWarnings: string[];
	/** One sentence for the status line. */
	words: string;
}

export interface SummaryInput {
	items: number;
	described: number;
	unreadable: { label: string }[];
	lint: LintReport;
	chains: { label: string; verdict: ChainVerdict }[];
	findings: DropFinding[];
	/** Key files whose Unix mode is not known (a folder drop): said, so "no problems" is not read as "modes are fine". */
	modesUnknown: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function summarize(input: SummaryInput): DropSummary {
	const errors: string[] = [];
	const warnings: string[] = [];
	const add = (list: string[], file: string | undefined) => {
		const f = file || '(the drop as a whole)';
		if (!list.includes(f)) list.push(f);
	};
	for (const u of input.unreadable) add(errors, u.label);
	for (const r of input.lint.results) {
		if (r.status !== 'fail') continue;
		for (const f of r.findings) add(r.severity === 'error' ? errors : warnings, f.file);
	}
	for (const c of input.chains) if (!c.verdict.ok) add(errors, c.label);
	for (const f of input.findings) add(f.severity === 'error' ? errors : warnings, f.file);
	const warnOnly = warnings.filter((w) => !errors.includes(w));
	const parts = [
		`${plural(input.items, 'item')} read`,
		...(input.described ? [`${plural(input.described, 'companion file')} described (not counted as problems)`] : []),
		errors.length ? `problems in ${plural(errors.length, 'file')}` : 'no problems found',
		...(warnOnly.length ? [`warnings for ${plural(warnOnly.length, 'more file', 'more files')}`] : []),
		...(input.modesUnknown
			? [`the mode of ${plural(input.modesUnknown, 'key file')} is not known yet (see "Key file modes")`]
			: [])
	];
	return {
		items: input.items,
		described: input.described,
		unreadable: input.unreadable.length,
		filesWithErrors: errors,
		filesWithWarnings: warnOnly,
		words: `${parts.join('; ')}.`
	};
}
