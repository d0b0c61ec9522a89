import { describe, expect, it } from 'vitest';
import { parseCaseFile } from './case-file.js';

const ID1 = '3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b10';
const ID2 = 'a2d4c6e8-1b3d-4f5a-8c7e-9d0f1a2b3c4d';

const valid = `suite: Refunds
cases:
  - id: ${ID1}
    title: Refund within 30 days is accepted
    kind: conversation
    input:
      messages:
        - role: user
          content: I bought shoes 20 days ago. Can I return them?
    expected:
      assert:
        - type: icontains
          value: refund
  - id: ${ID2}
    title: Guest checkout
    kind: manual
    steps:
      - action: Open checkout as a guest
        expected: The address form is shown
`;

describe('parseCaseFile', () => {
  it('parses a valid file and applies defaults', () => {
    const parsed = parseCaseFile(valid, 'refunds.cases.yaml');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.suite?.cases).toHaveLength(2);
    const [first, second] = parsed.suite!.cases;
    expect(first).toMatchObject({ priority: 'medium', status: 'draft', tags: [], covers: [], version: 1, source: { kind: 'manual' } });
    expect(second).toMatchObject({ kind: 'manual', preconditions: [] });
  });

  // Each row: a one-line edit of the valid file, the expected position and message.
  it.each([
    [
      'a misspelt kind',
      (t: string) => t.replace('kind: conversation', 'kind: conversaton'),
      '5:11',
      "'kind' must be one of conversation, manual; found 'conversaton' (did you mean 'conversation'?)",
    ],
    [
      'an unknown field',
      (t: string) => t.replace('    title: Guest checkout', '    titel: Guest checkout'),
      '15:5',
      "unknown field 'titel' (did you mean 'title'?)",
    ],
    ['a missing title', (t: string) => t.replace('    title: Guest checkout\n', ''), '14:5', "missing required field 'title'"],
    [
      'a title over 200 characters',
      (t: string) => t.replace('title: Guest checkout', `title: ${'x'.repeat(201)}`),
      '15:12',
      "'title' must be at most 200 characters (it has 201)",
    ],
    ['a bad id', (t: string) => t.replace(ID2, 'case-2'), '14:9', "'id' must be a UUID"],
    [
      'a bad role',
      (t: string) => t.replace('role: user', 'role: customer'),
      '8:17',
      "'role' must be one of system, user, assistant; found 'customer'",
    ],
    [
      'an unknown assertion type',
      (t: string) => t.replace('type: icontains', 'type: icontain'),
      '12:17',
      "'type' must be one of equals, contains",
    ],
    ['a manual case without steps', (t: string) => t.replace(/ {4}steps:\n(.|\n)*$/, ''), '14:5', "missing required field 'steps'"],
    [
      'a priority typo',
      (t: string) => t.replace('    kind: manual', '    kind: manual\n    priority: hihg'),
      '17:15',
      "did you mean 'high'?",
    ],
    ['a duplicate id', (t: string) => t.replace(ID2, ID1), '14:9', `duplicate case id ${ID1}; it is already used by the case on line 3`],
  ])('reports %s at file:line:col in words', (_name, edit, where, message) => {
    const parsed = parseCaseFile(edit(valid), 'refunds.cases.yaml');
    expect(parsed.suite).toBeUndefined();
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(`${error!.start.line}:${error!.start.col}`).toBe(where);
    expect(error!.message).toContain(message);
  });

  it.each([
    ['an empty file', '', '1:1', 'the file is empty'],
    ['only white space', '  \n\n', '1:1', 'the file is empty'],
    ['plain text', 'hello world\n', '1:1', 'found plain text'],
    ['a list', '- a\n- b\n', '1:1', 'found a list'],
    ['an unclosed quote', 'suite: "Refunds\ncases: []\n', '1:8', 'YAML syntax: this quote (") is never closed'],
    ['a duplicate key', 'suite: A\nsuite: B\ncases: []\n', '2:1', "YAML syntax: duplicate key 'suite' in this mapping"],
    ['binary data', 'suite: \u0000\u0001', '1:1', 'binary file'],
  ])('reports %s with a location', (_name, text, where, message) => {
    const parsed = parseCaseFile(text, 'x.cases.yaml');
    expect(parsed.suite).toBeUndefined();
    const first = parsed.diagnostics[0]!;
    expect(`${first.start.line}:${first.start.col}`).toBe(where);
    expect(first.message).toContain(message);
  });

  it('warns about a conversation case that checks nothing, without failing the file', () => {
    const text = valid.replace(/ {4}expected:\n {6}assert:\n {8}- type: icontains\n {10}value: refund\n/, '');
    const parsed = parseCaseFile(text, 'x.cases.yaml');
    expect(parsed.suite).toBeDefined();
    expect(parsed.diagnostics).toMatchObject([{ severity: 'warning', code: 'no-checks', start: { line: 4, col: 12 } }]);
  });

  it('counts suite defaults as checks', () => {
    const text = valid
      .replace(/ {4}expected:\n {6}assert:\n {8}- type: icontains\n {10}value: refund\n/, '')
      .replace('suite: Refunds\n', 'suite: Refunds\ndefaults:\n  assert:\n    - type: not-contains\n      value: As an AI\n');
    expect(parseCaseFile(text, 'x.cases.yaml').diagnostics).toEqual([]);
  });

  it('refuses alias bombs instead of expanding them', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const parsed = parseCaseFile(`${lines.join('\n')}\nsuite: x\n`, 'bomb.cases.yaml');
    expect(parsed.suite).toBeUndefined();
    expect(parsed.diagnostics[0]!.message).toMatch(/alias/i);
  });
});
