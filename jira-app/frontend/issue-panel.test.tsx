/**
 * The issue panel rendered by the real @forge/react reconciler; clicks go
 * through @forge/bridge `invoke` to the real resolvers, consumer and Forge SDKs
 * (see test/servers/forge-app.ts). States checked: loading, error, preview,
 * saved, conflict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBridge, button, byName, fire, waitForText, textOf, type Bridge } from '../../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../../test/servers/forge-app.js';

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
    ForgeReconciler.render(<IssuePanel call={callResolver} pollMs={10} />);
  };
});
afterAll(() => app.close());

const STORY = {
  project: 'SHOP',
  summary: 'Apply a coupon at checkout',
  description: {
    type: 'doc',
    version: 1,
    content: [{ type: 'paragraph', content: [{ type: 'text', text: 'As a shopper I can enter a coupon code.' }] }],
  },
  acceptanceCriteria: {
    type: 'doc',
    version: 1,
    content: [
      {
        type: 'bulletList',
        content: ['A valid code lowers the total', 'An expired code shows an error'].map((text) => ({
          type: 'listItem',
          content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
        })),
      },
    ],
  },
};

describe('issue panel', () => {
  it('shows a spinner, then the story; generates, previews with coverage, saves, and reports a conflict', async () => {
    const story = app.jira.addIssue(STORY);
    await render(story);
    expect(textOf(bridge.doc)).toContain('Loading the story…');
    await waitForText(bridge, (t) => t.includes('Acceptance criteria (2)'));
    expect(textOf(bridge.doc)).toContain('AC-2: An expired code shows an error');

    await fire(button(bridge.doc, 'Generate'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Preview (2)'));
    await app.idle();
    const preview = textOf(bridge.doc);
    expect(preview).toContain('AC-1: 1 case');
    expect(preview).toContain('AC-2: 1 case');
    expect(preview).toContain('1. Apply a coupon at checkout. → A valid code lowers the total.');

    // accept the first, edit and accept the second
    await fire(button(bridge.doc, 'Accept', 0), 'onClick');
    await fire(button(bridge.doc, 'Edit', 1), 'onClick');
    await waitForText(bridge, (t) => t.includes('Save edit'));
    const titleField = byName(bridge.doc, 'Textfield', 'title');
    await fire(titleField, 'onChange', { target: { value: 'Expired coupon is refused with a message' } });
    await fire(button(bridge.doc, 'Save edit'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Save to Jira (2)'));
    await fire(button(bridge.doc, 'Save to Jira'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Saved to Jira'));
    expect(textOf(bridge.doc)).toContain('2 created');
    const tests = [...app.jira.issues.values()].filter((i) => (i.fields.issuetype as { name: string }).name === 'Test');
    expect(tests.map((i) => i.fields.summary).sort()).toEqual([
      'A valid code lowers the total',
      'Expired coupon is refused with a message',
    ]);
    await waitForText(bridge, (t) => t.includes('never run') && t.includes(tests[0]!.key));

    // Saving again changes nothing.
    await fire(button(bridge.doc, 'Save to Jira again'), 'onClick');
    await waitForText(bridge, (t) => t.includes('2 unchanged'));

    // Someone edits a case in Jira, the reviewer edits the same case here: a conflict, nothing overwritten.
    const edited = tests.find((i) => i.fields.summary === 'Expired coupon is refused with a message')!;
    app.jira.editIssue(edited.key, { summary: 'Edited in Jira' });
    await fire(button(bridge.doc, 'Edit', 1), 'onClick');
    await fire(byName(bridge.doc, 'Textfield', 'title'), 'onChange', { target: { value: 'Edited in the panel' } });
    await fire(button(bridge.doc, 'Save edit'), 'onClick');
    await fire(button(bridge.doc, 'Save to Jira again'), 'onClick');
    const text = await waitForText(bridge, (t) => t.includes('Saved with conflicts'));
    expect(text).toContain(`Conflict: ${edited.key}`);
    expect(text).toContain('In Jira: "Edited in Jira" · Here: "Edited in the panel"');
    expect(app.jira.issues.get(edited.key)!.fields.summary).toBe('Edited in Jira');
    await waitForText(bridge, (t) => t.includes('edited in Jira'));
  }, 60_000);
});
