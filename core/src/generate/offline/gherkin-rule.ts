import type { AcceptanceCriterion, GherkinScenario } from '../story/story.js';
import type { CaseIdea } from './case-idea.js';
import { capitalise, stripEnd } from './sentence.js';

const NEGATIVE_SCENARIO =
  /\b(invalid|unknown|expired|wrong|error|fails?|failed|reject\w*|denied|missing|empty|not|no|without|too many|too long|too short|below|above|exceed\w*|locked|blocked|unauthori[sz]ed|forbidden)\b/i;

/** "I enter X" → "Enter X": steps read as instructions to the tester. */
function instruction(step: string): string {
  return capitalise(step.replace(/^I\s+(?:can\s+)?/, ''));
}

/** "I see the message X" → "The message X is shown". */
function observation(step: string): string {
  const seen = /^I\s+(?:should\s+)?(?:see|get|receive)\s+(.*)$/i.exec(step);
  return seen ? `${capitalise(seen[1] ?? '')} is shown` : capitalise(step);
}

function substitute(text: string, row: Record<string, string> | undefined): string {
  return row ? text.replace(/<([^>]+)>/g, (m, name: string) => row[name.trim()] ?? m) : text;
}

/**
 * Rule `gherkin-scenario`: one case per scenario (one per example row of a
 * Scenario Outline). Given → preconditions, each When → a step, the Then
 * lines → the expected result of the last step. A scenario whose name says
 * "invalid", "expired", "below"... counts as a negative case.
 */
export function gherkinIdeas(criterion: AcceptanceCriterion & { gherkin: GherkinScenario }): CaseIdea[] {
  const g = criterion.gherkin;
  const rows: Array<Record<string, string> | undefined> = g.examples && g.examples.length > 0 ? g.examples : [undefined];
  return rows.map((row) => {
    const given = g.given.map((s) => capitalise(stripEnd(substitute(s, row))));
    const when = g.when.map((s) => instruction(stripEnd(substitute(s, row))));
    const then = g.then.map((s) => observation(stripEnd(substitute(s, row))));
    const expected = then.length > 0 ? then.join('. ') : 'The behaviour matches the scenario';
    const steps =
      when.length === 0
        ? [{ action: 'Check the result in the situation described by the preconditions', expected }]
        : when.map((action, i) => ({ action, expected: i === when.length - 1 ? expected : 'The step completes without an error' }));
    const suffix = row
      ? ` (${Object.entries(row)
          .map(([h, v]) => `${h}: ${v}`)
          .join(', ')})`
      : '';
    const question = [...given, ...g.when.map((s) => capitalise(stripEnd(substitute(s, row))))].map((s) => `${s}.`).join(' ');
    return {
      rule: row ? 'gherkin-outline-example' : 'gherkin-scenario',
      technique: NEGATIVE_SCENARIO.test(g.scenario) ? 'negative' : 'happy-path',
      title: `${g.scenario}${suffix}`,
      covers: [criterion.id],
      preconditions: given,
      steps,
      question: `${question} What happens?`.trim(),
      requirements: then.length > 0 ? then : [g.scenario],
    };
  });
}
