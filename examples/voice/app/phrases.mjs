// What the example voice app understands: like a phone menu, it listens for a fixed
// set of sentences (a JSGF grammar for pocketsphinx), so it understands synthetic
// speech reliably offline. Each entry is what the caller says, written as the text
// the example rules (examples/app/rules.mjs) expect.
export const PHRASES = [
  'How long does delivery take?',
  'I bought a kettle 10 days ago and it leaks. Can I get my money back?',
  'I forgot my password',
  'Two packs of coffee filters please',
  'Three packs of coffee filters please',
  'No sorry three packs',
  'No sorry two packs',
  'I want to talk to a real person',
  'Does the Acme hazelnut granola have traces of peanuts? My son is allergic.',
];

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** The words pocketsphinx hears for a phrase: lower case, no punctuation, numbers spelled out. */
export function spoken(text) {
  return text
    .toLowerCase()
    .replace(/\d+/g, (n) => ONES[Number(n)] ?? n)
    .replace(/[^a-z' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The JSGF grammar of the phrases. */
export function grammar() {
  return `#JSGF V1.0;\ngrammar acme;\npublic <utterance> = ${PHRASES.map(spoken).join('\n  | ')};\n`;
}

/** The phrase a recognised word string stands for (undefined when nothing was recognised). */
export function phraseOf(words) {
  const said = words.trim();
  return said ? (PHRASES.find((p) => spoken(p) === said) ?? said) : undefined;
}
