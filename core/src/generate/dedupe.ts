import type { TestCaseInput } from '../model/case.js';

/**
 * Near-duplicate detection. Two cases are near-duplicates when they are of the
 * same kind and either their normalised titles are equal, or all of these hold:
 * - the same numbers (a boundary case for 7 characters is not one for 8),
 * - the same count of negations (not/no/never/cannot/without),
 * - the same quoted strings,
 * - a Dice similarity of their word sets of at least `SIMILARITY_THRESHOLD`.
 */
export const SIMILARITY_THRESHOLD = 0.9;

const STOP_WORDS = new Set([
  'a',
  'an',
  'the',
  'is',
  'are',
  'be',
  'to',
  'of',
  'and',
  'or',
  'in',
  'on',
  'it',
  'that',
  'this',
  'with',
  'for',
  'then',
  'i',
  'my',
]);

/** Lower case, quotes and punctuation removed (decimal points kept), spaces collapsed. */
export function normaliseTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[“”"'`’]/g, '')
    .replace(/(?<=[a-z])-(?=[a-z])/g, ' ')
    .replace(/(?<!\d)[.,;:!?()[\]{}]|[.,;:!?()[\]{}](?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The text a case's similarity is computed on. */
export function caseText(c: TestCaseInput): string {
  if (c.kind === 'manual') {
    return [c.title, ...(c.preconditions ?? []), ...c.steps.flatMap((s) => [s.action, s.data ?? '', s.expected])].join(' \n ');
  }
  return [c.title, ...c.input.messages.map((m) => m.content), ...(c.expected?.requirements ?? []), c.expected?.content ?? ''].join(' \n ');
}

export interface Fingerprint {
  kind: string;
  title: string;
  words: Set<string>;
  /** Every number with how often it occurs: "1 person (between 1 and 12)" and "12 people (between 1 and 12)" differ. */
  numbers: string;
  negations: number;
  quotes: string;
  /** The criteria the case covers: cases of different criteria are never duplicates. */
  covers: string[];
}

/** Splits on anything but letters (Latin, accented, other scripts), digits and the decimal point. */
const TOKEN_SPLIT = /[^a-z0-9.\u00c0-\uffff]+/;
const NEGATIONS = new Set(['not', 'no', 'never', 'cannot', 'without', 'refused', 'rejected']);

export function fingerprint(c: TestCaseInput): Fingerprint {
  const text = caseText(c);
  const words = new Set<string>();
  const numbers: string[] = [];
  let negations = 0;
  // One pass over the lower-cased tokens; decimals stay whole ("19.99").
  for (const raw of text
    .toLowerCase()
    .replace(/[“”"'`’]/g, '')
    .split(TOKEN_SPLIT)) {
    const token = raw.charCodeAt(0) === 46 || raw.charCodeAt(raw.length - 1) === 46 ? raw.replace(/^\.+|\.+$/g, '') : raw;
    if (token === '') continue;
    const first = token.charCodeAt(0);
    if (first >= 48 && first <= 57) {
      numbers.push(token);
      continue;
    }
    if (NEGATIONS.has(token)) negations++;
    if (!STOP_WORDS.has(token)) words.add(token);
  }
  const quotes =
    text.includes('"') || text.includes('“')
      ? [...new Set([...text.matchAll(/["“]([^"”]+)["”]/g)].map((m) => (m[1] ?? '').toLowerCase()))].sort().join('|')
      : '';
  return {
    kind: c.kind,
    title: normaliseTitle(c.title),
    words,
    numbers: numbers.sort().join('|'),
    negations,
    quotes,
    covers: [...(c.covers ?? [])],
  };
}

/** Dice coefficient of two word sets (1 = same words). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return (2 * common) / (a.size + b.size);
}

/** True when both cases name criteria and share none: they check different things. */
function differentCriteria(a: readonly string[], b: readonly string[]): boolean {
  return a.length > 0 && b.length > 0 && !a.some((id) => b.includes(id));
}

/** Whether two cases may be duplicates at all: same kind, a criterion in common, the same numbers, negations and quoted strings. */
export function comparable(a: Fingerprint, b: Fingerprint): boolean {
  return (
    a.kind === b.kind &&
    !differentCriteria(a.covers, b.covers) &&
    a.numbers === b.numbers &&
    a.negations === b.negations &&
    a.quotes === b.quotes
  );
}

/** How alike two cases are: 1 for the same title, else the word similarity (0 when numbers, negations, quotes or criteria differ). */
export function similarity(a: Fingerprint, b: Fingerprint): number {
  if (a.kind !== b.kind || differentCriteria(a.covers, b.covers)) return 0;
  if (a.title === b.title) return 1;
  if (a.numbers !== b.numbers || a.negations !== b.negations || a.quotes !== b.quotes) return 0;
  return dice(a.words, b.words);
}

export interface DuplicateMatch {
  /** The id of the case it duplicates. */
  of: string;
  similarity: number;
  /** What found it: the words (Dice, or the same title) or the embeddings (cosine). */
  by?: 'words' | 'embeddings' | undefined;
}

/**
 * An index of cases to check new ones against. Cases are grouped by what must
 * be equal for a match (kind, numbers, negations, quotes), so a lookup compares
 * words only within its group: adding n cases costs about n lookups, not n².
 */
export class DuplicateIndex {
  private readonly titles = new Map<string, Array<{ id: string; covers: string[] }>>();
  private readonly groups = new Map<string, Array<{ id: string; words: Set<string>; covers: string[] }>>();

  constructor(cases: readonly TestCaseInput[] = []) {
    for (const c of cases) this.add(c);
  }

  private static group(print: Fingerprint): string {
    return `${print.kind}\u0001${print.numbers}\u0001${print.negations}\u0001${print.quotes}`;
  }

  add(c: TestCaseInput, print: Fingerprint = fingerprint(c)): void {
    const key = `${print.kind}\u0001${print.title}`;
    const same = this.titles.get(key) ?? [];
    same.push({ id: c.id, covers: print.covers });
    this.titles.set(key, same);
    const group = DuplicateIndex.group(print);
    const list = this.groups.get(group) ?? [];
    list.push({ id: c.id, words: print.words, covers: print.covers });
    this.groups.set(group, list);
  }

  /** The most similar case at or above the threshold, if any. */
  find(c: TestCaseInput, threshold = SIMILARITY_THRESHOLD, print: Fingerprint = fingerprint(c)): DuplicateMatch | undefined {
    const sameTitle = (this.titles.get(`${print.kind}\u0001${print.title}`) ?? []).find((e) => !differentCriteria(e.covers, print.covers));
    if (sameTitle) return { of: sameTitle.id, similarity: 1 };
    let best: DuplicateMatch | undefined;
    for (const e of this.groups.get(DuplicateIndex.group(print)) ?? []) {
      if (differentCriteria(e.covers, print.covers)) continue;
      const s = dice(print.words, e.words);
      if (s >= threshold && (!best || s > best.similarity)) best = { of: e.id, similarity: Number(s.toFixed(3)) };
    }
    return best;
  }

  /** Adds the case unless it duplicates one already in the index; returns the duplicate match if any. */
  addUnlessDuplicate(c: TestCaseInput, threshold = SIMILARITY_THRESHOLD): DuplicateMatch | undefined {
    const print = fingerprint(c);
    const match = this.find(c, threshold, print);
    if (!match) this.add(c, print);
    return match;
  }
}
