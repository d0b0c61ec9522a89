import * as vscode from 'vscode';
import type { SecretKeyStore } from '../adapters/secret-key-store.js';
import type { Settings } from '../settings.js';
import type { StatusBar } from '../status-bar.js';
import type { Logger } from '../logger.js';

export const KEY_PROVIDERS = ['openai', 'anthropic', 'google', 'azure', 'jira', 'bigquery'] as const;

/** Set Provider API Key: asks for a provider and a key, stores it in SecretStorage (never in settings). */
export async function setApiKey(keys: SecretKeyStore, log: Logger, provider?: string, secret?: string): Promise<boolean> {
  const listed = await keys.list('user');
  const chosen =
    provider ??
    (
      await vscode.window.showQuickPick(
        KEY_PROVIDERS.map((p) => ({ label: p, description: listed.find((k) => k.provider === p)?.masked ?? 'not set' })),
        { title: 'Casewright: which provider is the key for?', placeHolder: 'jira is the Jira API token' },
      )
    )?.label;
  if (!chosen) return false;
  const value =
    secret ??
    (await vscode.window.showInputBox({
      title: `Casewright: API key for ${chosen}`,
      prompt: 'Stored in the OS keychain through VS Code SecretStorage; never written to settings or logs.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'The key is empty'),
    }));
  if (!value) return false;
  await keys.set(chosen, value, 'user');
  log.info(`stored the ${chosen} key (${(await keys.list('user')).find((k) => k.provider === chosen)?.masked})`);
  void vscode.window.showInformationMessage(`Casewright: the ${chosen} key is stored.`);
  return true;
}

/** Select Model: free `provider:model` text or one of the suggestions; saved to the workspace settings. */
export async function selectModel(settings: Settings, status: StatusBar, model?: string): Promise<string | undefined> {
  const current = settings.read().model;
  const picked =
    model ??
    (
      await vscode.window.showQuickPick(
        [
          { label: '', description: 'offline generator (no provider)' },
          { label: 'openai:gpt-4o-mini' },
          { label: 'anthropic:claude-3-5-haiku-latest' },
          { label: 'google:gemini-2.0-flash' },
          { label: '$(edit) Other…', description: 'type provider:model or an alias from casewright.config.yaml' },
        ],
        { title: `Casewright: model (now ${current || 'offline'})` },
      )
    )?.label;
  if (picked === undefined) return undefined;
  let value = picked;
  if (picked.startsWith('$(edit)')) {
    const typed = await vscode.window.showInputBox({
      title: 'Casewright: model',
      value: current,
      validateInput: (v) =>
        v === '' || /^[\w.-]+(:[\w./:-]+)?$/.test(v) ? undefined : 'Use provider:model, e.g. openai:gpt-4o-mini, or a config alias',
    });
    if (typed === undefined) return undefined;
    value = typed;
  }
  await settings.update('model', value);
  status.setModel(value);
  return value;
}

/** Open in Jira: the issue in the browser, from a key or the settings' site. */
export async function openInJira(settings: Settings, key?: string): Promise<boolean> {
  const site = settings.read().jiraSite;
  if (!site) {
    void vscode.window.showWarningMessage('Casewright: set casewright.jira.site (e.g. https://acme.atlassian.net) to open issues in Jira.');
    return false;
  }
  const issue =
    key ??
    (await vscode.window.showInputBox({
      title: 'Casewright: Jira issue key',
      placeHolder: 'SHOP-123',
      validateInput: (v) => (/^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/.test(v) ? undefined : 'A key such as SHOP-123'),
    }));
  if (!issue) return false;
  return vscode.env.openExternal(vscode.Uri.parse(`${site}/browse/${issue}`));
}
