/**
 * Small, deterministic English helpers for the offline generator: split a
 * criterion into its trigger ("After X, ...", "... when X") and main clause,
 * turn "must/should/cannot" into plain statements, negate them, and turn a
 * trigger into an instruction for the tester. They are heuristics: they aim
 * for readable steps on the way stories are usually written, and fall back to
 * quoting the criterion when a sentence does not fit.
 */
import { article, infinitive, isPluralNoun, isVerb, presentTense } from './english.js';

const ACTORS =
  /^(?:the|a|an|any|each|every)?\s*(?:registered\s+|logged-in\s+|signed-in\s+|new\s+|guest\s+)?(customer|user|shopper|visitor|buyer|admin|administrator|agent|member|owner|tester|person|client|i|we|they|he|she|you)s?\b\s*/i;
const MODAL =
  /\b(must not|must|should not|shouldn't|should|shall not|shall|cannot|can not|can't|may not|may only|can only|will not|won't|will|has to|have to|needs to|need to|is required to|are required to|is allowed to|are allowed to|is not allowed to|are not allowed to|never|always|can)\b/i;
const NEGATIVE_MODALS =
  /^(must not|should not|shouldn't|shall not|cannot|can not|can't|may not|will not|won't|never|is not allowed to|are not allowed to)$/i;
const TRIGGER_START = /^(after|when|whenever|if|once|as soon as|before|while|on)\s+(.+?),\s+(.+)$/i;
const TRIGGER_END = /^(.+?)\s+(when|whenever|if|once|as soon as|after|before|while)\s+(.+?)\.?$/i;

export interface Clause {
  subject: string;
  /** The modal as written, lower case ('' when none). */
  modal: string;
  negative: boolean;
  /** The verb phrase after the modal (or the whole clause after the subject when no modal). */
  predicate: string;
  plural: boolean;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function lowerFirst(text: string): string {
  // Keep acronyms, "I" and quoted text as written; "A coupon" is a sentence start too.
  return (/^[A-Z][a-z]/.test(text) || /^A\s/.test(text)) && !/^I\b/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

export function stripEnd(text: string): string {
  return text
    .trim()
    .replace(/[.;:,!]+$/, '')
    .trim();
}

/** Cuts text to `max` characters at a word boundary. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[,;:]$/, '')}…`;
}

/** Text in double quotes ("…" or “…”), in order. */
export function quoted(text: string): string[] {
  return [...text.matchAll(/["“]([^"”]+)["”]/g)].map((m) => m[1] ?? '').filter(Boolean);
}

/** "After X, Y" / "Y when X" → trigger X and main clause Y. */
export function splitTrigger(text: string): { trigger?: { word: string; clause: string }; main: string } {
  const t = stripEnd(text);
  const start = TRIGGER_START.exec(t);
  if (start)
    return {
      trigger: { word: (start[1] ?? '').toLowerCase(), clause: (start[2] ?? '').trim() },
      main: capitalise((start[3] ?? '').trim()),
    };
  const end = TRIGGER_END.exec(t);
  // "whether or not", "if any", "as before" and a time ("expires after 72 hours") are not triggers.
  if (
    end &&
    !/^(not|any)\b/i.test(end[3] ?? '') &&
    !(
      /^(after|before)$/i.test(end[2] ?? '') &&
      /^\d+(?:[.,]\d+)?\s*(seconds?|minutes?|hours?|days?|weeks?|months?|years?|h|min|s)\b/i.test(end[3] ?? '')
    ) &&
    !/\b(whether|as)$/i.test(end[1] ?? '') &&
    !/^(one|two|three|four|five|ten|twelve|twenty|thirty|sixty)\s/i.test(end[3] ?? '') &&
    (end[1] ?? '').split(' ').length >= 3
  ) {
    return { trigger: { word: (end[2] ?? '').toLowerCase(), clause: (end[3] ?? '').trim() }, main: (end[1] ?? '').trim() };
  }
  return { main: t };
}

/** "Typing 2 characters" (a gerund phrase) is singular whatever its object; otherwise the head noun decides. */
function isPluralSubject(subject: string, head: string): boolean {
  if (/^[A-Za-z]+ing\b/.test(subject) && !/^(the|a|an)\s/i.test(subject)) return false;
  return isPluralNoun(head);
}

/** The noun a subject is about: "Refunds over 500 EUR" → "Refunds", "A coupon that requires ..." → "coupon". */
function headNoun(subject: string): string {
  const words = subject.replace(/\s+(that|which|who|of|over|above|under|below|for|with|in|from|to|on|at)\s.*$/i, '').split(/\s+/);
  return words[words.length - 1] ?? '';
}

const DETERMINER = /^(the|a|an|each|every|all|any|my|your|our|their|no)$/i;
const AUX = /^(is|are|was|were|must|should|shall|can|cannot|will|may|never|always|has|have|does|do)$/i;

/**
 * The noun phrase a sentence starts with: "The reset link expires ..." → "The
 * reset link". The verb is the first auxiliary, or an earlier word ending in -s
 * that is not followed by "of" or an auxiliary ("sessions of", "coupons should" are nouns).
 */
export function leadingNounPhrase(text: string): string | undefined {
  const words = text.trim().split(/\s+/);
  if (!DETERMINER.test(words[0] ?? '')) return undefined;
  // A relative clause ("A coupon that requires a minimum order of 20.00 is removed") has its own verb: skip it.
  let relative = false;
  let relativeVerb = false;
  for (let i = 1; i < Math.min(words.length, 20); i++) {
    const w = (words[i] ?? '').toLowerCase();
    const next = (words[i + 1] ?? '').toLowerCase();
    if (/^(that|which|who)$/.test(w)) {
      relative = true;
      relativeVerb = false;
      continue;
    }
    if (relative && !(AUX.test(w) && relativeVerb)) {
      if (AUX.test(w) || /^[a-z]+s$/.test(w)) relativeVerb = true;
      continue;
    }
    const isVerb = AUX.test(w) || (!relative && i <= 4 && /^[a-z]+[^s]s$/.test(w) && next !== 'of' && !AUX.test(next));
    if (isVerb && i >= 2)
      return words
        .slice(0, i)
        .join(' ')
        .replace(/\s+(that|which|who)$/i, '');
  }
  return undefined;
}

export function analyse(clause: string): Clause {
  const text = stripEnd(clause);
  const m = MODAL.exec(text);
  if (m && m.index > 0 && !/\s(and|or)$/i.test(text.slice(0, m.index).trim())) {
    const subject = text.slice(0, m.index).trim();
    const modal = (m[1] ?? '').toLowerCase();
    const predicate = text.slice(m.index + m[0].length).trim();
    const head = headNoun(subject);
    return { subject, modal, negative: NEGATIVE_MODALS.test(modal), predicate, plural: isPluralSubject(subject, head) };
  }
  const np = leadingNounPhrase(text);
  const verb = np
    ? { index: np.length + (text.slice(np.length).length - text.slice(np.length).trimStart().length) }
    : /\b(is|are|was|were|has|have|does|do|shows?|displays?|sends?|opens?|arrives?|contains?|allows?|gets?|receives?|gives?|logs?|returns?)\b/i.exec(
        text,
      );
  if (verb && verb.index > 0) {
    const subject = text.slice(0, verb.index).trim();
    return {
      subject,
      modal: '',
      // The verb is negated, not a relative clause or a quoted message ("shows "Not valid"").
      negative: /^(?:\S+\s+)?(?:not|never|no longer)\b/i.test(text.slice(verb.index).replace(/["“][^"”]*["”]/g, '""')),
      predicate: text.slice(verb.index).trim(),
      plural: isPluralSubject(subject, headNoun(subject)),
    };
  }
  return { subject: '', modal: '', negative: /\b(not|never)\b/i.test(text), predicate: text, plural: false };
}

/** Third person of a verb: "receive" → "receives", "match" → "matches", "carry" → "carries" (compromise's conjugation). */
export function thirdPerson(verb: string): string {
  return presentTense(verb, false);
}

/** Base form of a third-person verb: "submits" → "submit", "carries" → "carry" (compromise's conjugation). */
export function baseForm(verb: string): string {
  return infinitive(verb);
}

const ADVERBS = /^(still|also|only|always|never|automatically|immediately|then|again|just|already|instantly)$/i;

function conjugate(verbPhrase: string, plural: boolean, negative: boolean): string {
  const words = verbPhrase.split(/\s+/);
  // "still be shown" → "are still shown": the adverb goes after the conjugated verb.
  if (words.length > 1 && ADVERBS.test(words[0] ?? '')) {
    const [adverb = '', verb = '', ...others] = words;
    const conjugated = conjugate([verb, ...others].join(' '), plural, negative).split(' ');
    const auxLength = negative ? 2 : 1;
    if (verb === 'be') return [...conjugated.slice(0, auxLength), adverb, ...conjugated.slice(auxLength)].join(' ');
    return [adverb, ...conjugated].join(' ');
  }
  const [first = '', ...rest] = words;
  const tail = rest.length > 0 ? ` ${rest.join(' ')}` : '';
  if (first === 'be') return `${plural ? 'are' : 'is'}${negative ? ' not' : ''}${tail}`;
  if (negative) return `${plural ? 'do' : 'does'} not ${first}${tail}`;
  return `${plural ? first : thirdPerson(first)}${tail}`;
}

/** The criterion as a plain statement of what happens: "X must be Y" → "X is Y". */
export function statement(clause: string): string {
  const c = analyse(clause);
  if (!c.modal || !c.subject) return capitalise(stripEnd(clause));
  if (c.modal === 'always') return capitalise(stripEnd(clause));
  if (c.modal === 'never') return capitalise(stripEnd(clause));
  if (/^(can only|may only|can|may)$/.test(c.modal)) return capitalise(stripEnd(clause));
  if (/allowed to/.test(c.modal)) return capitalise(`${c.subject} ${c.negative ? 'cannot' : 'can'} ${c.predicate}`);
  return capitalise(`${c.subject} ${conjugate(c.predicate, c.plural, c.negative)}`).replace(
    /\b(and|but|or)\s+(must not|should not|cannot|must|should|shall|has to|needs to)\s+([\w-]+)/gi,
    (_m, conj: string, modal: string, verb: string) => `${conj} ${conjugate(verb, c.plural, /not|cannot/i.test(modal))}`,
  );
}

/** Negates an indicative verb phrase: "are logged out" → "are not logged out", "shows X" → "does not show X". */
export function negateVerbPhrase(phrase: string, plural: boolean): string {
  // Already negative: its opposite is the positive form ("do not see X" → "see X").
  const negated = /^(?:do|does|did)\s+not\s+([\w-]+)(.*)$/i.exec(phrase) ?? /^(?:don't|doesn't)\s+([\w-]+)(.*)$/i.exec(phrase);
  if (negated) return `${presentTense(negated[1] ?? '', plural)}${negated[2] ?? ''}`;
  const notAux = /^(is|are|was|were|can|will|should|must)\s+(?:not|never)\s+(.*)$/i.exec(phrase);
  if (notAux) return `${notAux[1]} ${notAux[2]}`;
  if (/^(cannot|can't)\s/i.test(phrase)) return phrase.replace(/^(cannot|can't)/i, 'can');
  if (/^never\s/i.test(phrase)) return phrase.replace(/^never\s+/i, '');
  const aux = /^(is|are|was|were|can|will|has been|have been|should|must)\s+(.*)$/i.exec(phrase);
  if (aux) return `${aux[1]} not ${aux[2]}`;
  const [first = '', ...rest] = phrase.split(/\s+/);
  return `${plural ? 'do' : 'does'} not ${baseForm(first)}${rest.length > 0 ? ` ${rest.join(' ')}` : ''}`;
}

/** The opposite of the statement: what must not happen, as a plain sentence. */
export function negatedStatement(clause: string): string {
  const c = analyse(clause);
  if (!c.subject) return `It is not the case that ${lowerFirst(stripEnd(clause))}`;
  // "X are never Y" → "X are Y"; "X always shows Y" → "X does not show Y".
  if (c.modal === 'never') return capitalise(stripEnd(clause).replace(/\bnever\s+/i, ''));
  if (c.modal === 'always') return capitalise(`${c.subject} ${negateVerbPhrase(c.predicate, c.plural)}`);
  if (c.modal && c.negative) {
    // "X cannot be Y" → the violation is "X is Y".
    const verb = conjugate(c.predicate, c.plural, false);
    return capitalise(`${c.subject} ${verb}`);
  }
  if (c.modal) return capitalise(`${c.subject} ${conjugate(c.predicate, c.plural, true)}`);
  return capitalise(`${c.subject} ${negateVerbPhrase(c.predicate, c.plural)}`);
}

/**
 * What the tester does to make a trigger true: "the customer submits an e-mail
 * address" → "Submit an e-mail address"; "a successful reset" → "Complete a
 * successful reset"; "the subtotal drops below 20.00" → "Make the subtotal drop below 20.00".
 */
export function imperative(trigger: string): string {
  const t = stripEnd(trigger);
  const actor = ACTORS.exec(t);
  if (actor && actor[0].length > 0 && actor[0].length < t.length) {
    const rest = t.slice(actor[0].length);
    const [verb = '', ...tail] = rest.split(/\s+/);
    if (/^(has|have)$/i.test(verb) && /^\w+ed$/.test(tail[0] ?? ''))
      return capitalise(`${baseForm(tail[0] ?? '').replace(/ed$/, '')} ${tail.slice(1).join(' ')}`.trim());
    const base = /^(is|are|am)$/i.test(verb) ? 'be' : baseForm(verb);
    return capitalise([base, ...tail].join(' '));
  }
  // "the order does not exist" → "Use an order that does not exist".
  const negated = /^(?:the|a|an)\s+((?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:does|do)\s+not\s+(.+)$/i.exec(t);
  if (negated) return `Use ${article(negated[1] ?? '')} ${negated[1]} that does not ${negated[2]}`;
  // "the connection is back" → "Make sure the connection is back".
  if (/^(?:the|a|an|there)\s+(?:[\w-]+\s+){0,3}?(?:is|are)\s+(?!\w+(?:ed|en)\b)/i.test(t)) return `Make sure ${lowerFirst(t)}`;
  const finite = /^((?:the|a|an|my|your|their|its)\s+(?:[\w-]+\s+){0,3}?)([a-z]+s)\b(.*)$/i.exec(t);
  if (finite && !/(ss|us|is)$/i.test(finite[2] ?? '') && /^(?:the|my|your|their|its)\s/i.test(t)) {
    return `Make ${lowerFirst((finite[1] ?? '').trim())} ${baseForm(finite[2] ?? '')}${finite[3] ?? ''}`;
  }
  // "an order is cancelled" → "Cancel an order"; "a moderator approved them" → "Have a moderator approve them".
  const passive =
    /^((?:the|a|an)\s+(?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:is|are|was|were|has been|have been|gets|get)\s+([a-z]+(?:ed|en|wn|ne|ld|lt|ht|id))\b(.*)$/i.exec(
      t,
    );
  if (passive) return `${capitalise(infinitive(passive[2] ?? ''))} ${lowerFirst(passive[1] ?? '')}${passive[3] ?? ''}`;
  const other = /^((?:the|a|an)\s+(?:[\w-]+\s+){0,1}?[\w-]+)\s+([a-z]+(?:ed|s))\s+(.*)$/i.exec(t);
  if (other && isVerb(other[2] ?? '') && infinitive(other[2] ?? '') !== (other[2] ?? '').toLowerCase())
    return `Have ${lowerFirst(other[1] ?? '')} ${infinitive(other[2] ?? '')} ${other[3] ?? ''}`.trim();
  // "logging out and in again" → "Log out and in again".
  const gerundStart = /^([a-z]+ing)\b(.*)$/i.exec(t);
  if (gerundStart && isGerund(gerundStart[1] ?? '')) return `${capitalise(infinitive(gerundStart[1] ?? ''))}${gerundStart[2] ?? ''}`;
  if (/^(a|an|the)\s/i.test(t)) return `Complete ${lowerFirst(t)}`;
  return capitalise(t);
}

/** "Subscribing", "Enabling": an -ing form of a verb compromise knows. */
const ING_NOUNS =
  /^(something|nothing|anything|everything|morning|evening|thing|string|ceiling|wedding|pricing|setting|shipping|billing|onboarding|booking|heading|listing|rating|ranking|training|meeting|building|king|ring|spring|wing|during)$/i;

function isGerund(word: string): boolean {
  return /^[A-Za-z]+ing$/.test(word) && !ING_NOUNS.test(word) && (isVerb(word) || infinitive(word) !== word.toLowerCase());
}

/** A gerund phrase a criterion starts with ("Clicking the button", "Retrying a failed e-mail job"), if any. */
export function gerundPhrase(text: string): string | undefined {
  const words = text.split(/\s+/);
  if (!isGerund(words[0] ?? '')) return undefined;
  for (let i = 1; i < words.length && i < 10; i++) {
    const w = (words[i] ?? '').toLowerCase();
    if (/^(is|are|does|do|must|should|can|cannot|will|may|never)$/.test(w) || (/[^s]s$/.test(w) && isVerb(w) && infinitive(w) !== w))
      return words.slice(0, i).join(' ');
  }
  return undefined;
}

/** "Clicking the button" → "Click the button". */
export function gerundToImperative(phrase: string): string {
  const [first = '', ...rest] = phrase.split(/\s+/);
  return [capitalise(infinitive(first)), ...rest].join(' ');
}

/** The UI surface a criterion's subject names ("the login page", "the reset form"), if any. */
export function surfaceOf(subject: string): string | undefined {
  const m =
    /\b(?:the|a|an)\s+((?:[\w-]+\s+){0,3}?(?:page|form|screen|dialog|modal|field|button|menu|cart|checkout|order summary|summary|e-mail|email|message|link|list|tab|panel|view|report|section))\b/i.exec(
      subject,
    );
  return m ? `the ${m[1]}` : undefined;
}

/** "Open the login page", but "Look at the button": buttons, fields, links and menus are looked at where they are. */
export function openSurface(surface: string): string {
  return /\b(button|field|link|menu)$/i.test(surface) ? `Look at ${surface}` : `Open ${surface}`;
}
