import { randomUUID } from 'node:crypto';
import { kvs, WhereConditions } from '@forge/kvs';
import { learning, type Decision, type DecisionStore } from '@casewright/core';
import type { RejectReason } from '../shared/constants.js';
import { OrgSettingsSchema, type JobKind, type JobSummaryView, type JobView, type OrgSettings } from '../shared/api.js';

export type PlainKvs = Pick<typeof kvs, 'get' | 'set' | 'delete' | 'query'>;

export interface DecisionRecord {
  jobId: string;
  caseId: string;
  decision: 'accepted' | 'edited' | 'rejected';
  accountId?: string | undefined;
  at: string;
  model?: string | undefined;
  /** The edited case (plain JSON) for `edited`. */
  case?: Record<string, unknown> | undefined;
  reason?: RejectReason | undefined;
  note?: string | undefined;
}

/** A job as kept in KVS: what the panel sees plus where it belongs. */
export interface JobRecord extends JobView {
  story: string;
  kind: JobKind;
  createdAt: string;
  updatedAt?: string | undefined;
  /** Save jobs: how many KVS chunks hold the cases to save. */
  inputChunks?: number | undefined;
  /** Save jobs: case ids whose panel version replaces a change made in Jira. */
  overwriteJira?: string[] | undefined;
}

/**
 * The app's non-secret state in Forge KVS: org settings; jobs (one record per job,
 * `job:<id>`, plus a small summary per story, `jobs:<story>:<created>:<id>`, so a
 * story's jobs are listed by one prefix query and a reload finds the latest); save
 * jobs' cases and results in chunks under Forge's 240 KiB per value; the panel's review
 * state per job (`decision:<job>:<case>`, so a reload shows it); the decision log core's
 * `recordDecision` appends to, per project (`decisionlog:<project>:<at>:<id>`, what generation
 * learns from); monthly spend.
 */
export interface AppStore {
  getSettings(): Promise<OrgSettings>;
  saveSettings(settings: OrgSettings): Promise<void>;
  getJob(jobId: string): Promise<JobRecord | undefined>;
  /** Writes the job and its summary in the story's list. */
  saveJob(job: JobRecord): Promise<void>;
  /** A story's jobs, newest first. */
  listJobs(story: string, limit?: number): Promise<JobSummaryView[]>;
  /** Stores a save job's cases; returns how many chunks they took. */
  putSaveInput(jobId: string, cases: readonly unknown[]): Promise<number>;
  getSaveInput(jobId: string): Promise<unknown[]>;
  /** Appends results of a save job (kept in order of writing). */
  appendSaveOutput(jobId: string, items: readonly unknown[]): Promise<void>;
  getSaveOutput(jobId: string): Promise<unknown[]>;
  recordDecision(decision: DecisionRecord): Promise<void>;
  decisions(jobId: string): Promise<DecisionRecord[]>;
  /** Core's decision store for a project (or the site, without one): append-only, oldest first. */
  decisionLog(project: string | undefined): DecisionStore;
  /** Deletes the recorded decisions (every project's); returns how many. The panels' review states stay. */
  forgetDecisions(): Promise<number>;
  getSpend(month: string): Promise<number>;
  addSpend(month: string, usd: number): Promise<number>;
}

/** Forge KVS keeps at most 240 KiB per value; chunks stay well below. */
const CHUNK_BYTES = 180 * 1024;

function chunk(items: readonly unknown[]): unknown[][] {
  const out: unknown[][] = [];
  let current: unknown[] = [];
  let size = 2;
  for (const item of items) {
    const bytes = Buffer.byteLength(JSON.stringify(item)) + 1;
    if (bytes > CHUNK_BYTES) throw new Error('one case is larger than a KVS value may be');
    if (size + bytes > CHUNK_BYTES && current.length > 0) {
      out.push(current);
      current = [];
      size = 2;
    }
    current.push(item);
    size += bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Key prefix of core's decision log in KVS. */
export const DECISION_LOG = 'decisionlog:';

const pad = (n: number) => String(n).padStart(5, '0');

export function summaryOf(job: JobRecord): JobSummaryView {
  return {
    jobId: job.jobId,
    kind: job.kind,
    state: job.state,
    progress: job.progress,
    message: job.message,
    model: job.model,
    costUsd: job.costUsd,
    error: job.error,
    accountId: job.accountId,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    count: job.kind === 'save' ? job.total : job.cases.length,
  };
}

/** Every KVS entry whose key begins with `prefix`, in key order (paged, 100 a query). */
export async function* kvsKeysWith(store: PlainKvs, prefix: string): AsyncGenerator<{ key: string; value: unknown }> {
  let cursor: string | undefined;
  for (;;) {
    let query = store.query().where('key', WhereConditions.beginsWith(prefix)).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    for (const r of page.results) yield r as { key: string; value: unknown };
    if (!page.nextCursor || page.results.length === 0) return;
    cursor = page.nextCursor;
  }
}

export function createAppStore(store: PlainKvs = kvs): AppStore {
  const keysWith = (prefix: string) => kvsKeysWith(store, prefix);
  async function all(prefix: string): Promise<unknown[]> {
    const out: unknown[] = [];
    for await (const r of keysWith(prefix)) out.push(...(r.value as unknown[]));
    return out;
  }
  return {
    async getSettings() {
      return OrgSettingsSchema.parse((await store.get('settings:org')) ?? {});
    },
    async saveSettings(settings) {
      await store.set('settings:org', OrgSettingsSchema.parse(settings));
    },
    async getJob(jobId) {
      return (await store.get(`job:${jobId}`)) as JobRecord | undefined;
    },
    async saveJob(job) {
      await store.set(`job:${job.jobId}`, job);
      await store.set(`jobs:${job.story}:${job.createdAt}:${job.jobId}`, summaryOf(job));
    },
    async listJobs(story, limit = 10) {
      const out: JobSummaryView[] = [];
      for await (const r of keysWith(`jobs:${story}:`)) out.push(r.value as JobSummaryView);
      // Keys sort by creation time: the newest are last.
      return out.reverse().slice(0, limit);
    },
    async putSaveInput(jobId, cases) {
      const chunks = chunk(cases);
      for (const [i, c] of chunks.entries()) await store.set(`savein:${jobId}:${pad(i)}`, c);
      return chunks.length;
    },
    getSaveInput: (jobId) => all(`savein:${jobId}:`),
    async appendSaveOutput(jobId, items) {
      let next = 0;
      for await (const _ of keysWith(`saveout:${jobId}:`)) next++;
      for (const [i, c] of chunk(items).entries()) await store.set(`saveout:${jobId}:${pad(next + i)}`, c);
    },
    getSaveOutput: (jobId) => all(`saveout:${jobId}:`),
    // One record per case: reviewers click faster than a read-modify-write of a list.
    async recordDecision(decision) {
      await store.set(`decision:${decision.jobId}:${decision.caseId}`, decision);
    },
    async decisions(jobId) {
      const out: DecisionRecord[] = [];
      for await (const r of keysWith(`decision:${jobId}:`)) out.push(r.value as DecisionRecord);
      return out;
    },
    decisionLog(project) {
      const prefix = `${DECISION_LOG}${project ?? '_site'}:`;
      return {
        where: `Forge storage (${project ? `project ${project}` : 'the site'})`,
        async append(decision: Decision) {
          // The time first: a prefix query returns the log in order; the id keeps two decisions in one millisecond apart.
          await store.set(`${prefix}${decision.at}:${randomUUID()}`, decision);
        },
        async read() {
          const decisions: Decision[] = [];
          const warnings: string[] = [];
          for await (const r of keysWith(prefix)) {
            const parsed = learning.DecisionSchema.safeParse(r.value);
            if (parsed.success) decisions.push(parsed.data);
            else warnings.push(`${r.key}: not a decision (${parsed.error.issues[0]?.message ?? 'invalid'}); skipped`);
          }
          return { decisions: decisions.sort((a, b) => a.at.localeCompare(b.at)), warnings };
        },
      };
    },
    async forgetDecisions() {
      const keys: string[] = [];
      for await (const r of keysWith(DECISION_LOG)) keys.push(r.key);
      for (const key of keys) await store.delete(key);
      return keys.length;
    },
    async getSpend(month) {
      return Number((await store.get(`spend:${month}`)) ?? 0);
    },
    async addSpend(month, usd) {
      const total = Number((await store.get(`spend:${month}`)) ?? 0) + usd;
      await store.set(`spend:${month}`, total);
      return total;
    },
  };
}
