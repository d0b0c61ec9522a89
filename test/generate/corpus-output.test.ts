// What the offline generator writes for the story corpus (test/fixtures/stories/), read the way
// a QA lead reads it: every case file valid against the schema, no English a reviewer would
// reject (plural and negation errors, "we is"), no boundary case on a version number, no
// filler expected results, distinct boundary values and outline rows kept, and the same
// output byte for byte on every run.
import pluralize from 'pluralize';
import { describe, expect, it } from 'vitest';
import { generateCases, loadStoryFile, parseCaseFile, TestCaseSchema, type Story, type TestCaseInput } from '@casewright/core';
import { mergeIntoCaseFile } from '../../core/src/generate/merge.js';
import { corpus } from './story-corpus.js';

const entries = corpus().filter((e) => !e.expected.noCriteria);

async function generate(name: string): Promise<{ story: Story; cases: TestCaseInput[]; file: string }> {
  const entry = entries.find((e) => e.name === name);
  if (!entry) throw new Error(`no corpus story ${name}`);
  const story = await loadStoryFile(entry.file, { shown: entry.name });
  const result = await generateCases({ story, kinds: ['manual', 'conversation'] });
  return { story, cases: result.cases, file: mergeIntoCaseFile(undefined, `${name}.cases.yaml`, story, result.cases) };
}

/** Count nouns the generator writes after numbers. */
const COUNT_NOUNS =
  /^(character|letter|digit|attempt|person|people|item|product|coupon|reservation|day|hour|minute|second|week|month|year|file|suggestion|reply|time|use|invoice|people|guest|ticket|seat|order|label|code)$/;

/** English a reviewer would send back, one finding per problem. */
export function englishFindings(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(\d+(?:[.,]\d+)*)\s+([a-z][a-z-]*)\b/g)) {
    const n = Number((m[1] ?? '').replace(/,/g, ''));
    const word = m[2] ?? '';
    const one = pluralize.singular(word);
    if (!COUNT_NOUNS.test(one) && !COUNT_NOUNS.test(word)) continue;
    if (/s$/.test(word) && pluralize.plural(one) !== word) found.push(`not a plural: "${m[0]}"`);
    else if (n === 1 && word !== one) found.push(`plural after 1: "${m[0]}"`);
    else if (n !== 1 && word === one && pluralize.plural(one) !== one) found.push(`singular after ${m[1]}: "${m[0]}"`);
  }
  const patterns: Array<[RegExp, string]> = [
    [/\b(not|never|cannot)\s+(not|never)\b/i, 'double negation'],
    [/\b(do|does|did)\s+not\s+(do|does|did)\s+not\b/i, 'double negation'],
    [/\b(does|do|did)\s+not\s+(is|are|was|were|can|must|should|will|has|have|never|cannot)\b/i, 'negated auxiliary'],
    [/\bit is not the case that\b/i, 'a negation a person would not write'],
    [/^Prevents:/, 'a title that restates the criterion backwards'],
    [/\b(we|they|you)\s+(is|was|has|does)\b/i, 'subject and verb disagree'],
    [/\bI\s+(is|are|has|does)\b/, 'subject and verb disagree'],
    [/\b(he|she|it)\s+(are|were|have)\b/i, 'subject and verb disagree'],
    [/\ba\s+(?!one|uni|use|usu|eu|u[bcdfgjklmnprstvz])[aeiou][a-z]/, '"a" before a vowel'],
    [/\ban\s+[bcdfgjklmnpqrstvwxz][a-z]/, '"an" before a consonant'],
    [/\ban\s+(?:user|use|usual|unique|unit|eu|one)/i, '"an" before a "y" or "w" sound'],
  ];
  for (const [re, what] of patterns) if (re.test(text)) found.push(`${what}: "${re.exec(text)?.[0]}"`);
  return found;
}

const FILLER = /^(the step completes|it works\.?$|the behaviou?r matches|check the result)/i;
const VERSION = /\b\d+\.\d+\.\d+\b|\b(?:v|version|node|ios|android|chrome|firefox|python|java|api|port|http)\s*(\d+)\b/gi;

function texts(c: TestCaseInput): string[] {
  if (c.kind === 'manual') return [c.title, ...(c.preconditions ?? []), ...c.steps.flatMap((s) => [s.action, s.expected])];
  return [c.title, ...c.input.messages.filter((m) => m.role === 'user').map((m) => m.content), ...(c.expected?.requirements ?? [])];
}

describe.each(entries.map((e) => e.name))('generated cases of %s', (name) => {
  it('are schema-valid and read as a reviewer expects: no plural, negation or agreement errors, no filler, no version boundaries', async () => {
    const { story, cases, file } = await generate(name);
    expect(cases.length).toBeGreaterThan(0);
    const parsed = parseCaseFile(file, `${name}.cases.yaml`);
    expect(parsed.diagnostics).toEqual([]);
    for (const c of cases) expect(TestCaseSchema.safeParse(c).success).toBe(true);
    const findings: string[] = [];
    for (const c of cases) {
      for (const t of texts(c)) for (const f of englishFindings(t)) findings.push(`${c.title}: ${f}`);
      if (c.kind === 'manual')
        for (const s of c.steps) if (FILLER.test(s.expected)) findings.push(`${c.title}: filler expected result "${s.expected}"`);
      if (c.tags?.includes('boundary')) {
        const criteria = story.criteria.filter((k) => c.covers?.includes(k.id)).map((k) => k.text);
        const versions = criteria.flatMap((t) => [...t.matchAll(VERSION)].map((m) => Number(m[1] ?? m[0].split('.')[0])));
        const numbers = [...c.title.matchAll(/\d+/g)].map((m) => Number(m[0]));
        if (numbers.some((n) => versions.some((v) => Math.abs(n - v) <= 1))) findings.push(`${c.title}: a boundary on a version number`);
      }
    }
    const titles = cases.map((c) => `${c.kind}:${c.title}`);
    expect(new Set(titles).size, 'titles are distinct').toBe(titles.length);
    // Every criterion has a case.
    expect(story.criteria.filter((k) => !cases.some((c) => c.covers?.includes(k.id))).map((k) => k.id)).toEqual([]);
    expect(findings).toEqual([]);
  });
});

describe('the offline generator on the corpus', () => {
  it('writes the same case file byte for byte on every run', async () => {
    for (const name of ['markdown/between-people.md', 'gherkin/checkout.feature', 'jira/SHOP-304.json', 'markdown/bot-handover.md']) {
      const first = await generate(name);
      const second = await generate(name);
      expect(second.file).toBe(first.file);
    }
  });

  it('keeps distinct boundary values and every outline row (dedupe drops none of them)', async () => {
    const people = await generate('markdown/between-people.md');
    const ac1 = people.cases.filter((c) => c.kind === 'manual' && c.covers?.includes('AC-1')).map((c) => c.title);
    expect(ac1).toEqual([
      'A reservation for 0 people is refused',
      'A reservation for 1 person is accepted',
      'A reservation for 12 people is accepted',
      'A reservation for 13 people is refused',
    ]);
    const outline = await generate('markdown/gherkin-outline-md.md');
    expect(outline.cases.filter((c) => c.kind === 'manual')).toHaveLength(4);
    const checkout = await generate('gherkin/checkout.feature');
    expect(checkout.cases.filter((c) => c.kind === 'manual' && c.covers?.includes('AC-3'))).toHaveLength(4);
  });

  it('writes no boundary case for version numbers and keeps time limits as time', async () => {
    const bump = await generate('markdown/version-bump.md');
    expect(bump.cases.filter((c) => c.tags?.includes('boundary'))).toEqual([]);
    const invite = await generate('markdown/expiry-hours.md');
    expect(invite.cases.filter((c) => c.kind === 'manual' && c.covers?.includes('AC-2')).map((c) => c.title)).toEqual([
      'The invitation link used after 71 h 59 min still works',
      'The invitation link used after 72 hours has expired',
    ]);
    const chat = await generate('markdown/opening-hours-window.md');
    expect(chat.cases.filter((c) => c.kind === 'manual' && c.covers?.includes('AC-1')).map((c) => c.title)).toEqual([
      'At 08:59 CET on a weekday: the live chat button is not shown',
      'At 09:00 CET on a weekday: the live chat button is shown',
      'At 17:59 CET on a weekday: the live chat button is shown',
      'At 18:00 CET on a weekday: the live chat button is not shown',
    ]);
  });

  it('writes what a customer would say to an assistant, with machine checks where the criterion allows them', async () => {
    const { cases } = await generate('markdown/bot-handover.md');
    const conversation = cases.filter((c) => c.kind === 'conversation');
    const handover = conversation.find((c) => c.covers?.includes('AC-1'));
    expect(handover?.kind === 'conversation' && handover.input.messages[0]?.content).toBe('I want to talk to a real person.');
    const human = conversation.find((c) => c.covers?.includes('AC-2'));
    expect(human?.kind === 'conversation' && human.expected?.assert).toEqual([
      { type: 'not-icontains', value: 'I am a human' },
      { type: 'not-icontains', value: "I'm a human" },
    ]);
    const refunds = await generate('markdown/bot-refund-policy.md');
    const length = refunds.cases.find((c) => c.kind === 'conversation' && c.covers?.includes('AC-3'));
    expect(length?.kind === 'conversation' && length.expected?.assert).toEqual([{ type: 'length', max: 600 }]);
  });

  it('lists the development tasks of a story as not testable in the coverage, and makes no case of them', async () => {
    const entry = corpus().find((e) => e.name === 'markdown/tasks-in-ac.md')!;
    const story = await loadStoryFile(entry.file);
    const result = await generateCases({ story });
    expect(result.coverage.untestable.map((u) => u.text)).toEqual([
      'Fix the bug in the e-mail job.',
      'Create tests for the e-mail job.',
      'Implement an idempotency key for the order events.',
    ]);
    expect(result.cases.some((c) => /fix the bug|create tests|idempotency/i.test(c.title))).toBe(false);
  });
});

describe('englishFindings', () => {
  it.each([
    ['24 peoples', 'not a plural'],
    ['0 replys', 'not a plural'],
    ['1 people', 'plural after 1'],
    ['13 person', 'singular after 13'],
    ['we is able to export', 'subject and verb disagree'],
    ['Prevents: the form does not do not show it', 'double negation'],
    ['it is not the case that the link works', 'a negation a person would not write'],
    ['As an user, save it', '"an" before a "y" or "w" sound'],
  ])('finds "%s"', (text, what) => {
    expect(englishFindings(text).join('; ')).toContain(what);
  });

  it('finds nothing in well-formed text', () => {
    expect(englishFindings('A reservation for 1 person is accepted; 12 people are accepted; 0 replies; a user; an hour')).toEqual([]);
  });
});
