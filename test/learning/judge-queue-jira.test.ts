// Deciding judge verdicts on Jira, through core's jobs against the local Jira server (issue
// properties in the shapes of https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-properties/):
// an execution recorded with its run's judge verdicts, overrides and what they do to the case's
// history, the cases where an override cannot apply, and bad ids.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestJiraTransport, executions, learning, openWorkspace, type Workspace } from '@casewright/core';
import { buildCaseResult, buildJudgedCheck, buildRunResult } from '@casewright/core/testing';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';

let jira: JiraServer;
let ws: Workspace;
let dir: string;

beforeAll(async () => {
  jira = await startJiraServer();
  dir = await mkdtemp(path.join(tmpdir(), 'cw-judge-jira-job-'));
  ws = await openWorkspace({
    cwd: dir,
    config: {},
    env: {},
    jiraTransport: createRestJiraTransport({ baseUrl: jira.url, email: 'ci@example.com', apiToken: 'not-checked-here' }),
  });
});
afterAll(async () => {
  await jira.close();
  await rm(dir, { recursive: true, force: true });
});

/** A story with one case issue, and an execution of it whose judge check failed near the threshold. */
async function recorded(id: string) {
  const story = jira.addIssue({ project: 'SHOP', summary: `Story ${id}` });
  const caseKey = jira.addIssue({ project: 'SHOP', issueType: 'Test', summary: `Case ${id}` });
  const caseId = `case-${id}`;
  const result = buildRunResult([buildCaseResult([buildJudgedCheck()], { caseId, file: undefined })]);
  const execution: executions.Execution = {
    schemaVersion: 1,
    id,
    source: 'ci',
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    durationMs: 1000,
    cost: 0,
    summary: executions.summarizeExecution([{ outcome: 'failed' }]),
    cases: [{ caseId, title: 't', kind: 'conversation', jiraKey: caseKey, story, outcome: 'failed', durationMs: 1 }],
  };
  const done = await executions.recordExecution(ws, execution, { pollMs: 5, judge: { result } });
  expect(done.judgeQueued).toBe(1);
  const prop = learning.readJudgeQueueProperty(jira.issues.get(story)!.properties.get(learning.JUDGE_QUEUE_PROPERTY_KEY));
  return { story, caseKey, item: prop.items[0]! };
}
const run = (key: string) =>
  jira.issues.get(key)!.properties.get('casewright-run') as {
    outcome: string;
    flips: number;
    history: Array<{ execution: string; outcome: string; overridden?: { from: string } }>;
  };

describe('deciding judge verdicts on Jira', () => {
  it('an override changes the judged execution once; deciding it again does not override the override', async () => {
    const { story, caseKey, item } = await recorded('exec-a');
    const first = await learning.decideJudgeVerdictOnJira(ws, { story, id: item.id.slice(0, 5), decision: 'overridden', by: 'anna' });
    expect(first.caseOutcome).toEqual({ applied: true, caseKey, outcome: 'passed', before: 'failed' });
    expect(run(caseKey)).toMatchObject({
      outcome: 'passed',
      history: [{ execution: 'exec-a', outcome: 'passed', overridden: { from: 'failed' } }],
    });
    const again = await learning.decideJudgeVerdictOnJira(ws, { story, id: item.id, decision: 'overridden', note: 'still a pass' });
    expect(again.caseOutcome).toMatchObject({ applied: false });
    expect(run(caseKey).history[0]!.overridden!.from).toBe('failed');
    expect(again.property).toMatchObject({ pending: 0, decided: 1, items: [{ decision: { note: 'still a pass' } }] });
  });

  it("an override of an execution that is no longer the case's last changes that entry and recounts the flips, not the last outcome", async () => {
    const { story, caseKey, item } = await recorded('exec-b');
    const later = { ...run(caseKey).history[0]!, execution: 'exec-c', outcome: 'failed' };
    jira.issues
      .get(caseKey)!
      .properties.set('casewright-run', { ...run(caseKey), executionId: 'exec-c', history: [...run(caseKey).history, later] });
    const done = await learning.decideJudgeVerdictOnJira(ws, { story, id: item.id, decision: 'overridden' });
    expect(done.caseOutcome).toMatchObject({ applied: true, outcome: 'passed' });
    expect(run(caseKey)).toMatchObject({ outcome: 'failed', flips: 1, history: [{ outcome: 'passed' }, { outcome: 'failed' }] });
  });

  it('says why when the history no longer holds the execution, and refuses an unknown id', async () => {
    const { story, caseKey, item } = await recorded('exec-d');
    jira.issues.get(caseKey)!.properties.set('casewright-run', { ...run(caseKey), history: [] });
    const done = await learning.decideJudgeVerdictOnJira(ws, { story, id: item.id, decision: 'overridden' });
    expect(done.caseOutcome).toEqual({
      applied: false,
      why: `${caseKey}'s history no longer holds execution exec-d (it keeps the last 30); its outcome was not changed`,
    });
    await expect(learning.decideJudgeVerdictOnJira(ws, { story, id: 'ffffffffffff', decision: 'confirmed' })).rejects.toThrow(
      `no queued judge verdict ffffffffffff on ${story}`,
    );
  });
});
