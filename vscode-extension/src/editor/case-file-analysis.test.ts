import { describe, expect, it } from 'vitest';
import { analyzeCaseFile } from './case-file-analysis.js';
import { diagnosticCode } from './case-file-fixes.js';
import { assertionHelp, assertionTypeCompletions, lineContext } from './line-context.js';

const FILE = `suite: S
story: SHOP-7
cases:
  - id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60
    title: Covers a known and an unknown criterion
    kind: manual
    covers: [AC-1, AC-9]
    steps:
      - action: a
        expected: b
`;

describe('analyzeCaseFile', () => {
  it('warns about criteria the story does not define, at the criterion', () => {
    const { diagnostics } = analyzeCaseFile(FILE, 'f.cases.yaml', { story: 'SHOP-7', criteria: new Set(['AC-1', 'AC-2']) });
    expect(diagnostics.map((d) => [d.severity, d.code, d.message, d.start])).toEqual([
      ['warning', 'unknown-criterion', 'AC-9 is not an acceptance criterion of SHOP-7 (it defines: AC-1, AC-2)', { line: 7, col: 20 }],
    ]);
  });

  it('says nothing about criteria when the story context is for another story or absent', () => {
    expect(analyzeCaseFile(FILE, 'f', { story: 'SHOP-8', criteria: new Set() }).diagnostics).toEqual([]);
    expect(analyzeCaseFile(FILE, 'f').diagnostics).toEqual([]);
  });

  it("keeps core's errors and warnings, and recognises the ones the id quick fix repairs", () => {
    const text =
      FILE.replace('  - id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60\n    title', '  - title') +
      `  - id: not-a-uuid
    title: Checks nothing
    kind: conversation
    input:
      messages: [{ role: user, content: hi }]
`;
    const { diagnostics } = analyzeCaseFile(text, 'f.cases.yaml');
    expect(diagnostics.map((d) => [d.severity, d.code, d.start.line, diagnosticCode(d)])).toEqual([
      ['error', 'schema', 4, 'case-id'],
      ['error', 'schema', 10, 'case-id'],
    ]);
  });

  it('warns about a case that checks nothing and a duplicate id (from core)', () => {
    const text = `suite: S
cases:
  - id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60
    title: Checks nothing
    kind: conversation
    input:
      messages: [{ role: user, content: hi }]
  - id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60
    title: Same id
    kind: conversation
    input:
      messages: [{ role: user, content: hi }]
    expected:
      requirements: [Says hello]
`;
    const { diagnostics } = analyzeCaseFile(text, 'f.cases.yaml');
    expect(diagnostics.map((d) => [d.severity, d.code, d.start.line])).toEqual([
      ['warning', 'no-checks', 4],
      ['error', 'duplicate-id', 8],
    ]);
  });
});

describe('line context, hover and completions', () => {
  it.each([
    ['        - type: icont', { kind: 'assertion-type', value: 'icont', valueStart: 16 }],
    ['      type: "regex"', { kind: 'assertion-type', value: 'regex', valueStart: 13 }],
    ['    target: support-bot', { kind: 'target', value: 'support-bot', valueStart: 12 }],
    ['    title: type: x', { kind: 'other' }],
  ])('%s', (line, expected) => {
    expect(lineContext(line)).toEqual(expected);
  });

  it('explains base types, not- forms and assert-set; unknown types get no hover', () => {
    expect(assertionHelp('icontains')).toBe('**icontains** — The output contains `value`, ignoring case.');
    expect(assertionHelp('not-regex')).toMatch(/^\*\*not-regex\*\* — passes when `regex` fails: /);
    expect(assertionHelp('assert-set')).toMatch(/group of assertions/);
    expect(assertionHelp('icontain')).toBeUndefined();
  });

  it('completes every assertion type and its negation', () => {
    const labels = assertionTypeCompletions().map((c) => c.label);
    expect(labels).toContain('llm-judge');
    expect(labels).toContain('not-contains');
    expect(labels).toContain('assert-set');
    expect(labels).toContain('not-character-error-rate');
    expect(labels).toHaveLength(22 * 2 + 1);
  });
});

describe('story criteria from a Markdown story beside the case file', () => {
  it('warns about a criterion the story beside the file does not define', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { storyCriteriaFor } = await import('./story-criteria.js');
    const dir = await mkdtemp(path.join(tmpdir(), 'cw-story-'));
    try {
      await writeFile(
        path.join(dir, 'refunds.md'),
        '# SHOP-7: Refunds\n\nAs a customer I want refunds.\n\n## Acceptance criteria\n\n1. A refund is possible within 30 days.\n2. The refund goes to the original payment method.\n',
      );
      const caseFile = path.join(dir, 'refunds.cases.yaml');
      const { diagnostics } = analyzeCaseFile(FILE, caseFile, (story) => storyCriteriaFor(caseFile, story));
      expect(diagnostics.map((d) => d.message)).toEqual(['AC-9 is not an acceptance criterion of SHOP-7 (it defines: AC-1, AC-2)']);
      // A story given as a path works the same way; an unknown story gives no warning.
      expect(storyCriteriaFor(caseFile, 'refunds.md')?.criteria).toEqual(new Set(['AC-1', 'AC-2']));
      expect(storyCriteriaFor(caseFile, 'SHOP-8')).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
