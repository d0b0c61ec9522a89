import { tmpdir } from 'node:os';
import {
  openWorkspace,
  type BudgetLedger,
  type JiraRetryOptions,
  type JiraTransport,
  type KeyStore,
  type Workspace,
} from '@casewright/core';
import type { OrgSettings } from '../shared/api.js';
import type { AppStore } from '../forge-adapters/app-store.js';
import { watchEgress } from './egress.js';

/** Core's workspace for the org, and the hosts Forge refused to let its model calls reach (see `watchEgress`). */
export type OrgWorkspace = Workspace & { blockedHosts(): string[] };

/** The org's keys live at scope `org` with this id. */
export const ORG_SCOPE_ID = 'default';

export interface OrgWorkspaceInput {
  settings: OrgSettings;
  keys: KeyStore;
  store: AppStore;
  /** `requestJira` as the user (their permissions apply) or as the app (background jobs). */
  jira: JiraTransport;
  jiraRetry?: JiraRetryOptions | undefined;
  /** The project the call is about: its issue type and link type come from the settings' project mapping. */
  projectKey?: string | undefined;
  /**
   * The router's total time budget: every model call through this workspace, retries, waits
   * for `Retry-After` and fallbacks included, ends within it (a job's deadline, a resolver's
   * 25 s). Counted from the router's creation (`ws.router()`).
   */
  totalTimeoutMs?: number | undefined;
  fetch?: typeof fetch | undefined;
}

/**
 * Core's workspace for the Jira app: the configuration is built from the admin's settings
 * (one provider per vendor the app supports, the default model with its fallback chain,
 * the monthly budget, the project's issue and link types, the acceptance-criteria field),
 * keys come from the KVS secret store, spend is kept in KVS, there is no disk cache.
 * Model calls go through a fetch that notices Forge's egress refusals (`blockedHosts`).
 */
export async function openOrgWorkspace(input: OrgWorkspaceInput): Promise<OrgWorkspace> {
  const { settings, keys, store } = input;
  const ledger: BudgetLedger = {
    spent: (_org, month) => store.getSpend(month),
    add: async (_org, month, usd) => {
      await store.addSpend(month, usd);
    },
  };
  const providers: Record<
    string,
    { type: 'openai' | 'azure' | 'anthropic' | 'google' | 'openai-compatible'; baseURL?: string; apiVersion?: string }
  > = {
    openai: { type: 'openai' },
    anthropic: { type: 'anthropic' },
    google: { type: 'google' },
  };
  if (settings.azure.endpoint)
    providers.azure = {
      type: 'azure',
      baseURL: settings.azure.endpoint,
      ...(settings.azure.apiVersion ? { apiVersion: settings.azure.apiVersion } : {}),
    };
  if (settings.compatibleBaseUrl) providers['openai-compatible'] = { type: 'openai-compatible', baseURL: settings.compatibleBaseUrl };
  // The app has one key per provider for the whole Jira site (scope org). Core's
  // resolver looks at user -> project -> org -> system; the site key answers as
  // `system`, so no caller needs to pass a scope and nothing else is consulted.
  const siteKeys: KeyStore = {
    get: (provider, scope) => (scope === 'system' ? keys.get(provider, 'org', ORG_SCOPE_ID) : Promise.resolve(undefined)),
    set: () => Promise.reject(new Error('read-only')),
    delete: () => Promise.resolve(false),
    list: () => keys.list('org', ORG_SCOPE_ID),
  };
  const project = input.projectKey ? settings.projects[input.projectKey] : undefined;
  const egress = watchEgress(input.fetch);
  const ws = await openWorkspace({
    cwd: tmpdir(),
    env: {},
    config: {
      providers,
      models: { generate: { model: settings.defaultModel, fallback: settings.fallbackChain } },
      budgets: { monthlyUsd: settings.monthlyBudgetUsd },
      // Per call 2 minutes; all calls within the caller's deadline (the router's total budget).
      router: {
        maxRetries: 2,
        timeoutMs: 120_000,
        ...(input.totalTimeoutMs !== undefined ? { totalTimeoutMs: Math.max(1, Math.floor(input.totalTimeoutMs)) } : {}),
      },
      jira: {
        linkType: project?.linkType ?? settings.linkType,
        ...(project?.issueType ? { issueType: project.issueType } : {}),
        ...(settings.acceptanceCriteriaField ? { acceptanceCriteriaField: settings.acceptanceCriteriaField } : {}),
        priorities: settings.priorities,
        statuses: settings.statuses,
      },
    },
    keyStore: siteKeys,
    ledger,
    cache: false,
    jiraTransport: input.jira,
    jiraRetry: input.jiraRetry,
    // Review decisions live in KVS per project: generation in a project learns from that project's reviews.
    decisionStore: store.decisionLog(input.projectKey),
    fetch: egress.fetch,
  });
  // The masker knows the org's keys from the start, not only those a call has resolved so far.
  ws.secrets.add(...(await storedOrgKeys(keys)));
  return Object.assign(ws, { blockedHosts: egress.blocked });
}

/** The values of the provider keys the org has stored. */
async function storedOrgKeys(keys: KeyStore): Promise<Array<string | undefined>> {
  const stored = await keys.list('org', ORG_SCOPE_ID);
  return Promise.all(stored.map((k) => keys.get(k.provider, 'org', ORG_SCOPE_ID)));
}

/**
 * Core's secret masker over the org's stored provider keys: every message a resolver returns
 * or a job record keeps goes through it, so a Jira or provider message that echoes a key
 * reaches the browser as `***`. (A configuration-only workspace: nothing is opened or called.)
 */
export async function orgSecretMasker(keys: KeyStore): Promise<Workspace['secrets']> {
  const { secrets } = await openWorkspace({ cwd: tmpdir(), env: {}, config: {}, cache: false });
  secrets.add(...(await storedOrgKeys(keys)));
  return secrets;
}

/** What the browser sees when the org's keys cannot be read to mask a message. */
export const UNMASKABLE =
  'Something went wrong in Casewright. Try again; if it keeps failing, ask your Jira administrator to check the app logs.';

/** `message` with the org's keys masked; if the keys cannot be read, a message that carries nothing. */
export async function maskOrgSecrets(keys: KeyStore, message: string): Promise<string> {
  return orgSecretMasker(keys).then(
    (masker) => masker.mask(message),
    () => UNMASKABLE,
  );
}
