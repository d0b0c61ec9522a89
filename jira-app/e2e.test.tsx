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
import {
  installBridge,
  button,
  clear,
  field,
  fire,
  paste,
  submit,
  typeInto,
  waitForText,
  textOf,
  type Bridge,
} from '../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../test/servers/forge-app.js';
import { startOpenAIServer, type LocalServer } from '../test/servers/openai-server.js';
import { manualDraft } from '../test/servers/llm-drafts.js';

const bridge: Bridge = installBridge();
const SECRET = 'sk-local-e2e-0123456789-wxyz';
let app: ForgeApp;
let llm: LocalServer;

const draft = manualDraft;

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
  const { allowEgressHost, callResolver } = await import('./forge-adapters/browser.js');
  return { ForgeReconciler, IssuePanel, AdminPage, allowEgressHost, callResolver };
}

describe('Jira app end to end', () => {
  it('admin settings → generate → review → save → idempotent save → conflict resolved', async () => {
    const { ForgeReconciler, IssuePanel, AdminPage, allowEgressHost, callResolver } = await modules();
    // The team's OpenAI-compatible server, reachable over HTTPS (here: the local server behind that name).
    app.harness.route('llm.acme.test', llm.url);

    // 1. The admin types a key (write-only) and the model settings, and allows the server's host.
    bridge.connect(app.handler as never, { accountId: 'admin-1', extension: { type: 'jira:adminPage' } });
    ForgeReconciler.render(<AdminPage call={callResolver} allowHost={allowEgressHost} />);
    await waitForText(bridge, (t) => t.includes('Provider keys') && t.includes('Save settings'));
    await paste(field(bridge, 'Textfield', 'key-openai-compatible'), SECRET);
    await submit(bridge.doc, 'OpenAI-compatible server API key');
    await waitForText(bridge, (t) => t.includes('saved ••••wxyz'));
    expect(field(bridge, 'Textfield', 'key-openai-compatible')().props.value).toBe('');
    await fire(button(bridge.doc, 'Add model'), 'onClick');
    await typeInto(field(bridge, 'Textfield', 'allowedModels.1'), 'openai-compatible:local-model');
    await fire(field(bridge, 'Select', 'defaultModel')(), 'onChange', {
      label: 'openai-compatible:local-model',
      value: 'openai-compatible:local-model',
    });
    await typeInto(field(bridge, 'Textfield', 'compatibleBaseUrl'), 'https://llm.acme.test/v1');
    await submit(bridge.doc, 'Save settings');
    await fire(button(bridge.doc, 'Allow llm.acme.test'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Forge lets the app call llm.acme.test now'));
    await submit(bridge.doc, 'Save settings');
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
    ForgeReconciler.render(<IssuePanel call={callResolver} pollMs={10} maxPollMs={100} />);
    await waitForText(bridge, (t) => t.includes('Acceptance criteria (2)'));
    await fire(button(bridge.doc, 'Generate'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Preview (2)'));
    expect(textOf(bridge.doc)).toContain('openai-compatible:local-model');
    expect(llm.requests.at(-1)?.body).toBeDefined();
    await fire(button(bridge.doc, 'Accept', 0), 'onClick');
    await fire(button(bridge.doc, 'Accept', 1), 'onClick');
    await fire(button(bridge.doc, 'Save to Jira (2)'), 'onClick');
    await waitForText(bridge, (t) => t.includes('2 created'));

    // 3. Issues, links and properties exist; the case priority is Jira's priority.
    const tests = [...app.jira.issues.values()].filter((i) => (i.fields.issuetype as { name: string }).name === 'Test');
    expect(tests.map((t) => t.fields.summary).sort()).toEqual(['Expired coupon is refused', 'Valid coupon lowers the total']);
    for (const t of tests) {
      expect(app.jira.links).toContainEqual(expect.objectContaining({ inward: t.key, outward: story, type: 'Relates' }));
      expect(t.properties.get(CASE_PROPERTY_KEY)).toMatchObject({ schema: 1, story, version: 1, kind: 'manual', priority: 'high' });
      expect((t.fields.priority as { name: string }).name).toBe('High');
    }
    const jobId = [...app.harness.kvs.keys()].find((k) => k.startsWith('decision:'))!.split(':')[1]!;
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

    // 5. Edited in Jira and in the panel: a conflict, Jira's edit kept until the reviewer chooses.
    const target = tests.find((t) => t.fields.summary === 'Expired coupon is refused')!;
    app.jira.editIssue(target.key, { summary: 'Expired coupon is refused (Jira edit)' });
    const index =
      textOf(bridge.doc).indexOf('Expired coupon is refused') < textOf(bridge.doc).indexOf('Valid coupon lowers the total') ? 0 : 1;
    await fire(button(bridge.doc, 'Edit', index), 'onClick');
    await clear(field(bridge, 'Textfield', 'title'));
    await typeInto(field(bridge, 'Textfield', 'title'), 'Expired coupon is refused (panel edit)');
    await submit(bridge.doc, 'Editing: ');
    await fire(button(bridge.doc, 'Save to Jira again'), 'onClick');
    const text = await waitForText(bridge, (t) => t.includes('Saved with conflicts'));
    expect(text).toContain('Here: Expired coupon is refused (panel edit)');
    expect(text).toContain('In Jira: Expired coupon is refused (Jira edit)');
    expect(app.jira.issues.get(target.key)!.fields.summary).toBe('Expired coupon is refused (Jira edit)');
    await fire(button(bridge.doc, 'Keep mine'), 'onClick');
    await fire(button(bridge.doc, 'Save to Jira again'), 'onClick');
    await waitForText(bridge, (t) => t.includes('1 updated, 1 unchanged'));
    expect(app.jira.issues.get(target.key)!.fields.summary).toBe('Expired coupon is refused (panel edit)');

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
