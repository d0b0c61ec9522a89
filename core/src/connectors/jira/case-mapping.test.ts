import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildConversationCase, buildManualCase } from '../../testing/index.js';
import { caseEditable, caseProperty, caseToAdf, hashOf, issueEditable, applyEditable } from './case-mapping.js';
import { adfText } from './adf.js';

describe('case <-> Jira mapping', () => {
  it('writes a manual case as a readable steps table', () => {
    const tc = buildManualCase({
      title: 'Coupon applies once',
      preconditions: ['A cart with one item'],
      steps: [
        { action: 'Enter SAVE10', data: 'SAVE10', expected: 'Total drops by 10%' },
        { action: 'Enter SAVE10 again', expected: 'Message: already applied' },
      ],
      covers: ['AC-1'],
    });
    const text = adfText(caseToAdf(tc));
    expect(text).toContain('Preconditions');
    expect(text).toContain('1 | Enter SAVE10 | SAVE10 | Total drops by 10%');
    expect(text).toContain('Covers: AC-1');
    expect(text).toContain(tc.id);
  });

  it('writes a conversation case as conversation, expected answer and requirements', () => {
    const tc = buildConversationCase({
      expected: { content: 'Yes, within 30 days.', requirements: ['Mentions 30 days'], assert: [{ type: 'icontains', value: '30' }] },
    });
    const text = adfText(caseToAdf(tc));
    expect(text).toContain('User: Can I return my shoes after 20 days?');
    expect(text).toContain('Expected answer');
    expect(text).toContain('Mentions 30 days');
    expect(text).toContain('icontains: 30');
  });

  const line = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0 && !s.includes('|'));
  it('reads back exactly what it wrote (so an untouched issue is never seen as edited)', () => {
    fc.assert(
      fc.property(
        line,
        fc.array(fc.record({ action: line, data: fc.option(line, { nil: undefined }), expected: line }), { minLength: 1, maxLength: 4 }),
        fc.array(line, { maxLength: 3 }),
        (title, steps, preconditions) => {
          const tc = buildManualCase({ title, steps, preconditions });
          expect(hashOf(issueEditable('manual', tc.title, caseToAdf(tc)))).toBe(hashOf(caseEditable(tc)));
        },
      ),
      { numRuns: 60 },
    );
    fc.assert(
      fc.property(
        line,
        fc.array(line, { minLength: 1, maxLength: 3 }),
        fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
        (title, contents, expected) => {
          const tc = buildConversationCase({
            title,
            input: { messages: contents.map((content, i) => ({ role: i % 2 ? 'assistant' : 'user', content })) },
            expected: { content: expected, requirements: [], assert: [] },
          });
          expect(issueEditable('conversation', tc.title, caseToAdf(tc))).toEqual(JSON.parse(JSON.stringify(caseEditable(tc))));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('applies an edit made in Jira and refuses one that breaks the case', () => {
    const tc = buildManualCase();
    const doc = caseToAdf(tc);
    const edited = issueEditable('manual', 'Renamed in Jira', doc);
    expect(applyEditable(tc, edited).title).toBe('Renamed in Jira');
    expect(() => applyEditable(tc, { ...edited, steps: [] })).toThrow();
  });

  it('keeps the canonical case in the property without sync bookkeeping', () => {
    const tc = buildManualCase({ jira: { key: 'SHOP-9', version: 1, syncedAt: '2026-01-01T00:00:00Z' } });
    const prop = caseProperty(tc, { version: 3, syncedAt: '2026-01-02T00:00:00Z', story: 'SHOP-1' });
    expect(prop).toMatchObject({ schema: 1, caseId: tc.id, version: 3, story: 'SHOP-1', kind: 'manual' });
    expect(prop.case).not.toHaveProperty('jira');
    expect((prop.case as { version: number }).version).toBe(3);
    expect(JSON.stringify(prop).length).toBeLessThan(32_768);
  });
});
