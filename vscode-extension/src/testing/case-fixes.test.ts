import { describe, expect, it } from 'vitest';
import { parseCaseFile } from '@casewright/core';
import { applyCaseFix, changedLines } from './case-fixes.js';

const FILE = `# The support bot's answers.
suite: S
cases:
  - id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60
    title: Refunds # the main one
    kind: conversation
    input:
      messages:
        - role: user
          content: refund?
    expected:
      content: "Refunds take 30 days." # from the policy page
      assert:
        - type: contains
          value: 30 days
        - type: equals # the whole answer
          value: 'Refunds take 30 days.'
        - type: similarity
          threshold: 0.9
`;
const ID = '0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60';
const actual = 'Refunds take 30 days, or 60 for members.';

describe('applyCaseFix', () => {
  it('accepts the actual answer as the assertion value, changing that line only', async () => {
    const after = await applyCaseFix(FILE, 'f.cases.yaml', ID, { kind: 'accept', assertion: 1 }, actual);
    expect(changedLines(FILE, after)).toEqual({ startLine: 16, endLine: 17, text: `          value: '${actual}'\n` });
    const expected = parseCaseFile(after, 'f').suite!.cases[0]!;
    expect(expected.kind === 'conversation' && expected.expected.assert[1]).toMatchObject({ type: 'equals', value: actual });
  });

  it('updates the baseline: expected.content becomes the actual answer, marked as a baseline; comments stay', async () => {
    const after = await applyCaseFix(FILE, 'f.cases.yaml', ID, { kind: 'baseline' }, actual);
    expect(after).toContain("# The support bot's answers.");
    expect(after).toContain('title: Refunds # the main one');
    expect(after).toContain('- type: equals # the whole answer');
    const c = parseCaseFile(after, 'f').suite!.cases[0]!;
    expect(c.kind === 'conversation' && [c.expected.content, c.expected.baseline]).toEqual([actual, true]);
  });

  it('refuses a case that is no longer in the file', async () => {
    await expect(applyCaseFix(FILE, 'f.cases.yaml', '2b8e5e74-6f20-4c0a-9b3f-3d4e5f607182', { kind: 'baseline' }, actual)).rejects.toThrow(
      'f.cases.yaml no longer has the case 2b8e5e74-6f20-4c0a-9b3f-3d4e5f607182',
    );
  });
});
