import type { AcceptanceCriterion, Story } from '../story/story.js';
import type { CaseIdea } from './case-idea.js';
import { findLimits } from './limits.js';
import { sampleText } from './boundary-rule.js';
import {
  analyse,
  capitalise,
  imperative,
  lowerFirst,
  negatedStatement,
  quoted,
  splitTrigger,
  statement,
  stripEnd,
  surfaceOf,
} from './sentence.js';

const CONDITION_TRIGGERS = new Set(['after', 'once', 'if', 'as soon as']);
/** "The new password cannot be the same as the current password". */
const SAME_AS = /^(.+?)\s+(cannot|can not|can't|must not|may not|should not|shall not)\s+be\s+the\s+same\s+as\s+(.+)$/i;
/** Surfaces that exist only after the story's flow ran (the reset e-mail, the link in it). */
const RESULT_SURFACE = /e-?mail|message|notification|link|sms|receipt|confirmation/i;

function storyAction(story: Story): string {
  return capitalise(lowerFirst(story.title));
}

/**
 * Rule `criterion-positive` (and its specialisations): every criterion gets
 * one happy-path case. A trigger ("After X, Y") becomes the step, a UI surface
 * in the subject ("The login page shows ...") becomes "Open the login page",
 * otherwise the story's own action ("Reset a forgotten password") is the step.
 * "whether or not X" gives one case for X and one (edge) for not X.
 */
export function positiveIdeas(criterion: AcceptanceCriterion, story: Story): CaseIdea[] {
  const text = stripEnd(criterion.text);
  const clauses = text.split(/;\s+/);
  const first = splitTrigger(clauses[0] ?? text);
  const mains = [first.main, ...clauses.slice(1).map((c) => splitTrigger(c).main)];
  const expected = mains.map((m) => statement(m.replace(/,?\s+whether or not .*$/i, ''))).join('. ');
  const subject = analyse(first.main).subject;
  const surface = surfaceOf(subject);
  const steps = [];
  let rule = 'criterion-positive';
  const hasLimits = findLimits(text).some((l) => l.kind !== 'deadline');
  const row = criterion.kind === 'table' ? tableRow(text) : undefined;
  if (row) {
    // A decision-table row: the input column is the step's data, the expected column its result.
    return [
      {
        rule: 'table-row',
        technique: 'happy-path',
        title: `${row.input} → ${lowerFirst(row.expected)}`,
        covers: [criterion.id],
        preconditions: [],
        steps: [{ action: `Use this input: ${lowerFirst(row.input)}`, data: row.input, expected: row.expected }],
        question: `${row.input}. What happens?`,
        requirements: [criterion.text, row.expected],
      },
    ];
  }
  const same = SAME_AS.exec(text);
  if (same) {
    rule = 'same-as';
    const what = lowerFirst(same[1] ?? '').replace(/^the\s+/i, '');
    steps.push({
      action: `Enter ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what} that differs from ${lowerFirst(stripEnd(same[3] ?? ''))}`,
      expected: `The ${what} is accepted`,
    });
  } else if (/case[-\s]?insensitiv/i.test(text)) {
    const sample =
      quoted(story.description + ' ' + story.criteria.map((c) => c.text).join(' ')).find(
        (q) => /^[A-Z0-9-]{4,}$/.test(q) && /[A-Z]/.test(q),
      ) ?? 'ABC123';
    rule = 'case-insensitive';
    const what = lowerFirst(subject.replace(/^(the|a|an|all|any)\s+/i, '')).replace(/(?<=[a-z]{3})s$/, '') || 'value';
    steps.push({
      action: `Enter the ${what} in lower case`,
      data: sample.toLowerCase(),
      expected: `It is accepted as the same ${what} as ${sample}`,
    });
    steps.push({
      action: `Enter the ${what} in mixed case`,
      data: mixedCase(sample),
      expected: `It is accepted as the same ${what} as ${sample}`,
    });
  } else if (validInput(criterion.text)) {
    const input = validInput(criterion.text)!;
    rule = 'criterion-valid-input';
    steps.push({
      action: `Enter ${input.what} that meets every rule of the criterion`,
      data: input.data,
      expected: `The ${input.noun} is accepted. ${expected}`,
    });
  } else if (first.trigger) {
    rule = 'criterion-trigger';
    steps.push({ action: imperative(first.trigger.clause), expected });
  } else if (surface) {
    // Boundary cases already show the behaviour with concrete values.
    if (hasLimits) return [];
    rule = 'criterion-surface';
    // An e-mail or a link is the result of the story's flow: run the flow first.
    const action = RESULT_SURFACE.test(surface) ? `${storyAction(story)}, then open ${surface}` : `Open ${surface}`;
    steps.push({ action, expected });
  } else {
    // The generic step adds nothing when boundary cases (which include valid values) exist.
    if (hasLimits) return [];
    steps.push({ action: storyAction(story), expected });
  }
  const whether = /whether or not (.+?)(?:[,.;]|$)/i.exec(text);
  const base: CaseIdea = {
    rule,
    technique: 'happy-path',
    title: statement(text.replace(/,?\s+whether or not .*$/i, '')),
    covers: [criterion.id],
    preconditions: [],
    steps,
    question: first.trigger
      ? `What happens ${first.trigger.word} ${firstPerson(first.trigger.clause)}?`
      : `Is it true that ${lowerFirst(expected)}?`,
    requirements: [criterion.text, expected],
  };
  if (!whether) return [base];
  const condition = stripEnd(whether[1] ?? '');
  const opposite = negatedStatement(condition);
  return [
    { ...base, rule: 'whether-or-not', title: `${base.title} (${lowerFirst(condition)})`, preconditions: [capitalise(condition)] },
    { ...base, rule: 'whether-or-not', technique: 'edge', title: `${base.title} (${lowerFirst(opposite)})`, preconditions: [opposite] },
  ];
}

/** For criteria that limit the characters of an input, a value that meets every limit. */
function validInput(text: string): { what: string; noun: string; data: string } | undefined {
  const limits = findLimits(text);
  const chars = limits.filter((l) => /^(characters?|chars?)$/i.test(l.unit));
  if (chars.length === 0) return undefined;
  const subject = analyse(splitTrigger(text).main).subject;
  const noun = lowerFirst(subject.replace(/^(the|a|an)\s+/i, '')) || 'value';
  const min = chars.find((l) => l.kind === 'min')?.value ?? 1;
  const max = chars.find((l) => l.kind === 'max')?.value ?? min + 10;
  const length = Math.min(max, Math.max(min + 2, 10));
  const digits = limits.some((l) => /^(digits?|numbers?)$/i.test(l.unit)) ? 2 : 0;
  const data = sampleText(length, length - digits);
  return { what: `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`, noun, data: `${data} (${length} characters)` };
}

/** "the customer submits an e-mail address" → "I submit an e-mail address"; other clauses stay. */
function firstPerson(clause: string): string {
  const instruction = imperative(clause);
  return /^(the|a|an)\s+(customer|user|shopper|visitor|buyer|member)\b/i.test(clause)
    ? `I ${lowerFirst(instruction)}`
    : lowerFirst(stripEnd(clause));
}

/** "Input: X; Expected: Y" (a table row) → {input, expected}. */
function tableRow(text: string): { input: string; expected: string } | undefined {
  const input = /(?:^|;\s*)(?:input|given|when|action|step|data|request|scenario|case)\s*:\s*([^;]+)/i.exec(text)?.[1];
  const expected = /(?:^|;\s*)(?:expected(?: result)?|then|result|output|response|outcome)\s*:\s*([^;]+)/i.exec(text)?.[1];
  return input && expected ? { input: stripEnd(input), expected: stripEnd(expected) } : undefined;
}

function mixedCase(value: string): string {
  return [...value].map((ch, i) => (i % 2 === 0 ? ch.toLowerCase() : ch.toUpperCase())).join('');
}

/**
 * Negative rules. `restriction-violated`: a clause with cannot / must not /
 * never / should not gives a case that tries to make the forbidden thing
 * happen. `condition-not-met`: "After X, Y" gives a case where X does not
 * happen and Y must not either (unless a numeric limit is the condition: the
 * boundary rule covers that).
 */
export function negativeIdeas(criterion: AcceptanceCriterion, story: Story): CaseIdea[] {
  const ideas: CaseIdea[] = [];
  for (const raw of stripEnd(criterion.text).split(/;\s+/)) {
    const { trigger, main: full } = splitTrigger(raw);
    const main = full.replace(/,?\s+whether or not .*$/i, '');
    const c = analyse(main);
    const same = SAME_AS.exec(main);
    if (same) {
      const what = lowerFirst(same[1] ?? '').replace(/^the\s+/i, '');
      const other = lowerFirst(stripEnd(same[3] ?? ''));
      ideas.push({
        rule: 'same-as',
        technique: 'negative',
        title: `${capitalise(what)} the same as ${other} is refused`,
        covers: [criterion.id],
        preconditions: [],
        steps: [
          {
            action: `Enter ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what} that is the same as ${other}`,
            expected: `It is refused with a message that says why; ${other} stays unchanged`,
          },
        ],
        question: `Can the ${what} be the same as ${other}?`,
        requirements: [criterion.text, `Makes clear that the ${what} cannot be the same as ${other}`],
      });
      continue;
    }
    if (c.negative && c.subject && !/^(not|no)\b/i.test(c.predicate)) {
      const violation = negatedStatement(main);
      const steps = [];
      if (trigger) steps.push({ action: imperative(trigger.clause), expected: 'The step completes' });
      steps.push({
        action: `Try to make this happen: ${lowerFirst(violation)}`,
        expected: `${statement(main)}: the attempt is refused or has no effect`,
      });
      ideas.push({
        rule: 'restriction-violated',
        technique: 'negative',
        title: `Prevents: ${lowerFirst(violation)}`,
        covers: [criterion.id],
        preconditions: [],
        steps,
        question: `Is it possible that ${lowerFirst(violation)}?`,
        requirements: [criterion.text, `Makes clear that ${lowerFirst(statement(main))}`],
      });
    }
    if (trigger && CONDITION_TRIGGERS.has(trigger.word) && findLimits(trigger.clause).length === 0 && !c.negative) {
      ideas.push({
        rule: 'condition-not-met',
        technique: 'negative',
        title: `Only ${trigger.word} ${lowerFirst(trigger.clause)}: otherwise ${lowerFirst(negatedStatement(main))}`,
        covers: [criterion.id],
        preconditions: [],
        steps: [
          { action: `Do not ${lowerFirst(imperative(trigger.clause))} — stop before it or make it fail`, expected: negatedStatement(main) },
        ],
        question: `What happens if I do not ${lowerFirst(imperative(trigger.clause))}?`,
        requirements: [criterion.text, negatedStatement(main)],
      });
    }
  }
  void story;
  return ideas;
}

/**
 * Edge rules. `single-use`: "only once" → use it a second time.
 * `limit-per-period`: "per hour" / "per day" → the limit resets after the
 * period. `limit-per-key`: "per e-mail address" → another key is counted apart.
 */
export function edgeIdeas(criterion: AcceptanceCriterion): CaseIdea[] {
  const ideas: CaseIdea[] = [];
  const text = stripEnd(criterion.text);
  const once = /^(.*?)\b(?:can|may)\s+(?:be\s+)?(?:used\s+)?only\s+once\b/i.exec(text) ?? /^(.*?)\bonly\s+once\b/i.exec(text);
  if (once) {
    const subj = analyse(splitTrigger(text).main).subject || 'it';
    const thing = lowerFirst(subj);
    ideas.push({
      rule: 'single-use',
      technique: 'edge',
      title: `${capitalise(thing)} used a second time is refused`,
      covers: [criterion.id],
      preconditions: [`${capitalise(thing)} has been used once successfully`],
      steps: [{ action: `Use ${thing} again`, expected: `${capitalise(thing)} is refused: it can be used only once` }],
      question: `Can I use ${thing} a second time?`,
      requirements: [criterion.text, `Makes clear that ${thing} can be used only once`],
    });
  }
  const max = findLimits(text).find((l) => l.kind === 'max' && !l.time);
  const period = /\bper\s+(second|minute|hour|day|week|month)\b/i.exec(text);
  if (max && period) {
    const unitWord = max.unit || 'uses';
    ideas.push({
      rule: 'limit-per-period',
      technique: 'edge',
      title: `The limit of ${max.value} ${unitWord} resets after one ${period[1]}`,
      covers: [criterion.id],
      preconditions: [`The limit of ${max.value} ${unitWord} has been reached`],
      steps: [
        {
          action: `Wait one ${period[1]}, then try again`,
          expected: `It is allowed again: the limit counts ${max.value} ${unitWord} per ${period[1]}`,
        },
      ],
      question: `I reached the limit of ${max.value} ${unitWord}. Can I try again in one ${period[1]}?`,
      requirements: [criterion.text, `Says that the limit resets after one ${period[1]}`],
    });
  }
  const key = /\bper\s+((?!second|minute|hour|day|week|month)[\w-]+(?:\s+(?!per\b)[\w-]+)?)/i.exec(text);
  if (max && key) {
    const unitWord = max.unit || 'uses';
    ideas.push({
      rule: 'limit-per-key',
      technique: 'edge',
      title: `The limit of ${max.value} ${unitWord} counts per ${key[1]}`,
      covers: [criterion.id],
      preconditions: [`The limit of ${max.value} ${unitWord} has been reached for one ${key[1]}`],
      steps: [{ action: `Try again with a different ${key[1]}`, expected: `It is allowed: the limit is counted per ${key[1]}` }],
      question: `I reached the limit of ${max.value} ${unitWord} with one ${key[1]}. Can I use another ${key[1]}?`,
      requirements: [criterion.text, `Says that the limit is counted per ${key[1]}`],
    });
  }
  return ideas;
}
