import type { AcceptanceCriterion, Story } from '../story/story.js';
import type { CaseIdea } from './case-idea.js';
import { boundaryValues, findLimits, type BoundaryValue, type NumericLimit } from './limits.js';
import {
  analyse,
  capitalise,
  imperative,
  leadingNounPhrase,
  lowerFirst,
  negatedStatement,
  quoted,
  splitTrigger,
  statement,
  stripEnd,
  surfaceOf,
} from './sentence.js';

const INPUT_SUBJECT =
  /\b(password|passcode|pin|code|name|username|e-mail address|email address|address|value|amount|quantity|text|comment|description|title|message|phone number|number|input|field|answer|prompt|file|upload)\b/i;
/** A time limit on how long something stays usable ("expires within 30 minutes"). */
const EXPIRY = /\b(expir|valid|time\s?out|session|lock)/i;
const CHARACTER_UNIT = /^(characters?|chars?|letters?|digits?|numbers?|symbols?|special characters?)$/i;

/** Test data of `length` characters with the given number of letters (the rest digits) — copy-paste ready. */
export function sampleText(length: number, letters: number): string {
  const alphabet = 'Abcdefghijklmnopqrstuvwxyz';
  const digits = '1234567890';
  let out = '';
  for (let i = 0; i < length; i++)
    out += i < letters ? (alphabet[i % alphabet.length] ?? 'a') : (digits[(i - letters) % digits.length] ?? '1');
  return out;
}

function noun(subject: string): string {
  return lowerFirst(subject.replace(/^(the|a|an|each|every|any)\s+/i, '').replace(/\s+(that|which|who)\s.*$/i, ''));
}

/** The refusal a criterion names, e.g. `shows "Too many requests, please try again later"`. */
function refusalOf(text: string): string {
  const q = quoted(text).filter((s) =>
    /\b(too|not|no|invalid|error|expired|exceed|limit|maximum|minimum|try again|failed|must)\b/i.test(s),
  );
  return q.length > 0 ? `It is refused with the message "${q[q.length - 1]}"` : 'It is refused with a message that states the limit';
}

interface LimitContext {
  criterion: AcceptanceCriterion;
  story: Story;
  limit: NumericLimit;
  /** The clause the limit is in (the main clause or the trigger). */
  clause: string;
  inTrigger: boolean;
  main: string;
  allLimits: NumericLimit[];
}

function characterData(ctx: LimitContext, v: BoundaryValue): string | undefined {
  const { limit, allLimits } = ctx;
  if (!CHARACTER_UNIT.test(limit.unit)) return undefined;
  const needsLetter = allLimits.some((l) => /^letters?$/i.test(l.unit));
  const needsDigit = allLimits.some((l) => /^(digits?|numbers?)$/i.test(l.unit));
  const minLength = allLimits.find((l) => /^(characters?|chars?)$/i.test(l.unit) && l.kind === 'min')?.value ?? 8;
  let text: string;
  if (/^letters?$/i.test(limit.unit)) text = sampleText(Math.max(minLength, v.value + (needsDigit ? 1 : 0)), v.value);
  else if (/^(digits?|numbers?)$/i.test(limit.unit)) {
    const length = Math.max(minLength, v.value + (needsLetter ? 1 : 0));
    text = sampleText(length, length - v.value);
  } else text = sampleText(v.value, needsDigit ? Math.max(v.value - 1, 0) : v.value);
  if (/^letters?$/i.test(limit.unit) || /^(digits?|numbers?)$/i.test(limit.unit)) {
    return `${text} (${text.length} characters, ${v.text} ${v.value === 1 ? limit.unit.replace(/s$/, '') : limit.unit.replace(/s?$/, 's')})`;
  }
  return `${text} (${v.text} characters)`;
}

function withValue(limit: NumericLimit, v: BoundaryValue): string {
  const plural = /(s|%)$/.test(limit.unit) || limit.unit.length <= 3 ? limit.unit : `${limit.unit}s`;
  const unit = limit.unit ? ` ${v.value === 1 ? limit.unit.replace(/(?<=\w{3})s$/, '') : plural}` : '';
  return `${v.text}${unit}`;
}

function idea(ctx: LimitContext, v: BoundaryValue): CaseIdea {
  const { criterion, limit, clause, inTrigger, main, story } = ctx;
  const c = analyse(clause);
  const amount = withValue(limit, v);
  let action: string;
  let expected: string;
  let data: string | undefined;
  let situation: string;
  let outcome: string;
  /** What a conversation answer must say about this value (the conversation form's requirement). */
  let says: string;
  const preconditions: string[] = [];
  const refusal = quoted(criterion.text)
    .filter((q) => /\b(too|not|no|invalid|error|expired|exceed|limit|maximum|minimum|try again|failed|must)\b/i.test(q))
    .pop();

  const conditional = !inTrigger && isCondition(clause, limit);
  if (conditional) {
    // "Refunds over 500 EUR must be approved": the limit says where the rule applies.
    const inSubject = clause.indexOf(limit.phrase) < analyse(clause).subject.length;
    const replaced = stripEnd(
      clause.replace(limit.phrase, inSubject && /^(over|above|more|under|below|less|fewer)/i.test(limit.phrase) ? `of ${amount}` : amount),
    );
    action = `Check the rule with ${amount}: ${lowerFirst(replaced)}`;
    expected = v.inside ? statement(replaced) : `The rule does not apply to ${amount}: it covers "${limit.phrase}" only`;
    situation = `it is ${amount}`;
    outcome = v.inside ? 'the rule applies' : 'the rule does not apply';
    says = v.inside ? `Says that ${lowerFirst(statement(replaced))}` : `Does not apply the rule "${stripEnd(clause)}" to ${amount}`;
  } else if (inTrigger) {
    // "... removed when the subtotal drops below 20.00": set the value, the main clause happens inside the trigger range.
    const np =
      /^((?:the|a|an|my|your)\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:drops?|falls?|goes|rises?|is|are|reaches|exceeds?|becomes)\b/i.exec(
        clause,
      )?.[1];
    action = np ? `Change the cart or input so that ${lowerFirst(np)} is ${amount}` : `${imperative(clause)} — use the value ${amount}`;
    expected = v.inside ? statement(main) : negatedStatement(main);
    situation = np ? `${lowerFirst(np)} is ${amount}` : `the value is ${amount}`;
    const subject = analyse(main).subject;
    if (subject) preconditions.push(`${capitalise(subject)} is in place`);
    outcome = lowerFirst(expected.replace(/^(A|An|The)\s/, (m) => m.toLowerCase()));
    says = `Says that when ${situation}, ${outcome}`;
  } else if (limit.time && limit.kind !== 'deadline' && EXPIRY.test(clause)) {
    const thing = lowerFirst(leadingNounPhrase(clause) ?? (c.subject || 'it'));
    action = `Wait ${amount}, then use ${thing}`;
    expected = v.inside ? `${capitalise(thing)} still works` : `${capitalise(thing)} has expired and is refused`;
    situation = `I use ${thing} after ${amount}`;
    outcome = v.inside ? 'still works' : 'has expired';
    says = `Says that ${thing} ${v.inside ? 'still works' : 'no longer works'} after ${amount} ("${limit.phrase}")`;
  } else if (limit.kind === 'deadline') {
    action = `${capitalise(lowerFirst(story.title))}, then measure the time until the result is there`;
    expected = `${statement(clause)} — no later than ${amount}`;
    situation = `it takes ${amount}`;
    outcome = 'arrives in time';
    says = `Says that ${lowerFirst(statement(clause))}`;
  } else if (c.subject && INPUT_SUBJECT.test(c.subject) && !/^(the|a)\s+(customer|user)/i.test(c.subject)) {
    const what = noun(c.subject);
    action = `Enter ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what} with ${amount}`;
    data = characterData(ctx, v);
    expected = v.inside ? `The ${what} is accepted` : refusalOf(criterion.text);
    situation = `I enter ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what} with ${amount}`;
    outcome = v.inside ? 'accepted' : 'refused';
    says = `Says that ${/^[aeiou]/i.test(what) ? 'an' : 'a'} ${what} with ${amount} is ${v.inside ? 'accepted' : 'not accepted'} ("${limit.phrase}")`;
  } else {
    // "A customer can apply up to 3 coupons to one order" → "Apply 4 coupons to one order".
    const replaced = stripEnd(clause.replace(limit.phrase, /^within\b/i.test(limit.phrase) ? `after ${amount}` : amount));
    const rc = analyse(replaced);
    const surface = surfaceOf(c.subject);
    if (rc.subject && /\b(customer|user|shopper|visitor|i|we)\b/i.test(rc.subject) && rc.predicate) action = capitalise(rc.predicate);
    else if (surface) action = `On ${surface}, make ${amount}${limitQualifier(clause, limit)}`;
    else action = `Try it with ${amount}: ${lowerFirst(replaced)}`;
    expected = v.inside ? `This is allowed (${amount} is within "${limit.phrase}")` : refusalOf(criterion.text);
    const onSurface = /^On (.+?), (.+)$/.exec(action);
    situation = onSurface ? `I ${lowerFirst(onSurface[2] ?? '')} on ${onSurface[1]}` : `I ${lowerFirst(action)}`;
    outcome = v.inside ? 'allowed' : 'refused';
    says = `Says that ${amount} ${v.inside ? 'is allowed' : 'is not allowed'} ("${limit.phrase}")${!v.inside && refusal ? `, with the message "${refusal}"` : ''}`;
  }
  let title = `${capitalise(situation.replace(/^I (\w+)/, (_m, verb: string) => capitalise(verb)))}: ${outcome}`;
  if (conditional || action.startsWith('Try it with')) title = `${capitalise(amount)}: ${outcome}`;
  else if (limit.time && limit.kind !== 'deadline' && EXPIRY.test(clause))
    title = `${capitalise(situation.replace(/^I use (.*?) after/, '$1 used after'))} ${outcome}`;
  else if (limit.kind === 'deadline') title = `${statement(clause)} (timed at ${amount})`;
  else if (/^I enter an? /.test(situation)) title = `${capitalise(situation.replace(/^I enter an? /, ''))} is ${outcome}`;
  return {
    rule: 'numeric-limit',
    technique: 'boundary',
    title: limit.kind === 'deadline' ? title : `${title} (${v.position} the limit "${limit.phrase}")`,
    covers: [criterion.id],
    preconditions,
    steps: [{ action, ...(data ? { data } : {}), expected }],
    question: `What happens if ${situation}?`,
    requirements: [criterion.text, says],
  };
}

/**
 * True when a limit selects where a rule applies rather than constraining an
 * input: it sits in the subject ("Refunds over 500 EUR must ..."), or far from
 * the verb ("must never promise a refund for items bought more than 30 days ago").
 * "must be at least 8 characters", "allows up to 5", "can apply up to 3" are constraints.
 */
function isCondition(clause: string, limit: NumericLimit): boolean {
  const at = clause.indexOf(limit.phrase);
  if (at < 0) return false;
  const c = analyse(clause);
  if (c.subject && at < c.subject.length) return true;
  // The nearest verb or conjunction before the limit ("... at least 8 characters and at most 128").
  const anchors = [
    ...clause
      .slice(0, at)
      .matchAll(
        /\b(must|should|shall|can|cannot|may|will|is|are|be|allows?|accepts?|supports?|holds?|has|have|contains?|takes?|and|or)\b/gi,
      ),
  ];
  const verb = anchors[anchors.length - 1];
  if (!verb) return false;
  const between = clause.slice((verb.index ?? 0) + verb[0].length, at).trim();
  return between.split(/\s+/).filter(Boolean).length > 3;
}

function limitQualifier(clause: string, limit: NumericLimit): string {
  const after = clause.slice(clause.indexOf(limit.phrase) + limit.phrase.length);
  const m = /^((?:\s+(?:per|a|each|in|within)\s+[\w-]+(?:\s+[\w-]+)?)+)/i.exec(after);
  return m ? (m[1] ?? '') : '';
}

/**
 * Rule `numeric-limit`: each numeric limit of a criterion gives cases one
 * step below, at and one step above the limit, with the concrete values and
 * the expected outcome for each (see `boundaryValues`).
 */
export function boundaryIdeas(criterion: AcceptanceCriterion, story: Story): CaseIdea[] {
  const clauses = criterion.text.split(/;\s+/);
  const ideas: CaseIdea[] = [];
  const seen = new Set<string>();
  const all = findLimits(criterion.text);
  for (const raw of clauses) {
    const { trigger, main } = splitTrigger(raw);
    const parts: Array<[string, boolean]> = trigger
      ? [
          [trigger.clause, true],
          [main, false],
        ]
      : [[main, false]];
    for (const [clause, inTrigger] of parts) {
      for (const limit of findLimits(clause)) {
        const key = `${limit.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const v of boundaryValues(limit)) ideas.push(idea({ criterion, story, limit, clause, inTrigger, main, allLimits: all }, v));
      }
    }
  }
  return ideas;
}
