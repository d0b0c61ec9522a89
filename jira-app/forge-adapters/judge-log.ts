import { randomUUID } from 'node:crypto';
import { kvs } from '@forge/kvs';
import type { learning } from '@casewright/core';
import { kvsKeysWith, type PlainKvs } from './app-store.js';

/** Key prefix of the judge decisions made in the Jira app: `judgelog:<PROJECT>:<at>:<id>`. */
export const JUDGE_LOG = 'judgelog:';

/** One decision of the Judge review: the verdict as `.casewright/judge-queue.jsonl` keeps it, and the decision. */
export interface JudgeLogRecord {
  story: string;
  caseKey: string;
  item: learning.QueuedVerdict & { at: string };
  decision: learning.QueueDecision;
}

/**
 * The per-project log of judge decisions in Forge KVS, like the review decisions'
 * `decisionlog:` keys: one record per decision (append-only; the latest decision on a verdict
 * counts), read in order by one prefix query. The project's agreement per judge model is
 * computed from it; the admin's "Forget review decisions" deletes it.
 */
export function createJudgeLog(store: PlainKvs = kvs) {
  const keysWith = (prefix: string) => kvsKeysWith(store, prefix);
  return {
    async append(project: string, record: JudgeLogRecord): Promise<void> {
      await store.set(`${JUDGE_LOG}${project}:${record.decision.at}:${randomUUID()}`, record);
    },
    /** The project's decisions, the latest per verdict, oldest first. */
    async read(project: string): Promise<JudgeLogRecord[]> {
      const latest = new Map<string, JudgeLogRecord>();
      for await (const r of keysWith(`${JUDGE_LOG}${project}:`)) {
        const record = r.value as JudgeLogRecord;
        if (record?.item?.id && record.decision) latest.set(record.item.id, record);
      }
      return [...latest.values()].sort((a, b) => a.decision.at.localeCompare(b.decision.at));
    },
    /** Deletes every project's judge decisions; returns how many. */
    async forget(): Promise<number> {
      const keys: string[] = [];
      for await (const r of keysWith(JUDGE_LOG)) keys.push(r.key);
      for (const key of keys) await store.delete(key);
      return keys.length;
    },
  };
}
