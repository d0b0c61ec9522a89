import { pushCases, resolveIssueType, TestCaseSchema, type JiraClient, type TestCase } from '@casewright/core';
import type { SavedItemView } from '../shared/api.js';
import { caseView } from '../resolvers/views.js';
import { AppError, type AppDeps } from './deps.js';
import { readStory } from './story.js';

/** Cases sent by the panel, validated with the model; the first bad one is named. */
export function parseCases(cases: readonly unknown[]): TestCase[] {
  return cases.map((c, i) => {
    const r = TestCaseSchema.safeParse(c);
    if (!r.success) {
      const first = r.error.issues[0];
      throw new AppError('INVALID_INPUT', `case ${i + 1}: ${first?.path.join('.') || ''} ${first?.message ?? 'invalid'}`.trim());
    }
    return r.data;
  });
}

/**
 * Saves cases of a story to Jira with the org's mapping (issue type and link type per
 * project, priorities), linked to the story, and says per case what happened.
 */
export async function saveToJira(
  deps: AppDeps,
  client: JiraClient,
  storyKey: string,
  cases: readonly TestCase[],
  options: {
    overwriteJira?: readonly string[] | undefined;
    onProgress?: ((done: number, total: number) => Promise<void>) | undefined;
  } = {},
): Promise<SavedItemView[]> {
  const settings = await deps.store.getSettings();
  const story = await readStory(client, storyKey, settings.acceptanceCriteriaField);
  const project = settings.projects[story.projectKey] ?? {};
  const report = await pushCases(cases, {
    client,
    story: storyKey,
    projectKey: story.projectKey,
    issueType: await resolveIssueType(client, story.projectKey, project.issueType),
    linkType: project.linkType ?? settings.linkType,
    criteriaHash: story.criteriaHash,
    priorities: settings.priorities,
    overwriteJira: new Set(options.overwriteJira ?? []),
    onProgress: options.onProgress,
    now: deps.now,
  });
  return report.items.map((item) => ({
    caseId: item.caseId,
    title: item.title,
    status: item.status,
    key: item.key,
    message: item.message,
    case: caseView(item.case),
    remote: item.remote ? caseView(item.remote) : undefined,
  }));
}
