/**
 * End to end, as a Jira admin and a reviewer would use the app: the admin saves
 * a provider key and the model settings on the admin page; on a story in the
 * local Jira the reviewer generates through the local OpenAI-compatible server
 * (chat completions with json_schema, https://platform.openai.com/docs/api-reference/chat/create),
 * accepts, saves; issues, links and properties exist; saving again changes
 * nothing; an edit in Jira plus an edit in the panel is a reported conflict.
 * Real @forge/react reconciler, @forge/bridge, resolvers, consumer, @forge/api,
 * @forge/kvs and @forge/events; Forge's runtime is the harness in test/servers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_PROPERTY_KEY } from '@casewright/core';
import { installBridge, button, byName, fire, waitForText, textOf, type Bridge } from '../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../test/servers/forge-app.js';
import { startOpenAIServer, type LocalServer } from '../test/servers/openai-server.js';

const bridge: Bridge = installBridge();
const SECRET = 'sk-local-e2e-0123456789-wxyz';
let app: ForgeApp;
let llm: LocalServer;

// A draft in the shape of core's DraftCaseListSchema (what the generation prompt asks for).
const draft = (title: string, covers: string[], action: string, expected: string) => ({
  kind: 'manual',
  title,
  priority: 'high',
  technique: 'happy-path',
  covers,
  preconditions: ['A cart with one item'],
  steps: [{ action, data: null, expected }],
});

beforeAll(async () => {
  llm = await startOpenAIServer({
    record: true,
    handler: (chat) => {
      if (!chat.jsonSchema) return 'OK'; // the admin page's "Test connection"
      expect(chat.jsonSchema.name).toBe('generated_cases');
      return {
        cases: [
          draft('Valid coupon lowers the total', ['AC-1'], 'Enter SAVE10 at checkout', 'The total drops by 10%'),
          draft('Expired coupon is refused', ['AC-2'], 'Enter OLD2020 at checkout', 'An error says the code expired'),
        ],
      };
    },
  });
  app = await startForgeApp();
});
afterAll(async () => {
  await llm.close();
  await app.close();
});

async function modules() {
  const { ForgeReconciler } = await import('./frontend/render.js');
  const { IssuePanel } = await import('./frontend/issue-panel.js');
  const { AdminPage } = await import('./frontend/admin-page.js');
  const { callResolver } = await import('./forge-adapters/browser.js');
  return { ForgeReconciler, IssuePanel, AdminPage, callResolver };
}

describe('Jira app end to end', () => {
  it('admin settings → generate → review → save → idempotent save → conflict', async () => {
    const { ForgeReconciler, IssuePanel, AdminPage, callResolver } = await modules();

    // 1. The admin saves a key (write-only) and the model settings.
    bridge.connect(app.handler as never, { accountId: 'admin-1', extension: { type: 'jira:adminPage' } });
    ForgeReconciler.render(<AdminPage call={callResolver} />);
    await waitForText(bridge, (t) => t.includes('Provider keys'));
    await fire(byName(bridge.doc, 'Textfield', 'key-openai-compatible'), 'onChange', { target: { value: SECRET } });
    await fire(button(bridge.doc, 'Save key', 4), 'onClick');
    await waitForText(bridge, (t) => t.includes('saved ••••wxyz'));
    expect(byName(bridge.doc, 'Textfield', 'key-openai-compatible').props.value).toBe('');
    await fire(byName(bridge.doc, 'Textfield', 'allowedModels'), 'onChange', {
      target: { value: 'openai-compatible:local-model offline:rules' },
    });
    await fire(byName(bridge.doc, 'Select', 'defaultModel'), 'onChange', { value: 'openai-compatible:local-model' });
    await fire(byName(bridge.doc, 'Textfield', 'compatibleBaseUrl'), 'onChange', { target: { value: `${llm.url}/v1` } });
    await fire(button(bridge.doc, 'Save settings'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Settings saved'));
    await fire(button(bridge.doc, 'Test connection', 4), 'onClick');
    await waitForText(bridge, (t) => t.includes('Connected: openai-compatible:local-model'));
    expect(llm.requests.at(-1)?.headers?.authorization).toBe(`Bearer ${SECRET}`);

    // 2. A reviewer generates on a story.
    const story = app.jira.addIssue({
      project: 'SHOP',
      summary: 'Apply a coupon at checkout',
      description: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Shoppers can enter a coupon code.' }] }],
      },
      acceptanceCriteria: {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'orderedList',
            content: ['A valid code lowers the total', 'An expired code shows an error'].map((text) => ({
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
            })),
          },
        ],
      },
    });
    bridge.connect(app.handler as never, {
      accountId: 'user-2',
      extension: { type: 'jira:issuePanel', issue: { key: story }, project: { key: 'SHOP' } },
    });
    ForgeReconciler.render(<IssuePanel call={callResolver} pollMs={10} />);
    await waitForText(bridge, (t) => t.includes('Acceptance criteria (2)'));
    await fire(button(bridge.doc, 'Generate'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Preview (2)'));
    expect(textOf(bridge.doc)).toContain('openai-compatible:local-model');
    expect(llm.requests.at(-1)?.body).toBeDefined();
    await fire(button(bridge.doc, 'Accept', 0), 'onClick');
    await fire(button(bridge.doc, 'Accept', 1), 'onClick');
    await fire(button(bridge.doc, 'Save to Jira (2)'), 'onClick');
    await waitForText(bridge, (t) => t.includes('2 created'));

    // 3. Issues, links and properties exist.
    const tests = [...app.jira.issues.values()].filter((i) => (i.fields.issuetype as { name: string }).name === 'Test');
    expect(tests.map((t) => t.fields.summary).sort()).toEqual(['Expired coupon is refused', 'Valid coupon lowers the total']);
    for (const t of tests) {
      expect(app.jira.links).toContainEqual(expect.objectContaining({ inward: t.key, outward: story, type: 'Relates' }));
      expect(t.properties.get(CASE_PROPERTY_KEY)).toMatchObject({ schema: 1, story, version: 1, kind: 'manual', priority: 'high' });
    }
    const jobId = [...app.harness.kvs.keys()].find((k) => k.startsWith('job:'))!.slice(4);
    expect((await app.deps.store.decisions(jobId)).map((d) => [d.decision, d.accountId, d.model])).toEqual([
      ['accepted', 'user-2', 'openai-compatible:local-model'],
      ['accepted', 'user-2', 'openai-compatible:local-model'],
    ]);

    // 4. Saving again changes nothing.
    const writes = () => app.jira.calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/search/jql')).length;
    const before = writes();
    await fire(button(bridge.doc, 'Save to Jira again'), 'onClick');
    await waitForText(bridge, (t) => t.includes('2 unchanged'));
    expect(writes()).toBe(before);
    expect([...app.jira.issues.values()].filter((i) => (i.fields.issuetype as { name: string }).name === 'Test')).toHaveLength(2);

    // 5. Edited in Jira and in the panel: a conflict, Jira's edit kept.
    const target = tests.find((t) => t.fields.summary === 'Expired coupon is refused')!;
    app.jira.editIssue(target.key, { summary: 'Expired coupon is refused (Jira edit)' });
    const index =
      textOf(bridge.doc).indexOf('Expired coupon is refused') < textOf(bridge.doc).indexOf('Valid coupon lowers the total') ? 0 : 1;
    await fire(button(bridge.doc, 'Edit', index), 'onClick');
    await fire(byName(bridge.doc, 'Textfield', 'title'), 'onChange', { target: { value: 'Expired coupon is refused (panel edit)' } });
    await fire(button(bridge.doc, 'Save edit'), 'onClick');
    await fire(button(bridge.doc, 'Save to Jira again'), 'onClick');
    const text = await waitForText(bridge, (t) => t.includes('Saved with conflicts'));
    expect(text).toContain(`Conflict: ${target.key}`);
    expect(app.jira.issues.get(target.key)!.fields.summary).toBe('Expired coupon is refused (Jira edit)');

    // No key ever went from the app to the frontend: no resolver answer holds it (only the
    // masked suffix), and the page no longer shows what the admin typed.
    expect(bridge.answers.length).toBeGreaterThan(10);
    expect(bridge.answers.join('\n')).not.toContain(SECRET.slice(0, -4));
    expect(bridge.answers.join('\n')).toContain('••••wxyz');
    expect(JSON.stringify(bridge.doc, (_k, v: unknown) => (typeof v === 'function' ? undefined : v))).not.toContain(SECRET);
  }, 60_000);

  it('refuses admin operations to a non-administrator even when called directly', async () => {
    app.jira.setAdmin(false);
    try {
      const call = (functionKey: string, payload: unknown) =>
        app.handler(
          { call: { functionKey, payload }, context: { accountId: 'user-3', extension: { type: 'jira:adminPage' } } } as never,
          { principal: { accountId: 'user-3' } } as never,
        ) as Promise<{ ok: boolean; error?: { code: string } }>;
      for (const [name, payload] of [
        ['getSettings', {}],
        ['setKey', { provider: 'openai', secret: 'sk-attacker-key-123' }],
        ['testConnection', { provider: 'openai-compatible' }],
      ] as const) {
        expect(await call(name, payload)).toEqual({
          ok: false,
          error: { code: 'FORBIDDEN', message: 'Only Jira administrators can view or change Casewright settings.' },
        });
      }
      expect([...app.harness.secrets.values()]).not.toContain('sk-attacker-key-123');
      expect(await call('setKey', { provider: 'nope', secret: 'x' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    } finally {
      app.jira.setAdmin(true);
    }
    // An admin's mapping is checked against this Jira before it is saved.
    const admin = (functionKey: string, payload: unknown) =>
      app.handler(
        { call: { functionKey, payload }, context: { accountId: 'admin-1', extension: { type: 'jira:adminPage' } } } as never,
        { principal: { accountId: 'admin-1' } } as never,
      ) as Promise<{ ok: boolean; data?: any; error?: { code: string; message: string } }>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const { settings } = (await admin('getSettings', {})).data;
    expect(await admin('saveSettings', { settings: { ...settings, linkType: 'Verifies' } })).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Jira has no link type "Verifies"; it has: Blocks, Relates, Tests' },
    });
    expect(await admin('saveSettings', { settings: { ...settings, projects: { SHOP: { issueType: 'Scenario' } } } })).toMatchObject({
      ok: false,
      error: { code: 'USAGE', message: 'project SHOP has no issue type "Scenario"; it has: Story, Task, Bug, Test' },
    });
    expect(
      await admin('saveSettings', { settings: { ...settings, linkType: 'Tests', projects: { SHOP: { issueType: 'Task' } } } }),
    ).toMatchObject({ ok: true });
    expect(await admin('saveSettings', { settings })).toMatchObject({ ok: true }); // leave them as found (tests run shuffled)
  }, 60_000);
});
