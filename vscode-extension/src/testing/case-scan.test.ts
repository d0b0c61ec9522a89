import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCaseFile } from '@casewright/core';
import { buildCaseTree, type FileNode } from './case-tree.js';
import { scanCaseFile } from './case-scan.js';

const root = path.resolve(import.meta.dirname, '../../..');
const files = [
  ...readdirSync(path.join(root, 'examples'))
    .filter((f) => f.endsWith('.cases.yaml'))
    .map((f) => path.join(root, 'examples', f)),
  path.join(root, 'vscode-extension/test/e2e/workspace/support.cases.yaml'),
  // Indentless lists, as PyYAML and many other writers emit them.
  path.join(import.meta.dirname, '__fixtures__/pyyaml-indentless.cases.yaml'),
];

/** What the Testing view shows from a tree: ids, labels, kinds, start lines, turns. */
function shape(tree: FileNode) {
  return {
    suite: tree.suite,
    cases: tree.cases.map((c) => ({
      id: c.id,
      title: c.title,
      kind: c.kind,
      priority: c.priority,
      category: c.category,
      tags: c.tags,
      line: c.range.startLine,
      turns: c.turns.map((t) => [t.turn, t.label, t.range.startLine]),
    })),
  };
}

describe('scanCaseFile', () => {
  it.each(files.map((f) => [path.relative(root, f), f]))('lists the same tree as a full parse: %s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const scanned = scanCaseFile(text);
    expect(scanned).toBeDefined();
    expect(shape(scanned!)).toEqual(shape(buildCaseTree(parseCaseFile(text, file))));
  });

  it('reads an indentless list (PyYAML) case by case, with tags, priority and category', () => {
    const scanned = scanCaseFile(readFileSync(path.join(import.meta.dirname, '__fixtures__/pyyaml-indentless.cases.yaml'), 'utf8'));
    expect(scanned?.cases.map((c) => [c.title, c.priority, c.category, c.tags, c.turns.length])).toEqual([
      ['Explains the refund window', 'high', 'functional', ['refunds', 'smoke'], 0],
      ['Hands over to a human with the widget marker', 'medium', 'negative', [], 0],
      ['Greets, then handles a refund question', 'medium', 'functional', [], 2],
      ['Refund form is reachable from the orders page', 'medium', 'functional', ['ui'], 0],
    ]);
  });

  it.each([
    [
      'flow-style messages',
      'suite: s\ncases:\n  - id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60\n    title: t\n    kind: conversation\n    input:\n      messages: [{ role: user, content: hi }]\n',
    ],
    ['an anchor on a case', 'suite: s\ncases:\n  - &a\n    id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60\n'],
    ['a folded title', 'suite: s\ncases:\n  - id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60\n    title: >\n      long\n'],
    ['a case without a valid id', 'suite: s\ncases:\n  - id: nope\n    title: t\n'],
    ['flow-style cases', 'suite: s\ncases: []\n'],
    ['no suite', 'cases:\n  - id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60\n    title: t\n'],
    ['an empty list', 'suite: s\ncases:\n'],
    [
      'a title continued on the next line',
      'suite: s\ncases:\n  - id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60\n    title: a long\n      title\n',
    ],
    [
      'a message whose role is not its first key',
      'suite: s\ncases:\n- id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60\n  title: t\n  input:\n    messages:\n    - content: hi\n      role: user\n',
    ],
    ['a list item that is not a case', 'suite: s\ncases:\n- just text\n'],
  ])('leaves %s to the full parser', (_name, text) => {
    expect(scanCaseFile(text)).toBeUndefined();
  });
});
