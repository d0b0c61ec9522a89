import { kvs } from '@forge/kvs';
import { OrgSettingsSchema, type JobView, type OrgSettings } from '../shared/api.js';

export type PlainKvs = Pick<typeof kvs, 'get' | 'set' | 'delete'>;

export interface DecisionRecord {
  jobId: string;
  caseId: string;
  decision: 'accepted' | 'edited' | 'rejected';
  accountId?: string | undefined;
  at: string;
  model?: string | undefined;
}

/**
 * The app's non-secret state in Forge KVS: org settings, generation jobs and
 * their progress, review decisions (kept for judge calibration), monthly spend.
 */
export interface AppStore {
  getSettings(): Promise<OrgSettings>;
  saveSettings(settings: OrgSettings): Promise<void>;
  getJob(jobId: string): Promise<(JobView & { story: string; accountId?: string | undefined }) | undefined>;
  saveJob(job: JobView & { story: string; accountId?: string | undefined }): Promise<void>;
  recordDecision(decision: DecisionRecord): Promise<void>;
  decisions(jobId: string): Promise<DecisionRecord[]>;
  getSpend(month: string): Promise<number>;
  addSpend(month: string, usd: number): Promise<number>;
}

export function createAppStore(store: PlainKvs = kvs): AppStore {
  return {
    async getSettings() {
      return OrgSettingsSchema.parse((await store.get('settings:org')) ?? {});
    },
    async saveSettings(settings) {
      await store.set('settings:org', OrgSettingsSchema.parse(settings));
    },
    async getJob(jobId) {
      return (await store.get(`job:${jobId}`)) as never;
    },
    async saveJob(job) {
      await store.set(`job:${job.jobId}`, job);
    },
    // One record per case: reviewers click faster than a read-modify-write of a list.
    async recordDecision(decision) {
      await store.set(`decision:${decision.jobId}:${decision.caseId}`, decision);
    },
    async decisions(jobId) {
      const job = (await store.get(`job:${jobId}`)) as { cases?: Array<{ id: string }> } | undefined;
      const out: DecisionRecord[] = [];
      for (const c of job?.cases ?? []) {
        const d = (await store.get(`decision:${jobId}:${c.id}`)) as DecisionRecord | undefined;
        if (d) out.push(d);
      }
      return out;
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
