// Token-based text metrics: Levenshtein ratio and ROUGE-L, with the text
// normalisation speech-to-text evaluation uses (case, numbers, punctuation).
// Word and character error rates are in error-rate.ts.

const ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: [number, string][] = [
  [1_000_000_000, 'billion'],
  [1_000_000, 'million'],
  [1000, 'thousand'],
  [100, 'hundred'],
];

/** 42 → "forty two" (integers below 10^12; larger numbers are read digit by digit). */
export function numberToWords(n: number): string {
  if (!Number.isSafeInteger(n) || n >= 1e12) return [...String(n)].map((d) => ONES[Number(d)] ?? d).join(' ');
  if (n < 20) return ONES[n]!;
  if (n < 100) return n % 10 === 0 ? TENS[Math.floor(n / 10)]! : `${TENS[Math.floor(n / 10)]} ${ONES[n % 10]}`;
  for (const [size, name] of SCALES) {
    if (n >= size) {
      const rest = n % size;
      return `${numberToWords(Math.floor(n / size))} ${name}${rest ? ` ${numberToWords(rest)}` : ''}`;
    }
  }
  return String(n);
}

/**
 * The normalisation steps, each on unless set to `false`. They run in this order:
 * 1. `lowercase` — the text is lower-cased ("Okay" → "okay");
 * 2. `numbers` — thousands separators inside numbers are dropped ("1,200" → "1200") and
 *    every number is written as English words ("42" → "forty two", "11.97" →
 *    "eleven point nine seven"; a number with 13 or more digits is read digit by digit);
 * 3. `punctuation` — curly apostrophes become straight ones; every other character that
 *    is not a letter, a digit, a combining mark, an apostrophe or white space becomes a
 *    space, so `-`, `_`, `/` and `.` split words ("e-mail" → "e mail", "3-5" → "3 5");
 *    apostrophes at the start or end of a word are removed, inside a word they stay
 *    ("don't").
 * Finally the text is split on white space (runs of white space count as one).
 */
export interface TextNormalization {
  lowercase?: boolean | undefined;
  numbers?: boolean | undefined;
  punctuation?: boolean | undefined;
}

/**
 * Normalises text for word comparison (every step of {@link TextNormalization}
 * unless `steps` turns one off) and returns its words.
 */
export function normalizeWords(text: string, steps: TextNormalization = {}): string[] {
  let out = text;
  if (steps.lowercase !== false) out = out.toLowerCase();
  if (steps.numbers !== false) {
    out = out.replace(/(\d),(?=\d{3}\b)/g, '$1').replace(/\d+(?:\.\d+)?/g, (num) => {
      const [whole, fraction] = num.split('.');
      const digits = (d: string) => [...d].map((x) => ONES[Number(x)]).join(' ');
      const words = whole!.length > 12 ? digits(whole!) : numberToWords(Number(whole));
      return ` ${fraction ? `${words} point ${digits(fraction)}` : words} `;
    });
  }
  if (steps.punctuation !== false) {
    out = out
      .replace(/[’‘]/g, "'")
      .replace(/[^\p{L}\p{M}\p{N}'\s]+/gu, ' ')
      .replace(/(^|\s)'+|'+(?=\s|$)/g, ' ');
  }
  return out.split(/\s+/).filter(Boolean);
}

/** Edit distance between two sequences (insertions, deletions, substitutions cost 1). */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Length of the longest common subsequence. */
export function lcsLength<T>(a: readonly T[], b: readonly T[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = [0];
    for (let j = 1; j <= b.length; j++) {
      current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** 1 − edit distance / longer length, over the characters of the normalised texts. 1 = identical. */
export function levenshteinRatio(candidate: string, reference: string): number {
  const a = [...normalizeWords(candidate).join(' ')];
  const b = [...normalizeWords(reference).join(' ')];
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - editDistance(a, b) / longest;
}

/** ROUGE-L F1 over normalised words: the longest common subsequence against both lengths. */
export function rougeL(candidate: string, reference: string): number {
  const a = normalizeWords(candidate);
  const b = normalizeWords(reference);
  if (a.length === 0 && b.length === 0) return 1;
  const lcs = lcsLength(a, b);
  if (lcs === 0) return 0;
  const precision = lcs / a.length;
  const recall = lcs / b.length;
  return (2 * precision * recall) / (precision + recall);
}
