import { executions, projectKeyOf } from '@casewright/core';
import { AppError, type AppDeps } from '../app/deps.js';
import type { FiledBugView } from '../shared/api.js';
import { defineResolver, requireIssue, type ResolverFn } from './define.js';

/**
 * The story panel's defects: the story's failed cases with their open bug, and "File a bug"
 * for one of them — core's defect job (one open bug per case, reused with a comment), as the
 * person using the panel, so Jira's own permissions decide who may create and link the bug.
 */
export function defectResolvers(deps: AppDeps): Record<string, ResolverFn> {
  const workspaceFor = async (story: string) => {
    const settings = await deps.store.getSettings();
    return deps.workspace('user', settings, projectKeyOf(story));
  };
  return {
    listStoryFailures: defineResolver('listStoryFailures', async (_payload, ctx): Promise<executions.StoryFailure[]> => {
      const story = requireIssue(ctx);
      return executions.storyFailures(await workspaceFor(story), story);
    }),
    fileBug: defineResolver('fileBug', async ({ caseKey }, ctx): Promise<FiledBugView> => {
      const story = requireIssue(ctx);
      const ws = await workspaceFor(story);
      // Only a failed case of this story: the panel's story decides what may be filed from it.
      const failures = await executions.storyFailures(ws, story);
      if (!failures.some((f) => f.caseKey === caseKey)) {
        throw new AppError('NOT_FOUND', `${caseKey} is not a failed test case of ${story}.`);
      }
      return executions.fileDefectFromHistory(ws, { caseKey });
    }),
  };
}
