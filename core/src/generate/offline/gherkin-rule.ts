import type { AcceptanceCriterion, GherkinExamples, GherkinScenario, GherkinStep } from '../story/story.js';
import type { CaseIdea } from './case-idea.js';
import { isPluralNoun } from './english.js';
import { capitalise, stripEnd } from './sentence.js';

const NEGATIVE_SCENARIO =
  /\b(invalid|unknown|expired|wrong|error|fails?|failed|reject\w*|declined|denied|missing|empty|not|no|without|too many|too long|too short|below|above|exceed\w*|locked|blocked|unauthori[sz]ed|forbidden)\b/i;

/** "I enter X" → "Enter X": steps read as instructions to the tester (English scenarios). */
function instruction(step: string): string {
  return capitalise(step.replace(/^I\s+(?:can\s+)?/, ''));
}

/** "I see the message X" → "The message X is shown" (English scenarios). */
function observation(step: string): string {
  const seen = /^I\s+(?:should\s+)?see\s+(.*)$/i.exec(step);
  if (seen) {
    const what = seen[1] ?? '';
    if (/^["“]/.test(what)) return `The message ${what} is shown`;
    // "the stores within 10 km" are shown: the noun before its qualifier decides.
    const head =
      /^(?:the|a|an|my|your|all|some)?\s*((?:[\w-]+\s+){0,2}?[\w-]+?)(?:\s+(?:within|with|of|in|on|for|from|sorted|that|which|near|at)\b|$)/i.exec(
        what,
      )?.[1] ?? what;
    return `${capitalise(what)} ${isPluralNoun(head.split(/\s+/).pop() ?? '') ? 'are' : 'is'} shown`;
  }
  const got = /^I\s+(?:should\s+)?(?:get|receive)\s+(.*)$/i.exec(step);
  if (got) return `${capitalise(got[1] ?? '')} ${isPluralNoun((got[1] ?? '').split(/\s+/).pop() ?? '') ? 'are' : 'is'} received`;
  return capitalise(step);
}

function substitute(text: string, row: Record<string, string> | undefined): string {
  return row ? text.replace(/<([^>]+)>/g, (m, name: string) => row[name.trim()] ?? m) : text;
}

/** A DataTable as readable text: a header row and rows become "Acme Kettle (quantity 1, price 29.99); …". */
function tableText(rows: readonly string[][], row: Record<string, string> | undefined): string {
  const [header = [], ...body] = rows.map((r) => r.map((c) => substitute(c, row)));
  if (body.length === 0) return header.join(', ');
  return body
    .map(
      (r) =>
        `${r[0] ?? ''}${
          r.length > 1
            ? ` (${r
                .slice(1)
                .map((v, k) => `${header[k + 1] ?? ''} ${v}`.trim())
                .join(', ')})`
            : ''
        }`,
    )
    .join('; ');
}

/** The data a step carries, as test data: a DocString as written, a DataTable as Markdown rows. */
function stepData(step: GherkinStep, row: Record<string, string> | undefined): string | undefined {
  if (step.docString) return substitute(step.docString.content, row);
  if (step.dataTable) return step.dataTable.map((r) => `| ${r.map((c) => substitute(c, row)).join(' | ')} |`).join('\n');
  return undefined;
}

function stepsOf(g: GherkinScenario): GherkinStep[] {
  if (g.steps) return g.steps;
  return [
    ...g.given.map((text) => ({ type: 'given' as const, keyword: 'Given ', text })),
    ...g.when.map((text) => ({ type: 'when' as const, keyword: 'When ', text })),
    ...g.then.map((text) => ({ type: 'then' as const, keyword: 'Then ', text })),
  ];
}

/**
 * Rule `gherkin-scenario`: one case per scenario, one per example row of a Scenario Outline
 * (every `Examples:` block, named). Given → preconditions (a DataTable under it as text),
 * When → the actions (a DataTable or DocString under it as test data), Then → the expected
 * result of the action before it. English steps read as instructions ("I enter X" → "Enter
 * X"); other languages stay as written. The scenario's and example block's tags are the case's tags.
 */
export function gherkinIdeas(criterion: AcceptanceCriterion & { gherkin: GherkinScenario }): CaseIdea[] {
  const g = criterion.gherkin;
  const english = (g.language ?? 'en') === 'en';
  const blocks: Array<{ block?: GherkinExamples; row?: Record<string, string> }> =
    g.exampleBlocks && g.exampleBlocks.length > 0
      ? g.exampleBlocks.flatMap((block) => block.rows.map((row) => ({ block, row })))
      : g.examples && g.examples.length > 0
        ? g.examples.map((row) => ({ row }))
        : [{}];
  const named = (g.exampleBlocks ?? []).filter((b) => b.name.trim() !== '').length > 1;
  return blocks.map(({ block, row }) => {
    const preconditions: string[] = [];
    const steps: CaseIdea['steps'] = [];
    let actions: string[] = [];
    let data: string[] = [];
    let outcomes: string[] = [];
    const flush = () => {
      if (actions.length === 0 && outcomes.length === 0) return;
      steps.push({
        action: actions.length > 0 ? actions.join('. ') : 'Look at the result in the situation of the preconditions',
        ...(data.length > 0 ? { data: data.join('\n') } : {}),
        expected: outcomes.length > 0 ? outcomes.join('. ') : capitalise(g.scenario),
      });
      actions = [];
      data = [];
      outcomes = [];
    };
    for (const step of stepsOf(g)) {
      const text = stripEnd(substitute(step.text, row));
      const extra = stepData(step, row);
      if (step.type === 'given') {
        const doc = step.docString ? substitute(step.docString.content, row).replace(/\s+/g, ' ').trim() : undefined;
        if (step.dataTable) preconditions.push(`${capitalise(text)}: ${tableText(step.dataTable, row)}`);
        else if (doc && doc.length <= 160) preconditions.push(`${capitalise(text)}: ${doc}`);
        else preconditions.push(doc ? `${capitalise(text)} (the test data of the first step)` : capitalise(text));
        if (doc && doc.length > 160 && extra) data.push(extra);
      } else if (step.type === 'when') {
        if (outcomes.length > 0) flush();
        actions.push(english ? instruction(text) : capitalise(text));
        if (extra) data.push(extra);
      } else {
        outcomes.push(english ? observation(text) : capitalise(text));
        if (extra) data.push(extra);
      }
    }
    flush();
    // A scenario of Given steps only still gets one step: look at what the preconditions lead to.
    if (steps.length === 0)
      steps.push({ action: 'Look at the result in the situation of the preconditions', expected: capitalise(g.scenario) });
    const values = row
      ? Object.entries(row)
          .map(([h, v]) => `${h}: ${v}`)
          .join(', ')
      : '';
    const suffix = row ? ` (${named && block?.name ? `${block.name}: ` : ''}${values})` : '';
    const thens = stepsOf(g)
      .filter((s) => s.type === 'then')
      .map((s) => (english ? observation(stripEnd(substitute(s.text, row))) : capitalise(stripEnd(substitute(s.text, row)))));
    const question = [
      ...preconditions,
      ...stepsOf(g)
        .filter((s) => s.type === 'when')
        .map((s) => capitalise(stripEnd(substitute(s.text, row)))),
    ]
      .map((s) => `${s}.`)
      .join(' ');
    return {
      rule: row ? 'gherkin-outline-example' : 'gherkin-scenario',
      technique: english && NEGATIVE_SCENARIO.test(g.scenario) ? 'negative' : 'happy-path',
      title: `${g.scenario}${suffix}`,
      covers: [criterion.id],
      preconditions,
      steps,
      question: `${question} What happens?`.trim(),
      requirements: thens.length > 0 ? thens : [g.scenario],
      ...(block && block.tags.length > 0 ? { tags: block.tags } : {}),
    };
  });
}
