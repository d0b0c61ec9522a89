import { criteriaHashOf, projectKeyOf, pushCasesToJira, readStory, TestCaseSchema, type TestCase } from '@casewright/core';
import type { SavedItemView } from '../shared/api.js';
import { caseView } from '../resolvers/views.js';
import { AppError, type AppDeps } from './deps.js';

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
 * Saves cases of a story through core's push job, in a workspace built from the org's
 * settings (issue type and link type per project, priorities), as the user (the
 * `saveCases` resolver) or as the app (the save consumer), and says per case what happened.
 */
export async function saveToJira(
  deps: AppDeps,
  as: 'user' | 'app',
  storyKey: string,
  cases: readonly TestCase[],
  options: {
    overwriteJira?: readonly string[] | undefined;
    onProgress?: ((done: number, total: number) => Promise<void>) | undefined;
  } = {},
): Promise<SavedItemView[]> {
  const ws = await deps.workspace(as, await deps.store.getSettings(), projectKeyOf(storyKey));
  const story = await readStory(ws, { jiraKey: storyKey }, { requireCriteria: false });
  const report = await pushCasesToJira(ws, {
    cases,
    story: storyKey,
    criteriaHash: criteriaHashOf(story),
    overwriteJira: options.overwriteJira,
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
