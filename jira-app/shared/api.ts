/**
 * The contract between the UI Kit frontends and the resolvers: resolver names,
 * payload schemas (validated by the resolvers) and result types. The frontends
 * import only types from here, so zod stays out of the UI bundles.
 */
import { z } from 'zod';

import { CASE_KINDS, OVERRIDABLE_PROMPTS, PROVIDERS, TECHNIQUES, type ProviderName } from './constants.js';

export { CASE_KINDS, OVERRIDABLE_PROMPTS, PROVIDERS, TECHNIQUES, type ProviderName };

/** Every resolver answers this: never a stack, never a key. */
export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

const IssueKey = z.string().regex(/^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/, { message: 'must be a Jira issue key such as SHOP-123' });
const ProjectKey = z.string().regex(/^[A-Z][A-Z0-9_]+$/, { message: 'must be a Jira project key such as SHOP' });

export const GenerateRequestSchema = z.strictObject({
  kinds: z.array(z.enum(CASE_KINDS)).min(1, { message: 'pick at least one kind' }).default(['manual']),
  count: z.number().int().min(1).max(20).default(5),
  techniques: z.array(z.enum(TECHNIQUES)).default(['happy-path', 'negative', 'boundary']),
  model: z.string().min(1).max(120).optional(),
});
export type GenerateRequest = z.infer<typeof GenerateRequestSchema>;

export const PayloadSchemas = {
  getStory: z.strictObject({}),
  startGeneration: GenerateRequestSchema,
  getJob: z.strictObject({ jobId: z.string().uuid() }),
  recordDecision: z.strictObject({
    jobId: z.string().uuid(),
    caseId: z.string().uuid(),
    decision: z.enum(['accepted', 'edited', 'rejected']),
  }),
  saveCases: z.strictObject({ cases: z.array(z.unknown()).min(1).max(50) }),
  listStoryCases: z.strictObject({}),
  getSettings: z.strictObject({}),
  saveSettings: z.strictObject({ settings: z.unknown() }),
  setKey: z.strictObject({ provider: z.enum(PROVIDERS), secret: z.string().min(8).max(4000) }),
  deleteKey: z.strictObject({ provider: z.enum(PROVIDERS) }),
  testConnection: z.strictObject({ provider: z.enum(PROVIDERS) }),
  listProjectCases: z.strictObject({
    text: z.string().max(200).optional(),
    story: IssueKey.optional(),
    priority: z.enum(['high', 'medium', 'low']).optional(),
    status: z.enum(['draft', 'ready', 'deprecated']).optional(),
    lastResult: z.enum(['passed', 'failed', 'errored', 'skipped', 'never']).optional(),
  }),
} as const;
export type ResolverName = keyof typeof PayloadSchemas;
export type PayloadOf<N extends ResolverName> = z.input<(typeof PayloadSchemas)[N]>;
export { IssueKey as IssueKeySchema, ProjectKey as ProjectKeySchema };

/** Plain-data views the frontends render (no core classes, nothing secret). */
export interface StoryView {
  key: string;
  summary: string;
  description: string;
  criteria: Array<{ id: string; text: string }>;
  models: string[];
  defaultModel: string;
}

export interface CaseView {
  id: string;
  title: string;
  kind: 'manual' | 'conversation';
  priority: string;
  status: string;
  covers: string[];
  version: number;
  /** The full case (plain JSON), sent back on save. */
  case: Record<string, unknown>;
  key?: string | undefined;
}

export interface JobView {
  jobId: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  progress: number;
  message: string;
  cases: CaseView[];
  coverage: Array<{ id: string; text: string; caseIds: string[] }>;
  model?: string | undefined;
  costUsd?: number | undefined;
  error?: string | undefined;
}

export interface SavedItemView {
  caseId: string;
  title: string;
  status: 'created' | 'updated' | 'unchanged' | 'conflict' | 'jira-changed' | 'error';
  key?: string | undefined;
  message?: string | undefined;
  case: CaseView;
  remote?: CaseView | undefined;
}

export interface LinkedCaseView extends CaseView {
  key: string;
  jiraStatus?: string | undefined;
  lastRun?: { outcome: string; runAt: string } | undefined;
  suspect: boolean;
  editedInJira: boolean;
  problem?: string | undefined;
  story?: string | undefined;
}

export interface KeyInfoView {
  provider: ProviderName;
  masked: string;
  updatedAt?: string | undefined;
}

export const OrgSettingsSchema = z.strictObject({
  allowedModels: z.array(z.string().min(1).max(120)).max(30).default(['offline:rules']),
  defaultModel: z.string().min(1).max(120).default('offline:rules'),
  fallbackChain: z.array(z.string().min(1).max(120)).max(5).default([]),
  monthlyBudgetUsd: z.number().min(0).max(100_000).default(50),
  azure: z.strictObject({ endpoint: z.url().optional(), apiVersion: z.string().max(40).optional() }).default({}),
  compatibleBaseUrl: z.url().optional(),
  promptOverrides: z.partialRecord(z.enum(OVERRIDABLE_PROMPTS), z.string().max(20_000)).default({}),
  projects: z
    .record(
      z.string().regex(/^[A-Z][A-Z0-9_]+$/),
      z.strictObject({ issueType: z.string().min(1).max(60).optional(), linkType: z.string().min(1).max(60).optional() }),
    )
    .default({}),
  linkType: z.string().min(1).max(60).default('Relates'),
  /** Id or name; unset: any field named like "Acceptance criteria", else a section of the description. */
  acceptanceCriteriaField: z.string().min(1).max(80).optional(),
});
export type OrgSettings = z.infer<typeof OrgSettingsSchema>;

export interface SettingsView {
  settings: OrgSettings;
  keys: KeyInfoView[];
  spendUsd: number;
  month: string;
}
