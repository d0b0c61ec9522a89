import { z } from 'zod';
import { TestCaseSchema, type TestCase } from '@casewright/core';
import type { SavedItemView } from '../shared/api.js';
import type { AppDeps } from '../app/deps.js';
import type { JobRecord } from '../forge-adapters/app-store.js';
import { saveToJira } from '../app/save-cases.js';
import { maskOrgSecrets } from '../app/org-workspace.js';
import { toErrorResult } from '../resolvers/define.js';

const SaveEventSchema = z.object({
  jobId: z.string().uuid(),
  story: z.string().regex(/^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/),
});

/** Progress is written at most this often (each write is two KVS calls). */
const PROGRESS_EVERY_MS = 1_000;

/**
 * The async-event consumer that saves reviewed cases to Jira as a job: any number of
 * cases, new ones 50 per bulk call, with progress the panel polls, far from the 25 s a
 * resolver has. It writes as the app, after `startSave` checked as the user that they
 * may create, edit and link issues in the project. Saving is idempotent (a case is found
 * by its id before anything is created), so a job Forge stopped can simply be run again.
 */
export function createSaveConsumer(deps: AppDeps) {
  return async (event: { body?: unknown }): Promise<void> => {
    const parsed = SaveEventSchema.safeParse(event?.body);
    if (!parsed.success) {
      console.error('casewright save event ignored: invalid body');
      return;
    }
    const { jobId, story: key } = parsed.data;
    const found = await deps.store.getJob(jobId);
    if (!found || found.kind !== 'save' || found.state === 'done' || found.state === 'failed') return;
    let current: JobRecord = { ...found, startedAt: deps.now().toISOString() };
    const save = async (patch: Partial<JobRecord>) => {
      current = { ...current, ...patch, updatedAt: deps.now().toISOString() };
      await deps.store.saveJob(current);
    };
    try {
      const cases: TestCase[] = (await deps.store.getSaveInput(jobId)).map((c) => TestCaseSchema.parse(c));
      const total = cases.length;
      await save({ state: 'running', progress: 0.02, message: `Saving ${total} case${total === 1 ? '' : 's'} to Jira`, done: 0, total });
      let last = 0;
      const items = await saveToJira(deps, 'app', key, cases, {
        overwriteJira: found.overwriteJira,
        onProgress: async (done) => {
          const at = deps.now().getTime();
          // Every bulk call of 50, and at least once a second while updating one by one.
          if (done < total && done % 50 !== 0 && at - last < PROGRESS_EVERY_MS) return;
          last = at;
          await save({ progress: 0.05 + 0.9 * (done / total), message: `Saved ${done} of ${total}`, done });
        },
      });
      await deps.store.appendSaveOutput(jobId, items);
      const count = (status: SavedItemView['status']) => items.filter((i) => i.status === status).length;
      const attention = count('conflict') + count('jira-changed') + count('error');
      await save({
        state: 'done',
        progress: 1,
        done: total,
        message: `${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged${attention > 0 ? `, ${attention} need${attention === 1 ? 's' : ''} you` : ''}`,
      });
    } catch (error) {
      if (process.env.CASEWRIGHT_DEBUG) console.error(error);
      const result = toErrorResult(error);
      await save({
        state: 'failed',
        progress: 1,
        message: 'Saving failed',
        error: result.ok ? undefined : await maskOrgSecrets(deps.keys, result.error.message),
      });
    }
  };
}
