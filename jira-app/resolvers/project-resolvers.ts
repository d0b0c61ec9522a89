import { executions, projectKeyOf, searchJiraCases } from '@casewright/core';
import { AppError, type AppDeps } from '../app/deps.js';
import type { LinkedCaseView } from '../shared/api.js';
import { defineResolver, requireIssue, type ResolverFn } from './define.js';
import { linkedCaseView } from './views.js';

export interface ProjectCasesView {
  cases: LinkedCaseView[];
  stories: Array<{ key: string; cases: number; covered: string[]; passed: number; failed: number; neverRun: number }>;
  truncated: boolean;
}

const LIMIT = 500;

/** The project page: the project's case repository, searched through the entity-property index. */
export function projectResolvers(deps: AppDeps): Record<string, ResolverFn> {
  return {
    // Analytics come from stored executions (the stories' casewright-executions property and the
    // bugs' casewright.defect property), through indexed JQL: no case is read one by one.
    getProjectAnalytics: defineResolver('getProjectAnalytics', async (_payload, ctx): Promise<executions.ExecutionAnalytics> => {
      const project = ctx.projectKey;
      if (!project || !/^[A-Z][A-Z0-9_]+$/.test(project)) throw new AppError('NO_PROJECT', 'Open this page from a Jira project.');
      const ws = await deps.workspace('user', await deps.store.getSettings(), project);
      return executions.readExecutionAnalytics(ws, { project });
    }),
    getStoryAnalytics: defineResolver('getStoryAnalytics', async (_payload, ctx): Promise<executions.ExecutionAnalytics> => {
      const story = requireIssue(ctx);
      const ws = await deps.workspace('user', await deps.store.getSettings(), projectKeyOf(story));
      return executions.readExecutionAnalytics(ws, { story });
    }),
    listProjectCases: defineResolver('listProjectCases', async (filters, ctx): Promise<ProjectCasesView> => {
      const project = ctx.projectKey;
      if (!project || !/^[A-Z][A-Z0-9_]+$/.test(project)) throw new AppError('NO_PROJECT', 'Open this page from a Jira project.');
      const ws = await deps.workspace('user', await deps.store.getSettings(), project);
      const found = await searchJiraCases(ws, {
        project,
        story: filters.story,
        priority: filters.priority,
        status: filters.status,
        text: filters.text,
        limit: LIMIT,
      });
      // More cases exist than were read, whatever the filter on the last result below keeps.
      const truncated = found.truncated;
      let cases = found.cases.map((remote) => linkedCaseView(remote, undefined));
      if (filters.lastResult) cases = cases.filter((c) => (c.lastRun?.outcome ?? 'never') === filters.lastResult);
      const byStory = new Map<string, ProjectCasesView['stories'][number]>();
      for (const c of cases) {
        const key = c.story ?? '(no story)';
        const s = byStory.get(key) ?? { key, cases: 0, covered: [], passed: 0, failed: 0, neverRun: 0 };
        s.cases++;
        // Deprecated cases cover nothing (the coverage of docs/generation.md).
        if (c.status !== 'deprecated') s.covered = [...new Set([...s.covered, ...c.covers])].sort();
        if (!c.lastRun) s.neverRun++;
        else if (c.lastRun.outcome === 'passed') s.passed++;
        else if (c.lastRun.outcome === 'failed' || c.lastRun.outcome === 'errored') s.failed++;
        byStory.set(key, s);
      }
      return { cases, stories: [...byStory.values()], truncated };
    }),
  };
}
