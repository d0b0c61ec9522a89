// `npm run bench:jira-sync`: pushing cases to Jira and saving them again, against the
// local Jira server (Jira Cloud REST v3 shapes). Figures: wall time and Jira calls for a
// first push of N cases and for a second, unchanged push. Baseline, measured in the same
// run: a naive exporter that for each case searches by case id and then creates or
// updates the issue unconditionally (what a one-way export script does). The ratio that
// matters is writes on an unchanged re-push: ours should make none; new cases are
// created 50 per bulk call, so a first push makes a handful of calls instead of 2 per case.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createJiraClient, createRestJiraTransport, CASE_PROPERTY_KEY, pushCases, type TestCase } from '@casewright/core';
import { caseToFields, caseProperty } from '../core/src/connectors/jira/case-mapping.js';
import { buildManualCase } from '@casewright/core/testing';
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

const result = {
  name: 'jira-sync',
  date: new Date().toISOString(),
  cases: N,
  casewright: { firstPush, rePush },
  baseline: { name: 'naive search-then-create/update export', firstPush: naiveFirst, rePush: naiveRePush },
  ratio: {
    rePushWrites: naiveRePush.writes === 0 ? null : rePush.writes / naiveRePush.writes,
    rePushTime: +(rePush.ms / naiveRePush.ms).toFixed(3),
    firstPushTime: +(firstPush.ms / naiveFirst.ms).toFixed(3),
    firstPushCalls: +(firstPush.calls / naiveFirst.calls).toFixed(3),
  },
  note: 'local Jira server on 127.0.0.1; times include HTTP on loopback only, so they show call counts more than network cost',
};
const out = path.resolve(import.meta.dirname, 'results', `jira-sync-${result.date.slice(0, 10)}.json`);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
