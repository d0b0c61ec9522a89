// `npm run bench:jira-sync`: pushing cases to Jira and saving them again, against the
// local Jira server (Jira Cloud REST v3 shapes). Figures: wall time and Jira calls for a
// first push of N cases and for a second, unchanged push. Baseline, measured in the same
// run: a naive exporter that for each case searches by case id and then creates or
// updates the issue unconditionally (what a one-way export script does). The ratio that
// matters is writes on an unchanged re-push: ours should make none; new cases are
// created 50 per bulk call, so a first push makes a handful of calls instead of 2 per case.
// Executions (docs/executions.md): recording one of 1,000 cases against a naive per-case read
// and write of the run property, and the project page's analytics query over 10,000 cases and
// 100 recorded executions (goal <= 3 s). The judge queue (docs/learning.md, "In Jira"): the same
// execution recorded again with a run result in which one case in ten has a judge verdict near the
// threshold — the Jira calls it adds and the largest story property it writes (Jira: 32,768 at most).
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createJiraClient,
  createRestJiraTransport,
  CASE_PROPERTY_KEY,
  executions,
  openWorkspace,
  pushCases,
  RUN_PROPERTY_KEY,
  type TestCase,
} from '@casewright/core';
import { caseToFields, caseProperty } from '../core/src/connectors/jira/case-mapping.js';
import { buildCaseResult, buildJudgedCheck, buildManualCase, buildRunResult } from '@casewright/core/testing';
import { startJiraServer } from '../test/servers/jira-server.js';

const N = Number(process.env.BENCH_CASES ?? 100);
const jira = await startJiraServer();
const client = createJiraClient(createRestJiraTransport({ baseUrl: jira.url, email: 'bench@example.com', apiToken: 'bench' }));
const story = jira.addIssue({ project: 'SHOP', summary: 'Bench story' });
const cases = Array.from({ length: N }, (_, i) =>
  buildManualCase({ title: `Case ${i}`, steps: [{ action: `Do ${i}`, expected: `Result ${i}` }] }),
);
const target = { client, story, projectKey: 'SHOP', issueType: { name: 'Test' }, linkType: 'Relates' };

async function measure(run: () => Promise<unknown>) {
  const before = jira.calls.length;
  const t = performance.now();
  await run();
  const calls = jira.calls.slice(before);
  return {
    ms: Math.round(performance.now() - t),
    calls: calls.length,
    writes: calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/search/jql')).length,
  };
}

let pushed: TestCase[] = [];
const firstPush = await measure(async () => {
  pushed = (await pushCases(cases, target)).items.map((i) => i.case);
});
const rePush = await measure(() => pushCases(pushed, target));

// Baseline: naive one-way export into a second story.
const story2 = jira.addIssue({ project: 'SHOP', summary: 'Bench story (naive)' });
async function naive(list: readonly TestCase[]) {
  for (const tc of list) {
    const found = await client.searchAll(`issue.property[${CASE_PROPERTY_KEY}].caseId = "${tc.id}"`, { fields: ['summary'] });
    const prop = caseProperty(tc, { version: tc.version, story: story2, syncedAt: new Date().toISOString() });
    if (found[0]) {
      await client.updateIssue(found[0].key, caseToFields(tc));
      await client.setProperty(found[0].key, CASE_PROPERTY_KEY, prop);
    } else {
      const created = await client.createIssue(
        { project: { key: 'SHOP' }, issuetype: { name: 'Test' }, ...caseToFields(tc) },
        { properties: [{ key: CASE_PROPERTY_KEY, value: prop }] },
      );
      await client.linkIssues({ type: 'Relates', inwardKey: created.key, outwardKey: story2 });
    }
  }
}
const naiveCases = cases.map((c) => ({ ...c, id: crypto.randomUUID() }));
const naiveFirst = await measure(() => naive(naiveCases));
const naiveRePush = await measure(() => naive(naiveCases));
await jira.close();

// Executions: recording one of 1,000 cases (10 stories) against a naive per-case write, then the
// project page's analytics query over 10,000 cases (100 stories) and 100 recorded executions.
const EXEC_CASES = Number(process.env.BENCH_EXECUTION_CASES ?? 1000);
const PROJECT_CASES = Number(process.env.BENCH_PROJECT_CASES ?? 10_000);
const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 100);
const CASES_PER_STORY = 100;
const jira2 = await startJiraServer();
const ws = await openWorkspace({
  cwd: tmpdir(),
  config: {},
  env: {},
  jiraTransport: createRestJiraTransport({ baseUrl: jira2.url, email: 'bench@example.com', apiToken: 'bench' }),
});
const stories: string[] = [];
const caseKeys: Array<{ key: string; id: string; story: string }> = [];
// The case issues as a push leaves them (issue + casewright-case property), added directly: the bench measures executions, not pushes.
for (let s = 0; s < PROJECT_CASES / CASES_PER_STORY; s++) {
  const storyKey = jira2.addIssue({ project: 'SHOP', summary: `Story ${s}` });
  stories.push(storyKey);
  for (let c = 0; c < CASES_PER_STORY; c++) {
    const id = crypto.randomUUID();
    const key = jira2.addIssue({ project: 'SHOP', issueType: 'Test', summary: `Case ${s}.${c}` });
    jira2.issues.get(key)!.properties.set(CASE_PROPERTY_KEY, {
      schema: 1,
      caseId: id,
      version: 1,
      story: storyKey,
      kind: 'manual',
      title: `Case ${s}.${c}`,
      priority: 'medium',
      status: 'ready',
      covers: [`AC-${(c % 5) + 1}`],
      contentHash: 'x',
      fieldsHash: 'x',
      syncedAt: '2026-11-01T00:00:00.000Z',
      case: {},
    });
    caseKeys.push({ key, id, story: storyKey });
  }
}
function execution(n: number, from: number, count: number): executions.Execution {
  const at = new Date(Date.UTC(2026, 10, 1) + n * 3_600_000).toISOString();
  const cases = caseKeys.slice(from, from + count).map((c, i) => ({
    caseId: c.id,
    title: `Case ${c.key}`,
    kind: 'manual' as const,
    jiraKey: c.key,
    story: c.story,
    // A few cases fail now and then (flaky), one in fifty always does.
    outcome: (i % 50 === 0 || (i % 7 === 0 && n % 3 === 0) ? 'failed' : 'passed') as 'failed' | 'passed',
    durationMs: 1200,
  }));
  return {
    schemaVersion: 1,
    id: `bench-${n}`,
    source: 'ci',
    startedAt: at,
    finishedAt: at,
    durationMs: 60_000,
    cost: 0,
    summary: executions.summarizeExecution(cases),
    cases,
  };
}
const recordOne = await measure2(() => executions.recordExecution(ws, execution(0, 0, EXEC_CASES), { pollMs: 10 }));
// The same execution again (it replaces its own entries), now with the run's judge verdicts for a person.
const judgedExecution = execution(0, 0, EXEC_CASES);
const judgeRun = buildRunResult(
  judgedExecution.cases.map((c, i) =>
    buildCaseResult(i % 10 === 0 ? [buildJudgedCheck()] : [], {
      caseId: c.caseId,
      title: c.title,
      file: undefined,
      output: `Answer ${i}: `.repeat(40),
    }),
  ),
);
let judgeQueued = 0;
const recordJudged = await measure2(async () => {
  judgeQueued = (await executions.recordExecution(ws, judgedExecution, { pollMs: 10, judge: { result: judgeRun } })).judgeQueued;
});
const judgeBytes = [...jira2.issues.values()].map((i) =>
  i.properties.has('casewright-judge-queue') ? Buffer.byteLength(JSON.stringify(i.properties.get('casewright-judge-queue'))) : 0,
);
// Naive: per case, read the run property and write it back; per story, the same.
const naiveExecution = execution(1, 0, EXEC_CASES);
const client2 = await ws.jira();
const naiveRecord = await measure2(async () => {
  for (const c of naiveExecution.cases) {
    const old = await client2.getProperty(c.jiraKey!, RUN_PROPERTY_KEY);
    await client2.setProperty(c.jiraKey!, RUN_PROPERTY_KEY, executions.nextRunProperty(old, naiveExecution, c));
  }
  for (const story of new Set(naiveExecution.cases.map((c) => c.story!))) {
    const old = await client2.getProperty(story, executions.EXECUTIONS_PROPERTY_KEY);
    await client2.setProperty(story, executions.EXECUTIONS_PROPERTY_KEY, { old: Boolean(old) });
  }
});
// 100 executions of 1,000 cases each, rotating over the project's 100 stories (10 executions per story).
const seedStart = performance.now();
for (let n = 2; n < EXECUTIONS + 2; n++) {
  const from = ((n * EXEC_CASES) % PROJECT_CASES) as number;
  await executions.recordExecution(ws, execution(n, from, EXEC_CASES), { pollMs: 10 });
}
const seedMs = Math.round(performance.now() - seedStart);
const analytics = await measure2(() => executions.readExecutionAnalytics(ws, { project: 'SHOP' }));
const view = await executions.readExecutionAnalytics(ws, { project: 'SHOP' });
await jira2.close();

async function measure2(run: () => Promise<unknown>) {
  const before = jira2.calls.length;
  const t = performance.now();
  await run();
  const calls = jira2.calls.slice(before);
  return {
    ms: Math.round(performance.now() - t),
    calls: calls.length,
    writes: calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/search/jql')).length,
  };
}

const result = {
  name: 'jira-sync',
  date: new Date().toISOString(),
  cases: N,
  casewright: { firstPush, rePush },
  baseline: { name: 'naive search-then-create/update export', firstPush: naiveFirst, rePush: naiveRePush },
  executions: {
    record: {
      cases: EXEC_CASES,
      casewright: recordOne,
      baseline: { name: 'naive per-case read + write of the run property', ...naiveRecord },
    },
    recordRatio: { calls: +(recordOne.calls / naiveRecord.calls).toFixed(4), time: +(recordOne.ms / naiveRecord.ms).toFixed(3) },
    judgeQueue: {
      verdicts: judgeQueued,
      stories: judgeBytes.filter((b) => b > 0).length,
      casewright: recordJudged,
      baseline: { name: 'the same execution recorded without judge verdicts', ...recordOne },
      extraCalls: recordJudged.calls - recordOne.calls,
      largestPropertyBytes: Math.max(...judgeBytes),
      propertyLimit: 32768,
    },
    analytics: {
      cases: PROJECT_CASES,
      stories: PROJECT_CASES / CASES_PER_STORY,
      executionsRecorded: EXECUTIONS,
      seedMs,
      query: analytics,
      goalMs: 3000,
      withinGoal: analytics.ms <= 3000,
      storiesShown: view.stories.length,
      executionsOverTime: view.overTime.length,
      flakyShown: view.flaky.length,
    },
  },
  ratio: {
    rePushWrites: naiveRePush.writes === 0 ? null : rePush.writes / naiveRePush.writes,
    rePushTime: +(rePush.ms / naiveRePush.ms).toFixed(3),
    firstPushTime: +(firstPush.ms / naiveFirst.ms).toFixed(3),
    firstPushCalls: +(firstPush.calls / naiveFirst.calls).toFixed(3),
  },
  note: 'local Jira server on 127.0.0.1; times include HTTP on loopback only, so they show call counts more than network cost. The local server answers every JQL query by scanning its issues in memory (Jira Cloud uses its index), so the analytics time here bounds the client side plus that scan.',
  loadAverage: (await import('node:os')).loadavg().map((l) => +l.toFixed(2)),
};
const out = path.resolve(import.meta.dirname, 'results', `jira-sync-${result.date.slice(0, 10)}.json`);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
