import type { AcceptanceCriterion, Story } from '../story/story.js';
import { criterionStatement } from '../story/criteria.js';
import type { CaseIdea } from './case-idea.js';
import { article, count, gerund, infinitive, isPluralNoun, singular } from './english.js';
import { boundaryValues, formatValue, findLimits, type BoundaryValue, type NumericLimit } from './limits.js';
import { analyse, capitalise, lowerFirst, negatedStatement, quoted, splitTrigger, statement, stripEnd } from './sentence.js';

/** Nouns of things a user types in. */
const INPUT_SUBJECT =
  /\b(password|passcode|pin|code|name|username|e-mail address|email address|address|value|amount|quantity|text|comment|description|title|message|phone number|number|input|field|answer|prompt|file|upload|review|note|query|search term)\b/i;
const CHARACTER_UNIT = /^(characters?|chars?|letters?|digits?|numbers?|symbols?|special characters?)$/i;
/** What the system shows or answers: a limit on it is one check, not an input to refuse. */
const OUTPUT_SUBJECT = /\b(answers?|responses?|replies|reply|results?|suggestions?|summary|summaries|output|notifications?)\b/i;
const DISPLAY_VERB = /\b(shown|displayed|listed|suggested|shows?|displays?|lists?)\b/i;
/** "explains that items can be returned within 30 days": the limit is what is said, not a limit to test. */
const REPORTED = /\b(explains?|says?|tells?|mentions?|informs?|states?|reminds?|warns?)\s+(?:\w+\s+)?(that|how|why|when|about)\b/i;
const ACTOR =
  /^(?:the|a|an|each|every|any)?\s*(?:logged-in\s+|registered\s+|new\s+|returning\s+)?(customers?|users?|shoppers?|visitors?|buyers?|guests?|admins?|administrators?|members?|owners?|players?|students?|patients?|drivers?|sellers?|merchants?|employees?|agents?)\b/i;

/** Test data of `length` characters with the given number of letters (the rest digits) — copy-paste ready. */
export function sampleText(length: number, letters: number): string {
  const alphabet = 'Abcdefghijklmnopqrstuvwxyz';
  const digits = '1234567890';
  let out = '';
  for (let i = 0; i < length; i++)
    out += i < letters ? (alphabet[i % alphabet.length] ?? 'a') : (digits[(i - letters) % digits.length] ?? '1');
  return out;
}

/** "saved searches" → "saved search". */
function singularPhrase(phrase: string): string {
  const words = phrase.split(' ');
  return [...words.slice(0, -1), singular(words[words.length - 1] ?? '')].join(' ');
}

function bareNoun(subject: string): string {
  return lowerFirst(subject.replace(/^(the|a|an|each|every|any)\s+/i, '').replace(/\s+(that|which|who)\s.*$/i, ''));
}

/** The refusal a criterion names, e.g. `It is refused with the message "Narrow the date range"`. */
function refusalOf(text: string): string {
  const q = quoted(text).filter((s) =>
    /\b(too|not|no|invalid|error|expired|exceed|limit|maximum|minimum|try again|failed|must|narrow|only|reached)\b/i.test(s),
  );
  return q.length > 0 ? `It is refused with the message "${q[q.length - 1]}"` : 'It is refused with a message that states the limit';
}

function amountOf(limit: NumericLimit, v: BoundaryValue): string {
  return count(
    v.value,
    limit.unit,
    formatValue(v.value, limit.decimals).replace(/\B(?=(\d{3})+(?!\d))/g, limit.value >= 10_000 ? ',' : ''),
  );
}

function characterData(limit: NumericLimit, all: readonly NumericLimit[], v: BoundaryValue): string | undefined {
  if (!CHARACTER_UNIT.test(limit.unit)) return undefined;
  const needsDigit = all.some((l) => /^(digits?|numbers?)$/i.test(l.unit));
  const needsLetter = all.some((l) => /^letters?$/i.test(l.unit));
  const minLength = all.find((l) => /^(characters?|chars?)$/i.test(l.unit) && l.kind === 'min')?.value ?? 8;
  let text: string;
  if (/^letters?$/i.test(limit.unit)) text = sampleText(Math.max(minLength, v.value + (needsDigit ? 1 : 0)), v.value);
  else if (/^(digits?|numbers?)$/i.test(limit.unit)) {
    const length = Math.max(minLength, v.value + (needsLetter ? 1 : 0));
    text = sampleText(length, length - v.value);
  } else if (v.value > 120) {
    // Too long to read in a case file: a recipe that gives exactly that many characters.
    const block = needsDigit ? 'Abcdefgh12' : 'Abcdefghij';
    const times = Math.floor(v.value / block.length);
    const restLength = v.value - times * block.length;
    return `"${block}" ${times} times${restLength > 0 ? ` + "${block.slice(0, restLength)}"` : ''} (${count(v.value, 'character')})`;
  } else text = sampleText(v.value, needsDigit ? Math.max(v.value - 1, 0) : v.value);
  if (!/^(characters?|chars?)$/i.test(limit.unit)) return `${text} (${count(text.length, 'character')}, ${count(v.value, limit.unit)})`;
  return `${text} (${count(v.value, 'character')})`;
}

/**
 * The values worth a case, precision first: the limit itself and the first value past it
 * (8 and 7 for "at least 8", 40 and 41 for "at most 40"); both ends of a range.
 */
function edgeValues(limit: NumericLimit): BoundaryValue[] {
  const values = boundaryValues(limit);
  switch (limit.kind) {
    case 'min':
    case 'exclusive-min':
      return values
        .filter((v) => v.position !== 'above' || limit.kind === 'exclusive-min')
        .filter((v) => v.position !== 'below' || limit.kind === 'min');
    case 'max':
    case 'exclusive-max':
      return values
        .filter((v) => v.position !== 'below' || limit.kind === 'exclusive-max')
        .filter((v) => v.position !== 'above' || limit.kind === 'max');
    case 'deadline':
      return values;
  }
}

/** A time just under a limit, in the next smaller unit: 72 hours → "71 h 59 min", 30 minutes → "29 min 59 s". */
function justBefore(value: number, unit: string): string {
  const u = unit.toLowerCase();
  if (/^(days?)$/.test(u)) return `${count(value - 1, 'day')} 23 h 59 min`;
  if (/^(hours?|hrs?|h)$/.test(u)) return `${value - 1} h 59 min`;
  if (/^(minutes?|mins?)$/.test(u)) return `${value - 1} min 59 s`;
  if (/^(weeks?)$/.test(u)) return `${count(value * 7 - 1, 'day')} 23 h`;
  return count(value - 1, unit);
}

interface Context {
  criterion: AcceptanceCriterion;
  story: Story;
  statement: string;
  all: NumericLimit[];
}

function idea(
  ctx: Context,
  rule: string,
  title: string,
  step: { action: string; data?: string; expected: string },
  question: string,
  says: string,
  preconditions: string[] = [],
): CaseIdea {
  return {
    rule,
    technique: 'boundary',
    title,
    covers: [ctx.criterion.id],
    preconditions,
    steps: [{ action: step.action, ...(step.data ? { data: step.data } : {}), expected: step.expected }],
    question,
    requirements: [ctx.criterion.text, says],
  };
}

/** "expires after 72 hours": just before it still works, at the limit it has expired. */
function expiryIdeas(ctx: Context, written: string, limit: NumericLimit, trigger: string | undefined): CaseIdea[] {
  let clause = written;
  const c = analyse(clause);
  const at = count(limit.value, limit.unit);
  const before = justBefore(limit.value, limit.unit);
  const preconditions: string[] = trigger ? [capitalise(trigger)] : [];
  const lead = /^((?:with|for|on|in|during|without|when)\s[^,]{1,60}),\s+(.+)$/i.exec(clause);
  if (lead) {
    preconditions.push(capitalise(lead[1] ?? ''));
    clause = lead[2] ?? clause;
  }
  // What qualifies the time ("without activity"), up to the next conjoined clause ("and can be used only once").
  const tail = stripEnd(clause.slice(clause.indexOf(limit.phrase) + limit.phrase.length).split(/,|\s+(?:and|but|or)\s+/)[0] ?? '');
  const related = /\b(?:a|an|the)\s+((?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:that|which)\s+expires?\b/i.exec(clause);
  if (/expire/i.test(clause) && (related || c.subject)) {
    // "The invitation link expires after 72 hours": 71 h 59 min still works, 72 h has expired.
    const noun = related?.[1] ?? c.subject;
    const thing = `the ${lowerFirst(noun.replace(/^(the|a|an)\s+/i, ''))}${c.subject && !c.subject.includes(noun) ? ` from ${lowerFirst(c.subject)}` : ''}`;
    const wait = (t: string) => `Wait ${t}${tail ? ` ${tail}` : ''}, then use ${thing}`;
    return [
      idea(
        ctx,
        'time-limit',
        `${capitalise(thing)} used after ${before} still works`,
        { action: wait(before), expected: `${capitalise(thing)} still works` },
        `Does ${thing} still work after ${before}?`,
        `Says that ${thing} still works after ${before}`,
        preconditions,
      ),
      idea(
        ctx,
        'time-limit',
        `${capitalise(thing)} used after ${at} has expired`,
        { action: wait(at), expected: `${capitalise(thing)} has expired${refusalMessage(ctx.story, ctx.criterion)}` },
        `Does ${thing} still work after ${at}?`,
        `Says that ${thing} no longer works after ${at}`,
        preconditions,
      ),
    ];
  }
  // "The customer stays logged in for 30 days": still true just before, no longer at the limit.
  const still = statement(stripEnd(clause.replace(limit.phrase, '').replace(/\s{2,}/g, ' ')));
  const over = negatedStatement(still);
  return [
    idea(
      ctx,
      'time-limit',
      `After ${before}: ${lowerFirst(still)}`,
      { action: `Wait ${before} and check`, expected: still },
      `Is it still the case after ${before}?`,
      `Says that after ${before} ${lowerFirst(still)}`,
      preconditions,
    ),
    idea(
      ctx,
      'time-limit',
      `After ${at}: ${lowerFirst(over)}`,
      { action: `Wait ${at} and check`, expected: over },
      `Is it still the case after ${at}?`,
      `Says that after ${at} ${lowerFirst(over)}`,
      preconditions,
    ),
  ];
}

/** The message a story gives for the refusal ("An expired link shows ..."), as " with the message ...". */
function refusalMessage(story: Story, criterion: AcceptanceCriterion): string {
  const near = story.criteria.find((c) => c !== criterion && /\bexpired?\b/i.test(c.text) && quoted(c.text).length > 0);
  const q = near ? quoted(near.text)[0] : undefined;
  return q ? `: "${q}" is shown` : '';
}

/** Time windows such as "09:00–18:00 CET", "from 09:00 to 18:00 CET". */
const WINDOW =
  /\b(?:from\s+)?([01]?\d|2[0-3])[:.]([0-5]\d)\s*(?:–|—|-|to|until)\s*([01]?\d|2[0-4])[:.]([0-5]\d)(?:\s*(?:h|hrs|o'clock))?(?:\s+(UTC[+-]\d{1,2}|GMT[+-]\d{1,2}|[A-Z]{2,5}))?/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "shown on weekdays from 09:00 to 18:00 CET": the minute before and at each edge, with the time zone. */
function windowIdeas(ctx: Context, clause: string): CaseIdea[] {
  const m = WINDOW.exec(clause);
  // "During the opening hours (08:00–20:00) X happens": the window is a condition of X, not what it checks.
  if (!m || /^(during|between|outside|within|in)\b/i.test(clause.trim()) || /\(([^)]*)$/.test(clause.slice(0, m.index))) return [];
  const tz = m[5] ? ` ${m[5]}` : '';
  const open = Number(m[1]) * 60 + Number(m[2]);
  const close = Number(m[3]) * 60 + Number(m[4]);
  const at = (minutes: number) => `${pad(Math.floor(((minutes + 1440) % 1440) / 60))}:${pad((minutes + 1440) % 60)}${tz}`;
  const inside = statement(
    clause
      .replace(m[0], '')
      .replace(/\s+(on|during)\s+(weekdays?|working days|business days)\b/i, '')
      .replace(/\s+(on|during)\s*$/i, '')
      .replace(/\s{2,}/g, ' ')
      .trim(),
  );
  const outside = negatedStatement(inside);
  const day = /\b(weekdays?|mon(day)?\s*[–-]\s*fri(day)?)\b/i.test(clause) ? ' on a weekday' : '';
  const edges: Array<[number, boolean]> = [
    [open - 1, false],
    [open, true],
    [close - 1, true],
    [close, false],
  ];
  return edges.map(([minute, isIn]) =>
    idea(
      ctx,
      'time-window',
      `At ${at(minute)}${day}: ${lowerFirst(isIn ? inside : outside)}`,
      { action: `Set the clock to ${at(minute)}${day} (or wait until then) and check`, expected: isIn ? inside : outside },
      `It is ${at(minute)}${day}. Can I use it now?`,
      `${isIn ? 'Says it is available' : 'Says it is not available'} at ${at(minute)}${day}`,
    ),
  );
}

/** True when a limit says where a rule applies ("Refunds over 500 EUR must be approved", "an export of more than 10,000 invoices is refused"). */
function isCondition(clause: string, limit: NumericLimit): boolean {
  const at = clause.indexOf(limit.phrase);
  const c = analyse(clause);
  if (c.subject && at >= 0 && at < c.subject.length && !/^(up to|at most|at least|between)/i.test(limit.phrase)) return true;
  return /\b(bought|ordered|older|placed|created)\s+(?:\w+\s+){0,2}$/i.test(clause.slice(0, at));
}

/**
 * Rule `numeric-limit` and the time rules: boundary cases only for limits on what a user
 * enters or counts (characters, items, people, attempts, amounts, durations the user
 * chooses), with the limit and the first value past it; time limits as time ("71 h 59 min
 * still works, 72 h has expired"); time windows at their edges with the time zone; a
 * deadline for the system ("within 60 seconds") as one timed check; a limit on what the
 * system shows or answers as one check. Never for version numbers, ports or codes.
 */
export function boundaryIdeas(criterion: AcceptanceCriterion, story: Story): CaseIdea[] {
  // The positive rule asks too (whether to write its case); both get the same answer.
  const cached = computed.get(criterion);
  if (cached && cached.story === story) return cached.ideas;
  const ideas = computeBoundaryIdeas(criterion, story);
  computed.set(criterion, { story, ideas });
  return ideas;
}

const computed = new WeakMap<AcceptanceCriterion, { story: Story; ideas: CaseIdea[] }>();

function computeBoundaryIdeas(criterion: AcceptanceCriterion, story: Story): CaseIdea[] {
  // A decision-table row states its own values; its case is the row.
  if (criterion.kind === 'table' || criterion.gherkin) return [];
  const text = stripEnd(criterionStatement(criterion));
  const ctx: Context = { criterion, story, statement: text, all: findLimits(text) };
  const ideas: CaseIdea[] = [];
  if (REPORTED.test(text)) return [];
  const windows = windowIdeas(ctx, text);
  if (windows.length > 0) return windows;
  const seen = new Set<string>();
  for (const raw of text.split(/;\s+/)) {
    const { trigger, main } = splitTrigger(raw);
    const parts: Array<[string, boolean]> = trigger
      ? [
          [trigger.clause, true],
          [main, false],
        ]
      : [[main, false]];
    for (const [clause, inTrigger] of parts) {
      for (const limit of findLimits(clause)) {
        const key = `${limit.value}|${limit.unit}`;
        if (seen.has(key)) continue;
        seen.add(key);
        ideas.push(...limitIdeas(ctx, clause, limit, inTrigger, main, inTrigger ? undefined : trigger?.clause));
      }
    }
  }
  // A check of what the system shows adds nothing beside cases with concrete input values.
  const inputs = ideas.filter((i) => i.rule !== 'output-limit');
  return inputs.length > 0 ? inputs : ideas;
}

function limitIdeas(
  ctx: Context,
  clause: string,
  limit: NumericLimit,
  inTrigger: boolean,
  main: string,
  trigger: string | undefined,
): CaseIdea[] {
  const c = analyse(clause);
  // "The response time is below 300 ms": how fast the system is, one timed check.
  const speed = limit.time && /\b(response time|latency|load(?:ing)? time|takes|respond|answers? in)\b/i.test(clause);
  if (
    !speed &&
    limit.time &&
    limit.kind === 'exclusive-max' &&
    /\b(expir|valid|stay|remain|work|kept|logged in|active|session|lock|times? out)/i.test(clause)
  )
    return expiryIdeas(ctx, clause, limit, trigger);
  if (limit.kind === 'deadline' || speed) {
    const amount = count(limit.value, limit.unit);
    return [
      idea(
        ctx,
        'deadline',
        statement(clause),
        {
          action: speed
            ? `Measure ${lowerFirst(c.subject || 'how long it takes')}, repeating the request to see the spread`
            : `Note the time, then wait until ${lowerFirst(statement(stripEnd(clause.replace(limit.phrase, '').replace(/\s{2,}/g, ' '))))}`,
          expected: statement(clause),
        },
        `How long does it take?`,
        speed ? statement(clause) : `Happens within ${amount}`,
      ),
    ];
  }
  const output =
    (c.subject && OUTPUT_SUBJECT.test(c.subject)) ||
    (!ACTOR.test(c.subject) && DISPLAY_VERB.test(c.predicate) && !CHARACTER_UNIT.test(limit.unit));
  if (output && !inTrigger) {
    // A limit on what the system shows or answers: one check.
    return [
      idea(
        ctx,
        'output-limit',
        capitalise(stripEnd(clause)),
        {
          action: 'Bring about a result larger than the limit allows (many matches, a long answer) and look at it',
          expected: statement(clause),
        },
        'Tell me everything you can about it.',
        statement(clause),
      ),
    ];
  }
  const outcome = (v: BoundaryValue) => (v.inside ? 'accepted' : 'refused');
  const cases: CaseIdea[] = [];
  for (const v of edgeValues(limit)) {
    const amount = amountOf(limit, v);
    const gerundSubject = /^[A-Za-z]+ing\b/.test(c.subject) && c.subject.includes(limit.phrase);
    if ((isCondition(clause, limit) || gerundSubject) && !inTrigger) {
      // "Refunds over 500 EUR must be approved" → "Refunds of 501 EUR are approved".
      const inSubjectCompare =
        c.subject.includes(limit.phrase) &&
        /^(over|above|more|under|below|less|fewer|exceed)/i.test(limit.phrase) &&
        !/\b(of|for|with)\s*$/i.test(clause.slice(0, clause.indexOf(limit.phrase)));
      const replaced = stripEnd(clause.replace(limit.phrase, inSubjectCompare ? `of ${amount}` : amount));
      const negativeRule = c.negative;
      if (negativeRule && !v.inside) continue;
      const expected = v.inside ? statement(replaced) : negatedStatement(statement(replaced));
      const doing = gerundSubject
        ? `${capitalise(infinitive(/^([A-Za-z]+)/.exec(c.subject)?.[1] ?? ''))}${c.subject.replace(/^[A-Za-z]+/, '').replace(limit.phrase, amount)}`
        : `Set up the situation with ${amount} and check`;
      cases.push(idea(ctx, 'numeric-limit', expected, { action: doing, expected }, `What happens with ${amount}?`, expected));
      continue;
    }
    if (inTrigger) {
      // "... removed when the subtotal drops below 20.00": set the value, the main clause happens inside the trigger's range.
      const expected = v.inside ? statement(main) : negatedStatement(statement(main));
      const np =
        /^((?:the|a|an|my|your)\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:drops?|falls?|goes|rises?|is|are|reaches|exceeds?|becomes)\b/i.exec(
          clause,
        )?.[1];
      const situation = np
        ? `${capitalise(lowerFirst(np).replace(/^(the|a|an|my|your)\s+/i, ''))} ${amount}`
        : capitalise(stripEnd(clause.replace(limit.phrase, amount)));
      const action = np
        ? `Change the input so that ${lowerFirst(np)} is ${amount}`
        : capitalise(stripEnd(clause.replace(limit.phrase, amount)));
      const subject = analyse(main).subject;
      cases.push(
        idea(
          ctx,
          'numeric-limit',
          `${situation}: ${lowerFirst(expected)}`,
          { action, expected },
          `What happens if ${np ? `${lowerFirst(np)} is ${amount}` : lowerFirst(stripEnd(clause.replace(limit.phrase, amount)))}?`,
          expected,
          subject ? [`${capitalise(subject)} is in place`] : [],
        ),
      );
      continue;
    }
    const data = characterData(limit, ctx.all, v);
    const subject = c.subject ? bareNoun(c.subject) : '';
    const actor = ACTOR.exec(c.subject);
    const verbPhrase = /^(can|may|can only|may only)$/.test(c.modal) ? /^(?:only\s+)?([\w-]+)\s+(.*)$/i.exec(c.predicate) : null;
    const inSubject = c.subject.includes(limit.phrase);
    let title: string;
    let action: string;
    if (inSubject || !c.subject) {
      // "Up to 3 reservations per e-mail address can be open at the same time" → "4 reservations per e-mail address open at the same time: refused".
      const replaced = stripEnd(clause.replace(limit.phrase, amount)).replace(
        /\s+(?:can|may|must|should|will)\s+(?:be\s+)?|\s+(?:is|are)\s+(?=\w+ed\b)/i,
        ' ',
      );
      title = `${capitalise(replaced)}: ${outcome(v)}`;
      // "per e-mail address": the same one each time.
      const per = /\bper\s+([\w-]+(?:\s+[\w-]+)?)/i.exec(replaced);
      action = per ? `Try ${amount} with the same ${per[1]}` : `Try it with ${amount}`;
    } else if (!c.modal && /^(allows?|accepts?|supports?|permits?|takes?|holds?|has|have)\b/i.test(c.predicate)) {
      // "The reset form allows up to 5 attempts per e-mail address per hour" → "6 attempts per e-mail address per hour are refused".
      const tail = stripEnd(c.predicate.slice(c.predicate.indexOf(limit.phrase) + limit.phrase.length));
      title = `${capitalise(amount)}${tail ? ` ${tail}` : ''} ${v.value === 1 ? 'is' : 'are'} ${outcome(v)}`;
      action = `Try ${amount}${tail ? ` ${tail}` : ''} on ${lowerFirst(c.subject)}`;
    } else if (actor && verbPhrase && !/^be$/i.test(verbPhrase[1] ?? '')) {
      // "Shoppers can add up to 4 products to the comparison" → "Adding 5 products to the comparison is refused".
      const rest = (verbPhrase[2] ?? '').replace(limit.phrase, amount);
      title = `${capitalise(gerund(verbPhrase[1] ?? ''))} ${rest} is ${outcome(v)}`;
      action = `${capitalise(verbPhrase[1] ?? '')} ${rest}`;
    } else if (subject && (INPUT_SUBJECT.test(subject) || CHARACTER_UNIT.test(limit.unit))) {
      title = `${capitalise(article(subject))} ${subject} with ${amount} is ${outcome(v)}`;
      action = `Enter ${article(subject)} ${subject} with ${amount}`;
    } else {
      // "A reservation is for between 1 and 12 people" → "A reservation for 13 people is refused";
      // "Reservations can be made at most 60 days in advance" → "A reservation made 61 days in advance is refused".
      const one = isPluralNoun(subject.split(' ').pop() ?? '') ? singularPhrase(subject) : subject;
      const at = c.predicate.indexOf(limit.phrase);
      const middle = (at >= 0 ? c.predicate.slice(0, at) : '').replace(/^(?:be|is|are)\s+/i, '').trim();
      const tail = at >= 0 ? stripEnd(c.predicate.slice(at + limit.phrase.length)) : '';
      const phrase = [one, middle || 'with', amount].join(' ') + (tail ? ` ${tail.trim()}` : '');
      title = `${capitalise(article(one))} ${phrase} is ${outcome(v)}`;
      action = `Try ${article(one)} ${phrase}`;
    }
    cases.push(
      idea(
        ctx,
        'numeric-limit',
        title,
        { action, ...(data ? { data } : {}), expected: v.inside ? 'It is accepted' : refusalOf(ctx.criterion.text) },
        `What happens if I ${lowerFirst(action)}?`,
        `Says that ${amount} ${v.inside ? 'is allowed' : 'is not allowed'} ("${limit.phrase}")`,
      ),
    );
  }
  return cases;
}
