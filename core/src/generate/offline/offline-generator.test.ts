import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TestCaseSchema } from '../../model/case.js';
import { computeCoverage } from '../coverage.js';
import { normaliseDraft } from '../normalise.js';
import { parseMarkdownStory } from '../story/markdown-story.js';
import type { OfflineDraft } from '../../model/draft-case.js';
import { loadEnglish } from './english.js';
import { generateOffline } from './offline-generator.js';

await loadEnglish();

const story = (name: string) =>
  parseMarkdownStory(readFileSync(new URL(`../../../../examples/stories/${name}.md`, import.meta.url), 'utf8'), { file: `${name}.md` });
const reset = story('password-reset');
const coupons = story('checkout-coupons');

function manual(drafts: OfflineDraft[], covers: string) {
  return drafts.filter((d): d is Extract<OfflineDraft, { kind: 'manual' }> => d.kind === 'manual' && d.covers.includes(covers));
}
const dataOf = (d: Extract<OfflineDraft, { kind: 'manual' }>) => d.steps.map((s) => s.data ?? '').join(' ');

describe('generateOffline on the example stories', () => {
  it.each([
    ['password-reset', reset],
    ['checkout-coupons', coupons],
  ])('%s: every criterion has a case, every case is valid in the file format', (_name, s) => {
    const drafts = generateOffline(s);
    const cases = drafts.map((d) => normaliseDraft(d, s, { generator: 'offline' }));
    for (const c of cases) expect(TestCaseSchema.safeParse(c).success).toBe(true);
    expect(computeCoverage(s, cases).uncovered).toEqual([]);
    expect(cases.every((c) => c.source?.kind === 'generated' && c.source.generator === 'offline' && c.source.rule)).toBe(true);
  });

  it('is deterministic: same story, same drafts', () => {
    expect(generateOffline(reset)).toEqual(generateOffline(story('password-reset')));
  });

  it('turns "at least 8 / at most 128 characters" into the limits and the first values past them, with copy-paste data', () => {
    const ac5 = manual(generateOffline(reset), 'AC-5').filter((d) => d.technique === 'boundary');
    const byTitle = Object.fromEntries(ac5.map((d) => [d.title, d]));
    for (const [n, outcome] of [
      [7, 'refused'],
      [8, 'accepted'],
      [128, 'accepted'],
      [129, 'refused'],
    ] as const) {
      const d = byTitle[`A new password with ${n} characters is ${outcome}`];
      expect(d, `${n} characters`).toBeDefined();
      // Short values are written out; long ones as a recipe that gives exactly n characters.
      const data = dataOf(d!);
      const recipe = /^"(\w+)" (\d+) times(?: \+ "(\w*)")? \((\d+) characters\)$/.exec(data);
      const value = recipe ? (recipe[1] ?? '').repeat(Number(recipe[2])) + (recipe[3] ?? '') : /^(\S+) \(/.exec(data)?.[1];
      expect(value).toHaveLength(n);
      expect(/\d/.test(value ?? '') && /[a-z]/i.test(value ?? '')).toBe(true);
    }
    // 9 and 127 characters add nothing a QA lead keeps: the limits and the values past them do.
    expect(Object.keys(byTitle).some((t) => /\b(9|127) characters/.test(t))).toBe(false);
    // The composition rule ("at least one letter") gets a value without letters that is refused.
    expect(dataOf(byTitle['A new password with 0 letters is refused']!)).toMatch(/^\d{8} /);
    expect(byTitle['A new password with 1 letter is accepted']).toBeDefined();
  });

  it('turns "up to 5 attempts" into 5 accepted and 6 refused with the message the story names', () => {
    const ac7 = manual(generateOffline(reset), 'AC-7');
    expect(ac7.filter((d) => d.technique === 'boundary').map((d) => [d.title, d.steps[0]?.expected])).toEqual([
      ['5 attempts per e-mail address per hour are accepted', 'It is accepted.'],
      ['6 attempts per e-mail address per hour are refused', 'It is refused with the message "Too many requests, please try again later"'],
    ]);
    expect(ac7.map((d) => d.rule)).toEqual(expect.arrayContaining(['limit-per-period', 'limit-per-key']));
  });

  it('turns "expires within 30 minutes" into time just before and at the limit, and "only once" into a second use', () => {
    const ac4 = manual(generateOffline(reset), 'AC-4');
    expect(ac4.filter((d) => d.technique === 'boundary').map((d) => [d.steps[0]?.action, d.steps[0]?.expected])).toEqual([
      ['Wait 29 min 59 s, then use the reset link.', 'The reset link still works.'],
      ['Wait 30 minutes, then use the reset link.', 'The reset link has expired.'],
    ]);
    expect(ac4.find((d) => d.rule === 'single-use')?.steps[0]?.action).toBe('Use the reset link again.');
  });

  it('turns "a minimum order of 20.00 ... drops below 20.00" into 19.99 and 20.00 with the right outcome', () => {
    const ac7 = manual(generateOffline(coupons), 'AC-7').filter((d) => d.technique === 'boundary');
    expect(ac7.map((d) => [d.steps[0]?.action, d.steps[0]?.expected])).toEqual([
      ['Change the input so that the subtotal is 19.99.', 'A coupon that requires a minimum order of 20.00 is removed automatically.'],
      ['Change the input so that the subtotal is 20.00.', 'A coupon that requires a minimum order of 20.00 is not removed automatically.'],
    ]);
    expect(manual(generateOffline(coupons), 'AC-5').map((d) => [d.title, d.steps[0]?.action])).toEqual([
      ['Applying 3 coupons to one order is accepted', 'Apply 3 coupons to one order.'],
      ['Applying 4 coupons to one order is refused', 'Apply 4 coupons to one order.'],
    ]);
  });

  it('turns a Gherkin scenario into one case: Given → preconditions, When → steps, Then → expected', () => {
    const [first] = manual(generateOffline(coupons), 'AC-1');
    expect(first).toMatchObject({
      title: 'Apply a valid percentage coupon',
      technique: 'happy-path',
      rule: 'gherkin-scenario',
      preconditions: ['My cart subtotal is 50.00 EUR.', 'The coupon "WELCOME10" gives 10 % off.'],
      steps: [
        {
          action: 'Enter "WELCOME10" in the coupon field and click "Apply"',
          data: null,
          expected: 'The order summary shows a discount line of -5.00 EUR. The total is reduced by 5.00 EUR.',
        },
      ],
    });
    expect(manual(generateOffline(coupons), 'AC-3')[0]?.technique).toBe('negative');
  });

  it("checks cannot / must not with one negative case in the criterion's own words, never a restatement backwards", () => {
    const ac10 = manual(generateOffline(reset), 'AC-10');
    expect(ac10.map((d) => [d.technique, d.title])).toEqual([
      ['negative', 'The reset form must not reveal whether an e-mail address is registered'],
    ]);
    // "X cannot be the same as Y" gets concrete actions both ways.
    expect(manual(generateOffline(reset), 'AC-6').map((d) => [d.technique, d.steps[0]?.action])).toEqual([
      ['happy-path', 'Enter a new password that differs from the current password.'],
      ['negative', 'Enter a new password that is the same as the current password.'],
    ]);
    // "After X, Y" gives the case where X happens; "otherwise not Y" cases are not written.
    expect(manual(generateOffline(reset), 'AC-8').map((d) => d.rule)).toEqual(['criterion-trigger']);
  });

  it('writes conversation cases: a user message drafted from the criterion, the criterion as a requirement, the system prompt first', () => {
    const drafts = generateOffline(reset, { kinds: ['conversation'], systemPrompt: 'You are the Acme support assistant.' });
    expect(drafts.every((d) => d.kind === 'conversation')).toBe(true);
    const first = drafts.find((d) => d.covers.includes('AC-6') && d.technique === 'negative');
    expect(first).toMatchObject({
      kind: 'conversation',
      messages: [
        { role: 'system', content: 'You are the Acme support assistant.' },
        { role: 'user', content: 'Can the new password be the same as the current password?' },
      ],
    });
    expect(first?.kind === 'conversation' && first.requirements[0]).toBe('The new password cannot be the same as the current password.');
  });

  it('keeps coverage when techniques are restricted: each criterion keeps its first case', () => {
    const onlyNegative = generateOffline(reset, { techniques: ['negative'] });
    const cases = onlyNegative.map((d) => normaliseDraft(d, reset, { generator: 'offline' }));
    expect(computeCoverage(reset, cases).uncovered).toEqual([]);
    expect(onlyNegative.filter((d) => d.technique === 'boundary').length).toBeLessThan(
      generateOffline(reset).filter((d) => d.technique === 'boundary').length,
    );
  });
});

describe('generateOffline on other ways of writing criteria', () => {
  const other = parseMarkdownStory(
    [
      '# SUP-31: Refund answers',
      '',
      '## Acceptance criteria',
      '',
      '- Refunds over 500 EUR must be approved by a human agent.',
      '- Items can be returned within 30 days of delivery.',
      '',
      '| Input | Expected |',
      '|-------|----------|',
      '| Order number with letters | The assistant asks for the 8-digit order number |',
    ].join('\n'),
  );
  const drafts = generateOffline(other);

  it('reads a limit in the subject as where the rule applies: 500 EUR does not need approval, 501 does', () => {
    expect(manual(drafts, 'AC-1').map((d) => d.title)).toEqual([
      'Refunds of 500 EUR are not approved by a human agent',
      'Refunds of 501 EUR are approved by a human agent',
    ]);
  });

  it('reads "within 30 days" of a policy as a window: 30 allowed, 31 refused', () => {
    expect(manual(drafts, 'AC-2').map((d) => [d.title, d.steps[0]?.expected])).toEqual([
      ['An item returned 30 days of delivery is accepted', 'It is accepted.'],
      ['An item returned 31 days of delivery is refused', 'It is refused with a message that states the limit.'],
    ]);
  });

  it('turns a decision-table row into input data and an expected result', () => {
    expect(manual(drafts, 'AC-3')).toMatchObject([
      {
        rule: 'table-row',
        steps: [
          {
            action: 'Set up this situation: Order number with letters.',
            data: 'Order number with letters',
            expected: 'The assistant asks for the 8-digit order number.',
          },
        ],
      },
    ]);
  });
});
