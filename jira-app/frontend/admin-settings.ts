/**
 * The admin form's state: every field as the text the admin typed (so nothing they type
 * is rewritten under their fingers), turned into settings only when they save, with a
 * message per field for what is wrong. No zod here: this runs in the browser bundle.
 */
import { EgressFilteringService } from '@forge/egress';
import type { OrgSettings, SiteView } from '../shared/api.js';
import { PROVIDERS } from '../shared/constants.js';

export interface Draft {
  allowedModels: string[];
  defaultModel: string;
  fallbackChain: string[];
  azureEndpoint: string;
  azureApiVersion: string;
  compatibleBaseUrl: string;
  budget: string;
  prompt: string;
  linkType: string;
  acceptanceCriteriaField: string;
  priorities: { high: string; medium: string; low: string };
  /** '' = left to Jira's workflow. */
  statuses: { draft: string; ready: string; deprecated: string };
  panelIssueTypes: string[];
  projects: Array<{ key: string; issueType: string }>;
  approvedHosts: string[];
}

export type Errors = Record<string, string | undefined>;

export function toDraft(s: OrgSettings): Draft {
  return {
    allowedModels: [...s.allowedModels],
    defaultModel: s.defaultModel,
    fallbackChain: [...s.fallbackChain],
    azureEndpoint: s.azure.endpoint ?? '',
    azureApiVersion: s.azure.apiVersion ?? '',
    compatibleBaseUrl: s.compatibleBaseUrl ?? '',
    budget: String(s.monthlyBudgetUsd),
    prompt: s.promptOverrides['generate-manual-cases'] ?? '',
    linkType: s.linkType,
    acceptanceCriteriaField: s.acceptanceCriteriaField ?? '',
    priorities: { ...s.priorities },
    statuses: { draft: s.statuses.draft ?? '', ready: s.statuses.ready ?? '', deprecated: s.statuses.deprecated ?? '' },
    panelIssueTypes: [...s.panelIssueTypes],
    projects: Object.entries(s.projects).map(([key, v]) => ({ key, issueType: v.issueType ?? '' })),
    approvedHosts: [...s.approvedHosts],
  };
}

const MODEL_PROVIDERS = [...PROVIDERS, 'offline'];
const MODEL = /^([a-z][a-z0-9-]*):(\S+)$/;

function modelError(text: string): string | undefined {
  const m = MODEL.exec(text.trim());
  if (!m) return 'Write provider:model, for example openai:gpt-4o-mini.';
  if (!MODEL_PROVIDERS.includes(m[1]!)) return `Unknown provider "${m[1]}"; use one of ${MODEL_PROVIDERS.join(', ')}.`;
  if (text.trim().length > 120) return 'At most 120 characters.';
  return undefined;
}

/** The host of an https URL, or why the text is not one. */
export function httpsHost(text: string): { host?: string; error?: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { error: 'Enter a full address, like https://llm.example.com/v1.' };
  }
  if (url.protocol !== 'https:') return { error: 'Forge functions call only HTTPS addresses: start it with https://.' };
  return { host: url.host };
}

/** Forge's own egress matcher: the exact host, or `*.domain` for any subdomain (never the domain itself). */
export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  return new EgressFilteringService([...allowed]).isValidUrl(`https://${host}/`);
}

/** Checks every field; `settings` is set only when nothing is wrong. */
export function fromDraft(
  d: Draft,
  site: SiteView | undefined,
  previous: OrgSettings,
): { settings?: OrgSettings; errors: Errors; blockedHosts: Record<string, string> } {
  const errors: Errors = {};
  const blockedHosts: Record<string, string> = {};
  const allowedModels = d.allowedModels.map((m) => m.trim());
  allowedModels.forEach((m, i) => {
    const e = m ? modelError(m) : 'Enter a model, or remove the row.';
    if (e) errors[`allowedModels.${i}`] = e;
    else if (allowedModels.indexOf(m) !== i) errors[`allowedModels.${i}`] = `${m} is listed twice.`;
  });
  if (allowedModels.length === 0) errors.allowedModels = 'Allow at least one model (offline:rules needs no key).';
  if (!allowedModels.includes(d.defaultModel.trim())) errors.defaultModel = 'Pick the default among the allowed models.';
  const fallbackChain = d.fallbackChain.map((m) => m.trim());
  fallbackChain.forEach((m, i) => {
    const e = m ? modelError(m) : 'Enter a model, or remove the row.';
    if (e) errors[`fallbackChain.${i}`] = e;
  });
  if (fallbackChain.length > 5) errors.fallbackChain = 'At most 5 fallback models.';
  const declared = site?.declaredHosts ?? [];
  for (const [field, text] of [
    ['azureEndpoint', d.azureEndpoint],
    ['compatibleBaseUrl', d.compatibleBaseUrl],
  ] as const) {
    if (!text.trim()) continue;
    const { host, error } = httpsHost(text);
    if (error) errors[field] = error;
    else if (host && !hostAllowed(host, [...declared, ...d.approvedHosts])) {
      errors[field] = `The app may not call ${host} yet: Forge blocks hosts it was not given.`;
      blockedHosts[field] = host;
    }
  }
  const budget = d.budget.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(budget) || Number(budget) > 100_000)
    errors.monthlyBudgetUsd = 'Enter an amount in US dollars from 0 to 100000, like 50 or 12.50.';
  if (!d.linkType.trim()) errors.linkType = 'Enter the link type between a story and its cases, like Relates.';
  if (d.prompt.length > 20_000) errors.prompt = 'At most 20000 characters.';
  for (const level of ['high', 'medium', 'low'] as const) {
    if (!d.priorities[level]) errors[`priorities.${level}`] = 'Pick a Jira priority.';
  }
  if (d.panelIssueTypes.length === 0) errors.panelIssueTypes = 'Pick at least one issue type for the panel.';
  const projects: OrgSettings['projects'] = {};
  d.projects.forEach((p, i) => {
    const key = p.key.trim();
    if (!/^[A-Z][A-Z0-9_]+$/.test(key)) errors[`projects.${i}.key`] = 'A project key in capitals, like SHOP.';
    else if (projects[key]) errors[`projects.${i}.key`] = `${key} is listed twice.`;
    if (!p.issueType.trim()) errors[`projects.${i}.issueType`] = 'Enter the issue type for this project’s cases.';
    projects[key] = { ...(previous.projects[key] ?? {}), issueType: p.issueType.trim() };
  });
  if (Object.values(errors).some(Boolean)) return { errors, blockedHosts };
  const { 'generate-manual-cases': _old, ...otherPrompts } = previous.promptOverrides;
  return {
    errors,
    blockedHosts,
    settings: {
      ...previous,
      allowedModels,
      defaultModel: d.defaultModel.trim(),
      fallbackChain,
      monthlyBudgetUsd: Number(budget),
      azure: {
        ...(d.azureEndpoint.trim() ? { endpoint: d.azureEndpoint.trim() } : {}),
        ...(d.azureApiVersion.trim() ? { apiVersion: d.azureApiVersion.trim() } : {}),
      },
      compatibleBaseUrl: d.compatibleBaseUrl.trim() || undefined,
      promptOverrides: d.prompt.trim() ? { ...otherPrompts, 'generate-manual-cases': d.prompt } : otherPrompts,
      linkType: d.linkType.trim(),
      acceptanceCriteriaField: d.acceptanceCriteriaField.trim() || undefined,
      priorities: { ...d.priorities },
      statuses: Object.fromEntries(Object.entries(d.statuses).filter(([, name]) => name)),
      panelIssueTypes: [...d.panelIssueTypes],
      projects,
      approvedHosts: [...d.approvedHosts],
    },
  };
}

/** Where the server's message belongs: `field: message` (the resolver's format) or a known sentence. */
export function serverErrorField(message: string, d: Draft): string {
  const path = /^([a-zA-Z.0-9]+): /.exec(message)?.[1];
  const byPath: Record<string, string> = { 'azure.endpoint': 'azureEndpoint', compatibleBaseUrl: 'compatibleBaseUrl' };
  if (path) return byPath[path] ?? path;
  if (/link type/.test(message)) return 'linkType';
  const project = /^project ([A-Z][A-Z0-9_]+) /.exec(message)?.[1];
  if (project) {
    const i = d.projects.findIndex((p) => p.key.trim() === project);
    if (i >= 0) return `projects.${i}.issueType`;
  }
  return '_form';
}
