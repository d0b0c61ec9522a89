import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarkdownStory } from './markdown-story.js';

const example = (name: string) => readFileSync(new URL(`../../../../examples/stories/${name}.md`, import.meta.url), 'utf8');

describe('parseMarkdownStory', () => {
  it('reads the password-reset example: key, title, numbered and bullet criteria in order', () => {
    const story = parseMarkdownStory(example('password-reset'), { file: 'password-reset.md' });
    expect(story.key).toBe('SHOP-142');
    expect(story.title).toBe('Reset a forgotten password');
    expect(story.criteria.map((c) => [c.id, c.kind])).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7].map((n) => [`AC-${n}`, 'numbered']),
      ['AC-8', 'bullet'],
      ['AC-9', 'bullet'],
      ['AC-10', 'bullet'],
    ]);
    // A numbered item that wraps onto a second line stays one criterion.
    expect(story.criteria[1]?.text).toBe(
      'After the customer submits an e-mail address, the page always shows "If an account exists for this address, we have sent a reset link", whether or not the account exists.',
    );
    // The description keeps the story and the other sections, not the criteria.
    expect(story.description).toContain('As a registered customer');
    expect(story.description).toContain('## Out of scope');
    expect(story.description).not.toContain('The reset e-mail arrives within 5 minutes');
    expect(story.source).toEqual({ kind: 'markdown', file: 'password-reset.md' });
  });

  it('reads Gherkin scenarios of the coupons example into given/when/then, And resolved to the step before', () => {
    const story = parseMarkdownStory(example('checkout-coupons'));
    const first = story.criteria[0];
    expect(first?.kind).toBe('gherkin');
    expect(first?.gherkin).toMatchObject({
      scenario: 'Apply a valid percentage coupon',
      given: ['my cart subtotal is 50.00 EUR', 'the coupon "WELCOME10" gives 10 % off'],
      when: ['I enter "WELCOME10" in the coupon field and click "Apply"'],
      then: ['the order summary shows a discount line of -5.00 EUR', 'the total is reduced by 5.00 EUR'],
    });
    expect(story.criteria.filter((c) => c.kind === 'gherkin')).toHaveLength(4);
    // "Further rules:" introduces the list; it is not a criterion itself.
    expect(story.criteria.slice(4).map((c) => c.kind)).toEqual(['bullet', 'bullet', 'bullet', 'bullet', 'bullet']);
    expect(story.criteria.some((c) => /Further rules/.test(c.text))).toBe(false);
  });

  it('gives the same ids to the same criteria when only the description changes', () => {
    const before = parseMarkdownStory(example('password-reset'));
    const after = parseMarkdownStory(example('password-reset').replace('Customers who cannot log in', 'Shoppers who cannot sign in'));
    expect(after.criteria).toEqual(before.criteria);
  });

  it('reads tables, nested bullets, checkboxes, outlines with examples and a Background', () => {
    const md = [
      '# Search',
      '',
      '## Acceptance Criteria',
      '',
      '| ID | Criterion |',
      '|----|-----------|',
      '| 1  | Results appear within 2 seconds. |',
      '| 2  | At most 50 results per page. |',
      '',
      '- [ ] Filters:',
      '  - by price',
      '  - by brand',
      '',
      'Background:',
      '  Given I am logged in',
      '',
      'Scenario Outline: Search by term',
      '  When I search for "<term>"',
      '  Then I see <count> results',
      '  Examples:',
      '    | term | count |',
      '    | tea  | 3     |',
      '    | cup  | 0     |',
      '',
      '## Notes',
      'Not a criterion: results must be fast.',
    ].join('\n');
    const story = parseMarkdownStory(md);
    expect(story.criteria.map((c) => [c.kind, c.text.slice(0, 40)])).toEqual([
      ['table', 'Results appear within 2 seconds.'],
      ['table', 'At most 50 results per page.'],
      ['bullet', 'Filters → by price'],
      ['bullet', 'Filters → by brand'],
      ['gherkin', 'Scenario Outline: Search by term When I '],
    ]);
    expect(story.criteria[4]?.gherkin).toMatchObject({
      scenario: 'Search by term',
      given: ['I am logged in'],
      when: ['I search for "<term>"'],
      then: ['I see <count> results'],
      examples: [
        { term: 'tea', count: '3' },
        { term: 'cup', count: '0' },
      ],
    });
  });

  it('without an acceptance-criteria heading, takes normative sentences of the text', () => {
    const story = parseMarkdownStory(
      '# Login\n\nUsers log in with e-mail. The password must be checked. Sessions should expire after 30 minutes. We like blue.',
    );
    expect(story.criteria.map((c) => [c.kind, c.text])).toEqual([
      ['sentence', 'The password must be checked.'],
      ['sentence', 'Sessions should expire after 30 minutes.'],
    ]);
  });

  it('never throws and numbers criteria AC-1..AC-n for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const story = parseMarkdownStory(`# T\n\n## Acceptance criteria\n\n${text}`);
        story.criteria.forEach((c, k) => expect(c.id).toBe(`AC-${k + 1}`));
        expect(story.criteria.every((c) => c.text.trim().length > 0)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
