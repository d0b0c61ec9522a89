import { CASE_LABEL, CASE_PROPERTY_KEY, RUN_PROPERTY_KEY, toRemoteCase } from '@casewright/core';
import { AppError, type AppDeps } from '../app/deps.js';
import type { LinkedCaseView } from '../shared/api.js';
import { defineResolver, type ResolverFn } from './define.js';
import { linkedCaseView } from './views.js';

export interface ProjectCasesView {
  cases: LinkedCaseView[];
  stories: Array<{ key: string; cases: number; covered: string[]; passed: number; failed: number; neverRun: number }>;
  truncated: boolean;
}

const quote = (s: string) => `"${s.replace(/["\\]/g, '')}"`;
const LIMIT = 500;

/** The project page: the project's case repository, searched through the entity-property index. */
export function projectResolvers(deps: AppDeps): Record<string, ResolverFn> {
  return {
    listProjectCases: defineResolver('listProjectCases', async (filters, ctx): Promise<ProjectCasesView> => {
      const project = ctx.projectKey;
      if (!project || !/^[A-Z][A-Z0-9_]+$/.test(project)) throw new AppError('NO_PROJECT', 'Open this page from a Jira project.');
      const clauses = [`project = ${project}`, `labels = ${CASE_LABEL}`];
      if (filters.story) clauses.push(`issue.property[${CASE_PROPERTY_KEY}].story = ${quote(filters.story)}`);
      if (filters.priority) clauses.push(`issue.property[${CASE_PROPERTY_KEY}].priority = ${quote(filters.priority)}`);
      if (filters.status) clauses.push(`issue.property[${CASE_PROPERTY_KEY}].status = ${quote(filters.status)}`);
      if (filters.text?.trim()) clauses.push(`summary ~ ${quote(filters.text.trim())}`);
      const issues = await deps.jiraAsUser().searchAll(`${clauses.join(' AND ')} ORDER BY key ASC`, {
        fields: ['summary', 'description', 'status'],
        properties: [CASE_PROPERTY_KEY, RUN_PROPERTY_KEY],
        pageSize: 100,
        limit: LIMIT + 1,
      });
      // Jira stopped at LIMIT + 1: more exist than were read, whatever the filters below keep.
      const truncated = issues.length > LIMIT;
      let cases = issues.slice(0, LIMIT).flatMap((issue) => {
        const remote = toRemoteCase(issue);
        return remote ? [linkedCaseView(remote, undefined)] : [];
      });
      if (filters.lastResult) cases = cases.filter((c) => (c.lastRun?.outcome ?? 'never') === filters.lastResult);
      const byStory = new Map<string, ProjectCasesView['stories'][number]>();
      for (const c of cases) {
        const key = c.story ?? '(no story)';
        const s = byStory.get(key) ?? { key, cases: 0, covered: [], passed: 0, failed: 0, neverRun: 0 };
        s.cases++;
        s.covered = [...new Set([...s.covered, ...c.covers])].sort();
        if (!c.lastRun) s.neverRun++;
        else if (c.lastRun.outcome === 'passed') s.passed++;
        else if (c.lastRun.outcome === 'failed' || c.lastRun.outcome === 'errored') s.failed++;
        byStory.set(key, s);
      }
      return { cases, stories: [...byStory.values()], truncated };
    }),
  };
}
