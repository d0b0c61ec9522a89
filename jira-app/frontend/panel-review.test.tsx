/**
 * Review decisions and similar cases in the issue panel, as a reviewer uses them, through the
 * real @forge/react reconciler, the real resolvers and consumers and the Forge SDKs over the
 * harness (test/servers/forge-app.ts): reject with a reason picked and a note typed key by
 * key, edit a case, accept; the decisions land in the project's decision log in Forge KVS
 * through core's `recordDecision`, which generation reads (`listDecisions` of the project's
 * workspace); a reload shows the review; an admin forgets them. Then a new story's panel lists
 * the project's saved cases similar to its criteria.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learning } from '@casewright/core';
import {
  installBridge,
  button,
  clear,
  field,
  fire,
  submit,
  textOf,
  typeInto,
  waitForText,
  type Bridge,
} from '../../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../../test/servers/forge-app.js';
import { REJECT_REASON_LABELS, REJECT_REASONS } from '../shared/constants.js';

const bridge: Bridge = installBridge();
let app: ForgeApp;
let render: (story: string) => Promise<void>;

beforeAll(async () => {
  app = await startForgeApp({
    jira: {
      projects: [
        { key: 'LRN', issueTypes: ['Story', 'Test'] },
        { key: 'SIM', issueTypes: ['Story', 'Test'] },
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

const addStory = (project: string, summary: string, acceptanceCriteria: string) =>
  app.jira.addIssue({
    project,
    summary,
    description: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: summary }] }] },
    acceptanceCriteria,
  });

/** The project's decision log as generation reads it: core's `listDecisions` of the project's workspace. */
async function projectDecisions(project: string) {
  const ws = await app.deps.workspace('app', await app.deps.store.getSettings(), project);
  return learning.listDecisions(ws);
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('issue panel: review decisions', () => {
  it('offers the same reasons as core', () => {
    expect(REJECT_REASONS).toEqual(learning.REJECT_REASONS);
    expect(REJECT_REASON_LABELS).toEqual(learning.REJECT_REASON_LABELS);
  });

  it("records reject (reason + note), edit (with the diff) and accept in the project's decision log; a reload shows them; an admin forgets them", async () => {
    const key = addStory('LRN', 'Apply a coupon at checkout', '- A valid code lowers the total\n- An expired code shows an error');
    await render(key);
    await waitForText(bridge, (t) => t.includes('Acceptance criteria (2)'));
    await fire(button(bridge.doc, 'Generate'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Preview (2)'));

    // Reject the first: the reason from the list, a note typed key by key; Cancel first changes nothing.
    await fire(button(bridge.doc, 'Reject', 0), 'onClick');
    await waitForText(bridge, (t) => t.includes('Why reject it?'));
    await fire(button(bridge.doc, 'Cancel'), 'onClick');
    await waitForText(bridge, (t) => !t.includes('Why reject it?'));
    expect((await projectDecisions('LRN')).decisions).toEqual([]);
    await fire(button(bridge.doc, 'Reject', 0), 'onClick');
    await waitForText(bridge, (t) => t.includes('Why reject it?'));
    const offered = (field(bridge, 'Select', 'reject-reason')().props.options as Array<{ label: string }>).map((o) => o.label);
    expect(offered).toEqual(REJECT_REASONS.map((r) => REJECT_REASON_LABELS[r]));
    await fire(field(bridge, 'Select', 'reject-reason')(), 'onChange', { label: 'wrong expected result', value: 'wrong-expectation' });
    await typeInto(field(bridge, 'TextArea', 'reject-note'), 'the total drops by the coupon, not to zero');
    await fire(button(bridge.doc, 'Confirm rejection'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Note: the total drops by the coupon, not to zero'));

    // Edit the second: a new title.
    await fire(button(bridge.doc, 'Edit', 1), 'onClick');
    await waitForText(bridge, (t) => t.includes('Editing: '));
    await clear(field(bridge, 'Textfield', 'title'));
    await typeInto(field(bridge, 'Textfield', 'title'), 'Expired coupon is refused');
    await submit(bridge.doc, 'Editing: ');
    await waitForText(bridge, (t) => t.includes('Save to Jira (1)'));

    const log = await until(
      () => projectDecisions('LRN'),
      (l) => l.decisions.length === 2,
      'two decisions',
    );
    expect(log.warnings).toEqual([]);
    expect(log.file).toBe('Forge storage (project LRN)');
    const rejected = log.decisions.find((d) => d.decision === 'rejected')!;
    expect(rejected).toMatchObject({
      reason: 'wrong-expectation',
      note: 'the total drops by the coupon, not to zero',
      by: 'user-1',
      file: key,
      story: key,
      case: { kind: 'manual', generator: 'offline' },
    });
    expect(rejected.case.rule).toBeTruthy();
    const edited = log.decisions.find((d) => d.decision === 'edited')!;
    expect(edited.case.title).toBe('Expired coupon is refused');
    expect(edited.diff).toMatch(/^-title: .+$/m);
    expect(edited.diff).toMatch(/^\+title: Expired coupon is refused$/m);
    // Another project's log is its own.
    expect((await projectDecisions('OTH')).decisions).toEqual([]);

    // A reload shows the review as it was: the rejection's reason and note too.
    await render(key);
    const again = await waitForText(bridge, (t) => t.includes('Preview (2)') && t.includes('Note: '));
    expect(again).toContain('wrong expected result');
    expect(again).toContain('Note: the total drops by the coupon, not to zero');
    expect(again).toContain('Save to Jira (1)');
    // The edited case is ready, the rejected one keeps its status (it is not saved).
    expect(again.match(/status: \w+/g)).toEqual(['status: draft', 'status: ready']);

    // Accepting after a reload is recorded too (the last decision on a case is the one that counts).
    await fire(button(bridge.doc, 'Accept', 0), 'onClick');
    await until(
      () => projectDecisions('LRN'),
      (l) => l.decisions.length === 3,
      'three decisions',
    );

    // The admin forgets them: generation has nothing left to learn from.
    const admin = { accountId: 'admin-1', extension: { type: 'jira:adminPage' } };
    // (Every project's: the other test may have recorded some in SIM.)
    const forgot = await app.call<{ ok: true; data: { forgotten: number } }>('forgetDecisions', {}, admin);
    expect(forgot.data.forgotten).toBeGreaterThanOrEqual(3);
    expect((await projectDecisions('LRN')).decisions).toEqual([]);
  }, 60_000);

  it("shows the project's saved cases similar to a new story's criteria", async () => {
    const first = addStory(
      'SIM',
      'Apply a coupon at checkout',
      '- A valid coupon code lowers the order total\n- An expired coupon code shows an error',
    );
    await render(first);
    await waitForText(bridge, (t) => t.includes('Acceptance criteria (2)'));
    // Nothing saved in the project yet.
    await waitForText(bridge, (t) => t.includes('No similar cases among the 0 other cases of this project.'));
    await fire(button(bridge.doc, 'Generate'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Preview (2)'));
    expect((textOf(bridge.doc).match(/status: draft/g) ?? []).length).toBe(2);
    await fire(button(bridge.doc, 'Accept', 0), 'onClick');
    await fire(button(bridge.doc, 'Accept', 1), 'onClick');
    // Accepted means ready, as `casewright review` writes it — shown at once, and what is saved.
    await waitForText(bridge, (t) => (t.match(/status: ready/g) ?? []).length === 2);
    await fire(button(bridge.doc, 'Save to Jira (2)'), 'onClick');
    await waitForText(bridge, (t) => t.includes('2 created'));
    const saved = [...app.jira.issues.values()].filter((i) => i.fields.summary && i.key !== first && i.key.startsWith('SIM-'));
    expect(saved).toHaveLength(2);
    expect(saved.map((i) => (i.properties.get('casewright-case') as { status: string }).status)).toEqual(['ready', 'ready']);

    const second = addStory(
      'SIM',
      'Coupons in the mobile app',
      '- An expired coupon code is refused with an error in the app\n- Night mode uses a dark theme',
    );
    await render(second);
    const text = await waitForText(bridge, (t) => t.includes('Similar cases in the project') && !t.includes('Loading similar cases'));
    const expired = saved.find((i) => /expired/i.test(String(i.fields.summary)))!;
    // AC-1 finds the first story's expired-coupon case, first; AC-2 (a dark theme) finds nothing alike.
    const ac1 = text.slice(text.lastIndexOf('AC-1: An expired coupon code is refused'), text.lastIndexOf('AC-2: Night mode'));
    expect(ac1).toContain(expired.key);
    expect(ac1).toContain(String(expired.fields.summary));
    expect(ac1).toContain(`from ${first}`);
    expect(text.slice(text.lastIndexOf('AC-2: Night mode'))).toContain('No similar case.');
  }, 60_000);
});
