// The text reporters on a fixed run result: what a reader sees in a terminal and in a PR comment.
import { describe, expect, it } from 'vitest';
import type { CaseResult, RunResult } from '../../model/result.js';
import { createConsoleReporter } from './console-reporter.js';
import { markdownReport } from './markdown-reporter.js';
import { junitXml } from './junit-reporter.js';
import { whyNot } from './format.js';
import { prettyJsonPieces } from './write-file.js';

const base = {
  kind: 'conversation' as const,
  file: 'support.cases.yaml',
  suite: 'Support',
  durationMs: 12,
  startedAt: '2026-02-03T07:40:11.000Z',
};
const cases: CaseResult[] = [
  { ...base, caseId: 'a', title: 'Refund | within 30 days', outcome: 'passed', score: 1, assertions: [], latencyMs: 320 },
  {
    ...base,
    caseId: 'b',
    title: 'Hands over to a human',
    outcome: 'failed',
    score: 0.5,
    assertions: [
      { type: 'contains', pass: true, score: 1, reason: 'output contains "agent"', weight: 1 },
      { type: 'contains', pass: false, score: 0, reason: 'output does not contain "[HANDOVER]"', weight: 1 },
    ],
  },
  {
    ...base,
    caseId: 'c',
    title: 'Tracks an order',
    outcome: 'errored',
    score: 0,
    assertions: [],
    error: { code: 'TARGET_HTTP', message: 'HTTP 503' },
  },
  {
    ...base,
    caseId: 'd',
    title: 'Phone order',
    kind: 'manual',
    outcome: 'skipped',
    skipReason: 'manual',
    score: 0,
    assertions: [],
    durationMs: 0,
  },
];
const result: RunResult = {
  schemaVersion: 1,
  runId: 'r',
  startedAt: '2026-02-03T07:40:11.000Z',
  finishedAt: '2026-02-03T07:40:12.000Z',
  summary: {
    total: 4,
    passed: 1,
    failed: 1,
    errored: 1,
    skipped: 1,
    flaky: 0,
    durationMs: 1500,
    cost: 0,
    tokenUsage: { input: 0, output: 0, total: 0 },
  },
  cases,
  baseline: { file: 'main.json', regressions: ['b'], fixes: [], new: ['c'], missing: [] },
};

describe('console reporter', () => {
  it('in CI logs: one line per case, then the table, the failures with reasons, the baseline and the summary', async () => {
    let text = '';
    const reporter = createConsoleReporter({ write: (t) => (text += t), isTty: false });
    await reporter.onRunStart?.({ runId: 'r', startedAt: '', total: 4, repeat: 1, concurrency: 4 });
    for (const [i, c] of cases.entries()) await reporter.onCaseEnd?.(c, i + 1, 4);
    await reporter.onRunEnd?.(result);
    expect(text).toContain('✓ Refund | within 30 days — 320 ms\n');
    expect(text).toContain('✗ Hands over to a human — contains: output does not contain "[HANDOVER]"\n');
    // Manual cases are counted once at the end, not listed one by one.
    expect(text).not.toContain('Phone order');
    expect(text).toContain("Not run here: 1 manual case (run by a person: VS Code's manual-case stepper or Jira)\n");
    expect(text).toMatch(/support\.cases\.yaml\s+4\s+1\s+1\s+1\s+1\s+320 ms\s+–/);
    expect(text).toContain('      TARGET_HTTP: HTTP 503');
    expect(text).toContain('Against main.json: 1 regression(s), 0 fix(es), 1 new, 0 not run\n  ↓ regression: Hands over to a human');
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed, 1 errored, 1 skipped of 4 in 1.5 s');
  });

  it('on a terminal: redraws one progress line in place', async () => {
    const writes: string[] = [];
    const reporter = createConsoleReporter({ write: (t) => void writes.push(t), isTty: true });
    await reporter.onRunStart?.({ runId: 'r', startedAt: '', total: 4, repeat: 1, concurrency: 4 });
    await reporter.onCaseEnd?.(cases[0]!, 1, 4);
    await reporter.onCaseEnd?.(cases[1]!, 2, 4);
    expect(writes[2]).toBe('\r\u001b[2K[████████████░░░░░░░░░░░░] 2/4  ✓1 ✗1 !0 ○0');
  });
});

describe('markdown report', () => {
  it('leads with the verdict, lists what did not pass with reasons (pipes escaped), and the baseline', () => {
    const md = markdownReport(result);
    expect(md.split('\n')[0]).toBe('## Casewright: ❌ 1 passed, 1 failed, 1 errored, 1 skipped of 4');
    expect(md).toContain('| ❌ | Hands over to a human | support.cases.yaml | contains: output does not contain "[HANDOVER]" |');
    expect(md).toContain('| ⚠️ | Tracks an order | support.cases.yaml | TARGET_HTTP: HTTP 503 |');
    expect(md).toContain('- ⬇️ regression: Hands over to a human');
    expect(md).toContain('| ✅ | Refund \\| within 30 days | 1 | 320 ms | – |');
  });
});

describe('junit xml', () => {
  it('escapes markup and drops characters XML forbids', () => {
    const xml = junitXml({ ...result, cases: [{ ...cases[1]!, title: 'A <b>"quoted"</b> & \u0007bell' }] });
    expect(xml).toContain('name="A &lt;b&gt;&quot;quoted&quot;&lt;/b&gt; &amp; bell"');
  });
});

describe('a voice case under several audio conditions', () => {
  it('says which conditions it failed under, not a success rate', () => {
    const voiceCase: CaseResult = {
      ...base,
      caseId: 'v',
      title: 'Refund on the phone',
      outcome: 'failed',
      score: 0.67,
      assertions: [{ type: 'audio-duration', pass: false, score: 0, reason: 'the answer lasts 3.19 s; outside 10..∞ s', weight: 1 }],
      successRate: 0.667,
      flaky: false,
      conditions: [
        { condition: 'clean', outcome: 'passed', score: 1 },
        { condition: 'phone', outcome: 'failed', score: 0 },
        { condition: 'noisy', outcome: 'passed', score: 1 },
      ],
    };
    expect(whyNot(voiceCase)).toBe('audio-duration: the answer lasts 3.19 s; outside 10..∞ s — under phone; passed under clean, noisy');
  });
});

describe('json report pieces', () => {
  it('are JSON.stringify(result, null, 2), byte for byte, written case by case', () => {
    expect([...prettyJsonPieces(result as unknown as Record<string, unknown>, 'cases')].join('')).toBe(JSON.stringify(result, null, 2));
    const empty = { ...result, cases: [], baseline: undefined };
    expect([...prettyJsonPieces(empty as unknown as Record<string, unknown>, 'cases')].join('')).toBe(JSON.stringify(empty, null, 2));
  });
});

describe('markdown and console text from untrusted titles', () => {
  it('escapes HTML and shows control characters', async () => {
    const evil = { ...cases[1]!, title: 'A <!-- </details> \u001b[2J title' };
    const md = markdownReport({ ...result, cases: [evil] });
    expect(md).toContain('A &lt;!-- &lt;/details&gt; \\x1B[2J title');
    let text = '';
    const reporter = createConsoleReporter({ write: (t) => (text += t), isTty: false });
    await reporter.onCaseEnd?.(evil, 1, 1);
    expect(text).not.toContain('\u001b[2J');
    expect(text).toContain('\\x1B[2J');
  });
});
