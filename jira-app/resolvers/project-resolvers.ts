import { searchJiraCases } from '@casewright/core';
import { AppError, type AppDeps } from '../app/deps.js';
import type { LinkedCaseView } from '../shared/api.js';
import { defineResolver, type ResolverFn } from './define.js';
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
