import { learning, projectKeyOf } from '@casewright/core';
import type { AppDeps } from '../app/deps.js';
import { createJudgeLog } from '../forge-adapters/judge-log.js';
import type { JudgeAgreementView, JudgeDecidedView, JudgeItemView, JudgeReviewView } from '../shared/judge-api.js';
import { defineResolver, requireIssue, type ResolverFn } from './define.js';

/** A verdict of the story's queue as the panel shows it (the case's checks snapshot stays on the server). */
function itemView(item: learning.JiraQueuedVerdict): JudgeItemView {
  const { checks: _checks, story: _story, caseId: _caseId, file: _file, path: _path, runId: _runId, ...view } = item;
  return view;
}

/**
 * The "Judge review" of the issue panel: the story's judge verdicts (its `casewright-judge-queue`
 * property, written by `casewright run --jira`), a person's Confirm / Override through core's
 * `decideJudgeVerdictOnJira` (an override becomes the case's recorded outcome), each decision
 * also in the project's judge log in Forge KVS, whose agreement per judge model (Cohen's kappa,
 * core's `judgeAgreement`) the section shows.
 */
export function judgeResolvers(deps: AppDeps, log = createJudgeLog()): Record<string, ResolverFn> {
  const agreementOf = async (project: string): Promise<{ agreement: JudgeAgreementView[]; decisions: number }> => {
    const records = await log.read(project);
    const agreement = learning.judgeAgreement(records.map((r) => ({ item: r.item, decision: r.decision })));
    return {
      agreement: agreement.map((a) => ({
        model: a.model,
        n: a.n,
        kappa: a.kappa,
        observed: a.observed,
        expected: a.expected,
        matrix: a.matrix,
      })),
      decisions: records.length,
    };
  };
  return {
    getJudgeReview: defineResolver('getJudgeReview', async (_payload, ctx): Promise<JudgeReviewView> => {
      const story = requireIssue(ctx);
      // As the person: Jira's permissions decide whether they may see the story.
      const ws = await deps.workspace('user', await deps.store.getSettings(), projectKeyOf(story));
      const jira = await ws.jira();
      const prop = learning.readJudgeQueueProperty(await jira.getProperty(story, learning.JUDGE_QUEUE_PROPERTY_KEY));
      return {
        items: prop.items.map(itemView),
        pending: prop.pending,
        decided: prop.decided,
        dropped: prop.dropped,
        ...(await agreementOf(projectKeyOf(story))),
      };
    }),
    decideJudgeVerdict: defineResolver('decideJudgeVerdict', async ({ id, decision, note }, ctx): Promise<JudgeDecidedView> => {
      const story = requireIssue(ctx);
      const project = projectKeyOf(story);
      // As the person: writing the story's and the case's properties needs their permission to edit them.
      const ws = await deps.workspace('user', await deps.store.getSettings(), project);
      const done = await learning.decideJudgeVerdictOnJira(ws, { story, id, decision, note, by: ctx.accountId }, deps.now());
      await log.append(project, {
        story,
        caseKey: done.item.caseKey,
        item: learning.localQueuedVerdict(done.item),
        decision: done.decision,
      });
      return { item: itemView(done.item), caseOutcome: done.caseOutcome };
    }),
  };
}
