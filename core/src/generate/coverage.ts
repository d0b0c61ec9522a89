import type { TestCaseInput } from '../model/case.js';
import type { Story, Untestable } from './story/story.js';

export interface CriterionCoverage {
  id: string;
  text: string;
  /** Ids of the cases (new and existing) that cover it. */
  cases: string[];
}

export interface CoverageSummary {
  total: number;
  covered: number;
  /** Ids of the criteria no case covers. */
  uncovered: string[];
  criteria: CriterionCoverage[];
  /**
   * Lines of the criteria section that are not testable as written (development tasks such
   * as "Fix the bug" or "Create tests"): no id, no case; listed so the author can rewrite them.
   */
  untestable: Untestable[];
}

/** Which criteria of the story the cases cover (through their `covers` lists). */
export function computeCoverage(story: Story, cases: readonly TestCaseInput[]): CoverageSummary {
  const criteria = story.criteria.map((c) => ({
    id: c.id,
    text: c.text,
    cases: cases.filter((t) => t.status !== 'deprecated' && (t.covers ?? []).includes(c.id)).map((t) => t.id),
  }));
  const uncovered = criteria.filter((c) => c.cases.length === 0).map((c) => c.id);
  return {
    total: criteria.length,
    covered: criteria.length - uncovered.length,
    uncovered,
    criteria,
    untestable: [...(story.untestable ?? [])],
  };
}

/** The coverage as a fixed-width text table, for the CLI. */
export function formatCoverageTable(summary: CoverageSummary, width = 72): string {
  const rows = summary.criteria.map((c) => {
    const text = c.text.length > width ? `${c.text.slice(0, width - 1)}…` : c.text;
    return `${c.id.padEnd(6)} ${String(c.cases.length).padStart(5)}  ${c.cases.length === 0 ? '✗ uncovered  ' : ''}${text}`;
  });
  return [
    `${'AC'.padEnd(6)} ${'cases'.padStart(5)}  criterion`,
    ...rows,
    `${summary.covered}/${summary.total} criteria covered${summary.uncovered.length > 0 ? `; uncovered: ${summary.uncovered.join(', ')}` : ''}`,
    ...(summary.untestable.length > 0
      ? [
          `not testable as written (a development task, not behaviour someone can observe; no case):`,
          ...summary.untestable.map((u) => `  - ${u.text.length > width ? `${u.text.slice(0, width - 1)}…` : u.text}`),
        ]
      : []),
  ].join('\n');
}
