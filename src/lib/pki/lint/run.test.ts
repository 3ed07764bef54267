import { expect, test } from 'vitest';
import { LINT_TARGETS } from './run';
import { LINT_TARGET_LIST } from './target-list';

test("the page's target list names exactly the targets that have rules", () => {
	expect(LINT_TARGETS.map((t) => ({ id: t.id, label: t.label }))).toEqual(LINT_TARGET_LIST.map((t) => ({ ...t })));
	for (const t of LINT_TARGETS) expect(new Set(t.rules.map((r) => r.id)).size, t.id).toBe(t.rules.length);
});
