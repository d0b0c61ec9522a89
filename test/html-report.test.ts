// The HTML report is one self-contained file: the run result embedded as JSON
// that no output text can break out of, rendered by the page's own script. When
// Debian's chromium is installed, a real headless browser renders the page and
// the test reads the resulting DOM.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlReport, RunResultSchema, type RunResult } from '@casewright/core';

const hostile = '</script><script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">';

const result: RunResult = {
  schemaVersion: 1,
  runId: 'run-1',
  startedAt: '2026-02-03T07:40:11.000Z',
  finishedAt: '2026-02-03T07:40:12.000Z',
  target: 'example-app',
  summary: {
    total: 2,
    passed: 1,
    failed: 1,
    errored: 0,
    skipped: 0,
    flaky: 0,
    durationMs: 1000,
    cost: 0.0042,
    tokenUsage: { input: 10, output: 5, total: 15 },
  },
  cases: [
    {
      caseId: 'c1',
      title: 'Answers with the refund window',
      kind: 'conversation',
      file: 'examples/a.cases.yaml',
      outcome: 'failed',
      score: 0,
      output: hostile,
      expected: 'Refunds are possible within 30 days.',
      input: [{ role: 'user', content: 'Can I get a refund?' }],
      assertions: [
        {
          type: 'llm-judge',
          pass: false,
          score: 0,
          reason: 'judge openai:gpt-4o-mini: 0/1 requirements met',
          weight: 1,
          verdicts: [{ requirement: 'States the 30-day window', pass: false, reason: 'it does not mention 30 days' }],
          cost: 0.0042,
        },
      ],
      durationMs: 10,
      latencyMs: 320,
      cost: 0.0042,
      startedAt: '2026-02-03T07:40:11.000Z',
    },
    {
      caseId: 'c2',
      title: 'Greets the customer',
      kind: 'conversation',
      outcome: 'passed',
      score: 1,
      output: 'Hello!',
      assertions: [],
      durationMs: 5,
      startedAt: '2026-02-03T07:40:11.000Z',
    },
  ],
};

function chromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser']) {
    if (spawnSync('which', [name]).status === 0) return name;
  }
  return undefined;
}

describe('the HTML report', () => {
  const html = htmlReport(result);

  it('embeds the run result so that it parses back unchanged and no text closes the script tag', () => {
    const json = /<script type="application\/json" id="run-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(json).not.toContain('</script');
    expect(RunResultSchema.parse(JSON.parse(json))).toEqual(result);
  });

  it('loads nothing from the network', () => {
    expect(html).not.toMatch(/<(link|script)[^>]+(href|src)=/);
  });

  it.skipIf(!chromium())('renders in a real browser: filters, failure reason, judge verdicts, and hostile output shown as text', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'casewright-html-')), 'report.html');
    writeFileSync(file, html);
    const dom = execFileSync(chromium()!, ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', `file://${file}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 60_000,
    });
    expect(dom).toContain('<title>Casewright report — 1/2 passed</title>');
    expect(dom).toContain('failed (1)');
    expect(dom).toContain('llm-judge: judge openai:gpt-4o-mini: 0/1 requirements met');
    // The failed case opens itself: its verdicts and the escaped hostile output are in the DOM as text.
    expect(dom).toContain('✗ States the 30-day window — it does not mention 30 days');
    expect(dom).toContain('&lt;/script&gt;&lt;script&gt;document.title="pwned"&lt;/script&gt;');
    expect(dom).not.toContain('<img src="x"');
  });
});
