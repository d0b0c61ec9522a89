// The run and import jobs: case files against a model target on the local OpenAI-compatible
// server (chat completions, https://platform.openai.com/docs/api-reference/chat/create),
// with the editor's and the CLI's policy for an undeclared target; conversations from a
// JSONL log into a case file, deduplicated on the second import.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../core/src/model/result.js';
import { parseCaseFile } from '../../core/src/model/case-file.js';
import { openWorkspace } from '../../core/src/workspace/workspace.js';
import { runCaseFiles } from '../../core/src/workspace/run-job.js';
import { countConversations, importConversations, type ImportJobEvent } from '../../core/src/workspace/import-job.js';
import { startOpenAIServer, type LocalServer } from '../servers/openai-server.js';

let llm: LocalServer;
let dir: string;

const CASES = `suite: Orders
defaults:
  target: bot
cases:
  - id: 5b1e2c3d-4e5f-4a6b-8c7d-000000000001
    title: Order status
    kind: conversation
    input:
      messages:
        - role: user
          content: Where is order ACM-100001?
    expected:
      assert:
        - type: contains
          value: ACM-100001
  - id: 5b1e2c3d-4e5f-4a6b-8c7d-000000000002
    title: Order status, other bot
    kind: conversation
    target: nobody-declares-me
    input:
      messages:
        - role: user
          content: Where is order ACM-100002?
    expected:
      assert:
        - type: contains
          value: ACM-100002
`;

beforeAll(async () => {
  llm = await startOpenAIServer({ record: false, handler: (chat) => `Here is ${chat.messages.at(-1)?.content ?? ''}` });
  dir = await mkdtemp(path.join(tmpdir(), 'cw-ws-run-'));
  await writeFile(
    path.join(dir, 'casewright.config.yaml'),
    `providers:\n  local:\n    type: openai-compatible\n    baseURL: ${llm.url}/v1\ncache:\n  enabled: false\ntargets:\n  bot:\n    type: model\n    model: local:bot-model\n`,
  );
  await writeFile(path.join(dir, 'orders.cases.yaml'), CASES);
  await copyFile(path.resolve(import.meta.dirname, '../../examples/conversations.jsonl'), path.join(dir, 'conversations.jsonl'));
});
afterAll(async () => {
  await llm.close();
  await rm(dir, { recursive: true, force: true });
});

describe('runCaseFiles', () => {
  it('the CLI policy: a target nobody declares stops the run before anything is called', async () => {
    const ws = await openWorkspace({ cwd: dir, env: {} });
    await expect(runCaseFiles(ws, { paths: ['orders.cases.yaml'] })).rejects.toThrow(
      "orders.cases.yaml: unknown target 'nobody-declares-me'; known targets: bot",
    );
  });

  it('the editor policy: the case with the unknown target errors, the other passes; results stream with the absolute file', async () => {
    const ws = await openWorkspace({ cwd: dir, env: {} });
    const seen: Array<[string, string]> = [];
    const { result } = await runCaseFiles(ws, {
      paths: ['orders.cases.yaml'],
      unknownTargets: 'per-case',
      onCaseResult: (file, r: CaseResult) => seen.push([file, r.outcome]),
    });
    expect(result!.summary).toMatchObject({ passed: 1, errored: 1 });
    expect(seen.sort()).toEqual([
      [path.join(dir, 'orders.cases.yaml'), 'errored'],
      [path.join(dir, 'orders.cases.yaml'), 'passed'],
    ]);
  });

  it('updates the stats in the case file through the case-file writer', async () => {
    const ws = await openWorkspace({ cwd: dir, env: {} });
    const { statsUpdated } = await runCaseFiles(ws, { paths: ['orders.cases.yaml'], target: 'bot', updateStats: true });
    expect(statsUpdated).toEqual(['orders.cases.yaml']);
    const suite = parseCaseFile(await readFile(path.join(dir, 'orders.cases.yaml'), 'utf8'), 'f').suite!;
    expect(suite.cases.map((c) => c.stats?.runCount)).toEqual([1, 1]);
  });
});

describe('importConversations', () => {
  it('counts, imports the matching conversations, and a second import adds nothing', async () => {
    const ws = await openWorkspace({ cwd: dir, env: {} });
    const filter = { search: 'refund', limit: 5 };
    const { count } = await countConversations(ws, { from: 'jsonl:conversations.jsonl', filter });
    expect(count).toBe(5);
    const events: ImportJobEvent['type'][] = [];
    const first = await importConversations(ws, {
      from: 'jsonl:conversations.jsonl',
      filter,
      out: 'imported.cases.yaml',
      onEvent: (e) => events.push(e.type),
    });
    expect(first.imported).toBe(5);
    // Without a key the requirements stay empty, and the job says so first.
    expect(events[0]).toBe('drafting');
    const suite = parseCaseFile(await readFile(path.join(dir, 'imported.cases.yaml'), 'utf8'), 'f').suite!;
    expect(suite.cases).toHaveLength(5);
    const second = await importConversations(ws, { from: 'jsonl:conversations.jsonl', filter, out: 'imported.cases.yaml' });
    expect([second.imported, second.skippedDuplicate]).toEqual([0, 5]);
  });
});
