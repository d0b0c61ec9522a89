import { z } from 'zod';
import { GenerateRequestSchema, type JobView } from '../shared/api.js';
import type { AppDeps } from '../app/deps.js';
import { generate, listStoryCases, projectKeyOf, readStory, TestCaseSchema } from '@casewright/core';
import { caseView } from '../resolvers/views.js';
import { toErrorResult } from '../resolvers/define.js';

const JobEventSchema = z.object({
  jobId: z.string().uuid(),
  story: z.string().regex(/^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/),
  request: GenerateRequestSchema.extend({ model: z.string().min(1) }),
  accountId: z.string().nullish(),
});

/**
 * The async-event consumer that runs a generation job (UI resolvers stop at
 * 25 s; a consumer may run for minutes). Progress and the result go to KVS,
 * where the panel polls them through `getJob`.
 */
export function createGenerationConsumer(deps: AppDeps) {
  return async (event: { body?: unknown }): Promise<void> => {
    const parsed = JobEventSchema.safeParse(event?.body);
    if (!parsed.success) {
      console.error('casewright generation event ignored: invalid body');
      return;
    }
    const { jobId, story: key, request, accountId } = parsed.data;
    const base = (await deps.store.getJob(jobId)) ?? {
      jobId,
      story: key,
      state: 'queued' as const,
      progress: 0,
      message: '',
      cases: [],
      coverage: [],
    };
    const save = (patch: Partial<JobView>) =>
      deps.store.saveJob({ ...base, ...patch, jobId, story: key, accountId: accountId ?? undefined });
    try {
      await save({ state: 'running', progress: 0.05, message: 'Starting' });
      const settings = await deps.store.getSettings();
      const ws = await deps.workspace('app', settings, projectKeyOf(key));
      const story = await readStory(ws, { jiraKey: key }, { requireCriteria: false });
      const existing = (await listStoryCases(ws, key)).flatMap((r) => (r.case ? [r.case] : []));
      const result = await generate(ws, {
        story,
        existing,
        kinds: request.kinds,
        max: request.count,
        techniques: request.techniques,
        model: request.model,
        // The model is the admin's setting: without its key the offline rules generate (the job says so).
        offlineModel: 'fallback',
        promptOverrides: settings.promptOverrides as Record<string, string>,
        onProgress: (p) => save({ state: 'running', progress: p.fraction, message: p.message }),
      });
      const cases = result.cases.map((c) => TestCaseSchema.parse(c));
      await save({
        state: 'done',
        progress: 1,
        message: `${cases.length} case${cases.length === 1 ? '' : 's'} generated${existing.length > 0 ? ` (${existing.length} already saved)` : ''}`,
        cases: cases.map(caseView),
        // Coverage as docs/generation.md defines it: saved and new cases together, deprecated ones not counted.
        coverage: result.coverage.criteria.map((c) => ({ id: c.id, text: c.text, caseIds: c.cases })),
        model: result.call?.model ?? 'offline:rules',
        costUsd: result.call?.cost ?? 0,
      });
    } catch (error) {
      if (process.env.CASEWRIGHT_DEBUG) console.error(error);
      const result = toErrorResult(error);
      await save({ state: 'failed', progress: 1, message: 'Generation failed', error: result.ok ? undefined : result.error.message });
    }
  };
}
