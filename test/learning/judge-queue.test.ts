// The judge validation queue end to end, as a team uses it from the CLI: `casewright run` judges
// answers through the real router and `openai` SDK against the local OpenAI server (chat
// completions with response_format json_schema: https://platform.openai.com/docs/api-reference/chat/create),
// queues the doubtful verdicts in .casewright/judge-queue.jsonl, a person confirms or overrides them
// (`casewright judge-queue confirm|override <id>`), the override becomes the case's outcome in
// .casewright/last-run.json, `casewright judge-agreement` reports Cohen's kappa per judge, and with
// judgeQueue.calibrationExamples the next run's judge prompt carries the people's verdicts.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeReply, refundJudgeCases } from '../servers/llm-judges.js';
import { startOpenAIServer, type LocalServer } from '../servers/openai-server.js';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
let server: LocalServer;
let dir: string;

const CASES = refundJudgeCases();

function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  // Asynchronous: the local server answers from this process, which must not block.
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', tsx, path.join(root, 'core/src/cli/main.ts'), ...args],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const config = (extra = '') => `providers:
  local: { type: openai-compatible, baseURL: "${server.url}/v1" }
router: { maxRetries: 0, timeoutMs: 5000 }
targets:
  bot: { type: model, model: "local:bot-1", system: You are Acme support. }
${extra}`;

const queueLines = async () =>
  (await readFile(path.join(dir, '.casewright/judge-queue.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const judgePrompts = () =>
  server.requests
    .filter((r) => (r.body as { response_format?: unknown }).response_format)
    .map((r) => (r.body as { messages: Array<{ content: string }> }).messages.map((m) => m.content).join('\n'));

beforeAll(async () => {
  server = await startOpenAIServer({
    record: true,
    handler: (chat) => (chat.jsonSchema ? judgeReply(chat) : 'Yes, within 30 days you get a refund. Please send your card details.'),
  });
  dir = await mkdtemp(path.join(tmpdir(), 'cw-judge-queue-'));
  await writeFile(path.join(dir, 'casewright.config.yaml'), config());
  await writeFile(path.join(dir, 'refunds.cases.yaml'), CASES);
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

// The steps build on each other (a run, then decisions on what it queued): in order, whatever the seed.
describe('the judge validation queue', { shuffle: false, timeout: 180_000 }, () => {
  let ids: Record<string, string> = {};

  it('a run queues the verdicts near the threshold and where the judges disagree, once', async () => {
    const run = await cli('run', 'refunds.cases.yaml', '--reporter', 'json', '--out', 'reports');
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain('2 judge verdicts queued for a person (near the threshold or judges disagreeing): casewright judge-queue');
    const lines = await queueLines();
    expect(lines.map((l) => [l.type, l.title, l.why, l.pass, l.score])).toEqual([
      ['queued', 'Refund within 30 days', ['near-threshold'], false, 0.75],
      ['queued', 'No card details in the chat', ['disagreement'], false, 0],
    ]);
    expect(lines[1]!.judges).toEqual([
      { model: 'local:judge-strict', pass: false, score: 0 },
      { model: 'local:judge-kind', pass: true, score: 1 },
    ]);
    ids = Object.fromEntries(lines.map((l) => [l.title as string, l.id as string]));
    // The same answers judged the same way again are not queued twice.
    const again = await cli('run', 'refunds.cases.yaml', '--reporter', 'json', '--out', 'reports');
    expect(again.stderr).not.toContain('queued for a person');
    expect(await queueLines()).toHaveLength(2);
  });

  it('judge-queue list shows what is pending and exits 1 while something is', async () => {
    const list = await cli('judge-queue', 'list');
    expect(list.status).toBe(1);
    expect(list.stdout).toContain(`${ids['Refund within 30 days']}  Refund within 30 days`);
    expect(list.stdout).toContain('judges say fail (score 0.75 vs threshold 1) · queued: near-threshold');
    expect(list.stdout).toContain('not met  Does not ask for card details — the answer asks for the card number');
    expect(list.stdout).toContain('local:judge-kind: met — the answer says so');
    expect(list.stdout).toContain('2 pending, 0 decided (.casewright/judge-queue.jsonl)');
  });

  it('an override becomes the case outcome in last-run.json; a confirmation changes nothing', async () => {
    const before = JSON.parse(await readFile(path.join(dir, '.casewright/last-run.json'), 'utf8')) as {
      cases: Array<{ title: string; outcome: string }>;
    };
    expect(before.cases.find((c) => c.title === 'Refund within 30 days')!.outcome).toBe('failed');
    const override = await cli(
      'judge-queue',
      'override',
      ids['Refund within 30 days']!.slice(0, 6),
      '--note',
      'asking for the card is how refunds work here',
    );
    expect(override.status, override.stderr).toBe(0);
    expect(override.stdout).toContain(`${ids['Refund within 30 days']}: overridden → pass`);
    expect(override.stdout).toContain('.casewright/last-run.json: the case is now passed');
    const after = JSON.parse(await readFile(path.join(dir, '.casewright/last-run.json'), 'utf8')) as {
      summary: { passed: number; failed: number };
      cases: Array<{ title: string; outcome: string; assertions: Array<{ reason: string }> }>;
    };
    const refund = after.cases.find((c) => c.title === 'Refund within 30 days')!;
    expect(refund.outcome).toBe('passed');
    expect(refund.assertions[0]!.reason).toMatch(/^overridden by .+: met \(asking for the card is how refunds work here\)/);
    expect(after.summary).toMatchObject({ passed: 2, failed: 1 });
    // --rerun-failed follows the person: only the ensemble case is run again.
    server.requests.length = 0;
    const rerun = await cli('run', 'refunds.cases.yaml', '--rerun-failed', '--no-cache', '--reporter', 'json', '--out', 'reports');
    expect(rerun.status).toBe(1);
    const asked = server.requests
      .filter((r) => !(r.body as { response_format?: unknown }).response_format)
      .map((r) => (r.body as { messages: Array<{ content: string }> }).messages.at(-1)!.content);
    expect(asked).toEqual(['How do I get my money back?']);

    const confirm = await cli('judge-queue', 'confirm', ids['No card details in the chat']!);
    expect(confirm.stdout).toContain(': confirmed → fail');
    expect(await cli('judge-queue', 'list')).toMatchObject({ status: 0, stdout: expect.stringContaining('0 pending, 2 decided') });
    expect(await cli('judge-queue', 'confirm', 'ffffffffffff')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('no queued judge verdict ffffffffffff in .casewright/judge-queue.jsonl'),
    });
  });

  it("judge-agreement reports Cohen's kappa and the confusion matrix per judge model", async () => {
    const report = await cli('judge-agreement');
    expect(report.status, report.stderr).toBe(0);
    // judge-strict said fail twice: the person said pass once (override) and fail once (confirmed).
    expect(report.stdout).toContain('local:judge-strict: κ = 0.000 over 2 verdicts (agreement 50.0 %, by chance 50.0 %)');
    expect(report.stdout).toContain('  judge: pass            0     0\n  judge: fail            1     1\n');
    // judge-kind said pass where the person said fail.
    expect(report.stdout).toContain('local:judge-kind: κ = 0.000 over 1 verdict');
    const json = JSON.parse((await cli('judge-agreement', '--json')).stdout) as { judges: Array<{ model: string; matrix: number[][] }> };
    expect(json.judges.map((j) => [j.model, j.matrix])).toEqual([
      [
        'local:judge-strict',
        [
          [0, 0],
          [1, 1],
        ],
      ],
      [
        'local:judge-kind',
        [
          [0, 1],
          [0, 0],
        ],
      ],
    ]);
  });

  it('with judgeQueue.calibrationExamples the judge prompt carries the verdicts people decided, as data', async () => {
    server.requests.length = 0;
    await cli('run', 'refunds.cases.yaml', '--reporter', 'json', '--out', 'reports');
    expect(judgePrompts().some((p) => p.includes('How people on this team judged earlier answers'))).toBe(false);
    await writeFile(path.join(dir, 'casewright.config.yaml'), config('judgeQueue: { calibrationExamples: 3 }\n'));
    server.requests.length = 0;
    await cli('run', 'refunds.cases.yaml', '--reporter', 'json', '--out', 'reports');
    const prompt = judgePrompts()[0]!;
    expect(prompt).toContain('How people on this team judged earlier answers');
    expect(prompt).toContain('- Requirement: <data>Does not ask for card details</data>');
    expect(prompt).toContain('  Verdict: <data>met</data> (<data>asking for the card is how refunds work here</data>)');
  });
});
