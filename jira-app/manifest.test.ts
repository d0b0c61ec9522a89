/**
 * manifest.yml: valid for @forge/manifest, clean for @forge/lint (client-side,
 * offline), the modules the app needs, and exactly the scopes its Jira calls need —
 * measured by running every resolver and the consumer against the local Jira
 * server, whose routes and scopes come from the Jira platform REST v3 OpenAPI
 * document.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CASE_PROPERTY_KEY } from '@casewright/core';
import { MANIFEST_PATH, manifestScopes } from '../test/servers/manifest.js';
import { matchOperation } from '../test/servers/jira-openapi.js';
import { startJiraServer, type JiraServer } from '../test/servers/jira-server.js';
import { installForgeHarness, type ForgeHarness } from '../test/servers/forge-harness.js';
import { createForgeDeps } from './app/forge-deps.js';
import { resolverFunctions } from './resolvers/index.js';
import { createConsumers } from './consumers/index.js';
import { GENERATION_QUEUE, SAVE_QUEUE } from './forge-adapters/generation-queue.js';
import { PayloadSchemas } from './shared/api.js';
import { CONFIGURABLE_EGRESS, DECLARED_BACKEND_HOSTS } from './shared/constants.js';

const root = path.resolve(import.meta.dirname, '..');
const manifest = parse(readFileSync(MANIFEST_PATH, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let validation: { success: boolean; errors?: unknown[] };
let lintReport: { files: number; errors: number; results: Array<{ file: string; errors: string[] }> };

beforeAll(async () => {
  const lintRun = new Promise<string>((resolve, reject) =>
    execFile(
      process.execPath,
      ['jira-app/scripts/forge-lint.mjs', 'jira-app/__fixtures__/undeclared-scope.ts'],
      { cwd: root, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    ),
  );
  const { validate } = await import('@forge/manifest');
  const cwd = process.cwd();
  process.chdir(root);
  try {
    validation = (await validate(false)) as typeof validation;
  } finally {
    process.chdir(cwd);
  }
  lintReport = JSON.parse((await lintRun).trim().split('\n').at(-1)!);
}, 300_000);

describe('manifest.yml', () => {
  it('passes @forge/manifest validate()', () => {
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.success).toBe(true);
  });

  it('passes @forge/lint in client-side mode, and lint catches an undeclared scope', () => {
    const appErrors = lintReport.results.filter((r) => !r.file.includes('__fixtures__'));
    expect(appErrors).toEqual([]);
    expect(lintReport.files).toBeGreaterThan(20);
    const fixture = lintReport.results.find((r) => r.file.includes('undeclared-scope'));
    expect(fixture?.errors.join('\n')).toContain('read:jira-user');
  });

  it('declares the UI Kit modules, the queue consumer, the property index and address-object egress', () => {
    const m = manifest.modules;
    expect(m['jira:issuePanel'][0]).toMatchObject({ render: 'native', title: 'Test cases', resolver: { function: 'resolver' } });
    expect(m['jira:adminPage'][0]).toMatchObject({ render: 'native', title: 'Casewright settings' });
    expect(m['jira:projectPage'][0]).toMatchObject({ render: 'native', title: 'Test cases' });
    expect(m.consumer).toEqual([
      expect.objectContaining({ queue: GENERATION_QUEUE, function: 'generation-consumer' }),
      expect.objectContaining({ queue: SAVE_QUEUE, function: 'save-consumer' }),
    ]);
    for (const key of ['generation-consumer', 'save-consumer'])
      expect(m.function.find((f: { key: string }) => f.key === key).timeoutSeconds).toBe(900);
    expect(m['jira:entityProperty'][0]).toMatchObject({ entityType: 'issue', propertyKey: CASE_PROPERTY_KEY });
    expect(m['jira:entityProperty'][0].values.map((v: { path: string }) => v.path)).toEqual(
      expect.arrayContaining(['caseId', 'story', 'priority', 'status', 'covers']),
    );
    for (const entry of manifest.permissions.external.fetch.backend) expect(entry).toEqual({ address: expect.any(String) });
    // The hosts the settings accept without an admin's approval are exactly the manifest's.
    expect(manifest.permissions.external.fetch.backend.map((e: { address: string }) => e.address).sort()).toEqual(
      [...DECLARED_BACKEND_HOSTS].sort(),
    );
    expect(manifest.permissions.external.fetch.backend.map((e: { address: string }) => e.address)).toEqual(
      expect.arrayContaining(['*.cognitiveservices.azure.com', '*.services.ai.azure.com']),
    );
    expect(manifest.permissions.external.configurable?.enabled === true).toBe(CONFIGURABLE_EGRESS);
    // No UI Kit 1 anywhere.
    expect(readFileSync(path.join(root, 'jira-app/package.json'), 'utf8')).not.toContain('@forge/ui"');
  });
});

describe('scopes', () => {
  let jira: JiraServer;
  let harness: ForgeHarness;
  beforeAll(async () => {
    jira = await startJiraServer(); // no scope check: record what the app calls
    harness = installForgeHarness({ jiraUrl: jira.url });
  });
  afterAll(async () => {
    harness.uninstall();
    await jira.close();
  });

  it('are exactly what the app uses: every Jira route it calls, KVS storage, nothing more', async () => {
    const deps = createForgeDeps();
    const fns = resolverFunctions(deps);
    expect(Object.keys(fns).sort()).toEqual(Object.keys(PayloadSchemas).sort());
    const story = jira.addIssue({
      project: 'SHOP',
      summary: 'Story',
      acceptanceCriteria: '- A valid code lowers the total\n- An expired code is refused',
    });
    const panel = { accountId: 'u', extension: { type: 'jira:issuePanel', issue: { key: story }, project: { key: 'SHOP' } } };
    const call = async (name: string, payload: unknown, context: object = panel) => {
      const who = (context as { accountId?: string }).accountId;
      const r = (await harness.asResolver(name, who, () => fns[name]!({ payload, context: context as never }))) as {
        ok: boolean;
        data?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
        error?: unknown;
      };
      expect(r, `${name}: ${JSON.stringify(r.error)}`).toMatchObject({ ok: true });
      return r.data;
    };
    await call('getStory', {});
    const consumers = createConsumers(deps);
    const { jobId } = await call('startGeneration', { kinds: ['manual'], count: 2 });
    await consumers['generation-consumer']!({ body: harness.queued.at(-1)!.body });
    const job = await call('getJob', { jobId });
    await call('recordDecision', { jobId, caseId: job.cases[0].id, decision: 'accepted' });
    await call('recordDecision', { jobId, caseId: job.cases[1].id, decision: 'rejected', reason: 'unclear', note: 'which total?' });
    await call('similarCases', {});
    const saved = await call('saveCases', { cases: job.cases.map((c: { case: unknown }) => c.case) });
    await call('saveCases', { cases: saved.map((s: { case: { case: unknown } }) => s.case.case) });
    const save = await call('startSave', { cases: job.cases.map((c: { case: unknown }) => c.case), fromJob: jobId });
    await consumers['save-consumer']!({ body: harness.queued.at(-1)!.body });
    expect(await call('getJob', { jobId: save.jobId })).toMatchObject({ state: 'done' });
    await call('listJobs', {});
    await call('listStoryCases', {});
    // A failed case, and a bug filed for it from the panel (from the case's recorded history).
    jira.issues.get(saved[0].key)!.properties.set('casewright-run', { outcome: 'failed', runAt: '2026-11-20T10:00:00.000Z' });
    expect(await call('listStoryFailures', {})).toHaveLength(1);
    await call('fileBug', { caseKey: saved[0].key });
    // The Judge review: a verdict `casewright run --jira` queued on the story, overridden.
    const at = '2026-11-27T10:00:00.000Z';
    const caseKey = jira.addIssue({ project: 'SHOP', summary: 'Judged case' });
    jira.issues.get(caseKey)!.properties.set('casewright-run', {
      outcome: 'failed',
      runAt: at,
      executionId: 'e1',
      history: [{ execution: 'e1', at, outcome: 'failed' }],
    });
    const judges = [{ model: 'local:j', pass: false, score: 0.75 }];
    jira.issues.get(story)!.properties.set('casewright-judge-queue', {
      schema: 1,
      pending: 1,
      decided: 0,
      dropped: 0,
      items: [
        {
          ...{ id: '0123456789ab', caseId: 'c1', title: 'Judged case', path: [0], check: 'llm-judge', why: ['near-threshold'] },
          ...{ pass: false, score: 0.75, threshold: 1, judges, verdicts: [], output: 'an answer', runId: 'r1', at, caseKey, story },
          execution: 'e1',
          outcome: 'failed',
          checks: [{ type: 'llm-judge', pass: false, score: 0.75, reason: '3/4 met', weight: 1, threshold: 1, judges }],
        },
      ],
    });
    await call('getJudgeReview', {});
    expect(await call('decideJudgeVerdict', { id: '0123456789ab', decision: 'overridden', note: 'fine' })).toMatchObject({
      caseOutcome: { applied: true, outcome: 'passed' },
    });
    await call(
      'listProjectCases',
      { priority: 'medium' },
      { accountId: 'u', extension: { type: 'jira:projectPage', project: { key: 'SHOP' } } },
    );
    const admin = { accountId: 'a', extension: { type: 'jira:adminPage' } };
    const view = await call('getSettings', {}, admin);
    await call('saveSettings', { settings: { ...view.settings, panelIssueTypes: ['Story', 'Task'] } }, admin);
    await call('setKey', { provider: 'openai', secret: 'sk-scope-test-1234' }, admin);
    await call('deleteKey', { provider: 'openai' }, admin);
    await call('forgetDecisions', {}, admin);
    expect(await call('getExecutionIssueType', { project: 'SHOP' }, admin)).toMatchObject({ issueType: null });
    await call('setExecutionIssueType', { project: 'SHOP', issueType: 'Task' }, admin);

    const used = new Set(jira.calls.flatMap((c) => matchOperation(c.method, c.path)?.op.scopes ?? []));
    const declared = manifestScopes();
    const jiraScopes = declared.filter(
      (s) => s.endsWith(':jira-work') || s.endsWith(':jira-user') || s.endsWith(':jira-configuration') || s.includes(':jira'),
    );
    expect(
      [...used].filter((s) => !declared.includes(s)),
      'used but not declared',
    ).toEqual([]);
    expect(
      jiraScopes.filter((s) => !used.has(s)),
      'declared but not used',
    ).toEqual([]);
    expect(declared.includes('storage:app')).toBe(harness.kvs.size + harness.secrets.size > 0 || harness.queued.length > 0);
    expect(
      declared.filter((s) => !jiraScopes.includes(s) && s !== 'storage:app'),
      'other scopes',
    ).toEqual([]);
  });
});
