// runSuites end to end against a scripted app under test on 127.0.0.1 (a real
// HTTP server, called through the real http target): repeats and flakiness,
// shards, grep, baselines, timeouts, errors that never stop the suite,
// multi-turn addressing, assert-sets, weights and thresholds, and stopping on abort.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConversationCase, buildManualCase } from '@casewright/core/testing';
import {
  runSuites,
  type CaseResult,
  type ConversationCase,
  type RunResult,
  type Suite,
  type Target,
  type TestCase,
} from '@casewright/core';
import { compareWithBaseline } from '../core/src/run/baseline.js';
import { createHttpTarget } from '../core/src/run/targets/http-target.js';
import { parseShard, shardCases } from '../core/src/run/select.js';

let server: Server;
let url: string;
const calls = new Map<string, number>();

/** Answers by the last user message: `flaky` alternates, `slow` waits, `boom` is a 500, otherwise echo. */
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { messages } = JSON.parse(body) as { messages: { role: string; content: string }[] };
      const last = messages.at(-1)!.content;
      const n = (calls.get(last) ?? 0) + 1;
      calls.set(last, n);
      const reply = (answer: string) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ answer }));
      };
      if (last === 'boom') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('internal error');
      }
      if (last.startsWith('slow')) return setTimeout(() => reply('late'), 400);
      if (last === 'flaky') return reply(n % 2 === 1 ? 'good answer' : 'bad answer');
      reply(`echo ${messages.filter((m) => m.role === 'user').length}: ${last}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function target(): Target {
  return createHttpTarget({
    name: 'scripted',
    config: { type: 'http', url, responsePath: 'answer', timeoutMs: 5000 },
    baseDir: '.',
    env: {},
  });
}

function conv(
  title: string,
  content: string | { role: 'user' | 'assistant'; content: string }[],
  assert: unknown[],
  extra: Record<string, unknown> = {},
): ConversationCase {
  return buildConversationCase({
    title,
    input: { messages: typeof content === 'string' ? [{ role: 'user', content }] : content },
    expected: { requirements: [], assert: assert as never, ...(extra.expected as object) },
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'expected')),
  });
}

const suite = (cases: TestCase[], name = 'Scripted'): Suite => ({ suite: name, cases }) as Suite;
const run = (cases: TestCase[], options: Partial<Parameters<typeof runSuites>[0]> = {}) =>
  runSuites({ suites: [{ file: 'scripted.cases.yaml', suite: suite(cases) }], target: target(), concurrency: 3, ...options });
const only = (result: RunResult): CaseResult => result.cases[0]!;

describe('outcomes', () => {
  it('records a target error as errored and runs the other cases', async () => {
    const result = await run([
      conv('fails', 'boom', [{ type: 'contains', value: 'x' }]),
      conv('works', 'hi', [{ type: 'contains', value: 'hi' }]),
    ]);
    expect(result.cases.map((c) => c.outcome)).toEqual(['errored', 'passed']);
    expect(result.cases[0]!.error).toEqual({
      code: 'TARGET_HTTP',
      message: `target 'scripted': POST ${url} answered HTTP 500: internal error`,
    });
    expect(result.summary).toMatchObject({ total: 2, passed: 1, errored: 1, failed: 0 });
  });

  it('marks a case that takes longer than the timeout as errored (TIMEOUT)', async () => {
    const result = await run([conv('slow', 'slow please', [{ type: 'contains', value: 'late' }])], { timeoutMs: 100 });
    expect(only(result)).toMatchObject({
      outcome: 'errored',
      error: { code: 'TIMEOUT', message: 'the case did not finish within 100 ms' },
    });
  });

  it('errors on a malformed assertion instead of failing it', async () => {
    const result = await run([conv('bad turn', 'hi', [{ type: 'contains', value: 'hi', turn: 3 }])]);
    expect(only(result)).toMatchObject({
      outcome: 'errored',
      error: { code: 'ASSERTION_CONFIG', message: 'turn 3 does not exist: this case has 1 assistant turn (use 1..1 or -1..-1)' },
    });
  });

  it('errors on a {{var}} the case does not define', async () => {
    const result = await run([conv('var', 'Where is {{order}}?', [{ type: 'contains', value: 'x' }])]);
    expect(only(result)).toMatchObject({
      outcome: 'errored',
      error: { code: 'CASE_VARS', message: "message 1 uses {{order}}, but the case has no var 'order'" },
    });
  });

  it('records a case without a target, or with an unknown one, as errored and runs the rest', async () => {
    const named = conv('named', 'hi', [{ type: 'contains', value: 'hi' }], { target: 'scripted' });
    const result = await runSuites({
      suites: [{ file: 'x.cases.yaml', suite: suite([conv('no target', 'hi', []), conv('typo', 'hi', [], { target: 'scriptd' }), named]) }],
      targets: new Map([['scripted', target()]]),
    });
    expect(result.cases.map((c) => [c.outcome, c.error?.message])).toEqual([
      ['errored', 'the case names no target (set target: on the case, defaults.target in the file, or pass --target)'],
      ['errored', "unknown target 'scriptd'"],
      ['passed', undefined],
    ]);
  });

  it('skips manual and deprecated cases without calling the target', async () => {
    const before = calls.get('deprecated') ?? 0;
    const result = await run([buildManualCase(), conv('old', 'deprecated', [{ type: 'contains', value: 'x' }], { status: 'deprecated' })]);
    expect(result.cases.map((c) => [c.outcome, c.skipReason])).toEqual([
      ['skipped', 'manual'],
      ['skipped', 'deprecated'],
    ]);
    expect(calls.get('deprecated') ?? 0).toBe(before);
  });
});

describe('negation, weights, thresholds and assert-sets', () => {
  it('negates once: not-contains passes when the text is absent and explains the opposite when present', async () => {
    const result = await run([
      conv('neg', 'hello', [
        { type: 'not-contains', value: 'refund' },
        { type: 'not-contains', value: 'hello' },
      ]),
    ]);
    expect(only(result).assertions).toEqual([
      {
        type: 'not-contains',
        pass: true,
        score: 1,
        reason: 'expected the opposite: output does not contain "refund"',
        weight: 1,
        expected: 'refund',
        actual: 'echo 1: hello',
      },
      { type: 'not-contains', pass: false, score: 0, reason: 'expected the opposite: output contains "hello"', weight: 1 },
    ]);
  });

  it('scores by weight and passes at the case threshold', async () => {
    const assert = [
      { type: 'contains', value: 'hello', weight: 3 },
      { type: 'contains', value: 'absent', weight: 1 },
    ];
    const strict = await run([conv('strict', 'hello', assert)]);
    expect(only(strict)).toMatchObject({ outcome: 'failed', score: 0.75 });
    const lenient = await run([conv('lenient', 'hello', assert, { expected: { threshold: 0.7 } })]);
    expect(only(lenient)).toMatchObject({ outcome: 'passed', score: 0.75 });
  });

  it('an assert-set passes only when its children do, and reports them', async () => {
    const result = await run([
      conv('set', 'hello', [
        {
          type: 'assert-set',
          metric: 'greeting',
          assert: [
            { type: 'icontains', value: 'HELLO' },
            { type: 'contains', value: 'bye' },
          ],
        },
      ]),
    ]);
    const set = only(result).assertions[0]!;
    expect(set).toMatchObject({
      type: 'assert-set',
      metric: 'greeting',
      pass: false,
      score: 0.5,
      reason: '1 of 2 checks in the set failed',
    });
    expect(set.children?.map((c) => c.pass)).toEqual([true, false]);
  });

  it('a weight-0 check is reported but does not decide the case', async () => {
    const result = await run([
      conv('metric only', 'hello', [
        { type: 'contains', value: 'hello' },
        { type: 'contains', value: 'nope', weight: 0 },
      ]),
    ]);
    expect(only(result)).toMatchObject({ outcome: 'passed', score: 1 });
  });
});

describe('multi-turn cases', () => {
  it('replays every user turn and lets assertions address any turn', async () => {
    const messages = [
      { role: 'user' as const, content: 'first question' },
      { role: 'assistant' as const, content: 'first answer as written' },
      { role: 'user' as const, content: 'second question' },
    ];
    const result = await run([
      conv('turns', messages, [
        { type: 'contains', value: 'echo 1: first question', turn: 1 },
        { type: 'contains', value: 'echo 2: second question' },
        { type: 'contains', value: 'first', turn: -1 },
      ]),
    ]);
    const c = only(result);
    expect(c.turns?.map((t) => t.output)).toEqual(['echo 1: first question', 'echo 2: second question']);
    expect(c.assertions.map((a) => [a.turn, a.pass])).toEqual([
      [1, true],
      [2, true],
      [2, false],
    ]);
  });
});

describe('--repeat', () => {
  it('gives a success rate and marks a case flaky when its attempts disagree', async () => {
    calls.delete('flaky');
    const result = await run(
      [conv('flaky', 'flaky', [{ type: 'contains', value: 'good' }]), conv('stable', 'stable', [{ type: 'contains', value: 'stable' }])],
      { repeat: 4, concurrency: 1 },
    );
    const [flaky, stable] = result.cases;
    expect(flaky).toMatchObject({ outcome: 'failed', successRate: 0.5, flaky: true });
    expect(flaky!.attempts?.map((a) => a.outcome)).toEqual(['passed', 'failed', 'passed', 'failed']);
    expect(flaky!.output).toBe('bad answer');
    expect(stable).toMatchObject({ outcome: 'passed', successRate: 1, flaky: false });
    expect(result.summary.flaky).toBe(1);
    expect(result.repeat).toBe(4);
  });

  it('passes a flaky case whose success rate reaches --min-success-rate', async () => {
    calls.delete('flaky');
    const result = await run([conv('flaky', 'flaky', [{ type: 'contains', value: 'good' }])], {
      repeat: 4,
      concurrency: 1,
      minSuccessRate: 0.5,
    });
    expect(only(result)).toMatchObject({ outcome: 'passed', successRate: 0.5, flaky: true });
  });
});

describe('selection', () => {
  const many = Array.from({ length: 40 }, (_, i) =>
    conv(`case ${i}`, `q${i}`, [{ type: 'contains', value: `q${i}` }], { tags: [i % 2 ? 'odd' : 'even'] }),
  );

  it('--shard splits deterministically by case id: every case in exactly one shard, sizes within one', () => {
    const parts = [1, 2, 3].map((index) => shardCases(many, { index, count: 3 }).map((c) => c.id));
    expect(parts.flat().sort()).toEqual(many.map((c) => c.id).sort());
    expect(Math.max(...parts.map((p) => p.length)) - Math.min(...parts.map((p) => p.length))).toBeLessThanOrEqual(1);
    // The split does not depend on the order the cases were found in.
    expect(shardCases([...many].reverse(), { index: 2, count: 3 }).map((c) => c.id)).toEqual(parts[1]);
  });

  it('--shard runs only its part', async () => {
    const result = await run(many, { shard: parseShard('2/3') });
    expect(result.cases.map((c) => c.caseId).sort()).toEqual(
      shardCases(many, { index: 2, count: 3 })
        .map((c) => c.id)
        .sort(),
    );
    expect(result.shard).toEqual({ index: 2, count: 3 });
  });

  it('--grep matches title and tags, case-insensitively', async () => {
    expect((await run(many, { grep: 'CASE 1' })).cases.map((c) => c.title).sort()).toEqual(
      ['case 1', ...Array.from({ length: 10 }, (_, i) => `case ${10 + i}`)].sort(),
    );
    expect((await run(many, { grep: 'odd' })).cases).toHaveLength(20);
  });

  it('caseIds runs only the given cases (rerun failed, one case from the editor)', async () => {
    const result = await run(many, { caseIds: [many[3]!.id.toUpperCase()] });
    expect(result.cases.map((c) => c.title)).toEqual(['case 3']);
  });
});

describe('--baseline', () => {
  it('reports regressions, fixes, new cases and cases not run', async () => {
    const [a, b, c, d] = [
      conv('a', 'a', [{ type: 'contains', value: 'a' }]),
      conv('b', 'b', [{ type: 'contains', value: 'zzz' }]),
      conv('c', 'c', [{ type: 'contains', value: 'c' }]),
      conv('d', 'd', [{ type: 'contains', value: 'd' }]),
    ];
    const before = await run([a!, b!, d!]);
    // Now: a regresses (its check changes), b is fixed, c is new, d is not run.
    const a2 = { ...a!, expected: { ...a!.expected, assert: [{ type: 'contains' as const, value: 'nope' }] } } as TestCase;
    const b2 = { ...b!, expected: { ...b!.expected, assert: [{ type: 'contains' as const, value: 'b' }] } } as TestCase;
    const now = await run([a2, b2, c!], { baseline: { result: before, file: 'before.json' } });
    expect(now.baseline).toEqual({ file: 'before.json', regressions: [a!.id], fixes: [b!.id], new: [c!.id], missing: [d!.id] });
    expect(compareWithBaseline(now.cases, before, 'x').regressions).toEqual([a!.id]);
  });
});

describe('abort (Ctrl-C)', () => {
  it('stops scheduling, keeps what finished and reports the rest as interrupted', async () => {
    const controller = new AbortController();
    const cases = Array.from({ length: 6 }, (_, i) => conv(`slow ${i}`, `slow ${i}`, [{ type: 'contains', value: 'late' }]));
    // Aborted once the first case has finished:
    const second: string[] = [];
    const interrupted = await run(cases, {
      concurrency: 1,
      signal: controller.signal,
      reporters: [
        {
          name: 'abort-after-first',
          onCaseEnd: (c) => {
            second.push(c.outcome);
            if (second.length === 1) controller.abort();
          },
        },
      ],
    });
    expect(interrupted.interrupted).toBe(true);
    expect(interrupted.cases[0]!.outcome).toBe('passed');
    expect(
      interrupted.cases.slice(1).every((c) => c.outcome === 'skipped' && c.skipReason === 'interrupted (Ctrl-C) before it finished'),
    ).toBe(true);
    expect(interrupted.cases).toHaveLength(6);
  });
});
