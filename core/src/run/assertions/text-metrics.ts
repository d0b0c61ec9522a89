// Token-based text metrics: Levenshtein ratio, ROUGE-L and word error rate, with
// the text normalisation speech-to-text evaluation uses (case, punctuation, numbers).

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
 * Normalises text for word comparison: lower case, numbers written as words
 * ("11.97" → "eleven point nine seven", "1,200" → "one thousand two hundred"),
 * punctuation removed, white space collapsed. Apostrophes inside words stay ("don't").
 */
export function normalizeWords(text: string): string[] {
  const withNumbers = text
    .toLowerCase()
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    .replace(/\d+(?:\.\d+)?/g, (num) => {
      const [whole, fraction] = num.split('.');
      const words = numberToWords(Number(whole));
      return ` ${fraction ? `${words} point ${[...fraction].map((d) => ONES[Number(d)]).join(' ')}` : words} `;
    });
  return withNumbers
    .replace(/[’‘]/g, "'")
    .replace(/[^\p{L}\p{N}'\s]+/gu, ' ')
    .replace(/(^|\s)'+|'+(?=\s|$)/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
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

/** Word error rate: (substitutions + deletions + insertions) / reference words, after normalisation. */
export function wordErrorRate(hypothesis: string, reference: string): number {
  const ref = normalizeWords(reference);
  const hyp = normalizeWords(hypothesis);
  if (ref.length === 0) return hyp.length === 0 ? 0 : 1;
  return editDistance(hyp, ref) / ref.length;
}
