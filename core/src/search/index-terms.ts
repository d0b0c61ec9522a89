/** Words too common in test cases to say what one is about (plus English function words). */
const STOP_WORDS = new Set(
  (
    'a an the is are was be been to of and or in on at by for with from as it its this that these those then than ' +
    'i my we our you your he she they them his her not no do does did can could should must will would shall may ' +
    'when if after before into out up so such there here which who what how all any each every some one'
  ).split(' '),
);

/** What separates words: anything but letters and digits (of any script). Indexing and queries split the same way. */
const WORD_SPLIT = /[^\p{L}\p{N}]+/u;

/** The raw words of a text (empty strings possible at the ends; `indexTerm` drops them). */
export function splitWords(text: string): string[] {
  return text.split(WORD_SPLIT);
}

/** Lower case, a light English stem (plural and -ed/-ing endings), stop words dropped. */
export function indexTerm(term: string): string | null {
  const t = term.toLowerCase();
  if (t.length < 2 || STOP_WORDS.has(t)) return null;
  if (t.length > 4 && t.endsWith('ies')) return `${t.slice(0, -3)}y`;
  if (t.length > 5 && t.endsWith('ing')) return t.slice(0, -3);
  if (t.length > 4 && t.endsWith('ed')) return t.slice(0, -2);
  if (t.length > 3 && t.endsWith('s') && !t.endsWith('ss')) return t.slice(0, -1);
  return t;
}

/** The distinct index terms of a text (see `indexTerm`). */
export function indexWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of splitWords(text)) {
    const t = indexTerm(w);
    if (t) out.add(t);
  }
  return out;
}
