import { createPromptRegistry, executions, readJiraSite, resolveIssueType, type JiraClient, type JiraSite } from '@casewright/core';
import {
  OrgSettingsSchema,
  type KeyInfoView,
  type OrgSettings,
  type ProviderName,
  type ExecutionIssueTypeView,
  type SettingsView,
  type SiteView,
} from '../shared/api.js';
import { CONFIGURABLE_EGRESS, DECLARED_BACKEND_HOSTS } from '../shared/constants.js';
import { AppError, type AppDeps, type CallContext } from '../app/deps.js';
import { egressAllowed, egressBlocked, hostOf } from '../app/egress.js';
import { ORG_SCOPE_ID, type OrgWorkspace } from '../app/org-workspace.js';
import { defineResolver, type ResolverFn } from './define.js';
import { createJudgeLog } from '../forge-adapters/judge-log.js';

/** Issue type property read by the issue panel's display conditions (manifest.yml). */
export const PANEL_PROPERTY = 'casewright-panel';

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
  /** Core's workspace as the person calling (their permissions apply), once Jira says they are an administrator. */
  async function asAdmin(_ctx: CallContext): Promise<OrgWorkspace> {
    const ws = await deps.workspace('user', await deps.store.getSettings());
    const perms = await (await ws.jira()).hasPermissions(['ADMINISTER']);
    if (!perms.ADMINISTER) throw new AppError('FORBIDDEN', 'Only Jira administrators can view or change Casewright settings.');
    return ws;
  }
  async function keyViews(): Promise<KeyInfoView[]> {
    return (await deps.keys.list('org', ORG_SCOPE_ID)).map((k) => ({
      provider: k.provider as ProviderName,
      masked: k.masked,
      updatedAt: k.updatedAt,
    }));
  }
  function siteView(site: JiraSite): SiteView {
    const seen = new Set<string>();
    return {
      // One entry per name: team-managed projects each have their own "Story".
      issueTypes: site.issueTypes.filter((t) => !seen.has(t.name) && seen.add(t.name)),
      priorities: site.priorities,
      statuses: site.statuses,
      declaredHosts: [...DECLARED_BACKEND_HOSTS],
      configurableEgress: CONFIGURABLE_EGRESS,
    };
  }
  async function view(site: JiraSite): Promise<SettingsView> {
    const month = deps.now().toISOString().slice(0, 7);
    return {
      settings: await deps.store.getSettings(),
      keys: await keyViews(),
      spendUsd: await deps.store.getSpend(month),
      month,
      site: siteView(site),
    };
  }
  /** Provider URLs must be HTTPS hosts Forge lets the backend reach. */
  function checkHosts(settings: OrgSettings): void {
    const urls: Array<[string, string | undefined]> = [
      ['azure.endpoint', settings.azure.endpoint],
      ['compatibleBaseUrl', settings.compatibleBaseUrl],
    ];
    for (const [field, url] of urls) {
      if (!url) continue;
      if (!url.startsWith('https://'))
        throw new AppError('INVALID_INPUT', `${field}: Forge functions call only HTTPS addresses; ${url} is not one.`);
      if (!egressAllowed(url, settings.approvedHosts))
        throw new AppError(
          'EGRESS_NOT_ALLOWED',
          `${field}: the app may not call ${hostOf(url)}. ` +
            (CONFIGURABLE_EGRESS ? 'Allow the host first (Forge asks you to confirm), or add it to ' : 'Add it to ') +
            "manifest.yml's permissions.external.fetch.backend and redeploy.",
        );
    }
  }
  /** The panel shows on issue types whose `casewright-panel` property is true (manifest.yml's display conditions). */
  async function markPanelTypes(jira: JiraClient, site: JiraSite, before: OrgSettings, after: OrgSettings): Promise<void> {
    const wanted = new Set(after.panelIssueTypes.map((n) => n.toLowerCase()));
    const touched = new Set([...before.panelIssueTypes, ...after.panelIssueTypes, 'Story'].map((n) => n.toLowerCase()));
    for (const t of site.issueTypes) {
      if (!touched.has(t.name.toLowerCase())) continue;
      await jira.setIssueTypeProperty(t.id, PANEL_PROPERTY, wanted.has(t.name.toLowerCase()));
    }
  }
  /**
   * A project's choice of execution issue type: the project's issue types (as `GET
   * /rest/api/3/project/{key}` lists them, sub-tasks left out) and the `casewright.settings`
   * project property, which the CLI and VS Code read too.
   */
  async function executionIssueTypeView(jira: JiraClient, project: string): Promise<ExecutionIssueTypeView> {
    const found = await jira.getProject(project);
    const stored = executions.ProjectSettingsPropertySchema.safeParse(
      await jira.getProjectProperty(project, executions.PROJECT_SETTINGS_PROPERTY_KEY),
    );
    return {
      project,
      issueTypes: found.issueTypes.filter((t) => !t.subtask).map((t) => t.name),
      issueType: (stored.success ? stored.data.executionIssueType : undefined) ?? null,
    };
  }
  return {
    getExecutionIssueType: defineResolver('getExecutionIssueType', async ({ project }, ctx) =>
      executionIssueTypeView(await (await asAdmin(ctx)).jira(), project),
    ),
    setExecutionIssueType: defineResolver('setExecutionIssueType', async ({ project, issueType }, ctx) => {
      const jira = await (await asAdmin(ctx)).jira();
      const before = await executionIssueTypeView(jira, project);
      if (issueType !== null && !before.issueTypes.includes(issueType))
        throw new AppError('INVALID_INPUT', `Project ${project} has no issue type "${issueType}"; it has: ${before.issueTypes.join(', ')}`);
      // Kept beside whatever else the property holds (later settings of the project).
      const stored = await jira.getProjectProperty(project, executions.PROJECT_SETTINGS_PROPERTY_KEY);
      const value = { ...(typeof stored === 'object' && stored !== null ? stored : {}), executionIssueType: issueType };
      await jira.setProjectProperty(project, executions.PROJECT_SETTINGS_PROPERTY_KEY, value);
      return { ...before, issueType };
    }),
    getSettings: defineResolver('getSettings', async (_p, ctx) => view(await readJiraSite(await asAdmin(ctx)))),
    saveSettings: defineResolver('saveSettings', async ({ settings }, ctx) => {
      const ws = await asAdmin(ctx);
      const parsed = OrgSettingsSchema.safeParse(settings);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new AppError('INVALID_INPUT', `${first?.path.join('.') || 'settings'}: ${first?.message ?? 'invalid'}`);
      }
      if (!parsed.data.allowedModels.includes(parsed.data.defaultModel)) parsed.data.allowedModels.unshift(parsed.data.defaultModel);
      checkHosts(parsed.data);
      // A broken template is refused now (PromptError names the problem), not at the next generation.
      createPromptRegistry({ overrides: parsed.data.promptOverrides as Record<string, string> });
      // So are a link type, an issue type, a priority or a status this Jira does not have.
      const jira = await ws.jira();
      const site = await readJiraSite(ws);
      const wanted = [parsed.data.linkType, ...Object.values(parsed.data.projects).flatMap((p) => (p.linkType ? [p.linkType] : []))];
      for (const name of wanted) {
        if (!site.linkTypes.some((t) => t.toLowerCase() === name.toLowerCase())) {
          throw new AppError('INVALID_INPUT', `Jira has no link type "${name}"; it has: ${site.linkTypes.join(', ')}`);
        }
      }
      for (const [project, mapping] of Object.entries(parsed.data.projects)) {
        if (mapping.issueType) await resolveIssueType(jira, project, mapping.issueType);
      }
      for (const [level, name] of Object.entries(parsed.data.priorities)) {
        if (!site.priorities.includes(name))
          throw new AppError('INVALID_INPUT', `priorities.${level}: Jira has no priority "${name}"; it has: ${site.priorities.join(', ')}`);
      }
      for (const [status, name] of Object.entries(parsed.data.statuses)) {
        if (name && !site.statuses.some((s) => s.toLowerCase() === name.toLowerCase()))
          throw new AppError('INVALID_INPUT', `statuses.${status}: Jira has no status "${name}"; it has: ${site.statuses.join(', ')}`);
      }
      const typeNames = new Set(site.issueTypes.map((t) => t.name.toLowerCase()));
      for (const name of parsed.data.panelIssueTypes) {
        if (!typeNames.has(name.toLowerCase())) throw new AppError('INVALID_INPUT', `panelIssueTypes: Jira has no issue type "${name}"`);
      }
      const before = await deps.store.getSettings();
      await markPanelTypes(jira, site, before, parsed.data);
      await deps.store.saveSettings(parsed.data);
      return view(site);
    }),
    setKey: defineResolver('setKey', async ({ provider, secret }, ctx) => {
      await asAdmin(ctx);
      await deps.keys.set(provider, secret.trim(), 'org', ORG_SCOPE_ID);
      // Write-only: the answer lists masked suffixes, never the key.
      return keyViews();
    }),
    forgetDecisions: defineResolver('forgetDecisions', async (_p, ctx) => {
      await asAdmin(ctx);
      // Review decisions and the Judge review's decisions (the judges' agreement starts again).
      return { forgotten: (await deps.store.forgetDecisions()) + (await createJudgeLog().forget()) };
    }),
    deleteKey: defineResolver('deleteKey', async ({ provider }, ctx) => {
      await asAdmin(ctx);
      await deps.keys.delete(provider, 'org', ORG_SCOPE_ID);
      return keyViews();
    }),
    testConnection: defineResolver('testConnection', async ({ provider }, ctx) => {
      await asAdmin(ctx);
      const settings = await deps.store.getSettings();
      const model = settings.allowedModels.find((m) => m.startsWith(`${provider}:`)) ?? TEST_MODELS[provider];
      if (!(await deps.keys.get(provider, 'org', ORG_SCOPE_ID))) throw new AppError('NO_KEY', `No key is saved for ${provider}.`);
      // Within the resolver's 25 s, whatever the provider does.
      const ws = await deps.workspace('user', settings, undefined, { totalTimeoutMs: 20_000 });
      const router = await ws.router();
      const started = deps.now().getTime();
      const result = await router
        .generateText({
          model,
          messages: [{ role: 'user', content: 'Reply with the word OK.' }],
          maxOutputTokens: 5,
          cache: false,
        })
        .catch((error: unknown) => {
          throw egressBlocked(ws.blockedHosts()) ?? error;
        });
      return { model: result.model, latencyMs: Math.max(0, deps.now().getTime() - started), reply: result.text.slice(0, 40) };
    }),
  };
}
