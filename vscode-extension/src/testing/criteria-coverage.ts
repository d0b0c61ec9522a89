import type { Outcome } from '@casewright/core';

export type CriterionState = 'covered' | 'failing' | 'uncovered';

export interface CoveringCase {
  id: string;
  title: string;
  /** The case's latest outcome (this run, else its last manual execution); undefined when it never ran. */
  outcome: Outcome | undefined;
}

export interface CriterionCoverage {
  id: string;
  text: string;
  /** 0-based line of the criterion in the story file. */
  line: number;
  cases: CoveringCase[];
  /** uncovered: no case covers it; failing: a covering case failed or errored; covered: otherwise. */
  state: CriterionState;
}

const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * The line each criterion is written on, in document order: the first line (from the
 * previous criterion on) that holds the criterion's first words, so numbered and bullet
 * items, table rows and Gherkin `Scenario:` lines are all found. A criterion whose words
 * are not found takes the line of the one before it.
 */
export function criterionLines(markdown: string, criteria: ReadonlyArray<{ text: string }>): number[] {
  // Without list numbers: `1. A refund` and `A refund` are the same line.
  const lines = markdown.split(/\r?\n/).map((line) => words(line).replace(/^\d+ /, ''));
  let from = 0;
  return criteria.map((criterion) => {
    const text = words(criterion.text);
    const key = text.split(' ').slice(0, 6).join(' ');
    // The line holds the criterion's opening words, or is the opening of a criterion that
    // spans lines (a Gherkin scenario: its `Scenario:` line).
    const at = lines.findIndex((line, i) => i >= from && key !== '' && (line.includes(key) || (line.length >= 8 && text.startsWith(line))));
    if (at < 0) return Math.max(0, from - 1);
    from = at + 1;
    return at;
  });
}

/**
 * The coverage of a story's acceptance criteria by the cases that `covers` them: for each
 * criterion, the covering cases with their latest outcome and the state VS Code shows
 * (covered, covered but failing, not covered).
 */
export function criteriaCoverage(
  markdown: string,
  criteria: ReadonlyArray<{ id: string; text: string }>,
  cases: ReadonlyArray<{ id: string; title: string; covers: readonly string[] }>,
  outcomes: ReadonlyMap<string, Outcome>,
): CriterionCoverage[] {
  const lines = criterionLines(markdown, criteria);
  return criteria.map((criterion, i) => {
    const covering = cases
      .filter((c) => c.covers.includes(criterion.id))
      .map((c) => ({ id: c.id, title: c.title, outcome: outcomes.get(c.id.toLowerCase()) }));
    const failing = covering.some((c) => c.outcome === 'failed' || c.outcome === 'errored');
    return {
      id: criterion.id,
      text: criterion.text,
      line: lines[i]!,
      cases: covering,
      state: covering.length === 0 ? 'uncovered' : failing ? 'failing' : 'covered',
    };
  });
}
