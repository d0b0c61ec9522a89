import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../model/case-file.js';
import { createDuckDbSource } from './duckdb-source.js';
import { importStatePath, runImport, type ImportEvent, type ImportOptions } from './import-task.js';
import { createJsonlSource } from './jsonl-source.js';

const fixture = path.join(import.meta.dirname, '__fixtures__', 'malformed.jsonl');
const example = path.join(import.meta.dirname, '../../../../examples/conversations.jsonl');
const scratch = () => mkdtempSync(path.join(tmpdir(), 'cw-import-'));

function options(out: string, extra: Partial<ImportOptions> = {}): ImportOptions {
  return { source: createJsonlSource({ file: fixture }), sourceSpec: 'jsonl:malformed.jsonl', filter: {}, out, ...extra };
}

describe('runImport', () => {
  it('writes a valid case file, reports bad rows with row and reason, and skips them', async () => {
    const out = path.join(scratch(), 'imported.cases.yaml');
    const summary = await runImport(options(out));
    expect(summary).toMatchObject({
      total: undefined,
      fraction: 1,
      processed: 4,
      imported: 3,
      skippedDuplicate: 0,
      failed: 5,
      interrupted: false,
      resumed: false,
    });
    expect(summary.failures.map((f) => [f.row, f.conversationId, f.reason.replace(/ \(.*\)$/, '')])).toEqual([
      [2, undefined, 'invalid JSON'],
      [3, 'bad-json-messages', 'messages is not valid JSON'],
      [5, 'unknown-role', 'message 1 has unknown role "tool"'],
      [6, 'empty', 'empty conversation'],
      [8, 'no-answer', 'no assistant answer after a user message, so there is nothing to expect'],
    ]);
    const text = readFileSync(out, 'utf8');
    const parsed = parseCaseFile(text, 'imported.cases.yaml');
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ok3 = parsed.suite!.cases.find((c) => c.source.kind === 'jsonl' && c.source.conversationId === 'ok-3')!;
    expect(ok3).toMatchObject({
      kind: 'conversation',
      status: 'draft',
      source: { kind: 'jsonl', conversationId: 'ok-3', model: 'gpt-4o-mini', timestamp: '2026-06-30T23:59:59.000Z' },
      input: {
        messages: [
          { role: 'user', content: 'Password reset?' },
          { role: 'assistant', content: 'Use the link.' },
          { role: 'user', content: 'Thanks, and a REFUND?' },
        ],
      },
      expected: {
        content: 'Within 30 days.',
        baseline: true,
        requirements: [],
        assert: [{ type: 'similarity', metric: 'rouge-l', threshold: 0.5 }],
      },
    });
    expect(existsSync(importStatePath(options(out)))).toBe(false);
    expect(readdirSync(path.dirname(out)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('adds nothing and changes nothing when the same conversations are imported again', async () => {
    const out = path.join(scratch(), 'again.cases.yaml');
    await runImport(options(out));
    const before = readFileSync(out, 'utf8');
    const again = await runImport({
      ...options(out),
      source: createDuckDbSource({ file: fixture, threads: 1 }),
      sourceSpec: 'duckdb:malformed.jsonl',
    });
    expect(again).toMatchObject({ imported: 0, skippedDuplicate: 3, bytesWritten: 0 });
    expect(readFileSync(out, 'utf8')).toBe(before);
  });

  it('appends to an existing file keeping its text, comments and cases', async () => {
    const out = path.join(scratch(), 'existing.cases.yaml');
    const existing = [
      '# Hand-written cases; keep this comment.',
      'suite: Support',
      'cases:',
      '- id: 3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b10   # flush-left items',
      '  title: Greets the customer',
      '  kind: conversation',
      '  source: {kind: jsonl, conversationId: ok-1}',
      '  input:',
      '    messages: [{role: user, content: hi}]',
      '  expected:',
      '    requirements: [Greets back]',
      '',
    ].join('\n');
    writeFileSync(out, existing);
    const summary = await runImport(options(out));
    expect(summary).toMatchObject({ imported: 2, skippedDuplicate: 1 });
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith(existing)).toBe(true);
    expect(text.slice(existing.length)).toMatch(/^- id: /);
    const suite = parseCaseFile(text, 'existing.cases.yaml').suite!;
    expect(suite.cases.map((c) => (c.source.kind === 'jsonl' ? c.source.conversationId : c.source.kind))).toEqual(['ok-1', 'ok-2', 'ok-3']);
  });

  it.each([
    ['cases: [] before other keys', 'suite: S\ncases: []\ndescription: kept\n'],
    ['no cases key', 'suite: S # the name\n'],
    [
      'cases before other keys',
      'suite: S\ncases:\n  - id: 3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b10\n    title: T\n    kind: conversation\n    input: {messages: [{role: user, content: x}]}\n    expected: {requirements: [R]}\ndefaults:\n  tags: [a]\n',
    ],
  ])('appends to a file with %s', async (_name, existing) => {
    const out = path.join(scratch(), 'shape.cases.yaml');
    writeFileSync(out, existing);
    await runImport(options(out));
    const parsed = parseCaseFile(readFileSync(out, 'utf8'), 'shape.cases.yaml');
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(parsed.suite!.cases.filter((c) => c.source.kind === 'jsonl')).toHaveLength(3);
  });

  it('refuses an invalid output file and leaves it untouched', async () => {
    const out = path.join(scratch(), 'broken.cases.yaml');
    writeFileSync(out, 'suite: S\ncases:\n  - id: nope\n');
    await expect(runImport(options(out))).rejects.toThrow(/broken\.cases\.yaml:3:\d+/);
    expect(readFileSync(out, 'utf8')).toBe('suite: S\ncases:\n  - id: nope\n');
  });

  it('splits a conversation into one case per assistant turn, deduped per turn', async () => {
    const out = path.join(scratch(), 'turns.cases.yaml');
    const summary = await runImport(options(out, { splitTurns: true, filter: { search: 'password' } }));
    expect(summary.imported).toBe(2);
    const suite = parseCaseFile(readFileSync(out, 'utf8'), 'turns.cases.yaml').suite!;
    expect(
      suite.cases.map((c) => [
        c.source.kind === 'jsonl' && c.source.turn,
        c.kind === 'conversation' && c.expected.content,
        c.kind === 'conversation' && c.input.messages.length,
      ]),
    ).toEqual([
      [1, 'Use the link.', 1],
      [2, 'Within 30 days.', 3],
    ]);
    expect((await runImport(options(out, { splitTurns: true, filter: { search: 'password' } }))).skippedDuplicate).toBe(2);
  });

  it('drafts requirements through the hook and adds a judge for them', async () => {
    const out = path.join(scratch(), 'drafted.cases.yaml');
    await runImport(
      options(out, { filter: { model: 'claude-3-5-haiku' }, draftRequirements: async (testCase) => [`Answers: ${testCase.title}`] }),
    );
    const suite = parseCaseFile(readFileSync(out, 'utf8'), 'drafted.cases.yaml').suite!;
    expect(suite.cases[0]).toMatchObject({
      expected: { requirements: ['Answers: I need a refund'], assert: [{ type: 'similarity' }, { type: 'llm-judge' }] },
    });
  });

  it.each(['jsonl', 'duckdb'] as const)('resumes an interrupted %s import: nothing lost, nothing twice', async (kind) => {
    const make = () => (kind === 'jsonl' ? createJsonlSource({ file: example }) : createDuckDbSource({ file: example, threads: 1 }));
    const filter = { search: 'order' };
    const reference = path.join(scratch(), 'reference.cases.yaml');
    const full = await runImport({ source: make(), sourceSpec: `${kind}:x`, filter, out: reference });
    expect(full.imported).toBeGreaterThan(60);

    const out = path.join(scratch(), 'interrupted.cases.yaml');
    const controller = new AbortController();
    const onEvent = (event: ImportEvent) => {
      if (event.type === 'progress' && event.progress.processed === 37) controller.abort(new Error('stop'));
    };
    const first = await runImport({ source: make(), sourceSpec: `${kind}:x`, filter, out, signal: controller.signal, onEvent });
    expect(first).toMatchObject({ interrupted: true, imported: 37 });
    expect(parseCaseFile(readFileSync(out, 'utf8'), 'x').suite!.cases).toHaveLength(37);
    const state = importStatePath({ sourceSpec: `${kind}:x`, filter, out });
    expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ counts: { processed: 37, imported: 37 } });

    const second = await runImport({ source: make(), sourceSpec: `${kind}:x`, filter, out });
    expect(second).toMatchObject({
      resumed: true,
      interrupted: false,
      imported: full.imported,
      processed: full.processed,
      skippedDuplicate: 0,
    });
    const suiteText = (file: string) => readFileSync(file, 'utf8').replace(/^description: .*$/m, '');
    expect(suiteText(out)).toBe(suiteText(reference));
    expect(existsSync(state)).toBe(false);
  });
});
