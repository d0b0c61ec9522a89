/**
 * Conflicts resolved in the panel against the local Jira, both ways: two saved cases
 * are edited in Jira and in the panel; the save reports both with each side, field by
 * field; the reviewer keeps theirs for one and takes Jira's for the other; saving again
 * writes theirs over Jira's edit, leaves Jira's edit in place and records it as synced,
 * and a further save changes nothing. Real @forge/react reconciler, resolvers,
 * consumers and Forge SDKs (test/servers/forge-app.ts). Also: the panel shows on the
 * story, not on the case issues (the manifest's display conditions, evaluated as Jira's
 * issue view does, and the resolvers' own check).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  installBridge,
  button,
  clear,
  field,
  fire,
  findAll,
  submit,
  textOf,
  typeInto,
  waitForText,
  type Bridge,
} from '../../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../../test/servers/forge-app.js';
import { displayedOn } from '../../test/servers/display-conditions.js';
import { MANIFEST_PATH } from '../../test/servers/manifest.js';

const bridge: Bridge = installBridge();
let app: ForgeApp;
let render: (story: string) => Promise<void>;

beforeAll(async () => {
  app = await startForgeApp();
  const { ForgeReconciler } = await import('./render.js');
  const { IssuePanel } = await import('./issue-panel.js');
  const { callResolver } = await import('../forge-adapters/browser.js');
  render = async (story) => {
    bridge.connect(app.handler as never, {
      accountId: 'user-1',
      extension: { type: 'jira:issuePanel', issue: { key: story }, project: { key: 'SHOP' } },
    });
    ForgeReconciler.render(<IssuePanel call={callResolver} pollMs={10} maxPollMs={100} />);
  };
});
afterAll(() => app.close());

const writesTo = (key: string) => app.jira.calls.filter((c) => c.method === 'PUT' && c.path === `/rest/api/3/issue/${key}`).length;

async function editTitle(index: number, title: string) {
  await fire(button(bridge.doc, 'Edit', index), 'onClick');
  await waitForText(bridge, (t) => t.includes('Editing: '));
  await clear(field(bridge, 'Textfield', 'title'));
  await typeInto(field(bridge, 'Textfield', 'title'), title);
  await submit(bridge.doc, 'Editing: ');
  await waitForText(bridge, (t) => !t.includes('Editing: '));
}

describe('conflicts in the panel', () => {
  it("resolves one conflict by keeping the panel's version and one by taking Jira's", async () => {
    const story = app.jira.addIssue({
      project: 'SHOP',
      summary: 'Apply a coupon at checkout',
      acceptanceCriteria: '- A valid code lowers the total\n- An expired code shows an error',
    });
    await render(story);
    await waitForText(bridge, (t) => t.includes('Acceptance criteria (2)'));
    await fire(button(bridge.doc, 'Generate'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Preview (2)'));
    await fire(button(bridge.doc, 'Accept', 0), 'onClick');
    await fire(button(bridge.doc, 'Accept', 1), 'onClick');
    await waitForText(bridge, (t) => t.includes('Save to Jira (2)'));
    await fire(button(bridge.doc, 'Save to Jira (2)'), 'onClick');
    await waitForText(bridge, (t) => t.includes('2 created'));
    const [a, b] = [...app.jira.issues.values()].filter(
      (i) => (i.properties.get('casewright-case') as { story?: string } | undefined)?.story === story,
    );
    expect([a, b].every(Boolean)).toBe(true);
    const titleA = String(a!.fields.summary);
    const titleB = String(b!.fields.summary);

    // Both edited in Jira and in the panel.
    app.jira.editIssue(a!.key, { summary: `${titleA} (Jira)` });
    app.jira.editIssue(b!.key, { summary: `${titleB} (Jira)` });
    const indexOf = (title: string) =>
      findAll(bridge.doc, (n) => n.type === 'Button' && textOf(n) === 'Edit').findIndex((_, i) =>
        textOf(findAll(bridge.doc, (n) => n.type === 'Box')[i]).includes(title),
      );
    await editTitle(Math.max(0, indexOf(titleA)), `${titleA} (panel)`);
    await editTitle(Math.max(0, indexOf(titleB)), `${titleB} (panel)`);
    const putsA = writesTo(a!.key);
    await fire(button(bridge.doc, 'Save to Jira again'), 'onClick');
    const conflicted = await waitForText(bridge, (t) => t.includes('Saved with conflicts') && t.includes('Changed here and in Jira'));
    // Each side, field by field; nothing overwritten.
    expect(conflicted).toContain(`Here: ${titleA} (panel)`);
    expect(conflicted).toContain(`In Jira: ${titleA} (Jira)`);
    expect(conflicted).toContain(`Here: ${titleB} (panel)`);
    expect(conflicted).toContain(`In Jira: ${titleB} (Jira)`);
    expect(writesTo(a!.key)).toBe(putsA);
    expect(app.jira.issues.get(a!.key)!.fields.summary).toBe(`${titleA} (Jira)`);
    const conflictLinks = findAll(bridge.doc, (n) => n.type === 'Link').map((n) => n.props.href);
    expect(conflictLinks).toEqual(expect.arrayContaining([`/browse/${a!.key}`, `/browse/${b!.key}`]));

    // Keep mine for A, take Jira's for B, save again.
    const sections = findAll(bridge.doc, (n) => n.type === 'SectionMessage' && textOf(n).includes('Changed here and in Jira'));
    const sectionOf = (key: string) => sections.find((s) => findAll(s, (n) => n.type === 'Link' && textOf(n) === key).length > 0)!;
    await fire(findAll(sectionOf(a!.key), (n) => n.type === 'Button' && textOf(n) === 'Keep mine')[0]!, 'onClick');
    await fire(findAll(sectionOf(b!.key), (n) => n.type === 'Button' && textOf(n) === "Take Jira's")[0]!, 'onClick');
    await waitForText(bridge, (t) => t.includes('keeping yours') && t.includes("taking Jira's"));
    await fire(button(bridge.doc, 'Save to Jira again'), 'onClick');
    const resolved = await waitForText(bridge, (t) => t.includes('Saved to Jira') && t.includes('1 updated, 1 unchanged'));
    expect(app.jira.issues.get(a!.key)!.fields.summary).toBe(`${titleA} (panel)`);
    expect(app.jira.issues.get(b!.key)!.fields.summary).toBe(`${titleB} (Jira)`);
    expect(resolved).toContain(`${titleB} (Jira)`); // the panel now shows Jira's version of B

    // Both sides agree now: saving again writes nothing, and the list no longer says "edited in Jira".
    const before = app.jira.calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/search/jql')).length;
    await fire(button(bridge.doc, 'Save to Jira again'), 'onClick');
    await waitForText(bridge, (t) => t.includes('2 unchanged'));
    expect(app.jira.calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/search/jql')).length).toBe(before);
    await waitForText(bridge, (t) => !/\nedited in Jira\n/.test(t));
  }, 60_000);
});

describe('where the panel shows', () => {
  it('shows on stories and the issue types the admin picks, never on the case issues', async () => {
    const manifest = parse(readFileSync(MANIFEST_PATH, 'utf8')) as { modules: Record<string, Array<{ displayConditions?: unknown }>> };
    const conditions = manifest.modules['jira:issuePanel']![0]!.displayConditions;
    const storyKey = app.jira.addIssue({ project: 'SHOP', summary: 'A story', acceptanceCriteria: '- It works' });
    const task = app.jira.addIssue({ project: 'SHOP', issueType: 'Task', summary: 'A task' });
    const bug = app.jira.addIssue({ project: 'SHOP', issueType: 'Bug', summary: 'A bug' });
    const saved = await app.call<{ ok: true; data: Array<{ key: string }> }>(
      'saveCases',
      { cases: [(await import('@casewright/core/testing')).buildManualCase({ title: 'A case' })] },
      { accountId: 'user-1', extension: { type: 'jira:issuePanel', issue: { key: storyKey }, project: { key: 'SHOP' } } },
    );
    const caseKey = saved.data[0]!.key;
    expect(displayedOn(conditions, app.jira, storyKey)).toBe(true);
    expect(displayedOn(conditions, app.jira, caseKey)).toBe(false);
    expect(displayedOn(conditions, app.jira, task)).toBe(false);

    // The admin puts the panel on Tasks and takes it off Stories.
    const admin = { accountId: 'admin-1', extension: { type: 'jira:adminPage' } };
    const view = await app.call<{ ok: true; data: { settings: Record<string, unknown> } }>('getSettings', {}, admin);
    expect(
      (await app.call<{ ok: boolean }>('saveSettings', { settings: { ...view.data.settings, panelIssueTypes: ['Task'] } }, admin)).ok,
    ).toBe(true);
    expect([storyKey, task, bug, caseKey].map((k) => displayedOn(conditions, app.jira, k))).toEqual([false, true, false, false]);
    await app.call('saveSettings', { settings: { ...view.data.settings, panelIssueTypes: ['Story'] } }, admin);
    expect([storyKey, task].map((k) => displayedOn(conditions, app.jira, k))).toEqual([true, false]);

    // Display conditions run in the browser; the resolvers check too.
    await render(caseKey);
    await waitForText(bridge, (t) => t.includes('This issue is a Casewright test case. Open the story it tests'));
  });
});
