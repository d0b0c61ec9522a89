import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TestCaseSchema } from '../../model/case.js';
import { computeCoverage } from '../coverage.js';
import { normaliseDraft } from '../normalise.js';
import { parseMarkdownStory } from '../story/markdown-story.js';
import type { OfflineDraft } from '../../model/draft-case.js';
import { generateOffline } from './offline-generator.js';

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

  it('turns "at least 8 / at most 128 characters" into 7/8/9 and 127/128/129 with copy-paste data', () => {
    const ac5 = manual(generateOffline(reset), 'AC-5').filter((d) => d.technique === 'boundary');
    const byTitle = Object.fromEntries(ac5.map((d) => [d.title, d]));
    for (const [n, outcome] of [
      [7, 'refused'],
      [8, 'accepted'],
      [9, 'accepted'],
      [127, 'accepted'],
      [128, 'accepted'],
      [129, 'refused'],
    ] as const) {
      const d = byTitle[Object.keys(byTitle).find((t) => t.startsWith(`New password with ${n} characters is ${outcome}`)) ?? ''];
      expect(d, `${n} characters`).toBeDefined();
      const sample = /^(\S+) \((\d+) characters/.exec(dataOf(d!));
      expect(sample?.[1]).toHaveLength(n);
    }
    // The composition rule ("at least one letter") gets a value without letters that is refused.
    const noLetter = ac5.find((d) => d.title.startsWith('New password with 0 letters is refused'));
    expect(noLetter && dataOf(noLetter)).toMatch(/^\d{8} /);
  });

  it('turns "up to 5 attempts" into 4/5/6, the 6th refused with the message the story names', () => {
    const ac7 = manual(generateOffline(reset), 'AC-7');
    const six = ac7.find((d) => /make 6 attempts/.test(d.steps[0]?.action ?? ''));
    expect(six?.steps[0]?.expected).toBe('It is refused with the message "Too many requests, please try again later"');
    expect(ac7.filter((d) => d.technique === 'boundary').map((d) => /make (\d) attempts/.exec(d.steps[0]?.action ?? '')?.[1])).toEqual([
      '4',
      '5',
      '6',
    ]);
    expect(ac7.map((d) => d.rule)).toEqual(expect.arrayContaining(['limit-per-period', 'limit-per-key']));
  });

  it('turns "expires within 30 minutes" into 29/30/31 minutes, and "only once" into a second use', () => {
    const ac4 = manual(generateOffline(reset), 'AC-4');
    expect(ac4.filter((d) => d.technique === 'boundary').map((d) => [d.steps[0]?.action, d.steps[0]?.expected])).toEqual([
      ['Wait 29 minutes, then use the reset link.', 'The reset link still works.'],
      ['Wait 30 minutes, then use the reset link.', 'The reset link has expired and is refused.'],
      ['Wait 31 minutes, then use the reset link.', 'The reset link has expired and is refused.'],
    ]);
    expect(ac4.find((d) => d.rule === 'single-use')?.steps[0]?.action).toBe('Use the reset link again.');
  });

  it('turns "a minimum order of 20.00 ... drops below 20.00" into 19.99/20.00/20.01 with the right outcome', () => {
    const ac7 = manual(generateOffline(coupons), 'AC-7').filter((d) => d.technique === 'boundary');
    expect(ac7.map((d) => [/is (\d+\.\d\d)/.exec(d.steps[0]?.action ?? '')?.[1], d.steps[0]?.expected])).toEqual([
      ['19.99', 'A coupon that requires a minimum order of 20.00 is removed automatically.'],
      ['20.00', 'A coupon that requires a minimum order of 20.00 is not removed automatically.'],
      ['20.01', 'A coupon that requires a minimum order of 20.00 is not removed automatically.'],
    ]);
    expect(manual(generateOffline(coupons), 'AC-5').map((d) => d.steps[0]?.action)).toEqual([
      'Apply 2 coupons to one order.',
      'Apply 3 coupons to one order.',
      'Apply 4 coupons to one order.',
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

  it('turns cannot / must not into a negative case that tries the forbidden thing', () => {
    const negatives = manual(generateOffline(reset), 'AC-10').filter((d) => d.technique === 'negative');
    expect(negatives.map((d) => d.title)).toEqual(['Prevents: the reset form reveals whether an e-mail address is registered']);
    // "X cannot be the same as Y" gets concrete actions both ways.
    expect(manual(generateOffline(reset), 'AC-6').map((d) => [d.technique, d.steps[0]?.action])).toEqual([
      ['happy-path', 'Enter a new password that differs from the current password.'],
      ['negative', 'Enter a new password that is the same as the current password.'],
    ]);
    expect(manual(generateOffline(reset), 'AC-8').find((d) => d.rule === 'condition-not-met')?.steps[0]?.expected).toBe(
      'All other sessions of the account are not logged out.',
    );
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

  it('reads a limit in the subject as where the rule applies: 499/500 do not need approval, 501 does', () => {
    expect(manual(drafts, 'AC-1').map((d) => [d.title, d.steps[0]?.expected])).toEqual([
      [
        '499 EUR: the rule does not apply (below the limit "over 500 EUR")',
        'The rule does not apply to 499 EUR: it covers "over 500 EUR" only.',
      ],
      [
        '500 EUR: the rule does not apply (at the limit "over 500 EUR")',
        'The rule does not apply to 500 EUR: it covers "over 500 EUR" only.',
      ],
      ['501 EUR: the rule applies (above the limit "over 500 EUR")', 'Refunds of 501 EUR are approved by a human agent.'],
    ]);
  });

  it('reads "within 30 days" of a policy as a window: 29 and 30 allowed, 31 refused', () => {
    expect(manual(drafts, 'AC-2').map((d) => d.title)).toEqual([
      '29 days: allowed (below the limit "within 30 days")',
      '30 days: allowed (at the limit "within 30 days")',
      '31 days: refused (above the limit "within 30 days")',
    ]);
  });

  it('turns a decision-table row into input data and an expected result', () => {
    expect(manual(drafts, 'AC-3')).toMatchObject([
      {
        rule: 'table-row',
        steps: [
          {
            action: 'Use this input: order number with letters.',
            data: 'Order number with letters',
            expected: 'The assistant asks for the 8-digit order number.',
          },
        ],
      },
    ]);
  });
});
