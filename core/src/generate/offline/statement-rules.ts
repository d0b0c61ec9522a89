import type { AcceptanceCriterion, Story } from '../story/story.js';
import type { CaseIdea } from './case-idea.js';
import { criterionStatement } from '../story/criteria.js';
import { findLimits } from './limits.js';
import { boundaryIdeas, sampleText } from './boundary-rule.js';
import { article, count, infinitive, isActionTitle, singular } from './english.js';
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
  gerundPhrase,
  gerundToImperative,
  openSurface,
} from './sentence.js';

/** "The new password cannot be the same as the current password". */
const SAME_AS = /^(.+?)\s+(cannot|can not|can't|must not|may not|should not|shall not)\s+be\s+the\s+same\s+as\s+(.+)$/i;
/** Surfaces that exist only after the story's flow ran (the reset e-mail, the link in it). */
const RESULT_SURFACE = /e-?mail|message|notification|link|sms|receipt|confirmation/i;

/** A person who can do something: "Account owners can", "A logged-in buyer can", "Admins may". */
const ACTOR_CAN =
  /^(?:the\s+|a\s+|an\s+|any\s+)?(?:[\w-]+\s+){0,2}?(customers?|users?|shoppers?|visitors?|buyers?|guests?|admins?|administrators?|owners?|members?|agents?|managers?|editors?|sellers?|students?|teachers?|patients?|drivers?|accountants?)\s+(can|may)$/i;

const GIVEN_WHEN_THEN = /^given\s+(.+?),?\s+when\s+(.+?),?\s+then\s+(.+)$/i;

/** Titles that name development work: not an action for a tester. */
const DEV_TITLE = /^(fix|upgrade|bump|refactor|implement|migrate|update|remove|rewrite|replace|clean)\b/i;

/**
 * The story's own action, when its title is one ("Reset a forgotten password", "Save a
 * search"); for a title that names a feature ("Monthly usage report") or development work
 * ("Upgrade lodash to 4.17.21"), an action that says where to look.
 */
export function storyAction(story: Story): string {
  const title = story.title.replace(/^\[[^\]]*\]:?\s*/, '').trim();
  const http = /^(GET|POST|PUT|PATCH|DELETE|HEAD)\s+\S+/.exec(title);
  if (http) return `Send ${http[0]}`;
  if (DEV_TITLE.test(title)) return `Check the result of "${title}"`;
  if (isActionTitle(title)) return capitalise(lowerFirst(title));
  return `Go to the ${lowerFirst(title)} feature`;
}

/**
 * Rule `criterion-positive` (and its specialisations): every criterion gets
 * one happy-path case. A trigger ("After X, Y") becomes the step, a UI surface
 * in the subject ("The login page shows ...") becomes "Open the login page",
 * otherwise the story's own action ("Reset a forgotten password") is the step.
 * "whether or not X" gives one case for X and one (edge) for not X.
 */
export function positiveIdeas(criterion: AcceptanceCriterion, story: Story): CaseIdea[] {
  const written = stripEnd(criterionStatement(criterion));
  const context = criterion.context ?? [];
  // "Outside these hours the button is replaced ...": the situation is a precondition.
  const lead = /^(outside|during|with|without|for|on|in)\s+([^,]{1,60}?),?\s+(?=(?:the|a|an|all|every|each|its|their)\b)/i.exec(written);
  const text = lead ? capitalise(written.slice(lead[0].length)) : written;
  const clauses = text.split(/;\s+/);
  const first = splitTrigger(clauses[0] ?? text);
  const mains = [first.main, ...clauses.slice(1).map((c) => splitTrigger(c).main)];
  const expected = mains.map((m) => statement(m.replace(/,?\s+whether or not .*$/i, ''))).join('. ');
  const subject = analyse(first.main).subject;
  const surface = surfaceOf(subject);
  const steps = [];
  let rule = 'criterion-positive';
  // Boundary, time and deadline cases show the behaviour with concrete values already.
  const hasLimits = boundaryIdeas(criterion, story).length > 0;
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
        steps: [
          { action: `Set up this situation: ${row.input}`, ...(row.data ? { data: row.data } : {}), expected: capitalise(row.expected) },
        ],
        question: `${row.input}. What happens?`,
        requirements: [criterion.text, row.expected],
      },
    ];
  }
  const gwt = GIVEN_WHEN_THEN.exec(text);
  if (gwt) {
    // "Given X, when Y, then Z" written as one line: a scenario without Gherkin keywords on lines.
    return [
      {
        rule: 'given-when-then',
        technique: 'happy-path',
        title: capitalise(text),
        covers: [criterion.id],
        preconditions: [capitalise(stripEnd(gwt[1] ?? ''))],
        steps: [{ action: capitalise(stripEnd(gwt[2] ?? '').replace(/^I\s+/, '')), expected: capitalise(stripEnd(gwt[3] ?? '')) }],
        question: `${capitalise(stripEnd(gwt[1] ?? ''))} and ${stripEnd(gwt[2] ?? '')}. What happens?`,
        requirements: [criterion.text, capitalise(stripEnd(gwt[3] ?? ''))],
      },
    ];
  }
  const same = SAME_AS.exec(text);
  if (same) {
    rule = 'same-as';
    const what = lowerFirst(same[1] ?? '').replace(/^the\s+/i, '');
    steps.push({
      action: `Enter ${article(what)} ${what} that differs from ${lowerFirst(stripEnd(same[3] ?? ''))}`,
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
  } else if (validInput(text)) {
    const input = validInput(text)!;
    rule = 'criterion-valid-input';
    steps.push({
      action: `Enter ${input.what} that meets every rule of the criterion`,
      data: input.data,
      expected: `The ${input.noun} is accepted. ${expected}`,
    });
  } else if (hasLimits && !whetherOrNot(text)) {
    return [];
  } else if (context.length > 0 && !analyse(text).subject) {
    // "Report columns → Order number": the item is checked where its parent says.
    rule = 'criterion-in-context';
    const where = surfaceOf(context.join(' ')) ?? surfaceOf(story.title) ?? undefined;
    steps.push({
      action: where ? openSurface(where) : storyAction(story),
      expected: `${context.join(' → ')}: ${capitalise(text)}`,
    });
  } else if (first.trigger) {
    rule = 'criterion-trigger';
    const clause = lowerFirst(stripEnd(first.trigger.clause));
    const made = imperative(first.trigger.clause);
    // A trigger that is not something to do ("after shipping") is something to wait for.
    const action =
      first.trigger.word === 'before'
        ? `Wait until just before ${clause}`
        : first.trigger.word === 'while'
          ? `While ${clause}, check`
          : made.toLowerCase() === clause.toLowerCase() && !/\s/.test(clause)
            ? `Wait until after ${clause}`
            : made;
    steps.push({ action, expected });
  } else if (gerundPhrase(text)) {
    // "Clicking the button extends the session": click the button, expect the rest.
    rule = 'criterion-trigger';
    steps.push({ action: gerundToImperative(gerundPhrase(text) ?? ''), expected });
  } else if (surface) {
    // Boundary cases already show the behaviour with concrete values.
    if (hasLimits) return [];
    rule = 'criterion-surface';
    // An e-mail or a link is the result of the story's flow: run the flow first.
    const action = RESULT_SURFACE.test(surface) ? `${storyAction(story)}, then open ${surface}` : openSurface(surface);
    steps.push({ action, expected });
  } else if (ACTOR_CAN.test(`${analyse(first.main).subject} ${analyse(first.main).modal}`) && analyse(first.main).predicate) {
    // "Account owners can turn the report off" → "As an account owner, turn the report off".
    const c = analyse(first.main);
    const who = singular(c.subject.replace(/^(the|a|an|any|every|each)\s+/i, '').toLowerCase());
    steps.push({ action: `As ${article(who)} ${who}, ${c.predicate}`, expected });
  } else {
    // The generic step adds nothing when boundary cases (which include valid values) exist.
    if (hasLimits) return [];
    steps.push({ action: storyAction(story), expected });
  }
  const whether = /whether or not (.+?)(?:[,.;]|$)/i.exec(text);
  const restriction = analyse(first.main).negative && rule !== 'same-as' && rule !== 'criterion-in-context';
  if (restriction) {
    // The criterion's own words are the expected result: "cannot" stays "cannot".
    const said = mains.map((m) => capitalise(stripEnd(m))).join('. ');
    const tryIt = attempt(first.main);
    if (tryIt && (rule === 'criterion-positive' || rule === 'criterion-surface'))
      steps.splice(0, steps.length, { action: tryIt, expected: said });
    else for (const step of steps) step.expected = said;
  }
  // A restriction keeps its own words ("cannot be selected" is not "is not selected").
  const titleText = restriction
    ? capitalise(written)
    : lead
      ? capitalise(`${lead[0]}${lowerFirst(statement(text.replace(/,?\s+whether or not .*$/i, '')))}`)
      : statement(text.replace(/,?\s+whether or not .*$/i, ''));
  const base: CaseIdea = {
    rule: restriction ? 'restriction' : rule,
    // A restriction ("cannot", "must not", "never") is checked by trying it: one negative case.
    technique: restriction ? 'negative' : 'happy-path',
    title:
      context.length > 0 && rule !== 'criterion-in-context'
        ? `${context[context.length - 1]}: ${titleText}`
        : context.length > 0
          ? `${context.join(' → ')}: ${capitalise(text)}`
          : titleText,
    covers: [criterion.id],
    preconditions: lead ? [capitalise(`${lead[1]} ${lead[2]}`)] : [],
    steps,
    question: first.trigger
      ? `What happens ${first.trigger.word} ${firstPerson(first.trigger.clause)}?`
      : rule === 'criterion-in-context'
        ? `Is "${text}" one of the ${lowerFirst(context.join(' → '))}?`
        : `Is it true that ${lowerFirst(restriction ? written : expected)}?`,
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

/**
 * What a tester does to try a forbidden thing: "A slot that is full cannot be selected" →
 * "Try to select a slot that is full"; "Users cannot delete other users' comments" →
 * "As a user, try to delete other users' comments".
 */
function attempt(clause: string): string | undefined {
  const c = analyse(clause);
  if (!c.subject || !/^(cannot|can not|can't|must not|may not|should not|shall not|is not allowed to|are not allowed to)$/.test(c.modal))
    return undefined;
  const passive = /^be\s+([a-z]+(?:ed|en|wn|ne|ld|lt|ht|id))\b(.*)$/i.exec(c.predicate);
  if (passive) return `Try to ${infinitive(passive[1] ?? '')} ${lowerFirst(c.subject)}${passive[2] ?? ''}`;
  const actor = /^(?:the\s+|a\s+|an\s+)?([\w-]+?)s?$/i.exec(
    c.subject.replace(/^(guests?|users?|customers?|visitors?|shoppers?|admins?|members?)$/i, '$1'),
  );
  if (actor && /^(guest|user|customer|visitor|shopper|admin|member)s?$/i.test(c.subject.replace(/^(the|a|an)\s+/i, '')))
    return `As ${article(actor[1] ?? '')} ${(actor[1] ?? '').toLowerCase()}, try to ${c.predicate}`;
  return undefined;
}

/** For criteria that limit the characters of an input, a value that meets every limit. */
function validInput(text: string): { what: string; noun: string; data: string } | undefined {
  const limits = findLimits(text);
  const chars = limits.filter((l) => /^(characters?|chars?)$/i.test(l.unit));
  // With one limit, its boundary case at the limit is the valid input already.
  const composition = limits.some((l) => /^(letters?|digits?|numbers?|symbols?|special characters?)$/i.test(l.unit));
  if (chars.length === 0 || (chars.length < 2 && !composition)) return undefined;
  const subject = analyse(splitTrigger(text).main).subject;
  const noun = lowerFirst(subject.replace(/^(the|a|an)\s+/i, '')) || 'value';
  const min = chars.find((l) => l.kind === 'min')?.value ?? 1;
  const max = chars.find((l) => l.kind === 'max')?.value ?? min + 10;
  const length = Math.min(max, Math.max(min + 2, 10));
  const digits = limits.some((l) => /^(digits?|numbers?)$/i.test(l.unit)) ? 2 : 0;
  const data = sampleText(length, length - digits);
  return { what: `${article(noun)} ${noun}`, noun, data: `${data} (${length} characters)` };
}

/** "the customer submits an e-mail address" → "I submit an e-mail address"; other clauses stay. */
function firstPerson(clause: string): string {
  const instruction = imperative(clause);
  return /^(the|a|an)\s+(customer|user|shopper|visitor|buyer|member)\b/i.test(clause)
    ? `I ${lowerFirst(instruction)}`
    : lowerFirst(stripEnd(clause));
}

/** "Input: X; Expected: Y" (a table row) → {input, expected}. */
function tableRow(text: string): { input: string; expected: string; data?: string } | undefined {
  const input = /(?:^|;\s*)(?:input|given|when|action|step|data|request|scenario|case)\s*:\s*([^;]+)/i.exec(text)?.[1];
  const expected = /(?:^|;\s*)(?:expected(?: result)?|then|result|output|response|outcome)\s*:\s*([^;]+)/i.exec(text)?.[1];
  if (input && expected) return { input: stripEnd(input), expected: stripEnd(expected), data: stripEnd(input) };
  // A decision table: the columns before the last are the situation, the last one what follows.
  const cells = text.split(/;\s+/).map((c) => /^([^:]{1,40}):\s*(.+)$/.exec(c));
  if (cells.length < 2 || cells.some((c) => !c)) return undefined;
  const parts = cells as RegExpExecArray[];
  const last = parts[parts.length - 1] as RegExpExecArray;
  const situation = parts
    .slice(0, -1)
    .map((p) => `${lowerFirst(p[1] ?? '')} ${stripEnd(p[2] ?? '')}`)
    .join(', ');
  const outcome = /^(expected|result|outcome|then)/i.test(last[1] ?? '')
    ? stripEnd(last[2] ?? '')
    : `${last[1]}: ${stripEnd(last[2] ?? '')}`;
  return { input: capitalise(situation), expected: outcome };
}

function whetherOrNot(text: string): boolean {
  return /whether or not/i.test(text);
}

function mixedCase(value: string): string {
  return [...value].map((ch, i) => (i % 2 === 0 ? ch.toLowerCase() : ch.toUpperCase())).join('');
}

/**
 * Negative rule `same-as`: "The new password cannot be the same as the current password"
 * gives a case that enters the same value. Other restrictions ("cannot", "must not",
 * "never") are checked by their one case of `positiveIdeas`; a case that restates the
 * criterion the other way round adds nothing a QA lead keeps.
 */
export function negativeIdeas(criterion: AcceptanceCriterion): CaseIdea[] {
  const ideas: CaseIdea[] = [];
  for (const raw of stripEnd(criterionStatement(criterion)).split(/;\s+/)) {
    const main = splitTrigger(raw).main.replace(/,?\s+whether or not .*$/i, '');
    const same = SAME_AS.exec(main);
    if (!same) continue;
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
          action: `Enter ${article(what)} ${what} that is the same as ${other}`,
          expected: `It is refused with a message that says why; ${other} stays unchanged`,
        },
      ],
      question: `Can the ${what} be the same as ${other}?`,
      requirements: [criterion.text, `Makes clear that the ${what} cannot be the same as ${other}`],
    });
  }
  return ideas;
}

/**
 * Edge rules. `single-use`: "only once" → use it a second time.
 * `limit-per-period`: "per hour" / "per day" → the limit resets after the
 * period. `limit-per-key`: "per e-mail address" → another key is counted apart.
 */
export function edgeIdeas(criterion: AcceptanceCriterion): CaseIdea[] {
  const ideas: CaseIdea[] = [];
  const text = stripEnd(criterionStatement(criterion));
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
    const limitText = count(max.value, max.unit || 'use');
    ideas.push({
      rule: 'limit-per-period',
      technique: 'edge',
      title: `The limit of ${limitText} resets after one ${period[1]}`,
      covers: [criterion.id],
      preconditions: [`The limit of ${limitText} has been reached`],
      steps: [
        {
          action: `Wait one ${period[1]}, then try again`,
          expected: `It is allowed again: the limit counts ${limitText} per ${period[1]}`,
        },
      ],
      question: `I reached the limit of ${limitText}. Can I try again in one ${period[1]}?`,
      requirements: [criterion.text, `Says that the limit resets after one ${period[1]}`],
    });
  }
  const key = /\bper\s+((?!second|minute|hour|day|week|month)[\w-]+(?:\s+(?!per\b)[\w-]+)?)/i.exec(text);
  if (max && key) {
    const limitText = count(max.value, max.unit || 'use');
    ideas.push({
      rule: 'limit-per-key',
      technique: 'edge',
      title: `The limit of ${limitText} counts per ${key[1]}`,
      covers: [criterion.id],
      preconditions: [`The limit of ${limitText} has been reached for one ${key[1]}`],
      steps: [{ action: `Try again with a different ${key[1]}`, expected: `It is allowed: the limit is counted per ${key[1]}` }],
      question: `I reached the limit of ${limitText} with one ${key[1]}. Can I use another ${key[1]}?`,
      requirements: [criterion.text, `Says that the limit is counted per ${key[1]}`],
    });
  }
  return ideas;
}
