import { createKeyResolver, createRouter, type BudgetLedger, type KeyStore, type ModelRouter } from '@casewright/core';
import type { OrgSettings } from '../shared/api.js';
import type { AppStore } from '../forge-adapters/app-store.js';
import { watchEgress } from './egress.js';

/** The org's router, and the hosts Forge refused to let it call (see `watchEgress`). */
export type OrgRouter = ModelRouter & { blockedHosts(): string[] };

/** The org's keys live at scope `org` with this id. */
export const ORG_SCOPE_ID = 'default';

/**
 * Builds core's router from the admin's settings: one provider per vendor the
 * app supports, the default model with its fallback chain, the monthly budget
 * (spend kept in KVS), keys from the KVS secret store.
 */
export async function createOrgRouter(
  settings: OrgSettings,
  keys: KeyStore,
  store: AppStore,
  fetchImpl?: typeof fetch,
  options: { totalTimeoutMs?: number | undefined; now?: (() => number) | undefined } = {},
): Promise<OrgRouter> {
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
  const resolver = createKeyResolver({ store: siteKeys, env: {} });
  await resolver.preload(Object.keys(providers));
  const egress = watchEgress(fetchImpl);
  const router = createRouter(
    {
      providers,
      models: { generate: { model: settings.defaultModel, fallback: settings.fallbackChain } },
      budgets: { monthlyUsd: settings.monthlyBudgetUsd },
      // Per call 2 minutes; all calls of a job within the job's deadline (the router's total budget).
      router: {
        maxRetries: 2,
        timeoutMs: 120_000,
        ...(options.totalTimeoutMs !== undefined ? { totalTimeoutMs: Math.max(1, Math.floor(options.totalTimeoutMs)) } : {}),
      },
    },
    { keys: resolver, env: {}, ledger, fetch: egress.fetch, ...(options.now ? { now: options.now } : {}) },
  );
  return Object.assign(router, { blockedHosts: egress.blocked });
}
