import {
  criteriaHashOf,
  listStoryCases,
  projectKeyOf,
  pushCasesToJira,
  readStory,
  TestCaseSchema,
  type Story,
  type Workspace,
} from '@casewright/core';
import { AppError, type AppDeps } from '../app/deps.js';
import type { JobView, LinkedCaseView, SavedItemView, StoryView } from '../shared/api.js';
import { defineResolver, requireIssue, type ResolverFn } from './define.js';
import { caseView, linkedCaseView } from './views.js';

/** Resolvers of the issue panel: read the story, generate, review, save, list linked cases. */
export function panelResolvers(deps: AppDeps): Record<string, ResolverFn> {
  /** The story as the person using the panel may see it (Jira permissions apply). */
  async function storyAsUser(
    key: string,
  ): Promise<{ ws: Workspace; story: Story; settings: Awaited<ReturnType<AppDeps['store']['getSettings']>> }> {
    const settings = await deps.store.getSettings();
    const ws = await deps.workspace('user', settings, projectKeyOf(key));
    return { ws, settings, story: await readStory(ws, { jiraKey: key }, { requireCriteria: false }) };
  }
  return {
    getStory: defineResolver('getStory', async (_payload, ctx): Promise<StoryView> => {
      const { story, settings } = await storyAsUser(requireIssue(ctx));
      const models = [...new Set([settings.defaultModel, ...settings.allowedModels])];
      return {
        key: story.key ?? requireIssue(ctx),
        summary: story.title,
        description: story.description,
        criteria: story.criteria.map((c) => ({ id: c.id, text: c.text })),
        models,
        defaultModel: settings.defaultModel,
      };
    }),

    startGeneration: defineResolver('startGeneration', async (request, ctx) => {
      const key = requireIssue(ctx);
      const settings = await deps.store.getSettings();
      const model = request.model ?? settings.defaultModel;
      if (model !== settings.defaultModel && !settings.allowedModels.includes(model)) {
        throw new AppError('MODEL_NOT_ALLOWED', `${model} is not among the models your administrator allowed.`);
      }
      // Reading the story as the user proves they may see it before the app works on it in the background.
      const { story } = await storyAsUser(key);
      if (story.criteria.length === 0 && !story.description)
        throw new AppError('EMPTY_STORY', 'The story has no description or acceptance criteria to generate from.');
      const jobId = deps.newId();
      const job: JobView & { story: string; accountId?: string | undefined } = {
        jobId,
        story: key,
        accountId: ctx.accountId,
        state: 'queued',
        progress: 0,
        message: 'Waiting to start',
        cases: [],
        coverage: [],
      };
      await deps.store.saveJob(job);
      await deps.queue.push({ jobId, story: key, request: { ...request, model }, accountId: ctx.accountId ?? null });
      return { jobId };
    }),

    getJob: defineResolver('getJob', async ({ jobId }, ctx): Promise<JobView> => {
      const job = await deps.store.getJob(jobId);
      if (!job || job.story !== requireIssue(ctx)) throw new AppError('NOT_FOUND', 'That generation job does not exist for this issue.');
      const { story: _s, accountId: _a, ...view } = job;
      return view;
    }),

    recordDecision: defineResolver('recordDecision', async ({ jobId, caseId, decision }, ctx) => {
      const job = await deps.store.getJob(jobId);
      if (!job || job.story !== requireIssue(ctx)) throw new AppError('NOT_FOUND', 'That generation job does not exist for this issue.');
      await deps.store.recordDecision({
        jobId,
        caseId,
        decision,
        accountId: ctx.accountId,
        at: deps.now().toISOString(),
        model: job.model,
      });
      return { recorded: true };
    }),

    saveCases: defineResolver('saveCases', async ({ cases }, ctx): Promise<SavedItemView[]> => {
      const key = requireIssue(ctx);
      const parsed = cases.map((c, i) => {
        const r = TestCaseSchema.safeParse(c);
        if (!r.success) {
          const first = r.error.issues[0];
          throw new AppError('INVALID_INPUT', `case ${i + 1}: ${first?.path.join('.') || ''} ${first?.message ?? 'invalid'}`.trim());
        }
        return r.data;
      });
      const { ws, story } = await storyAsUser(key);
      const report = await pushCasesToJira(ws, { cases: parsed, story: key, criteriaHash: criteriaHashOf(story), now: deps.now });
      return report.items.map((item) => ({
        caseId: item.caseId,
        title: item.title,
        status: item.status,
        key: item.key,
        message: item.message,
        case: caseView(item.case),
        remote: item.remote ? caseView(item.remote) : undefined,
      }));
    }),

    listStoryCases: defineResolver('listStoryCases', async (_payload, ctx): Promise<LinkedCaseView[]> => {
      const key = requireIssue(ctx);
      const { ws, story } = await storyAsUser(key);
      const hash = criteriaHashOf(story);
      return (await listStoryCases(ws, key)).map((r) => linkedCaseView(r, hash));
    }),
  };
}
