// The model target and the model-graded assertions (llm-judge, judge-ensemble)
// through the real router and the real `openai` SDK, against the local server
// speaking OpenAI chat completions (test/servers/openai-server.ts lists the
// documentation pages its shapes follow: chat/create and structured outputs).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildConversationCase } from '@casewright/core/testing';
import { createRouter, runSuites, type LlmConfig, type ModelRouter, type RunResult, type Suite } from '@casewright/core';
import { createModelTarget } from '../core/src/run/targets/model-target.js';
import { judgeReply } from './servers/llm-judges.js';
import { startOpenAIServer, type LocalServer } from './servers/openai-server.js';

let server: LocalServer;
let router: ModelRouter;

beforeAll(async () => {
  server = await startOpenAIServer({
    handler: (chat) =>
      chat.jsonSchema ? judgeReply(chat) : `Yes, within 30 days you get a refund. Please send your card details. (${chat.model})`,
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.setScenario('ok');
  server.requests.length = 0;
});

function llmConfig(): LlmConfig {
  return {
    providers: { local: { type: 'openai-compatible', baseURL: `${server.url}/v1` } },
    prices: { 'local:judge-strict': { input: 1, output: 2 }, 'local:bot-1': { input: 0.5, output: 1 } },
    router: { maxRetries: 0, initialDelayMs: 1, timeoutMs: 2000 },
  };
}

const requirements = ['Confirms the 30-day refund window', 'Does not ask for card details'];

function suiteWith(assert: unknown[], extra: Record<string, unknown> = {}): Suite {
  const testCase = buildConversationCase({
    title: 'Refund within 30 days',
    expected: { requirements, assert: assert as never },
    ...extra,
  });
  return { suite: 'Judges', cases: [testCase] } as Suite;
}

async function run(assert: unknown[], options: { judge?: string; router?: ModelRouter | undefined } = {}): Promise<RunResult> {
  router = createRouter(llmConfig(), { env: {} });
  const target = createModelTarget({
    name: 'bot',
    config: { type: 'model', model: 'local:bot-1', system: 'You are Acme support.' },
    router,
  });
  return runSuites({
    suites: [{ file: 'judges.cases.yaml', suite: suiteWith(assert) }],
    target,
    router: 'router' in options ? options.router : router,
    judge: options.judge,
  });
}

describe('the model target', () => {
  it('sends the system prompt and the case messages through the router and records cost and tokens', async () => {
    const result = await run([{ type: 'icontains', value: 'refund' }]);
    const c = result.cases[0]!;
    expect(c.outcome).toBe('passed');
    expect(c.output).toBe('Yes, within 30 days you get a refund. Please send your card details. (bot-1)');
    const sent = server.requests[0]!.body as { model: string; messages: { role: string; content: string }[] };
    expect(sent.model).toBe('bot-1');
    expect(sent.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(sent.messages[0]!.content).toBe('You are Acme support.');
    expect(c.tokenUsage?.total).toBeGreaterThan(0);
    expect(c.cost).toBeGreaterThan(0);
  });

  it('records a provider failure on the case as errored and goes on', async () => {
    server.setScenario(['server-error', 'server-error']);
    const result = await run([{ type: 'icontains', value: 'refund' }]);
    expect(result.cases[0]).toMatchObject({ outcome: 'errored', error: { code: 'TARGET_MODEL' } });
    expect(result.cases[0]!.error!.message).toMatch(/^target 'bot' \(local:bot-1\): /);
  });
});

describe('llm-judge', () => {
  it('asks the judge for structured verdicts, one per requirement, and fails on the unmet one with its reason', async () => {
    const result = await run([{ type: 'llm-judge', judge: 'local:judge-strict' }]);
    const judge = result.cases[0]!.assertions[0]!;
    expect(judge).toMatchObject({
      type: 'llm-judge',
      pass: false,
      score: 0.5,
      reason:
        'judge local:judge-strict: 1/2 requirements met; not met: "Does not ask for card details": the answer asks for the card number',
      verdicts: [
        { requirement: 'Confirms the 30-day refund window', pass: true, reason: 'the answer says so' },
        { requirement: 'Does not ask for card details', pass: false, reason: 'the answer asks for the card number' },
      ],
    });
    expect(judge.cost).toBeGreaterThan(0);
    const judgeCall = server.requests.find((r) => (r.body as { model: string }).model === 'judge-strict')!.body as {
      response_format: { type: string; json_schema: { name: string } };
      temperature: number;
      messages: { role: string; content: string }[];
    };
    // The judge prompt is prompts/judge.hbs: the conversation and the answer go in as fenced data.
    const sent = judgeCall.messages.map((m) => m.content).join('\n');
    expect(sent).toContain('user: <data>Can I return my shoes after 20 days?</data>');
    expect(sent).toContain('<data>Yes, within 30 days you get a refund. Please send your card details. (bot-1)</data>');
    expect(judgeCall.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'judge_verdict' } });
    expect(judgeCall.temperature).toBe(0);
    expect(result.cases[0]!.outcome).toBe('failed');
  });

  it('passes at a threshold the share of met requirements reaches', async () => {
    const result = await run([{ type: 'llm-judge', judge: 'local:judge-strict', threshold: 0.5 }]);
    expect(result.cases[0]).toMatchObject({ outcome: 'passed', score: 0.5 });
  });

  it('uses the default judge (config judge:) when the assertion names none', async () => {
    const result = await run([{ type: 'llm-judge' }], { judge: 'local:judge-kind' });
    expect(result.cases[0]!.assertions[0]).toMatchObject({ pass: true, reason: 'judge local:judge-kind: 2/2 requirements met' });
  });

  it('is skipped, not errored, without a judge model or without a key for it', async () => {
    const none = await run([{ type: 'llm-judge' }]);
    expect(none.cases[0]).toMatchObject({
      outcome: 'skipped',
      skipReason: expect.stringMatching(/^no judge model configured \(set judge:/),
    });
    const noKey = await run([
      { type: 'llm-judge', judge: 'openai:gpt-4o-mini' },
      { type: 'icontains', value: 'refund' },
    ]);
    expect(noKey.cases[0]!.outcome).toBe('passed');
    expect(noKey.cases[0]!.assertions[0]).toMatchObject({
      skipped: true,
      reason: expect.stringMatching(/^no judge model configured: openai:gpt-4o-mini has no API key/),
    });
  });

  it('adds an implicit llm-judge when a case lists requirements but no judge checks them', async () => {
    const result = await run([{ type: 'icontains', value: 'refund' }], { judge: 'local:judge-strict' });
    expect(result.cases[0]!.assertions.map((a) => [a.type, a.metric, a.pass])).toEqual([
      ['icontains', undefined, true],
      ['llm-judge', 'requirements', false],
    ]);
  });

  it('records a failing judge call on the case as errored', async () => {
    server.setScenario(['ok', 'server-error']);
    const result = await run([{ type: 'llm-judge', judge: 'local:judge-kind' }]);
    expect(result.cases[0]).toMatchObject({ outcome: 'errored', error: { code: 'JUDGE' } });
    expect(result.cases[0]!.error!.message).toMatch(/^judge local:judge-kind failed: /);
  });
});

describe('judge-ensemble', () => {
  const judges = ['local:judge-strict', 'local:judge-kind', 'local:judge-lenient'];
  it('majority: two of three say met, so it passes, and the disagreement is reported with every vote', async () => {
    const result = await run([{ type: 'judge-ensemble', judges, vote: 'majority' }]);
    const a = result.cases[0]!.assertions[0]!;
    expect(a.pass).toBe(true);
    expect(a.reason).toBe(
      '3 judges, majority vote: 2/2 requirements met; judges disagree on "Does not ask for card details" (2 of 3 say met)',
    );
    expect(a.verdicts?.[1]?.votes).toEqual([
      { judge: 'local:judge-strict', pass: false, reason: 'the answer asks for the card number' },
      { judge: 'local:judge-kind', pass: true, reason: 'the answer says so' },
      { judge: 'local:judge-lenient', pass: true, reason: 'the answer says so' },
    ]);
  });

  it('unanimous: one dissent fails the requirement', async () => {
    const result = await run([{ type: 'judge-ensemble', judges, vote: 'unanimous' }]);
    expect(result.cases[0]!.assertions[0]).toMatchObject({ pass: false, score: 0.5 });
    expect(result.cases[0]!.outcome).toBe('failed');
  });

  it('all agree: reported as agreement', async () => {
    const result = await run([{ type: 'judge-ensemble', judges: ['local:judge-kind', 'local:judge-lenient'] }]);
    expect(result.cases[0]!.assertions[0]!.reason).toBe('2 judges, majority vote: 2/2 requirements met; judges agree');
  });
});

describe('casewright run with a model target and judge from casewright.config.yaml', () => {
  it('runs through the config, uses the judge and exits 1 on the judged failure', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'casewright-judge-cli-'));
    writeFileSync(
      path.join(dir, 'casewright.config.yaml'),
      `providers:\n  local:\n    type: openai-compatible\n    baseURL: ${server.url}/v1\nrouter:\n  maxRetries: 0\njudge: local:judge-strict\ntargets:\n  bot:\n    type: model\n    model: local:bot-1\n    system: You are Acme support.\n`,
    );
    writeFileSync(
      path.join(dir, 'refunds.cases.yaml'),
      `suite: Refunds\ndefaults:\n  target: bot\ncases:\n  - id: 6c0e3a51-2f47-4c3a-9a41-1d2f6e0b9a77\n    title: Refund within 30 days\n    kind: conversation\n    input:\n      messages:\n        - role: user\n          content: Can I get a refund after 10 days?\n    expected:\n      requirements:\n        - Confirms the 30-day refund window\n        - Does not ask for card details\n`,
    );
    const root = path.resolve(import.meta.dirname, '..');
    const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
    // Asynchronous: the local server answers from this process while the CLI runs.
    const run = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        tsx,
        path.join(root, 'core/src/cli/main.ts'),
        'run',
        'refunds.cases.yaml',
        '--reporter',
        'console,json',
        '--out',
        'out',
        '--no-cache',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', OPENAI_API_KEY: '' },
      },
    ).then(
      (r) => ({ ...r, status: 0 }),
      (e: { stdout: string; stderr: string; code: number }) => ({ stdout: e.stdout, stderr: e.stderr, status: e.code }),
    );
    expect(run.stdout).toContain('"Does not ask for card details": the answer asks for the card number');
    const json = JSON.parse(readFileSync(path.join(dir, 'out/results.json'), 'utf8'));
    expect(json.cases[0]).toMatchObject({ outcome: 'failed', target: 'bot' });
    expect(run.status).toBe(1);
  });
});
