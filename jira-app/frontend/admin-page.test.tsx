/**
 * The admin page as an admin uses it, through the real @forge/react reconciler and
 * the real resolvers over the Forge SDKs (test/servers/forge-app.ts): every field is
 * typed into key by key or pasted, lists are built row by row, choices are picked,
 * and what lands in Forge KVS is exactly what was typed. Hosts the manifest does not
 * declare are allowed through @forge/bridge's customer-managed egress, as Forge asks
 * the admin to confirm. Every admin resolver refuses a non-admin, as asked of Jira as
 * that user (asApp would have said yes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { startOpenAIServer } from '../../test/servers/openai-server.js';
import type { OrgSettings } from '../shared/api.js';

const bridge: Bridge = installBridge();
let app: ForgeApp;
let render: () => Promise<void>;

beforeAll(async () => {
  app = await startForgeApp({
    jira: {
      projects: [
        { key: 'SHOP', issueTypes: ['Story', 'Task', 'Bug', 'Test'] },
        { key: 'QA', issueTypes: ['Story', 'Task', 'Test', 'Test Execution', 'Test Plan', 'Precondition'] },
      ],
    },
  });
  const { ForgeReconciler } = await import('./render.js');
  const { AdminPage } = await import('./admin-page.js');
  const { allowEgressHost, callResolver } = await import('../forge-adapters/browser.js');
  render = async () => {
    bridge.connect(app.handler as never, { accountId: 'admin-1', extension: { type: 'jira:adminPage' } });
    ForgeReconciler.render(<AdminPage call={callResolver} allowHost={allowEgressHost} />);
    await waitForText(bridge, (t) => t.includes('Provider keys') && t.includes('Save settings'));
  };
});
afterAll(() => app.close());

const stored = () => app.harness.kvs.get('settings:org') as OrgSettings | undefined;
const value = (name: string, type = 'Textfield') => field(bridge, type, name)().props.value;

/** The button labelled `label` in the same row as the field named `name`. */
function rowButton(name: string, label: string): ForgeDocNode {
  // The innermost row (Inline) holding the field.
  const rows = findAll(bridge.doc, (n) => n.type === 'Inline' && findAll(n, (c) => c.props.name === name).length > 0);
  const found = findAll(rows.at(-1), (n) => n.type === 'Button' && textOf(n) === label)[0];
  if (!found) throw new Error(`no ${label} beside ${name}`);
  return found;
}

async function pick(name: string, picked: unknown) {
  await fire(field(bridge, 'Select', name)(), 'onChange', picked);
  await new Promise((r) => setTimeout(r, 0));
}

describe('admin page', () => {
  it('saves exactly what the admin typed, key by key and pasted, and shows it back after a reload', async () => {
    await render();
    const untouched = JSON.stringify(stored());
    expect(value('allowedModels.0')).toBe('offline:rules');

    // Models, one row each: typed key by key, pasted.
    await fire(button(bridge.doc, 'Add model'), 'onClick');
    await typeInto(field(bridge, 'Textfield', 'allowedModels.1'), 'openai:gpt-4o');
    await fire(button(bridge.doc, 'Add model'), 'onClick');
    await paste(field(bridge, 'Textfield', 'allowedModels.2'), 'anthropic:claude-3-5-haiku-latest');
    expect([value('allowedModels.0'), value('allowedModels.1'), value('allowedModels.2')]).toEqual([
      'offline:rules',
      'openai:gpt-4o',
      'anthropic:claude-3-5-haiku-latest',
    ]);
    await pick('defaultModel', { label: 'openai:gpt-4o', value: 'openai:gpt-4o' });

    // The fallback chain, in order; the second moved up.
    await fire(button(bridge.doc, 'Add fallback'), 'onClick');
    await typeInto(field(bridge, 'Textfield', 'fallbackChain.0'), 'offline:rules');
    await fire(button(bridge.doc, 'Add fallback'), 'onClick');
    await typeInto(field(bridge, 'Textfield', 'fallbackChain.1'), 'anthropic:claude-3-5-haiku-latest');
    await fire(rowButton('fallbackChain.1', 'Up'), 'onClick');
    expect([value('fallbackChain.0'), value('fallbackChain.1')]).toEqual(['anthropic:claude-3-5-haiku-latest', 'offline:rules']);

    // A budget with a decimal point, typed: 1, 2, ., 5.
    await clear(field(bridge, 'Textfield', 'monthlyBudgetUsd'));
    await typeInto(field(bridge, 'Textfield', 'monthlyBudgetUsd'), '12.5');
    expect(value('monthlyBudgetUsd')).toBe('12.5');

    // Endpoints: Azure's newer host is declared in the manifest; the OpenAI-compatible one is not yet.
    await typeInto(field(bridge, 'Textfield', 'azureEndpoint'), 'https://acme-ai.cognitiveservices.azure.com');
    await paste(field(bridge, 'Textfield', 'compatibleBaseUrl'), 'https://llm.acme.test/v1');

    // Jira: link type, criteria field, priorities, panel issue types, a project mapping.
    await clear(field(bridge, 'Textfield', 'linkType'));
    await typeInto(field(bridge, 'Textfield', 'linkType'), 'Tests');
    await typeInto(field(bridge, 'Textfield', 'acceptanceCriteriaField'), 'Acceptance criteria');
    await pick('priorities.high', { label: 'Highest', value: 'Highest' });
    // Case statuses: deprecated cases go to Done; ready is picked, then cleared (left to Jira).
    expect(findAll(bridge.doc, (n) => n.props.name === 'statuses.deprecated')[0]!.props.options).toEqual(
      ['To Do', 'In Progress', 'Done'].map((s) => ({ label: s, value: s })),
    );
    await pick('statuses.deprecated', { label: 'Done', value: 'Done' });
    await pick('statuses.ready', { label: 'In Progress', value: 'In Progress' });
    await pick('statuses.ready', null);
    await pick('panelIssueTypes', [
      { label: 'Story', value: 'Story' },
      { label: 'Task', value: 'Task' },
    ]);
    await fire(button(bridge.doc, 'Add project'), 'onClick');
    await typeInto(field(bridge, 'Textfield', 'projects.0.key'), 'SHOP');
    await typeInto(field(bridge, 'Textfield', 'projects.0.issueType'), 'Task');
    await paste(field(bridge, 'TextArea', 'promptGenerate'), '');

    // Saving is refused beside the field whose host Forge would block; the admin allows it.
    await submit(bridge.doc, 'Save settings');
    const text = await waitForText(bridge, (t) => t.includes('Some fields need attention'));
    expect(text).toContain('The app may not call llm.acme.test yet: Forge blocks hosts it was not given.');
    expect(JSON.stringify(stored())).toBe(untouched);
    await fire(button(bridge.doc, 'Allow llm.acme.test'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Forge lets the app call llm.acme.test now'));
    expect([...app.harness.egress.values()].flatMap((g) => g.configured.map((c) => c.domain))).toEqual(['llm.acme.test']);

    await submit(bridge.doc, 'Save settings');
    await waitForText(bridge, (t) => t.includes('Settings saved'));
    expect(stored()).toMatchObject({
      allowedModels: ['offline:rules', 'openai:gpt-4o', 'anthropic:claude-3-5-haiku-latest'],
      defaultModel: 'openai:gpt-4o',
      fallbackChain: ['anthropic:claude-3-5-haiku-latest', 'offline:rules'],
      monthlyBudgetUsd: 12.5,
      azure: { endpoint: 'https://acme-ai.cognitiveservices.azure.com' },
      compatibleBaseUrl: 'https://llm.acme.test/v1',
      approvedHosts: ['llm.acme.test'],
      linkType: 'Tests',
      acceptanceCriteriaField: 'Acceptance criteria',
      priorities: { high: 'Highest', medium: 'Medium', low: 'Low' },
      statuses: { deprecated: 'Done' },
      panelIssueTypes: ['Story', 'Task'],
      projects: { SHOP: { issueType: 'Task' } },
      promptOverrides: {},
    });
    // The panel's display condition reads the issue type property the save set.
    const panelFlags = Object.fromEntries(
      [...app.jira.issueTypeProperties].map(([id, props]) => [id, props.get('casewright-panel')]).filter(([, v]) => v !== undefined),
    );
    expect(Object.values(panelFlags).filter((v) => v === true).length).toBeGreaterThanOrEqual(2);

    // A reload shows every value as it was typed.
    await render();
    expect([value('allowedModels.1'), value('allowedModels.2'), value('fallbackChain.0'), value('monthlyBudgetUsd')]).toEqual([
      'openai:gpt-4o',
      'anthropic:claude-3-5-haiku-latest',
      'anthropic:claude-3-5-haiku-latest',
      '12.5',
    ]);
    expect([value('compatibleBaseUrl'), value('projects.0.key'), value('projects.0.issueType'), value('linkType')]).toEqual([
      'https://llm.acme.test/v1',
      'SHOP',
      'Task',
      'Tests',
    ]);
    expect(field(bridge, 'Select', 'defaultModel')().props.value).toEqual({ label: 'openai:gpt-4o', value: 'openai:gpt-4o' });
    expect([field(bridge, 'Select', 'statuses.deprecated')().props.value, field(bridge, 'Select', 'statuses.ready')().props.value]).toEqual(
      [{ label: 'Done', value: 'Done' }, undefined],
    );
  });

  it('says beside each field what is wrong, saves nothing, and maps Jira’s refusals to their field', async () => {
    await render();
    const before = JSON.stringify(stored());
    await fire(button(bridge.doc, 'Add model'), 'onClick');
    const last = findAll(bridge.doc, (n) => n.type === 'Textfield' && String(n.props.name).startsWith('allowedModels.')).length - 1;
    await typeInto(field(bridge, 'Textfield', `allowedModels.${last}`), 'gpt-4o');
    await clear(field(bridge, 'Textfield', 'monthlyBudgetUsd'));
    await typeInto(field(bridge, 'Textfield', 'monthlyBudgetUsd'), '12.505');
    await clear(field(bridge, 'Textfield', 'compatibleBaseUrl'));
    await typeInto(field(bridge, 'Textfield', 'compatibleBaseUrl'), 'http://llm.acme.test/v1');
    await fire(button(bridge.doc, 'Add project'), 'onClick');
    const p = findAll(bridge.doc, (n) => n.type === 'Textfield' && /^projects\.\d+\.key$/.test(String(n.props.name))).length - 1;
    await typeInto(field(bridge, 'Textfield', `projects.${p}.key`), 'shop');
    await submit(bridge.doc, 'Save settings');
    const text = await waitForText(bridge, (t) => t.includes('Some fields need attention'));
    for (const message of [
      'Write provider:model, for example openai:gpt-4o-mini.',
      'Enter an amount in US dollars from 0 to 100000, like 50 or 12.50.',
      'Forge functions call only HTTPS addresses: start it with https://.',
      'A project key in capitals, like SHOP.',
      'Enter the issue type for this project’s cases.',
    ])
      expect(text).toContain(message);
    expect(JSON.stringify(stored())).toBe(before);
    // Each message sits right under its own field.
    const budget = findAll(bridge.doc, (n) => n.type === 'Stack' && n.children.some((c) => c.props.name === 'monthlyBudgetUsd'))[0]!;
    expect(textOf(budget)).toContain('Enter an amount in US dollars');

    // Fixed in place; then Jira refuses a link type it does not have, shown beside the field.
    await fire(rowButton(`allowedModels.${last}`, 'Remove'), 'onClick');
    await clear(field(bridge, 'Textfield', 'monthlyBudgetUsd'));
    await typeInto(field(bridge, 'Textfield', 'monthlyBudgetUsd'), '40');
    await clear(field(bridge, 'Textfield', 'compatibleBaseUrl'));
    await fire(rowButton(`projects.${p}.key`, 'Remove'), 'onClick');
    await clear(field(bridge, 'Textfield', 'linkType'));
    await typeInto(field(bridge, 'Textfield', 'linkType'), 'Verifies');
    await submit(bridge.doc, 'Save settings');
    await waitForText(bridge, (t) => t.includes('Settings not saved'));
    const link = findAll(bridge.doc, (n) => n.type === 'Stack' && n.children.some((c) => c.props.name === 'linkType'))[0]!;
    expect(textOf(link)).toContain('Jira has no link type "Verifies"; it has: Blocks, Relates, Tests');
    expect(JSON.stringify(stored())).toBe(before);

    // A status this Jira's workflows do not have (renamed since, or sent by another client) is refused by name.
    const refused = await app.call<{ ok: false; error: { message: string } }>(
      'saveSettings',
      { settings: { ...stored(), statuses: { ready: 'Approved' } } },
      { accountId: 'admin-1', extension: { type: 'jira:adminPage' } },
    );
    expect(refused.error.message).toBe('statuses.ready: Jira has no status "Approved"; it has: To Do, In Progress, Done');
    expect(JSON.stringify(stored())).toBe(before);
  });

  it('types a key key by key, keeps it write-only, and offers Xray’s Test type only by name', async () => {
    await render();
    await typeInto(field(bridge, 'Textfield', 'key-anthropic'), 'sk-ant-typed-0123456789');
    await submit(bridge.doc, 'Anthropic API key');
    await waitForText(bridge, (t) => t.includes('saved ••••6789'));
    expect(value('key-anthropic')).toBe('');
    expect(bridge.answers.join('\n')).not.toContain('sk-ant-typed-0123456789');
    const options = field(bridge, 'Select', 'panelIssueTypes')().props.options as Array<{ label: string }>;
    expect(options.map((o) => o.label)).toContain('Test (Xray)');
  });

  it('says Forge blocked a model call when the host is no longer allowed, not that the model failed', async () => {
    const llm = await startOpenAIServer({ handler: () => 'OK' });
    try {
      app.harness.route('llm.gone.test', llm.url);
      const admin = { accountId: 'admin-1', extension: { type: 'jira:adminPage' } };
      await app.harness.permissionBridge(
        '__permission__egressSet',
        {
          egresses: [
            {
              key: 'casewright-model-providers',
              description: 'x',
              configured: [{ domain: 'llm.gone.test', type: ['FETCH_BACKEND_SIDE'] }],
            },
          ],
        },
        true,
      );
      const { data } = await app.call<{ ok: true; data: { settings: OrgSettings } }>('getSettings', {}, admin);
      const settings = {
        ...data.settings,
        compatibleBaseUrl: 'https://llm.gone.test/v1',
        approvedHosts: [...data.settings.approvedHosts, 'llm.gone.test'],
      };
      expect((await app.call<{ ok: boolean }>('saveSettings', { settings }, admin)).ok).toBe(true);
      await app.call('setKey', { provider: 'openai-compatible', secret: 'sk-gone-0123456789' }, admin);
      expect(await app.call('testConnection', { provider: 'openai-compatible' }, admin)).toMatchObject({ ok: true });
      // Someone removes the host from the app's egress in Jira's admin screens.
      app.harness.egress.clear();
      expect(await app.call('testConnection', { provider: 'openai-compatible' }, admin)).toEqual({
        ok: false,
        error: {
          code: 'EGRESS_BLOCKED',
          message: expect.stringMatching(/^Forge blocked the call to llm\.gone\.test: the app may not reach that host\./),
        },
      });
      // Leave the settings as found (tests run in any order).
      await app.call('saveSettings', { settings: data.settings }, admin);
    } finally {
      await llm.close();
    }
  });

  it('refuses every admin resolver to a non-admin, asked of Jira as that user', async () => {
    const { adminResolvers } = await import('../resolvers/admin-resolvers.js');
    const payloads: Record<string, unknown> = {
      getSettings: {},
      saveSettings: { settings: {} },
      setKey: { provider: 'openai', secret: 'sk-attacker-key-123' },
      deleteKey: { provider: 'anthropic' },
      testConnection: { provider: 'openai' },
      forgetDecisions: {},
      getExecutionIssueType: { project: 'SHOP' },
      setExecutionIssueType: { project: 'SHOP', issueType: 'Task' },
    };
    const names = Object.keys(adminResolvers(app.deps)).sort();
    expect(names).toEqual(Object.keys(payloads).sort());
    app.jira.setUser('user-3', { admin: false });
    const secrets = JSON.stringify([...app.harness.secrets.entries()]);
    const calls = app.harness.productCalls.length;
    for (const name of names) {
      expect(await app.call(name, payloads[name], { accountId: 'user-3', extension: { type: 'jira:adminPage' } })).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Only Jira administrators can view or change Casewright settings.' },
      });
    }
    expect(JSON.stringify([...app.harness.secrets.entries()])).toBe(secrets);
    // The check asked Jira as the person, never as the app.
    const asked = app.harness.productCalls.slice(calls).filter((c) => c.path === '/rest/api/3/mypermissions');
    expect(asked.map((c) => c.principal)).toEqual(names.map(() => 'user:user-3'));
  });
});
