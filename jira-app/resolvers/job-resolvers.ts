import { AppError, type AppDeps } from '../app/deps.js';
import type { JobRecord } from '../forge-adapters/app-store.js';
import { queuedJob, staleReason } from '../app/job-policy.js';
import { projectKeyOf, readStory } from '@casewright/core';
import { parseCases } from '../app/save-cases.js';
import type { JobSummaryView, JobView, SavedItemView } from '../shared/api.js';
import { defineResolver, requireIssue, type ResolverFn } from './define.js';

/** Project permissions a save needs; checked as the user before the app writes in the background. */
const SAVE_PERMISSIONS = ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'LINK_ISSUES'];

/**
 * The story's jobs: list them (the panel resumes the latest after a reload), read one
 * (marking it failed, with the reason, when its consumer can no longer finish it), and
 * start a save job.
 */
export function jobResolvers(deps: AppDeps): Record<string, ResolverFn> {
  /** A job whose consumer died is marked failed, once, with why. */
  async function settle(job: JobRecord): Promise<JobRecord> {
    const reason = staleReason(job, deps.now());
    if (!reason) return job;
    const failed: JobRecord = {
      ...job,
      state: 'failed',
      progress: 1,
      message: 'Stopped',
      error: reason,
      updatedAt: deps.now().toISOString(),
    };
    await deps.store.saveJob(failed);
    return failed;
  }

  async function view(job: JobRecord): Promise<JobView> {
    const { story: _s, inputChunks: _i, overwriteJira: _o, ...rest } = job;
    if (job.kind === 'save') {
      const saved = job.state === 'done' ? ((await deps.store.getSaveOutput(job.jobId)) as SavedItemView[]) : undefined;
      return { ...rest, saved };
    }
    const decisions: NonNullable<JobView['decisions']> = {};
    if (job.state === 'done')
      for (const d of await deps.store.decisions(job.jobId))
        decisions[d.caseId] = { decision: d.decision, case: d.case, reason: d.reason, note: d.note };
    return { ...rest, decisions };
  }

  return {
    getJob: defineResolver('getJob', async ({ jobId }, ctx): Promise<JobView> => {
      const job = await deps.store.getJob(jobId);
      if (!job || job.story !== requireIssue(ctx)) throw new AppError('NOT_FOUND', 'That job does not exist for this issue.');
      return view(await settle(job));
    }),

    listJobs: defineResolver('listJobs', async (_payload, ctx): Promise<JobSummaryView[]> => {
      const story = requireIssue(ctx);
      const jobs = await deps.store.listJobs(story, 10);
      const out: JobSummaryView[] = [];
      for (const summary of jobs) {
        if (summary.state !== 'queued' && summary.state !== 'running') {
          out.push(summary);
          continue;
        }
        const job = await deps.store.getJob(summary.jobId);
        const settled = job ? await settle(job) : undefined;
        out.push(
          settled
            ? { ...summary, state: settled.state, progress: settled.progress, message: settled.message, error: settled.error }
            : summary,
        );
      }
      return out;
    }),

    startSave: defineResolver('startSave', async ({ cases, overwriteJira, fromJob }, ctx): Promise<{ jobId: string }> => {
      const key = requireIssue(ctx);
      const parsed = parseCases(cases);
      const project = projectKeyOf(key);
      // As the user: they can see the story, and may create, edit and link issues in its project.
      const ws = await deps.workspace('user', await deps.store.getSettings(), project);
      await readStory(ws, { jiraKey: key }, { requireCriteria: false });
      const granted = await (await ws.jira()).hasPermissions(SAVE_PERMISSIONS, project);
      const missing = SAVE_PERMISSIONS.filter((p) => !granted[p]);
      if (missing.length > 0)
        throw new AppError(
          'FORBIDDEN',
          `You cannot save test cases in ${project}: Jira does not give you ${missing.map((p) => p.toLowerCase().replace(/_/g, ' ')).join(', ')}.`,
        );
      const jobId = deps.newId();
      const job = queuedJob(
        {
          jobId,
          kind: 'save',
          story: key,
          accountId: ctx.accountId,
          message: `Waiting to save ${parsed.length} case${parsed.length === 1 ? '' : 's'}`,
          done: 0,
          total: parsed.length,
          overwriteJira,
          ...(fromJob ? { model: (await deps.store.getJob(fromJob))?.model } : {}),
        },
        deps.now(),
      );
      job.inputChunks = await deps.store.putSaveInput(jobId, parsed);
      await deps.store.saveJob(job);
      await deps.saveQueue.push({ jobId, story: key });
      return { jobId };
    }),
  };
}
