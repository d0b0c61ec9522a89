import { z } from 'zod';
import { GenerateRequestSchema, type JobView } from '../shared/api.js';
import type { AppDeps } from '../app/deps.js';
import { storyRemoteCases } from '@casewright/core';
import { readStory } from '../app/story.js';
import { coverageOf } from '../app/generator.js';
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
      const story = await readStory(deps.jiraAsApp(), key, settings.acceptanceCriteriaField);
      const router = await deps.router(settings);
      const existing = (await storyRemoteCases(deps.jiraAsApp(), key)).flatMap((r) => (r.case ? [r.case] : []));
      const out = await deps.generate({
        story,
        request,
        model: request.model,
        router,
        existing,
        promptOverrides: settings.promptOverrides,
        onProgress: (progress, message) => save({ state: 'running', progress, message }),
      });
      await save({
        state: 'done',
        progress: 1,
        message: `${out.cases.length} case${out.cases.length === 1 ? '' : 's'} generated${existing.length > 0 ? ` (${existing.length} already saved)` : ''}`,
        cases: out.cases.map(caseView),
        coverage: coverageOf(story, out.cases),
        model: out.model,
        costUsd: out.costUsd,
      });
    } catch (error) {
      if (process.env.CASEWRIGHT_DEBUG) console.error(error);
      const result = toErrorResult(error);
      await save({ state: 'failed', progress: 1, message: 'Generation failed', error: result.ok ? undefined : result.error.message });
    }
  };
}
