/**
 * The contract between the UI Kit frontends and the resolvers: resolver names,
 * payload schemas (validated by the resolvers) and result types. The frontends
 * import only types from here, so zod stays out of the UI bundles.
 */
import { z } from 'zod';

import {
  CASE_KINDS,
  MAX_SAVE,
  OVERRIDABLE_PROMPTS,
  PROVIDERS,
  REJECT_REASONS,
  TECHNIQUES,
  type ProviderName,
  type RejectReason,
} from './constants.js';
import { JudgePayloadSchemas } from './judge-api.js';

export { CASE_KINDS, MAX_SAVE, OVERRIDABLE_PROMPTS, PROVIDERS, REJECT_REASONS, TECHNIQUES, type ProviderName, type RejectReason };

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
    /** The edited case (plain JSON), so a reload shows the edit. */
    case: z.record(z.string(), z.unknown()).optional(),
    /** `rejected`: why, from the short list, and the reviewer's own words. */
    reason: z.enum(REJECT_REASONS).optional(),
    note: z.string().max(2000).optional(),
  }),
  /** Cases of the story's project similar to each of its criteria (not the story's own). */
  similarCases: z.strictObject({}),
  /** Admin: forget every recorded review decision (what generation learned from). */
  forgetDecisions: z.strictObject({}),
  saveCases: z.strictObject({ cases: z.array(z.unknown()).min(1).max(50) }),
  /** Saves as a job (the save consumer): any number of cases up to MAX_SAVE, with progress. */
  startSave: z.strictObject({
    cases: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_SAVE),
    /** Cases whose panel version replaces a change made in Jira (the user chose "keep mine"). */
    overwriteJira: z.array(z.string().uuid()).max(MAX_SAVE).default([]),
    /** The generation job the cases came from, if any (kept with the save). */
    fromJob: z.string().uuid().optional(),
  }),
  /** The story's generation and save jobs, newest first (the panel resumes the latest). */
  listJobs: z.strictObject({}),
  listStoryCases: z.strictObject({}),
  getSettings: z.strictObject({}),
  saveSettings: z.strictObject({ settings: z.unknown() }),
  setKey: z.strictObject({ provider: z.enum(PROVIDERS), secret: z.string().min(8).max(4000) }),
  deleteKey: z.strictObject({ provider: z.enum(PROVIDERS) }),
  testConnection: z.strictObject({ provider: z.enum(PROVIDERS) }),
  /** Pass rates, coverage, flaky cases and open defects of the project's stories (the project page). */
  getProjectAnalytics: z.strictObject({}),
  /** The same for the story the panel is on. */
  getStoryAnalytics: z.strictObject({}),
  /** The story's cases whose last recorded outcome is a failure, each with its open bug. */
  listStoryFailures: z.strictObject({}),
  /** Admin: a project's issue types and the one executions are recorded as (the `casewright.settings` project property). */
  getExecutionIssueType: z.strictObject({ project: ProjectKey }),
  /** Admin: record each execution of the project as an issue of this type, or (null) as none. */
  setExecutionIssueType: z.strictObject({ project: ProjectKey, issueType: z.string().min(1).max(60).nullable() }),
  /** File (or comment on the open) bug of one failed case of the story. */
  fileBug: z.strictObject({ caseKey: IssueKey }),
  listProjectCases: z.strictObject({
    text: z.string().max(200).optional(),
    story: IssueKey.optional(),
    priority: z.enum(['high', 'medium', 'low']).optional(),
    status: z.enum(['draft', 'ready', 'deprecated']).optional(),
    lastResult: z.enum(['passed', 'failed', 'errored', 'skipped', 'never']).optional(),
  }),
  ...JudgePayloadSchemas,
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

export type JobKind = 'generate' | 'save';
export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** What every job says about itself: how far, what it cost, when and by whom. */
interface JobCommon {
  jobId: string;
  state: JobState;
  progress: number;
  message: string;
  model?: string | undefined;
  costUsd?: number | undefined;
  error?: string | undefined;
  /** Who started it (Atlassian account id). */
  accountId?: string | undefined;
  createdAt?: string | undefined;
  updatedAt?: string | undefined;
}

/** A job as listed for a story. */
export interface JobSummaryView extends JobCommon {
  kind: JobKind;
  /** Cases generated, or cases to save. */
  count?: number | undefined;
}

export interface JobView extends JobCommon {
  kind?: JobKind | undefined;
  cases: CaseView[];
  coverage: Array<{ id: string; text: string; caseIds: string[] }>;
  /** When the consumer picked the job up; a job still running long after is stale. */
  startedAt?: string | undefined;
  /** The review so far (generation jobs): decision and, for edits, the edited case. */
  decisions?:
    | Record<
        string,
        {
          decision: 'accepted' | 'edited' | 'rejected';
          case?: Record<string, unknown> | undefined;
          reason?: RejectReason | undefined;
          note?: string | undefined;
        }
      >
    | undefined;
  /** Save jobs: cases written so far of all, and the result per case. */
  done?: number | undefined;
  total?: number | undefined;
  saved?: SavedItemView[] | undefined;
}

/** Existing cases similar to each criterion of a story (from the project's synced cases), best first. */
export interface SimilarView {
  criteria: Array<{
    id: string;
    text: string;
    hits: Array<{ key: string; title: string; status: string; story?: string | undefined; covers: string[] }>;
  }>;
  /** How many of the project's cases were compared; true when the project has more than were read. */
  compared: number;
  truncated: boolean;
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

/** A bug filed from the panel: its key, and whether it is new or the case's open bug got a comment. */
export interface FiledBugView {
  caseKey: string;
  key: string;
  created: boolean;
  /** The open bug already had this execution's failure: nothing was written. */
  alreadyAdded?: boolean | undefined;
}

/** A project's choice of the issue type each execution is recorded as. */
export interface ExecutionIssueTypeView {
  project: string;
  /** The project's issue types (names), sub-tasks left out. */
  issueTypes: string[];
  /** null: executions get no issue of their own. */
  issueType: string | null;
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
  /** Jira priority names for case priorities (checked against the site's priorities when saved). */
  priorities: z
    .strictObject({ high: z.string().min(1).max(60), medium: z.string().min(1).max(60), low: z.string().min(1).max(60) })
    .default({ high: 'High', medium: 'Medium', low: 'Low' }),
  /**
   * Jira statuses (by name) a case's issue moves to when the case is saved with, or changed to,
   * each status; unset: Jira's workflow decides (checked against the site's statuses when saved).
   */
  statuses: z
    .strictObject({
      draft: z.string().min(1).max(60).optional(),
      ready: z.string().min(1).max(60).optional(),
      deprecated: z.string().min(1).max(60).optional(),
    })
    .default({}),
  /** Issue types (by name) the issue panel shows on; never on case issues. */
  panelIssueTypes: z.array(z.string().min(1).max(60)).max(30).default(['Story']),
  /** Hosts an admin allowed through Forge's customer-managed egress (the manifest's hosts need no entry). */
  approvedHosts: z.array(z.string().min(1).max(253)).max(20).default([]),
});
export type OrgSettings = z.infer<typeof OrgSettingsSchema>;

/** What the admin page needs to know about the site to offer choices. */
export interface SiteView {
  /** The site's issue types; `owner` when a test-management app (Xray, Zephyr) owns one. */
  issueTypes: Array<{ id: string; name: string; owner?: 'Xray' | 'Zephyr' | undefined }>;
  priorities: string[];
  /** Workflow status names of the site. */
  statuses: string[];
  /** Hosts the manifest lets the backend call (`permissions.external.fetch.backend`). */
  declaredHosts: string[];
  /** Whether admins can allow more hosts at run time (customer-managed egress). */
  configurableEgress: boolean;
}

export interface SettingsView {
  settings: OrgSettings;
  keys: KeyInfoView[];
  spendUsd: number;
  month: string;
  site?: SiteView | undefined;
}
