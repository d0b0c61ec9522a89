import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarkdownStory } from '@casewright/core';
import { criteriaCoverage, criterionLines } from './criteria-coverage.js';

const root = path.resolve(import.meta.dirname, '../../..');

describe('criterionLines', () => {
  it.each(['password-reset.md', 'checkout-coupons.md'])('finds the line of every criterion of %s', (name) => {
    const markdown = readFileSync(path.join(root, 'examples/stories', name), 'utf8');
    const story = parseMarkdownStory(markdown, { file: name });
    const lines = criterionLines(markdown, story.criteria);
    const source = markdown.split('\n');
    // Each criterion's line holds its opening words, in document order.
    story.criteria.forEach((criterion, i) => {
      const opening = criterion.text.split(/\s+/).slice(0, 3).join(' ').replace(/[*`"]/g, '');
      expect(source[lines[i]!]!.replace(/[*`"]/g, '')).toContain(opening.replace(/^Scenario: /, ''));
    });
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });
});

describe('criteriaCoverage', () => {
  it('marks criteria covered, covered but failing, or not covered', () => {
    const markdown =
      '# SHOP-7: Refunds\n\n## Acceptance criteria\n\n1. A refund is possible within 30 days.\n2. The refund goes to the original payment method.\n3. The customer gets an e-mail.\n';
    const story = parseMarkdownStory(markdown);
    const coverage = criteriaCoverage(
      markdown,
      story.criteria,
      [
        { id: 'A', title: 'Refund within the window', covers: ['AC-1'] },
        { id: 'B', title: 'Refund to the card', covers: ['AC-1', 'AC-2'] },
        { id: 'C', title: 'Refund to PayPal', covers: ['AC-2'] },
      ],
      new Map([
        ['a', 'passed'],
        ['b', 'passed'],
        ['c', 'failed'],
      ]),
    );
    expect(coverage.map((c) => [c.id, c.line, c.state, c.cases.map((k) => `${k.id}:${k.outcome}`)])).toEqual([
      ['AC-1', 4, 'covered', ['A:passed', 'B:passed']],
      ['AC-2', 5, 'failing', ['B:passed', 'C:failed']],
      ['AC-3', 6, 'uncovered', []],
    ]);
  });
});
