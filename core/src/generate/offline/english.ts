/**
 * English word forms for the offline generator, from maintained libraries rather than
 * hand-made rules: verb forms (third person, infinitive, gerund, participle) from
 * compromise's conjugation model and lexicon, number agreement of nouns from pluralize.
 * compromise is loaded on first use (`loadEnglish()`; `generateCases` does it), so reading
 * stories and every other command start without it.
 */
import pluralize from 'pluralize';

interface VerbForms {
  Infinitive?: string;
  PresentTense?: string;
  PastTense?: string;
  Gerund?: string;
  Participle?: string;
}
interface CompromiseWorld {
  methods: {
    two: {
      transform: {
        verb: { conjugate(verb: string, model: unknown): VerbForms; toInfinitive(verb: string, model: unknown, tense?: string): string };
      };
    };
  };
  model: { one: { lexicon: Record<string, string | string[] | undefined> } };
}

type Tagger = (text: string) => { json(): Array<{ terms: Array<{ tags: string[] }> }> };

let world: CompromiseWorld | undefined;
let tagger: Tagger | undefined;

/** Loads compromise once (about 300 KB of word data). */
export async function loadEnglish(): Promise<void> {
  if (world) return;
  const nlp = (await import('compromise/two')).default;
  tagger = nlp as unknown as Tagger;
  world = nlp.world() as CompromiseWorld;
}

const FUNCTION_WORD = /\s(a|an|the|my|me|your|our|to|from|as|at|on|in|with|for|by|of|into)\s/i;
const verbTitles = new Map<string, boolean>();

/**
 * True when a title is an action ("Export invoices as CSV", "Reset a forgotten password"),
 * false for a feature's name ("Monthly usage report", "Gift wrapping option"): compromise's
 * tagger reads the first word as a verb, and the title reads as a clause (it has function words).
 */
export function isActionTitle(title: string): boolean {
  const hit = verbTitles.get(title);
  if (hit !== undefined) return hit;
  english();
  const first = tagger?.(title).json()[0]?.terms[0]?.tags ?? [];
  const second = title.split(/\s+/)[1] ?? '';
  const result = (first.includes('Verb') || /^(a|an|the|my|your|our)$/i.test(second)) && FUNCTION_WORD.test(` ${title} `);
  if (verbTitles.size > 500) verbTitles.clear();
  verbTitles.set(title, result);
  return result;
}

function english(): CompromiseWorld {
  if (!world) throw new Error('English word forms are not loaded: await loadEnglish() (generateCases does) before generating offline');
  return world;
}

const conjugations = new Map<string, VerbForms>();

function forms(verb: string): VerbForms {
  const key = verb.toLowerCase();
  let f = conjugations.get(key);
  if (!f) {
    const w = english();
    f = w.methods.two.transform.verb.conjugate(key, w.model);
    conjugations.set(key, f);
  }
  return f;
}

/** The tags compromise's lexicon gives a word ("Infinitive", "Plural", "Modal"...), or none. */
export function lexiconTags(word: string): string[] {
  const t = english().model.one.lexicon[word.toLowerCase()];
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

/** The infinitive of a verb form: "submits" → "submit", "carries" → "carry", "is" → "be". */
export function infinitive(verb: string): string {
  const v = verb.toLowerCase();
  if (/^(is|are|am|was|were|been|being)$/.test(v)) return 'be';
  const w = english();
  const tense = lexiconTags(v).includes('PastTense') || /ed$/.test(v) ? 'PastTense' : /ing$/.test(v) ? 'Gerund' : 'PresentTense';
  return w.methods.two.transform.verb.toInfinitive(v, w.model, tense) || v;
}

/** A verb (infinitive, phrasal verbs too: "hand over") in the present tense for a singular or plural subject. */
export function presentTense(verb: string, plural: boolean): string {
  const [head = '', ...rest] = verb.split(/\s+/);
  const tail = rest.length > 0 ? ` ${rest.join(' ')}` : '';
  if (head === 'be') return `${plural ? 'are' : 'is'}${tail}`;
  if (plural) return `${head}${tail}`;
  return `${forms(head).PresentTense ?? head}${tail}`;
}

/** "add" → "adding". */
export function gerund(verb: string): string {
  const [head = '', ...rest] = verb.split(/\s+/);
  return [forms(head).Gerund ?? `${head}ing`, ...rest].join(' ');
}

/** "select" → "selected". */
export function pastParticiple(verb: string): string {
  const [head = '', ...rest] = verb.split(/\s+/);
  const f = forms(head);
  return [f.Participle ?? f.PastTense ?? head, ...rest].join(' ');
}

/** True for a verb in the lexicon (any form). */
export function isVerb(word: string): boolean {
  return lexiconTags(word).some((t) => /Infinitive|PresentTense|PastTense|Gerund|Participle|Verb|Modal|Copula/.test(t));
}

/** Units written as symbols or abbreviations keep their form with any number ("5 MB", "10 %", "9.90 EUR"). */
function isSymbolUnit(unit: string): boolean {
  return unit === '' || /^[A-Z0-9%€$£]+$/.test(unit) || /^(km|kg|ms|s|h|min|mins|sec|secs|hrs|pt|px|cm|mm|m|g|l|ml)$/i.test(unit);
}

/** True when a noun is plural ("people", "addresses"), by pluralize's word lists and rules. */
export function isPluralNoun(word: string): boolean {
  if (isSymbolUnit(word)) return false;
  return pluralize.isPlural(word) && !pluralize.isSingular(word);
}

/** A count with its noun in agreement: (1, "people") → "1 person", (0, "reply") → "0 replies", (12, "persons") → "12 persons". */
export function count(n: number | string, noun: string, text = String(n)): string {
  if (isSymbolUnit(noun)) return noun === '' ? text : `${text} ${noun}`;
  const value = typeof n === 'number' ? n : Number(n.replace(/,/g, ''));
  return `${text} ${pluralize(noun, value === 1 ? 1 : 2)}`;
}

/** The singular of a noun ("reservations" → "reservation", "people" → "person"). */
export function singular(noun: string): string {
  return isSymbolUnit(noun) ? noun : pluralize.singular(noun);
}

/** "a" or "an" by how the word sounds ("an admin", "a user", "a one-time link", "an hour"). */
export function article(word: string): 'a' | 'an' {
  if (/^(one|once|uni|use|usu|uti|eu|ewe|u[bcdfgjklmnprstvz][aeiou])/i.test(word)) return 'a';
  if (/^(hour|honest|honou?r|heir)/i.test(word)) return 'an';
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
