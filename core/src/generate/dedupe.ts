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

const STOP_WORDS = new Set(['a', 'an', 'the', 'is', 'are', 'be', 'to', 'of', 'and', 'or', 'in', 'on', 'it', 'that', 'this', 'with', 'for', 'then', 'i', 'my']);

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
  numbers: string;
  negations: number;
  quotes: string;
}

export function fingerprint(c: TestCaseInput): Fingerprint {
  const text = caseText(c);
  const norm = normaliseTitle(text);
  const words = new Set(norm.split(' ').filter((w) => w && !STOP_WORDS.has(w) && !/^\d/.test(w)));
  const numbers = [...new Set(text.match(/\d+(?:[.,]\d+)?/g) ?? [])].sort().join('|');
  const negations = (norm.match(/\b(not|no|never|cannot|without|refused|rejected)\b/g) ?? []).length;
  const quotes = [...new Set([...text.matchAll(/["“]([^"”]+)["”]/g)].map((m) => (m[1] ?? '').toLowerCase()))].sort().join('|');
  return { kind: c.kind, title: normaliseTitle(c.title), words, numbers, negations, quotes };
}

/** Dice coefficient of two word sets (1 = same words). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return (2 * common) / (a.size + b.size);
}

/** How alike two cases are: 1 for the same title, else the word similarity (0 when numbers, negations or quotes differ). */
export function similarity(a: Fingerprint, b: Fingerprint): number {
  if (a.kind !== b.kind) return 0;
  if (a.title === b.title) return 1;
  if (a.numbers !== b.numbers || a.negations !== b.negations || a.quotes !== b.quotes) return 0;
  return dice(a.words, b.words);
}

export interface DuplicateMatch {
  /** The id of the case it duplicates. */
  of: string;
  similarity: number;
}

/** An index of cases to check new ones against. */
export class DuplicateIndex {
  private readonly entries: Array<{ id: string; print: Fingerprint }> = [];

  constructor(cases: readonly TestCaseInput[] = []) {
    for (const c of cases) this.add(c);
  }

  add(c: TestCaseInput): void {
    this.entries.push({ id: c.id, print: fingerprint(c) });
  }

  /** The most similar case at or above the threshold, if any. */
  find(c: TestCaseInput, threshold = SIMILARITY_THRESHOLD): DuplicateMatch | undefined {
    const print = fingerprint(c);
    let best: DuplicateMatch | undefined;
    for (const e of this.entries) {
      const s = similarity(print, e.print);
      if (s >= threshold && (!best || s > best.similarity)) best = { of: e.id, similarity: Number(s.toFixed(3)) };
    }
    return best;
  }
}
