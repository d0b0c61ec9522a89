/**
 * Defects from what Jira already stores: the Jira app's story panel files a bug for a failed
 * case from the case's recorded history (`casewright-run`) and the story's execution summary
 * (`casewright-executions`), without the run's files. Same rules as the CLI's
 * `fileDefectsForExecution`: through `fileDefect`, one open bug per case, reused and commented.
 */
import { z } from 'zod';
import { DEFECT_PROPERTY_KEY, fileDefect, findOpenDefect, type DefectOutcome } from '../connectors/jira/defects.js';
import {
  EXECUTIONS_PROPERTY_KEY,
  RunHistoryPropertySchema,
  StoryExecutionsPropertySchema,
  type RunHistoryEntry,
} from '../connectors/jira/executions.js';
import { getRemoteCase, storyRemoteCases, type RemoteCase } from '../connectors/jira/remote-cases.js';
import { UsageError } from '../errors/usage-error.js';
import { ExecutionSourceSchema, summarizeExecution, type Execution, type ExecutionCase } from '../model/execution.js';
import type { StepResult } from '../model/result.js';
import { defectInput } from './execution-job.js';
import { checkJiraKey, projectKeyOf } from './story-job.js';
import type { ExecutionWorkspace } from './execution-job.js';

const FAILING = new Set(['failed', 'errored']);
const STEP: Record<string, StepResult['status']> = { P: 'PASS', F: 'FAIL', B: 'BLOCKED' };

/** A failed case of a story, as the story panel lists it. */
export interface StoryFailure {
  caseKey: string;
  caseId: string;
  title: string;
  outcome: 'failed' | 'errored';
  /** When it failed, and in which execution. */
  at: string;
  executionId?: string | undefined;
  reason?: string | undefined;
  /** The case's open bug (not in a done status category), if one is filed. */
  openDefect?: string | undefined;
}

/**
 * The story's cases whose last recorded outcome is a failure, each with its open bug if it has
 * one: the story's case issues (by its links), then one JQL query for the open bugs of those cases.
 */
export async function storyFailures(ws: ExecutionWorkspace, story: string): Promise<StoryFailure[]> {
  checkJiraKey(story, 'the story');
  const jira = await ws.jira();
  const cases = await storyRemoteCases(jira, story);
  const failed = cases.filter((c) => c.lastRun && FAILING.has(c.lastRun.outcome));
  if (failed.length === 0) return [];
  const ids = failed.map((c) => c.property.caseId.toLowerCase());
  // Case ids are UUIDs (the case property's schema is not trusted: only those go into JQL).
  const quoted = ids.filter((id) => /^[0-9a-f-]{36}$/.test(id)).map((id) => `"${id}"`);
  const open = new Map<string, string>();
  if (quoted.length > 0) {
    const bugs = await jira.searchAll(
      `issue.property[${DEFECT_PROPERTY_KEY}].caseId in (${quoted.join(', ')}) AND statusCategory != Done ORDER BY created ASC`,
      { fields: ['summary'], properties: [DEFECT_PROPERTY_KEY], pageSize: 100, limit: 500 },
    );
    for (const bug of bugs) {
      const caseId = (bug.properties?.[DEFECT_PROPERTY_KEY] as { caseId?: unknown } | undefined)?.caseId;
      if (typeof caseId === 'string' && !open.has(caseId)) open.set(caseId, bug.key);
    }
  }
  return failed.map((c) => {
    const last = lastEntry(c);
    return {
      caseKey: c.key,
      caseId: c.property.caseId,
      title: c.case?.title ?? c.property.title,
      outcome: c.lastRun!.outcome as 'failed' | 'errored',
      at: last?.at ?? c.lastRun!.runAt,
      ...(last?.execution ? { executionId: last.execution } : {}),
      ...(last?.reason ? { reason: last.reason } : {}),
      ...(open.has(c.property.caseId.toLowerCase()) ? { openDefect: open.get(c.property.caseId.toLowerCase()) } : {}),
    };
  });
}

function lastEntry(c: RemoteCase): RunHistoryEntry | undefined {
  const run = RunHistoryPropertySchema.safeParse(c.lastRun);
  return run.success ? run.data.history?.at(-1) : undefined;
}

export interface FileDefectFromHistoryOptions {
  /** The failed case's issue. */
  caseKey: string;
  /** Default `Bug`. */
  issueType?: string | undefined;
  /** Link type to the case and the story; default the workspace's `jira.linkType`, else `Relates`. */
  linkType?: string | undefined;
}

/** What `fileDefectFromHistory` did: filed a bug, commented on the open one, or neither. */
export type DefectFromHistoryOutcome = DefectOutcome & {
  caseKey: string;
  /** True when the open bug already had this execution's failure: nothing was written. */
  alreadyAdded?: boolean | undefined;
};

/**
 * Files (or reuses, with a comment) the bug of a case whose last recorded outcome is a
 * failure: steps and expected from the case Jira holds, actual and the execution line from
 * its history entry and the story's execution summary; linked to the case and its story.
 * A case whose last outcome is not a failure is refused (nothing to file). The bug's
 * `casewright.defect` property lists the executions filed from here: asked again for an
 * execution the open bug already has, nothing is written (`alreadyAdded`).
 */
export async function fileDefectFromHistory(
  ws: ExecutionWorkspace,
  options: FileDefectFromHistoryOptions,
): Promise<DefectFromHistoryOutcome> {
  const key = checkJiraKey(options.caseKey, 'the case');
  const jira = await ws.jira();
  const remote = await getRemoteCase(jira, key);
  if (!remote) throw new UsageError(`${key} is not a Casewright test case (or you may not see it)`);
  const outcome = remote.lastRun?.outcome;
  if (!outcome || !FAILING.has(outcome))
    throw new UsageError(`${key} did not fail in its last recorded execution (${outcome ?? 'never run'}): there is nothing to file`);
  const entry = lastEntry(remote) ?? { execution: 'unknown', at: remote.lastRun!.runAt, outcome };
  const story = remote.property.story && checkStory(remote.property.story);
  const summaries = story ? StoryExecutionsPropertySchema.safeParse(await jira.getProperty(story, EXECUTIONS_PROPERTY_KEY)) : undefined;
  const summary = summaries?.success ? summaries.data.executions.find((e) => e.id === entry.execution) : undefined;
  const c: ExecutionCase = {
    caseId: remote.property.caseId.toLowerCase(),
    title: remote.case?.title ?? remote.property.title,
    kind: remote.property.kind,
    jiraKey: key,
    ...(story ? { story } : {}),
    outcome: entry.outcome,
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.durationMs !== undefined ? { durationMs: entry.durationMs } : {}),
    ...(entry.steps ? { steps: [...entry.steps].flatMap((s, i) => (STEP[s] ? [{ index: i + 1, status: STEP[s] }] : [])) } : {}),
  };
  const source = ExecutionSourceSchema.safeParse(summary?.source);
  const execution: Execution = {
    schemaVersion: 1,
    id: entry.execution,
    source: source.success ? source.data : 'cli',
    startedAt: entry.at,
    finishedAt: entry.at,
    durationMs: entry.durationMs ?? 0,
    ...(summary?.by ? { by: { name: summary.by } } : {}),
    ...(summary?.commit ? { commit: summary.commit } : {}),
    ...(summary?.branch ? { branch: summary.branch } : {}),
    ...(summary?.buildUrl ? { ci: { provider: 'ci' as const, buildUrl: summary.buildUrl } } : {}),
    cost: 0,
    summary: summarizeExecution([c]),
    cases: [c],
  };
  const input = defectInput(execution, c, remote.case, undefined, {
    projectKey: projectKeyOf(key),
    linkType: options.linkType ?? ws.config.jira?.linkType,
    issueType: options.issueType,
  });
  const known = entry.execution !== 'unknown';
  const open = known ? await findOpenDefect(jira, input.projectKey, input.caseId, input.issueType) : undefined;
  const tie = open ? DefectPropertySchema.safeParse(await jira.getProperty(open, DEFECT_PROPERTY_KEY)) : undefined;
  if (open && tie?.success && tie.data.executions?.includes(entry.execution))
    return { caseKey: key, key: open, created: false, alreadyAdded: true };
  const filed = await fileDefect(jira, input);
  if (known) {
    const current = filed.key === open && tie?.success ? tie.data : { caseId: c.caseId, ...(story ? { story } : {}) };
    await jira.setProperty(filed.key, DEFECT_PROPERTY_KEY, {
      ...current,
      executions: [...(current.executions ?? []), entry.execution].slice(-MAX_EXECUTIONS),
    });
  }
  return { caseKey: key, ...filed };
}

/** The bug's tie to its case, with the executions filed from the history (the newest last). */
const DefectPropertySchema = z
  .object({ caseId: z.string(), story: z.string().optional(), executions: z.array(z.string()).optional() })
  .passthrough();
/** Executions kept in a bug's property: enough for any re-click, small for Jira's 32 KB. */
const MAX_EXECUTIONS = 200;

function checkStory(story: string): string | undefined {
  try {
    return checkJiraKey(story, 'the story');
  } catch {
    return undefined;
  }
}
