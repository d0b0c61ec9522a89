import { CASE_PROPERTY_KEY, storyRemoteCases } from '@casewright/core';
import { AppError, type AppDeps } from '../app/deps.js';
import { readStory } from '../app/story.js';
import { parseCases, saveToJira } from '../app/save-cases.js';
import type { JobRecord } from '../forge-adapters/app-store.js';
import type { LinkedCaseView, SavedItemView, StoryView } from '../shared/api.js';
import { defineResolver, requireIssue, type ResolverFn } from './define.js';
import { linkedCaseView } from './views.js';

/** Resolvers of the issue panel: read the story, generate, review, save, list linked cases. */
export function panelResolvers(deps: AppDeps): Record<string, ResolverFn> {
  return {
    getStory: defineResolver('getStory', async (_payload, ctx): Promise<StoryView> => {
      const settings = await deps.store.getSettings();
      const key = requireIssue(ctx);
      const client = deps.jiraAsUser();
      // The panel's display conditions keep it off case issues, but they run in the browser.
      if ((await client.getProperty(key, CASE_PROPERTY_KEY)) !== undefined)
        throw new AppError('NOT_A_STORY', 'This issue is a Casewright test case. Open the story it tests to generate or review cases.');
      const story = await readStory(client, key, settings.acceptanceCriteriaField);
      const models = [...new Set([settings.defaultModel, ...settings.allowedModels])];
      return {
        key: story.key,
        summary: story.summary,
        description: story.description,
        criteria: story.criteria,
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
      const story = await readStory(deps.jiraAsUser(), key, settings.acceptanceCriteriaField);
      if (story.criteria.length === 0 && !story.description)
        throw new AppError('EMPTY_STORY', 'The story has no description or acceptance criteria to generate from.');
      const jobId = deps.newId();
      const now = deps.now().toISOString();
      const job: JobRecord = {
        jobId,
        kind: 'generate',
        story: key,
        accountId: ctx.accountId,
        state: 'queued',
        progress: 0,
        message: 'Waiting to start',
        cases: [],
        coverage: [],
        model,
        createdAt: now,
        updatedAt: now,
      };
      await deps.store.saveJob(job);
      await deps.queue.push({ jobId, story: key, request: { ...request, model }, accountId: ctx.accountId ?? null });
      return { jobId };
    }),

    recordDecision: defineResolver('recordDecision', async ({ jobId, caseId, decision, case: edited }, ctx) => {
      const job = await deps.store.getJob(jobId);
      if (!job || job.story !== requireIssue(ctx)) throw new AppError('NOT_FOUND', 'That generation job does not exist for this issue.');
      await deps.store.recordDecision({
        jobId,
        caseId,
        decision,
        accountId: ctx.accountId,
        at: deps.now().toISOString(),
        model: job.model,
        ...(decision === 'edited' && edited ? { case: edited } : {}),
      });
      return { recorded: true };
    }),

    saveCases: defineResolver('saveCases', async ({ cases }, ctx): Promise<SavedItemView[]> =>
      saveToJira(deps, deps.jiraAsUser(), requireIssue(ctx), parseCases(cases)),
    ),

    listStoryCases: defineResolver('listStoryCases', async (_payload, ctx): Promise<LinkedCaseView[]> => {
      const key = requireIssue(ctx);
      const settings = await deps.store.getSettings();
      const client = deps.jiraAsUser();
      const story = await readStory(client, key, settings.acceptanceCriteriaField);
      return (await storyRemoteCases(client, key)).map((r) => linkedCaseView(r, story.criteriaHash));
    }),
  };
}
