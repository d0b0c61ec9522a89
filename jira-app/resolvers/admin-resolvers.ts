import { createPromptRegistry, resolveIssueType } from '@casewright/core';
import { OrgSettingsSchema, type KeyInfoView, type ProviderName, type SettingsView } from '../shared/api.js';
import { AppError, type AppDeps, type CallContext } from '../app/deps.js';
import { ORG_SCOPE_ID } from '../app/org-workspace.js';
import { defineResolver, type ResolverFn } from './define.js';

const TEST_MODELS: Record<ProviderName, string> = {
  openai: 'openai:gpt-4o-mini',
  azure: 'azure:gpt-4o-mini',
  anthropic: 'anthropic:claude-3-5-haiku-latest',
  google: 'google:gemini-2.0-flash',
  'openai-compatible': 'openai-compatible:default',
};

/**
 * Admin page resolvers. Each one asks Jira whether the caller is a Jira
 * administrator: the admin page's visibility alone is not a permission check,
 * because any user can invoke a resolver by name.
 */
export function adminResolvers(deps: AppDeps): Record<string, ResolverFn> {
  /** Jira as the person calling (their permissions apply). */
  async function jiraAsUser() {
    return (await deps.workspace('user', await deps.store.getSettings())).jira();
  }
  async function requireAdmin(_ctx: CallContext): Promise<void> {
    const perms = await (await jiraAsUser()).hasPermissions(['ADMINISTER']);
    if (!perms.ADMINISTER) throw new AppError('FORBIDDEN', 'Only Jira administrators can view or change Casewright settings.');
  }
  async function keyViews(): Promise<KeyInfoView[]> {
    return (await deps.keys.list('org', ORG_SCOPE_ID)).map((k) => ({
      provider: k.provider as ProviderName,
      masked: k.masked,
      updatedAt: k.updatedAt,
    }));
  }
  async function view(): Promise<SettingsView> {
    const month = deps.now().toISOString().slice(0, 7);
    return { settings: await deps.store.getSettings(), keys: await keyViews(), spendUsd: await deps.store.getSpend(month), month };
  }
  return {
    getSettings: defineResolver('getSettings', async (_p, ctx) => {
      await requireAdmin(ctx);
      return view();
    }),
    saveSettings: defineResolver('saveSettings', async ({ settings }, ctx) => {
      await requireAdmin(ctx);
      const parsed = OrgSettingsSchema.safeParse(settings);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new AppError('INVALID_INPUT', `${first?.path.join('.') || 'settings'}: ${first?.message ?? 'invalid'}`);
      }
      if (!parsed.data.allowedModels.includes(parsed.data.defaultModel)) parsed.data.allowedModels.unshift(parsed.data.defaultModel);
      // A broken template is refused now (PromptError names the problem), not at the next generation.
      createPromptRegistry({ overrides: parsed.data.promptOverrides as Record<string, string> });
      // So are a link type or an issue type this Jira does not have.
      const jira = await jiraAsUser();
      const linkTypes = await jira.getLinkTypes();
      const wanted = [parsed.data.linkType, ...Object.values(parsed.data.projects).flatMap((p) => (p.linkType ? [p.linkType] : []))];
      for (const name of wanted) {
        if (!linkTypes.some((t) => t.name.toLowerCase() === name.toLowerCase())) {
          throw new AppError('INVALID_INPUT', `Jira has no link type "${name}"; it has: ${linkTypes.map((t) => t.name).join(', ')}`);
        }
      }
      for (const [project, mapping] of Object.entries(parsed.data.projects)) {
        if (mapping.issueType) await resolveIssueType(jira, project, mapping.issueType);
      }
      await deps.store.saveSettings(parsed.data);
      return view();
    }),
    setKey: defineResolver('setKey', async ({ provider, secret }, ctx) => {
      await requireAdmin(ctx);
      await deps.keys.set(provider, secret.trim(), 'org', ORG_SCOPE_ID);
      // Write-only: the answer lists masked suffixes, never the key.
      return keyViews();
    }),
    deleteKey: defineResolver('deleteKey', async ({ provider }, ctx) => {
      await requireAdmin(ctx);
      await deps.keys.delete(provider, 'org', ORG_SCOPE_ID);
      return keyViews();
    }),
    testConnection: defineResolver('testConnection', async ({ provider }, ctx) => {
      await requireAdmin(ctx);
      const settings = await deps.store.getSettings();
      const model = settings.allowedModels.find((m) => m.startsWith(`${provider}:`)) ?? TEST_MODELS[provider];
      if (!(await deps.keys.get(provider, 'org', ORG_SCOPE_ID))) throw new AppError('NO_KEY', `No key is saved for ${provider}.`);
      const router = await (await deps.workspace('user', settings)).router();
      const started = deps.now().getTime();
      const result = await router.generateText({
        model,
        messages: [{ role: 'user', content: 'Reply with the word OK.' }],
        maxOutputTokens: 5,
        cache: false,
      });
      return { model: result.model, latencyMs: Math.max(0, deps.now().getTime() - started), reply: result.text.slice(0, 40) };
    }),
  };
}
