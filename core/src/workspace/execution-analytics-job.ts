/**
 * Analytics from stored executions, for the Jira app's project page and story panel: pass
 * rate per story and over time, flaky cases, criteria coverage, open defects. Read from the
 * stories' `casewright-executions` properties and the bugs' `casewright.defect` property,
 * through indexed JQL, paged — never by reading every case.
 */
import { DEFECT_LABEL, DEFECT_PROPERTY_KEY } from '../connectors/jira/defects.js';
import { EXECUTIONS_PROPERTY_KEY, passRate, StoryExecutionsPropertySchema, type StoryCoverage } from '../connectors/jira/executions.js';
import { UsageError } from '../errors/usage-error.js';
import { JiraKeySchema } from '../model/common.js';
import type { Workspace } from './workspace.js';

export interface StoryAnalytics {
  key: string;
  summary: string;
  /** The last execution's pass rate, 0..1. */
  passRate: number;
  lastRunAt: string;
  cases: number;
  coverage: StoryCoverage;
  /** The story's executions, oldest first (capped where they are stored). */
  trend: Array<{ id: string; at: string; passRate: number; passed: number; failed: number; total: number }>;
  flaky: Array<{ key: string; title: string; flips: number }>;
  openDefects: number;
}

export interface ExecutionAnalytics {
  stories: StoryAnalytics[];
  /** Executions across the stories, merged by id, oldest first (the last 30). */
  overTime: Array<{ id: string; at: string; passRate: number; passed: number; failed: number; total: number }>;
  /** The flakiest cases across the stories. */
  flaky: Array<{ key: string; title: string; flips: number; story: string }>;
  openDefects: Array<{ key: string; summary: string; story: string | undefined }>;
  /** More stories or defects exist than were read. */
  truncated: boolean;
}

export interface ExecutionAnalyticsOptions {
  /** A project's stories (the project page) … */
  project?: string | undefined;
  /** … or one story (the story panel). */
  story?: string | undefined;
  /** Stories read at most (default 500). */
  limit?: number | undefined;
  signal?: AbortSignal | undefined;
}

const OVER_TIME = 30;

/** Pass rates, coverage, flaky cases and open defects of a project's stories, or of one story. */
export async function readExecutionAnalytics(ws: Workspace, options: ExecutionAnalyticsOptions): Promise<ExecutionAnalytics> {
  const { project, story } = options;
  if (story !== undefined && !JiraKeySchema.safeParse(story).success)
    throw new UsageError(`"${story}" is not a Jira issue key such as SHOP-1`);
  if (project !== undefined && !/^[A-Z][A-Z0-9_]+$/.test(project))
    throw new UsageError(`"${project}" is not a Jira project key such as SHOP`);
  if (!project && !story) throw new UsageError('name a project or a story');
  const jira = await ws.jira();
  const limit = options.limit ?? 500;
  const storyJql = story
    ? `key = "${story}"`
    : `project = "${project}" AND issue.property[${EXECUTIONS_PROPERTY_KEY}].lastRunAt IS NOT EMPTY ORDER BY key ASC`;
  const defectJql = story
    ? `issue.property[${DEFECT_PROPERTY_KEY}].story = "${story}" AND statusCategory != Done`
    : `project = "${project}" AND labels = "${DEFECT_LABEL}" AND statusCategory != Done ORDER BY created ASC`;
  const [storyIssues, defectIssues] = await Promise.all([
    jira.searchAll(storyJql, {
      fields: ['summary'],
      properties: [EXECUTIONS_PROPERTY_KEY],
      pageSize: 100,
      limit: limit + 1,
      signal: options.signal,
    }),
    jira.searchAll(defectJql, {
      fields: ['summary'],
      properties: [DEFECT_PROPERTY_KEY],
      pageSize: 100,
      limit: 1001,
      signal: options.signal,
    }),
  ]);
  const openDefects = defectIssues.slice(0, 1000).map((d) => {
    const prop = d.properties?.[DEFECT_PROPERTY_KEY] as { story?: unknown } | undefined;
    return { key: d.key, summary: String(d.fields.summary ?? ''), story: typeof prop?.story === 'string' ? prop.story : undefined };
  });
  const stories: StoryAnalytics[] = [];
  for (const issue of storyIssues.slice(0, limit)) {
    const parsed = StoryExecutionsPropertySchema.safeParse(issue.properties?.[EXECUTIONS_PROPERTY_KEY]);
    if (!parsed.success) continue;
    const p = parsed.data;
    stories.push({
      key: issue.key,
      summary: String(issue.fields.summary ?? ''),
      passRate: p.lastPassRate,
      lastRunAt: p.lastRunAt,
      cases: p.cases,
      coverage: p.coverage,
      trend: p.executions.map((e) => ({
        id: e.id,
        at: e.at,
        passRate: round(passRate(e)),
        passed: e.passed,
        failed: e.failed + e.errored,
        total: e.total,
      })),
      flaky: p.flaky,
      openDefects: openDefects.filter((d) => d.story === issue.key).length,
    });
  }
  const merged = new Map<string, { id: string; at: string; passed: number; failed: number; skipped: number; total: number }>();
  for (const s of storyIssues.slice(0, limit)) {
    const p = StoryExecutionsPropertySchema.safeParse(s.properties?.[EXECUTIONS_PROPERTY_KEY]);
    for (const e of p.success ? p.data.executions : []) {
      const m = merged.get(e.id) ?? { id: e.id, at: e.at, passed: 0, failed: 0, skipped: 0, total: 0 };
      m.passed += e.passed;
      m.failed += e.failed + e.errored;
      m.skipped += e.skipped;
      m.total += e.total;
      if (e.at > m.at) m.at = e.at;
      merged.set(e.id, m);
    }
  }
  const overTime = [...merged.values()]
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-OVER_TIME)
    .map((m) => ({ id: m.id, at: m.at, passRate: round(passRate(m)), passed: m.passed, failed: m.failed, total: m.total }));
  const flaky = stories
    .flatMap((s) => s.flaky.map((f) => ({ ...f, story: s.key })))
    .sort((a, b) => b.flips - a.flips || a.key.localeCompare(b.key))
    .slice(0, 20);
  return { stories, overTime, flaky, openDefects, truncated: storyIssues.length > limit || defectIssues.length > 1000 };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
