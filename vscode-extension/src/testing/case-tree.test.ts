import { describe, expect, it } from 'vitest';
import { parseCaseFile } from '@casewright/core';
import { buildCaseTree } from './case-tree.js';

const FILE = `suite: Support
defaults:
  assert:
    - type: latency
      max: 5000
cases:
  - id: 0F6C3C52-4D0E-4A8E-9F1E-1B2C3D4E5F60
    title: Refunds
    kind: conversation
    input:
      messages:
        - role: user
          content: Can I get a refund?
    expected:
      requirements:
        - Mentions the 30 day window
      assert:
        - type: icontains
          value: refund
        - type: not-contains
          value: sorry
  - id: 2b8e5e74-6f20-4c0a-9b3f-3d4e5f607182
    title: Two turns
    kind: conversation
    jira: { key: SHOP-12, version: 1, syncedAt: 2026-01-01T00:00:00Z }
    input:
      messages:
        - role: user
          content: Hi there
        - role: assistant
          content: Hello!
        - role: user
          content: I want a refund for the blender I bought last month, it stopped working
  - id: 3c9f6f85-7031-4d1b-8c4f-4e5f60718293
    title: Manual one
    kind: manual
    steps:
      - action: Open
        expected: Opens
`;

describe('buildCaseTree', () => {
  it('builds file → case → turn with 0-based ranges from the YAML positions', () => {
    const tree = buildCaseTree(parseCaseFile(FILE, 'support.cases.yaml'));
    expect(tree.suite).toBe('Support');
    expect(tree.error).toBeUndefined();
    expect(tree.cases.map((c) => [c.id, c.title, c.kind, c.range.startLine])).toEqual([
      ['0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60', 'Refunds', 'conversation', 6],
      ['2b8e5e74-6f20-4c0a-9b3f-3d4e5f607182', 'Two turns', 'conversation', 21],
      ['3c9f6f85-7031-4d1b-8c4f-4e5f60718293', 'Manual one', 'manual', 33],
    ]);
    const [refunds, twoTurns, manual] = tree.cases;
    expect(refunds!.turns).toEqual([]);
    // Own assertions first (line of `- type: ...`), then the suite defaults.
    expect(refunds!.assertions.map((a) => [a.type, a.fromDefaults, a.range.startLine])).toEqual([
      ['icontains', false, 17],
      ['not-contains', false, 19],
      ['latency', true, 3],
    ]);
    expect(refunds!.requirementsRange?.startLine).toBe(15);
    expect(twoTurns!.jiraKey).toBe('SHOP-12');
    expect(twoTurns!.turns.map((t) => [t.turn, t.range.startLine])).toEqual([
      [1, 27],
      [2, 31],
    ]);
    expect(twoTurns!.turns[1]!.label).toBe('Turn 2: I want a refund for the blender I bought last month, it s...');
    expect(manual!.assertions).toEqual([]);
  });

  it('keeps listing the valid cases of a file with an error, and marks the broken case', () => {
    const broken = FILE.replace('kind: manual', 'kind: manul');
    const tree = buildCaseTree(parseCaseFile(broken, 'f.cases.yaml'));
    expect(tree.cases).toHaveLength(3);
    expect(tree.cases[2]!.error).toMatch(/kind/);
    expect(tree.cases[0]!.error).toBeUndefined();
    expect(tree.error).toBeUndefined();
  });

  it('skips cases without an id and duplicate ids (there is nothing stable to run)', () => {
    const text = FILE.replace('  - id: 3c9f6f85-7031-4d1b-8c4f-4e5f60718293\n    title', '  - title').replace(
      '2b8e5e74-6f20-4c0a-9b3f-3d4e5f607182',
      '0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60',
    );
    const tree = buildCaseTree(parseCaseFile(text, 'f.cases.yaml'));
    expect(tree.cases.map((c) => c.title)).toEqual(['Refunds']);
  });

  it('reports a file that is not a case file at all', () => {
    expect(buildCaseTree(parseCaseFile('just: [unclosed', 'x.cases.yaml'))).toMatchObject({ cases: [], error: expect.any(String) });
    expect(buildCaseTree(parseCaseFile('', 'x.cases.yaml')).error).toMatch(/empty/);
  });
});
