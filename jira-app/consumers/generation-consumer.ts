import { z } from 'zod';
import { generate, listStoryCases, projectKeyOf, readStory, RetryError, TestCaseSchema } from '@casewright/core';
import { GenerateRequestSchema } from '../shared/api.js';
import type { AppDeps } from '../app/deps.js';
import type { JobRecord } from '../forge-adapters/app-store.js';
import { JOB_DEADLINE_MS, queuedJob } from '../app/job-policy.js';
import { egressBlocked } from '../app/egress.js';
import { maskOrgSecrets, type OrgWorkspace } from '../app/org-workspace.js';
import { caseView } from '../resolvers/views.js';
import { toErrorResult } from '../resolvers/define.js';

const JobEventSchema = z.object({
  jobId: z.string().uuid(),
  story: z.string().regex(/^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/),
  request: GenerateRequestSchema.extend({ model: z.string().min(1) }),
  accountId: z.string().nullish(),
});

/** What went wrong, in words for the person waiting in the panel. */
function failureMessage(error: unknown, ws: OrgWorkspace | undefined): string {
  const egress = egressBlocked(ws?.blockedHosts() ?? []);
  if (egress) return egress.message;
  if (RetryError.isInstance(error) && (error as RetryError).reason === 'deadline')
    return `The model did not finish within the job's ${Math.round(JOB_DEADLINE_MS / 60_000)} minutes (retries and fallbacks included). Try fewer cases, or another model.`;
  const result = toErrorResult(error);
  return result.ok ? 'Generation failed' : result.error.message;
}

/**
 * The async-event consumer that runs a generation job (UI resolvers stop at
 * 25 s; a consumer may run for minutes). Progress and the result go to KVS,
 * where the panel polls them through `getJob`. Every model call ends within the
 * job's deadline (the router's total time budget), below Forge's limit, so the
 * result is always stored before the function is stopped.
 */
export function createGenerationConsumer(deps: AppDeps) {
  return async (event: { body?: unknown }): Promise<void> => {
    const parsed = JobEventSchema.safeParse(event?.body);
    if (!parsed.success) {
      console.error('casewright generation event ignored: invalid body');
      return;
    }
    const { jobId, story: key, request, accountId } = parsed.data;
    const found = await deps.store.getJob(jobId);
    // Delivered again after it finished, or marked failed as stale meanwhile: nothing to do.
    if (found && (found.state === 'done' || found.state === 'failed')) return;
    const started = deps.now();
    const base = found ?? queuedJob({ jobId, kind: 'generate', story: key, message: '' }, started);
    let current: JobRecord = { ...base, accountId: accountId ?? base.accountId, startedAt: started.toISOString() };
    const save = async (patch: Partial<JobRecord>) => {
      current = { ...current, ...patch, updatedAt: deps.now().toISOString() };
      await deps.store.saveJob(current);
    };
    let workspace: OrgWorkspace | undefined;
    try {
      await save({ state: 'running', progress: 0.05, message: 'Starting' });
      const settings = await deps.store.getSettings();
      const ws = await deps.workspace('app', settings, projectKeyOf(key), {
        totalTimeoutMs: JOB_DEADLINE_MS - (deps.now().getTime() - started.getTime()),
      });
      workspace = ws;
      // The router's time budget counts from its creation: start it now, not at the first model call.
      await ws.router();
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
      await save({
        state: 'failed',
        progress: 1,
        message: 'Generation failed',
        error: await maskOrgSecrets(deps.keys, failureMessage(error, workspace)),
      });
    }
  };
}
