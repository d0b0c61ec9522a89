// Nothing the user wrote is lost: an edit saved while `run --update-stats` parses the file
// survives (the write is change-checked, re-read and merged); an edit saved while an import
// writes stops the import and is kept; a Latin-1 file is refused at file:line:col and never
// rewritten (decoding it as UTF-8 and writing it back would destroy `Grüße`).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CaseFileEditor, type RunResult } from '@casewright/core';
import { createJsonlSource } from '../core/src/connectors/conversations/jsonl-source.js';
import { runImport } from '../core/src/connectors/conversations/import-task.js';
import { updateCaseStats } from '../core/src/run/stats.js';
import { runCasewright } from './helpers/cli.js';

const scratch = () => mkdtempSync(path.join(tmpdir(), 'cw-lost-'));
const ID = '2c9d7e1f-0a3b-4c5d-8e6f-7a8b9c0d1e2f';

const FILE = `# the team's cases
suite: Support
cases:
  - id: ${ID}
    title: Greets the customer
    kind: conversation
    input:
      messages:
        - role: user
          content: hi
    expected:
      assert:
        - type: contains
          value: hello
`;

function resultFor(file: string): RunResult {
  const at = '2026-03-01T10:00:00.000Z';
  return {
    schemaVersion: 1,
    runId: 'r',
    startedAt: at,
    finishedAt: at,
    summary: {
      total: 1,
      passed: 1,
      failed: 0,
      errored: 0,
      skipped: 0,
      flaky: 0,
      durationMs: 1,
      cost: 0,
      tokenUsage: { input: 0, output: 0, total: 0 },
    },
    cases: [
      {
        caseId: ID,
        title: 'Greets the customer',
        kind: 'conversation',
        file,
        outcome: 'passed',
        score: 1,
        assertions: [],
        durationMs: 1,
        startedAt: at,
      },
    ],
  };
}

afterEach(() => vi.restoreAllMocks());

describe('run --update-stats', () => {
  it('keeps an edit the user saved while the file was being parsed, and still writes the stats', async () => {
    const dir = scratch();
    const file = path.join(dir, 'support.cases.yaml');
    writeFileSync(file, FILE);
    const parse = CaseFileEditor.parse.bind(CaseFileEditor);
    let first = true;
    vi.spyOn(CaseFileEditor, 'parse').mockImplementation((text, shown) => {
      const editor = parse(text, shown);
      if (first) {
        first = false;
        // The user saves a new title while Casewright is parsing (a big file takes seconds).
        writeFileSync(file, FILE.replace('title: Greets the customer', 'title: Greets the customer by name'));
      }
      return editor;
    });
    expect(await updateCaseStats(resultFor('support.cases.yaml'), dir)).toEqual(['support.cases.yaml']);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('title: Greets the customer by name');
    expect(text).toMatch(/stats:\n\s+runCount: 1\n\s+successRate: 1/);
    expect(text).toContain("# the team's cases");
  });
});

describe('import', () => {
  it('stops when the user edits the output file during the import, keeping the edit; the next run resumes', async () => {
    const dir = scratch();
    const out = path.join(dir, 'imported.cases.yaml');
    const jsonl = path.join(dir, 'c.jsonl');
    const lines = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({
        id: `c-${i}`,
        model: 'm',
        timestamp: '2026-01-01T00:00:00Z',
        messages: [
          { role: 'user', content: `q${i}` },
          { role: 'assistant', content: `a${i}` },
        ],
      }),
    );
    writeFileSync(jsonl, `${lines.join('\n')}\n`);
    const options = { source: createJsonlSource({ file: jsonl }), sourceSpec: 'jsonl:c', filter: {}, out, checkpointMs: 0 };
    let checkpoints = 0;
    const run = runImport({
      ...options,
      onEvent: (event) => {
        if (event.type === 'checkpoint' && ++checkpoints === 2) writeFileSync(out, `${readFileSync(out, 'utf8')}# my note\n`);
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'FILE_CHANGED' });
    expect(readFileSync(out, 'utf8')).toContain('# my note');
    const again = await runImport({ ...options, source: createJsonlSource({ file: jsonl }) });
    expect(again.interrupted).toBe(false);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('# my note');
    const ids = [...text.matchAll(/conversationId: (c-\d+)/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(40);
    expect(ids).toHaveLength(40);
  });
});

describe('a Latin-1 file', () => {
  const latin1 = Buffer.from(FILE.replace('content: hi', 'content: Grüße aus Köln'), 'latin1');
  const cli = (args: string[], cwd: string) => runCasewright(args, { cwd });

  it('is an error at file:line:col for validate and run, and its bytes are never rewritten', async () => {
    const dir = scratch();
    const file = path.join(dir, 'latin1.cases.yaml');
    writeFileSync(file, latin1);
    const validate = await cli(['validate', 'latin1.cases.yaml'], dir);
    expect(validate.stdout).toContain('latin1.cases.yaml:10:22 is not valid UTF-8');
    expect(validate.status).toBe(1);
    const run = await cli(['run', 'latin1.cases.yaml', '--target', 'nowhere.yaml', '--update-stats'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('latin1.cases.yaml:10:22');
    expect(readFileSync(file).equals(latin1)).toBe(true);
  }, 60_000);
});
