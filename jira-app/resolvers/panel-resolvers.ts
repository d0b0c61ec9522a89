import {
  CASE_PROPERTY_KEY,
  criteriaHashOf,
  learning,
  listStoryCases,
  projectKeyOf,
  readStory,
  searchJiraCases,
  TestCaseSchema,
  type Story,
  type TestCaseInput,
} from '@casewright/core';
import { AppError, type AppDeps } from '../app/deps.js';
import type { OrgWorkspace } from '../app/org-workspace.js';
import { parseCases, saveToJira } from '../app/save-cases.js';
import { queuedJob } from '../app/job-policy.js';
import type { LinkedCaseView, OrgSettings, SavedItemView, SimilarView, StoryView } from '../shared/api.js';
import { defineResolver, requireIssue, type ResolverFn } from './define.js';
import { linkedCaseView } from './views.js';

/** How many of a project's cases the panel compares a story with (the newest keys past it are not read). */
const SIMILAR_LIMIT = 1000;

/** Resolvers of the issue panel: read the story, generate, review, save, list linked and similar cases. */
export function panelResolvers(deps: AppDeps): Record<string, ResolverFn> {
  /** The story as the person using the panel may see it (Jira permissions apply). */
  async function storyAsUser(key: string): Promise<{ ws: OrgWorkspace; story: Story; settings: OrgSettings }> {
    const settings = await deps.store.getSettings();
    const ws = await deps.workspace('user', settings, projectKeyOf(key));
    return { ws, settings, story: await readStory(ws, { jiraKey: key }, { requireCriteria: false }) };
  }
  return {
    getStory: defineResolver('getStory', async (_payload, ctx): Promise<StoryView> => {
      const key = requireIssue(ctx);
      const { ws, story, settings } = await storyAsUser(key);
      // The panel's display conditions keep it off case issues, but they run in the browser.
      if ((await (await ws.jira()).getProperty(key, CASE_PROPERTY_KEY)) !== undefined)
        throw new AppError('NOT_A_STORY', 'This issue is a Casewright test case. Open the story it tests to generate or review cases.');
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
      await deps.store.saveJob(
        queuedJob({ jobId, kind: 'generate', story: key, accountId: ctx.accountId, message: 'Waiting to start', model }, deps.now()),
      );
      await deps.queue.push({ jobId, story: key, request: { ...request, model }, accountId: ctx.accountId ?? null });
      return { jobId };
    }),

    /**
     * A reviewer's accept / edit / reject of a generated case: recorded by core's
     * `recordDecision` into the project's decision log in Forge storage (with the diff of an
     * edit, the reason and note of a rejection), and kept as the panel's review state.
     */
    recordDecision: defineResolver('recordDecision', async ({ jobId, caseId, decision, case: edited, reason, note }, ctx) => {
      const job = await deps.store.getJob(jobId);
      if (!job || job.story !== requireIssue(ctx)) throw new AppError('NOT_FOUND', 'That generation job does not exist for this issue.');
      const generated = job.cases.find((c) => c.id === caseId);
      if (!generated) throw new AppError('NOT_FOUND', 'That case is not in the generation job.');
      const before = generated.case as unknown as TestCaseInput;
      let after = before;
      if (decision === 'edited') {
        const parsed = TestCaseSchema.safeParse(edited);
        if (!edited || !parsed.success) throw new AppError('INVALID_CASE', 'The edited case is not a valid case.');
        if (parsed.data.id.toLowerCase() !== caseId.toLowerCase()) throw new AppError('INVALID_CASE', 'An edit cannot change the case id.');
        after = edited as unknown as TestCaseInput;
      }
      // The status `casewright review` gives: accepted and edited cases are ready, rejected ones deprecated.
      after = learning.asDecided(after, decision);
      const ws = await deps.workspace('user', await deps.store.getSettings(), projectKeyOf(job.story));
      await learning.recordDecision(ws, {
        decision,
        testCase: after,
        before: decision === 'edited' ? before : undefined,
        file: job.story,
        reason: decision === 'rejected' ? reason : undefined,
        note: decision === 'rejected' ? note : undefined,
        by: ctx.accountId,
      });
      await deps.store.recordDecision({
        jobId,
        caseId,
        decision,
        accountId: ctx.accountId,
        at: deps.now().toISOString(),
        model: job.model,
        // The case as decided (a reload shows it, and it is what gets saved), not for a rejection.
        ...(decision !== 'rejected' ? { case: after as unknown as Record<string, unknown> } : {}),
        ...(decision === 'rejected' && reason ? { reason } : {}),
        ...(decision === 'rejected' && note?.trim() ? { note: note.trim() } : {}),
      });
      return { recorded: true, ...(decision !== 'rejected' ? { case: after as unknown as Record<string, unknown> } : {}) };
    }),

    similarCases: defineResolver('similarCases', async (_payload, ctx): Promise<SimilarView> => {
      const key = requireIssue(ctx);
      const { ws, story } = await storyAsUser(key);
      const found = await searchJiraCases(ws, { project: projectKeyOf(key), limit: SIMILAR_LIMIT });
      const cases = found.cases.flatMap((r) => (r.case && r.property.story !== key ? [{ testCase: r.case, where: r.key }] : []));
      const byId = new Map(found.cases.map((r) => [r.case?.id.toLowerCase(), r]));
      return {
        criteria: learning.similarAmongCases(cases, story, { k: 3 }).map(({ criterion, hits }) => ({
          id: criterion.id,
          text: criterion.text,
          hits: hits.map((h) => ({
            key: h.doc.file,
            title: h.doc.title,
            status: h.doc.status ?? 'draft',
            story: byId.get(h.doc.id)?.property.story,
            covers: h.doc.covers ?? [],
          })),
        })),
        compared: cases.length,
        truncated: found.truncated,
      };
    }),

    saveCases: defineResolver('saveCases', async ({ cases }, ctx): Promise<SavedItemView[]> =>
      saveToJira(deps, 'user', requireIssue(ctx), parseCases(cases)),
    ),

    listStoryCases: defineResolver('listStoryCases', async (_payload, ctx): Promise<LinkedCaseView[]> => {
      const key = requireIssue(ctx);
      const { ws, story } = await storyAsUser(key);
      const hash = criteriaHashOf(story);
      return (await listStoryCases(ws, key)).map((r) => linkedCaseView(r, hash));
    }),
  };
}
