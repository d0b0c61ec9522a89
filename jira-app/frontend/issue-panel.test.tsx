/**
 * The issue panel as a reviewer uses it, through the real @forge/react reconciler;
 * clicks go through @forge/bridge `invoke` to the real resolvers, consumers and Forge
 * SDKs (test/servers/forge-app.ts). A case is edited in full (steps added, removed and
 * reordered, data, preconditions, priority, kind, covers), typed key by key; saving is a
 * job; linked keys are links; Jira gets the case priority; JQL finds the cases covering
 * a criterion through the manifest's property index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_PROPERTY_KEY } from '@casewright/core';
import {
  installBridge,
  button,
  clear,
  field,
  fire,
  findAll,
  paste,
  submit,
  textOf,
  typeInto,
  waitForText,
  type Bridge,
  type ForgeDocNode,
} from '../../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../../test/servers/forge-app.js';
import { REVIEW_WORKFLOW } from '../../test/servers/jira-workflow.js';
import type { OrgSettings } from '../shared/api.js';

const bridge: Bridge = installBridge();
let app: ForgeApp;
let render: (story: string) => Promise<void>;

beforeAll(async () => {
  app = await startForgeApp({
    jira: {
      projects: [
        { key: 'SHOP', issueTypes: ['Story', 'Task', 'Bug', 'Test'] },
        { key: 'QA', issueTypes: ['Story', 'Task', 'Test', 'Test Execution', 'Test Plan', 'Precondition'] },
        // A team whose case issues are reviewed before they are Ready; any issue can be retired.
        {
          key: 'REV',
          issueTypes: ['Story', 'Test'],
          workflow: REVIEW_WORKFLOW,
        },
      ],
    },
  });
  const { ForgeReconciler } = await import('./render.js');
  const { IssuePanel } = await import('./issue-panel.js');
  const { callResolver } = await import('../forge-adapters/browser.js');
  render = async (story) => {
    bridge.connect(app.handler as never, {
      accountId: 'user-1',
      extension: { type: 'jira:issuePanel', issue: { key: story }, project: { key: story.split('-')[0]! } },
    });
    ForgeReconciler.render(<IssuePanel call={callResolver} pollMs={10} />);
  };
});
afterAll(() => app.close());

const story = (project = 'SHOP') =>
  app.jira.addIssue({
    project,
    summary: 'Apply a coupon at checkout',
    description: {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'As a shopper I can enter a coupon code.' }] }],
    },
    acceptanceCriteria: '- A valid code lowers the total\n- An expired code shows an error',
  });

/** The case issues saved for one story (tests share the local Jira and run in any order). */
const testIssues = (story: string) =>
  [...app.jira.issues.values()].filter((i) => (i.properties.get(CASE_PROPERTY_KEY) as { story?: string } | undefined)?.story === story);
const links = () => findAll(bridge.doc, (n) => n.type === 'Link').map((n) => [textOf(n), n.props.href]);

/** The first node of `type` within the Box of the step whose heading says `Step n`. */
function stepButton(n: number, label: string): ForgeDocNode {
  const boxes = findAll(
    bridge.doc,
    (b) => b.type === 'Box' && findAll(b, (t) => t.type === 'Text' && textOf(t) === `Step ${n}`).length > 0,
  );
  const found = findAll(boxes.at(-1), (b) => b.type === 'Button' && textOf(b) === label)[0];
  if (!found) throw new Error(`no ${label} for step ${n}`);
  return found;
}

describe('issue panel', () => {
  it('generates, edits a case in full, saves as a job, and shows the saved keys as links', async () => {
    const key = story();
    await render(key);
    expect(textOf(bridge.doc)).toContain('Loading the story…');
    await waitForText(bridge, (t) => t.includes('Acceptance criteria (2)'));
    expect(textOf(bridge.doc)).toContain('AC-2: An expired code shows an error');

    await fire(button(bridge.doc, 'Generate'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Preview (2)'));
    const preview = textOf(bridge.doc);
    expect(preview).toContain('AC-1: 1 case');
    expect(preview).toContain('AC-2: 1 case');
    expect(preview).toContain('offline:rules');

    // Accept the first; edit the second in full.
    await fire(button(bridge.doc, 'Accept', 0), 'onClick');
    await fire(button(bridge.doc, 'Edit', 1), 'onClick');
    await waitForText(bridge, (t) => t.includes('Editing: '));
    await clear(field(bridge, 'Textfield', 'title'));
    await typeInto(field(bridge, 'Textfield', 'title'), 'Expired coupon is refused');
    await fire(button(bridge.doc, 'Add precondition'), 'onClick');
    await typeInto(field(bridge, 'Textfield', 'preconditions.0'), 'A cart with one kettle');
    // Two new steps typed and pasted, the original first step moved to the end and then removed.
    const before = findAll(bridge.doc, (n) => n.type === 'Textfield' && /^steps\.\d+\.action$/.test(String(n.props.name))).length;
    await fire(button(bridge.doc, 'Add step'), 'onClick');
    await typeInto(field(bridge, 'Textfield', `steps.${before}.action`), 'Enter OLD2020 at checkout');
    await paste(field(bridge, 'Textfield', `steps.${before}.data`), 'code OLD2020, expired 2020-12-31');
    await typeInto(field(bridge, 'Textfield', `steps.${before}.expected`), 'An error says the code expired');
    await fire(button(bridge.doc, 'Add step'), 'onClick');
    await typeInto(field(bridge, 'Textfield', `steps.${before + 1}.action`), 'Look at the total');
    await paste(field(bridge, 'Textfield', `steps.${before + 1}.expected`), 'The total is unchanged');
    for (let i = 0; i < before; i++) await fire(stepButton(1, 'Remove'), 'onClick');
    await fire(stepButton(2, 'Up'), 'onClick'); // "Look at the total" first…
    await fire(stepButton(1, 'Down'), 'onClick'); // …and back.
    await fire(field(bridge, 'Select', 'priority')(), 'onChange', { label: 'high', value: 'high' });
    await fire(field(bridge, 'Select', 'covers')(), 'onChange', [
      { label: 'AC-1', value: 'AC-1' },
      { label: 'AC-2', value: 'AC-2' },
    ]);
    await submit(bridge.doc, 'Editing: ');
    await waitForText(bridge, (t) => t.includes('Save to Jira (2)'));
    const edited = textOf(bridge.doc);
    expect(edited).toContain('Given: A cart with one kettle');
    expect(edited).toContain('1. Enter OLD2020 at checkout [code OLD2020, expired 2020-12-31] → An error says the code expired');
    expect(edited).toContain('2. Look at the total → The total is unchanged');

    await fire(button(bridge.doc, 'Save to Jira (2)'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Saved to Jira') && t.includes('2 created'));
    const saved = testIssues(key);
    expect(saved.map((i) => i.fields.summary).sort()).toEqual(['A valid code lowers the total', 'Expired coupon is refused']);
    const expired = saved.find((i) => i.fields.summary === 'Expired coupon is refused')!;
    expect((expired.fields.priority as { name: string }).name).toBe('High');
    expect((expired.fields.issuetype as { name: string }).name).toBe('Test');
    expect(expired.properties.get(CASE_PROPERTY_KEY)).toMatchObject({
      covers: ['AC-1', 'AC-2'],
      case: {
        preconditions: ['A cart with one kettle'],
        steps: [
          { action: 'Enter OLD2020 at checkout', data: 'code OLD2020, expired 2020-12-31', expected: 'An error says the code expired' },
          { action: 'Look at the total', expected: 'The total is unchanged' },
        ],
      },
    });
    await waitForText(bridge, (t) => t.includes('never run') && t.includes(expired.key));
    // Every key on the panel is a link to its issue.
    expect(links()).toEqual(expect.arrayContaining([[expired.key, `/browse/${expired.key}`]]));
    // The review is kept: what was decided, and the edit.
    const panel = { accountId: 'user-1', extension: { type: 'jira:issuePanel', issue: { key }, project: { key: 'SHOP' } } };
    const jobs = await app.call<{ ok: true; data: Array<{ jobId: string; kind: string }> }>('listJobs', {}, panel);
    const jobId = jobs.data.find((j) => j.kind === 'generate')!.jobId;
    expect((await app.deps.store.decisions(jobId)).map((d) => d.decision).sort()).toEqual(['accepted', 'edited']);

    // JQL finds the cases covering AC-2 of this story, through the manifest's index (alias too).
    const search = async (jql: string) =>
      (await (await app.deps.workspace('app', await app.deps.store.getSettings())).jira()).searchAll(jql, { fields: ['summary'] });
    const covering = await app.harness.asResolver('test', 'user-1', () =>
      search(`issue.property[${CASE_PROPERTY_KEY}].covers = "AC-2" AND issue.property[${CASE_PROPERTY_KEY}].story = "${key}"`),
    );
    expect(covering.map((i) => i.key)).toEqual([expired.key]);
    const byAlias = await app.harness.asResolver('test', 'user-1', () =>
      search(`casewrightCovers = "AC-1" AND casewrightStory = "${key}"`),
    );
    expect(byAlias).toHaveLength(2);

    // Saving again changes nothing.
    const writes = () => app.jira.calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/search/jql')).length;
    const w = writes();
    await fire(button(bridge.doc, 'Save to Jira again'), 'onClick');
    await waitForText(bridge, (t) => t.includes('2 unchanged'));
    expect(writes()).toBe(w);
  }, 60_000);

  it("switches a case's kind in the editor and checks each field beside it", async () => {
    const key = story();
    await render(key);
    await waitForText(bridge, (t) => t.includes('Acceptance criteria (2)'));
    await fire(button(bridge.doc, 'Generate'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Preview (2)'));
    await fire(button(bridge.doc, 'Edit', 0), 'onClick');
    await clear(field(bridge, 'Textfield', 'title'));
    await fire(field(bridge, 'Select', 'kind')(), 'onChange', { label: 'conversation', value: 'conversation' });
    await fire(button(bridge.doc, 'Add message'), 'onClick');
    await submit(bridge.doc, 'Editing: ');
    const text = await waitForText(bridge, (t) => t.includes('A case needs a title.'));
    expect(text).toContain('Write the message, or remove it.');
    await typeInto(field(bridge, 'Textfield', 'title'), 'Assistant explains an expired code');
    const last = findAll(bridge.doc, (n) => n.type === 'TextArea' && /^messages\.\d+\.content$/.test(String(n.props.name))).length - 1;
    await typeInto(field(bridge, 'TextArea', `messages.${last}.content`), 'Why was OLD2020 refused?');
    await submit(bridge.doc, 'Editing: ');
    await waitForText(bridge, (t) => t.includes('user: Why was OLD2020 refused?'));
    expect(textOf(bridge.doc)).toContain('conversation');
    await fire(button(bridge.doc, 'Save to Jira (1)'), 'onClick');
    await waitForText(bridge, (t) => t.includes('1 created'));
    const issue = testIssues(key).find((i) => i.fields.summary === 'Assistant explains an expired code')!;
    expect(issue.properties.get(CASE_PROPERTY_KEY)).toMatchObject({ kind: 'conversation' });
  }, 60_000);

  it("moves a saved case's issue to the Jira status the admin mapped, and says so when the workflow has no way there", async () => {
    const admin = { accountId: 'admin-1', extension: { type: 'jira:adminPage' } };
    const settings = async () => (await app.call<{ ok: true; data: { settings: OrgSettings } }>('getSettings', {}, admin)).data.settings;
    const mapped = await app.call<{ ok: boolean }>(
      'saveSettings',
      { settings: { ...(await settings()), statuses: { ready: 'Ready', deprecated: 'Retired' } } },
      admin,
    );
    expect(mapped.ok).toBe(true);
    try {
      const key = story('REV');
      await render(key);
      await waitForText(bridge, (t) => t.includes('Acceptance criteria (2)'));
      await fire(button(bridge.doc, 'Generate'), 'onClick');
      await waitForText(bridge, (t) => t.includes('Preview (2)'));
      for (const [i, status] of (['ready', 'deprecated'] as const).entries()) {
        await fire(button(bridge.doc, 'Edit', i), 'onClick');
        await waitForText(bridge, (t) => t.includes('Editing: '));
        await fire(field(bridge, 'Select', 'status')(), 'onChange', { label: status, value: status });
        await submit(bridge.doc, 'Editing: ');
        await waitForText(bridge, (t) => !t.includes('Editing: '));
      }
      await fire(button(bridge.doc, 'Save to Jira (2)'), 'onClick');
      const text = await waitForText(bridge, (t) => t.includes('2 created'));
      const byStatus = Object.fromEntries(
        testIssues(key).map((i) => [(i.properties.get(CASE_PROPERTY_KEY) as { status: string }).status, i.key]),
      );
      expect([app.jira.statusOf(byStatus.ready!), app.jira.statusOf(byStatus.deprecated!)]).toEqual(['To Do', 'Retired']);
      expect(text).toContain(`The workflow of ${byStatus.ready} has no transition from "To Do" to "Ready"; its status was left as it is.`);
    } finally {
      await app.call('saveSettings', { settings: { ...(await settings()), statuses: {} } }, admin);
    }
  }, 60_000);

  it("does not put cases into Xray's Test type", async () => {
    const key = story('QA');
    await render(key);
    await waitForText(bridge, (t) => t.includes('Acceptance criteria (2)'));
    await fire(button(bridge.doc, 'Generate'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Preview (2)'));
    await fire(button(bridge.doc, 'Accept', 0), 'onClick');
    await fire(button(bridge.doc, 'Save to Jira (1)'), 'onClick');
    await waitForText(bridge, (t) => t.includes('1 created'));
    expect(testIssues(key).map((i) => (i.fields.issuetype as { name: string }).name)).toEqual(['Task']);
  }, 60_000);
});
