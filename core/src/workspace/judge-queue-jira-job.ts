/**
 * The judge validation queue on Jira (docs/learning.md, "In Jira"): the verdicts a run recorded
 * with `--jira` queued for a person go to the story they belong to (the story entity property
 * `casewright-judge-queue`: pending and decided verdicts, masked, size-capped), a person
 * confirms or overrides them in the Jira app's "Judge review" (`decideJudgeVerdictOnJira`: an
 * override becomes the case's recorded outcome in its `casewright-run` history, computed again
 * by core's `overrideCase`), and `casewright judge-queue pull --jira` brings the decisions home
 * into `.casewright/judge-queue.jsonl` (`pullJudgeDecisionsFromJira`).
 *
 * Entity property values are at most 32,768 characters
 * (https://developer.atlassian.com/cloud/jira/platform/jira-entity-properties/): answers and
 * reasons are cut, the lists capped, and the oldest verdicts dropped until the JSON fits.
 */
import { UsageError } from '../errors/usage-error.js';
import { RUN_PROPERTY_KEY } from '../connectors/jira/case-mapping.js';
import { countFlips, RunHistoryPropertySchema } from '../connectors/jira/executions.js';
import type { JiraClient } from '../connectors/jira/jira-client.js';
import { JiraKeySchema } from '../model/common.js';
import type { Execution } from '../model/execution.js';
import {
  JiraQueuedVerdictSchema,
  JUDGE_QUEUE_PROPERTY_KEY,
  StoryJudgeQueuePropertySchema,
  type HumanDecision,
  type JiraQueuedVerdict,
  type QueueDecision,
  type QueuedVerdict,
} from '../model/judge-queue.js';
import { appendJsonLine } from '../model/jsonl-log.js';
import type { AssertionResult, CaseResult, RunResult } from '../model/result.js';
import { DEFAULT_QUEUE_MARGIN, humanVerdict, overrideCase, verdictsToQueue } from '../run/judge-queue.js';
import { judgeQueueFileOf, listJudgeQueue } from './judge-queue-job.js';
import type { Workspace } from './workspace.js';

export { JUDGE_QUEUE_PROPERTY_KEY };
/** Verdicts waiting for a person kept per story (the newest). */
export const JUDGE_PENDING_CAP = 25;
/** Decided verdicts kept per story until newer ones replace them (`judge-queue pull --jira` reads them). */
export const JUDGE_DECIDED_CAP = 25;
/** The property's JSON stays under this many UTF-8 bytes (Jira's limit is 32,768 characters; bytes are never fewer). */
export const JUDGE_PROPERTY_BUDGET = 30_000;
/** Characters of the judged answer kept on Jira. */
export const JUDGE_ANSWER_CAP = 2_000;
const TEXT_CAP = 300;
const VERDICTS_CAP = 20;

type Masker = { maskDeep<T>(value: T): T };

function cut(text: string, max: number): [string, boolean] {
  return text.length > max ? [`${text.slice(0, max - 1)}…`, true] : [text, false];
}

/** The case's checks as the property keeps them: what deciding the outcome again needs, no answers. */
function snapshotChecks(assertions: readonly AssertionResult[]): AssertionResult[] {
  return assertions.map((a) => ({
    type: a.type,
    ...(a.metric ? { metric: a.metric } : {}),
    pass: a.pass,
    score: a.score,
    reason: cut(a.reason, 200)[0],
    weight: a.weight,
    ...(a.skipped ? { skipped: true } : {}),
    ...(a.threshold !== undefined ? { threshold: a.threshold } : {}),
    ...(a.judges ? { judges: a.judges } : {}),
    ...(a.children ? { children: snapshotChecks(a.children) } : {}),
  }));
}

/** A verdict cut to fit: the answer to JUDGE_ANSWER_CAP, requirements and reasons to 300 characters, 20 requirements. */
function fitted(item: JiraQueuedVerdict): JiraQueuedVerdict {
  let truncated = item.truncated ?? false;
  const text = (s: string) => {
    const [out, was] = cut(s, TEXT_CAP);
    truncated ||= was;
    return out;
  };
  const [output, outputCut] = cut(item.output, JUDGE_ANSWER_CAP);
  truncated ||= outputCut || item.verdicts.length > VERDICTS_CAP;
  const verdicts = item.verdicts.slice(0, VERDICTS_CAP).map((v) => ({
    requirement: text(v.requirement),
    pass: v.pass,
    reason: text(v.reason),
    ...(v.votes ? { votes: v.votes.map((x) => ({ judge: x.judge, pass: x.pass, reason: text(x.reason) })) } : {}),
  }));
  return { ...item, output, verdicts, title: text(item.title), ...(truncated ? { truncated } : {}) };
}

/**
 * The verdicts of a run that go to the stories on Jira: the run's judge checks a person should
 * look at (`judgeQueue.margin`), of cases that have a Jira issue and a story, with the case's
 * checks as they were, cut to fit and masked.
 */
export function judgeVerdictsForJira(
  execution: Pick<Execution, 'id' | 'finishedAt' | 'cases'>,
  result: RunResult,
  options: {
    margin?: number | undefined;
    secrets?: Masker | undefined;
    /** Decisions the workspace already made on verdicts (by id): they reach Jira decided. */
    decided?: ReadonlyMap<string, QueueDecision> | undefined;
  } = {},
): JiraQueuedVerdict[] {
  const byCase = new Map(execution.cases.map((c) => [c.caseId.toLowerCase(), c]));
  const out: JiraQueuedVerdict[] = [];
  for (const v of verdictsToQueue(result, { margin: options.margin ?? DEFAULT_QUEUE_MARGIN })) {
    const c = byCase.get(v.caseId.toLowerCase());
    const r = result.cases.find((x) => x.caseId.toLowerCase() === v.caseId.toLowerCase() && (x.file ?? '') === (v.file ?? ''));
    if (!c?.jiraKey || !c.story || !r) continue;
    const item = fitted({
      ...v,
      at: execution.finishedAt,
      caseKey: c.jiraKey,
      story: c.story,
      execution: execution.id,
      outcome: r.outcome,
      checks: snapshotChecks(r.assertions),
      ...(options.decided?.has(v.id) ? { decision: options.decided.get(v.id)! } : {}),
    });
    out.push(options.secrets ? options.secrets.maskDeep(item) : item);
  }
  return out;
}

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** The story's property as the jobs use it: the verdicts parsed. */
export interface StoryJudgeQueueProperty {
  schema: 1;
  pending: number;
  decided: number;
  items: JiraQueuedVerdict[];
  dropped: number;
}

/** Counts, caps and the size budget applied to a list of items (pending and decided kept in their order). */
function capped(items: JiraQueuedVerdict[], dropped: number): StoryJudgeQueueProperty {
  const pending = items.filter((i) => !i.decision);
  const decided = items.filter((i) => i.decision).sort((a, b) => a.decision!.at.localeCompare(b.decision!.at));
  let lost = dropped + Math.max(0, pending.length - JUDGE_PENDING_CAP) + Math.max(0, decided.length - JUDGE_DECIDED_CAP);
  const keptPending = pending.slice(-JUDGE_PENDING_CAP);
  const keptDecided = decided.slice(-JUDGE_DECIDED_CAP);
  const make = (): StoryJudgeQueueProperty => ({
    schema: 1,
    pending: keptPending.length,
    decided: keptDecided.length,
    items: [...keptDecided, ...keptPending],
    dropped: lost,
  });
  let prop = make();
  // The oldest decided go first (they may already be pulled), then the oldest pending.
  while (size(prop) > JUDGE_PROPERTY_BUDGET && keptDecided.length + keptPending.length > 0) {
    if (keptDecided.length > 0) keptDecided.shift();
    else keptPending.shift();
    lost++;
    prop = make();
  }
  return prop;
}

/** The story's property with `fresh` verdicts added (a verdict already there keeps its place and decision). */
export function nextJudgeQueueProperty(previous: unknown, fresh: readonly JiraQueuedVerdict[]): StoryJudgeQueueProperty {
  const old = readJudgeQueueProperty(previous);
  const items = [...old.items];
  const known = new Map(items.map((i, n) => [i.id, n]));
  for (const item of fresh) {
    const at = known.get(item.id);
    if (at === undefined) items.push(fitted(item));
    // Decided in the workspace since Jira got it: Jira shows it decided too.
    else if (!items[at]!.decision && item.decision) items[at] = { ...items[at]!, decision: item.decision };
  }
  return capped(items, old.dropped);
}

/**
 * Reads a story's property: an absent or unreadable one is an empty queue; a verdict that does
 * not parse (edited by hand, written by a newer version) is left out and counted in `dropped`,
 * the others kept.
 */
export function readJudgeQueueProperty(value: unknown): StoryJudgeQueueProperty {
  const prop = StoryJudgeQueuePropertySchema.safeParse(value).data;
  if (!prop) return { schema: 1, pending: 0, decided: 0, items: [], dropped: 0 };
  const items = prop.items.flatMap((i) => {
    const parsed = JiraQueuedVerdictSchema.safeParse(i);
    return parsed.success ? [parsed.data] : [];
  });
  return {
    schema: 1,
    pending: items.filter((i) => !i.decision).length,
    decided: items.filter((i) => i.decision).length,
    items,
    dropped: prop.dropped + prop.items.length - items.length,
  };
}

export interface DecideOnJiraInput {
  story: string;
  /** The verdict's id (or an unambiguous prefix of it). */
  id: string;
  decision: HumanDecision;
  note?: string | undefined;
  /** Who decided (an Atlassian account id). */
  by?: string | undefined;
}

export type CaseOutcomeChange = { applied: true; caseKey: string; outcome: string; before: string } | { applied: false; why: string };

export interface DecideOnJiraResult {
  item: JiraQueuedVerdict;
  decision: QueueDecision;
  /** With an override: whether the case's recorded outcome changed, or why not. */
  caseOutcome?: CaseOutcomeChange | undefined;
  property: StoryJudgeQueueProperty;
}

/**
 * A person's decision on a verdict of a story's queue on Jira: recorded in the story's
 * property; an override also becomes the case's recorded outcome — the entry of the judged
 * execution in the case issue's `casewright-run` history (and its last outcome, when that
 * execution is the last) takes the outcome core's `overrideCase` computes from the case's checks.
 * A later decision on the same verdict replaces an earlier one (an outcome already overridden
 * stays so).
 */
export async function decideJudgeVerdictOnJira(
  ws: { jira(): Promise<JiraClient>; secrets?: Masker | undefined },
  input: DecideOnJiraInput,
  now: Date = new Date(),
): Promise<DecideOnJiraResult> {
  if (!JiraKeySchema.safeParse(input.story).success) throw new UsageError(`${input.story} is not a Jira issue key`);
  const jira = await ws.jira();
  const prop = readJudgeQueueProperty(await jira.getProperty(input.story, JUDGE_QUEUE_PROPERTY_KEY));
  const wanted = input.id.trim().toLowerCase();
  const matches = prop.items.filter((i) => i.id.startsWith(wanted));
  if (!wanted || matches.length !== 1)
    throw new UsageError(
      matches.length > 1
        ? `${input.id} names ${matches.length} queued verdicts of ${input.story}: give more of the id`
        : `no queued judge verdict ${input.id} on ${input.story} (it may have been decided and replaced by newer ones)`,
    );
  const item = matches[0]!;
  const raw: QueueDecision = {
    id: item.id,
    decision: input.decision,
    pass: humanVerdict(item, input.decision),
    ...(input.note?.trim() ? { note: cut(input.note.trim(), 2000)[0] } : {}),
    ...(input.by ? { by: input.by } : {}),
    at: now.toISOString(),
  };
  const decision = ws.secrets ? ws.secrets.maskDeep(raw) : raw;
  let caseOutcome: CaseOutcomeChange | undefined;
  let items = prop.items.map((i) => (i.id === item.id ? { ...i, decision } : i));
  if (input.decision === 'overridden' && item.decision?.decision === 'overridden')
    caseOutcome = {
      applied: false,
      why: `already overridden on ${item.decision.at.slice(0, 10)}: the case's outcome stays as it was then`,
    };
  else if (input.decision === 'overridden') {
    const applied = await overrideOnJira(jira, item, decision);
    caseOutcome = applied.change;
    // The case's other queued checks of that execution see the new verdict too.
    if (applied.checks)
      items = items.map((i) =>
        i.caseKey === item.caseKey && i.execution === item.execution ? { ...i, checks: applied.checks!, outcome: applied.outcome! } : i,
      );
  }
  const next = capped(items, prop.dropped);
  await jira.setProperty(input.story, JUDGE_QUEUE_PROPERTY_KEY, next);
  return { item: { ...item, decision }, decision, caseOutcome, property: next };
}

async function overrideOnJira(
  jira: JiraClient,
  item: JiraQueuedVerdict,
  decision: QueueDecision,
): Promise<{ change: CaseOutcomeChange; checks?: AssertionResult[]; outcome?: CaseResult['outcome'] }> {
  const run = RunHistoryPropertySchema.safeParse(await jira.getProperty(item.caseKey, RUN_PROPERTY_KEY)).data;
  const at = (run?.history ?? []).findIndex((h) => h.execution === item.execution);
  if (!run?.history || at < 0)
    return {
      change: {
        applied: false,
        why: `${item.caseKey}'s history no longer holds execution ${item.execution} (it keeps the last 30); its outcome was not changed`,
      },
    };
  const entry = run.history[at]!;
  const snapshot = {
    caseId: item.caseId,
    file: item.file,
    output: item.output,
    outcome: item.outcome,
    assertions: structuredClone(item.checks),
  };
  const before = overrideCase(snapshot, item, decision);
  if (!before)
    return {
      change: { applied: false, why: `the case ${item.outcome} in that execution (only a passed or failed case takes an override)` },
    };
  const history = run.history.map((h, i) =>
    i === at
      ? { ...entry, outcome: snapshot.outcome, overridden: { from: entry.outcome, by: decision.by ?? 'a person', at: decision.at } }
      : h,
  );
  await jira.setProperty(item.caseKey, RUN_PROPERTY_KEY, {
    ...run,
    ...(run.executionId === item.execution ? { outcome: snapshot.outcome } : {}),
    history,
    flips: countFlips(history),
  });
  return {
    change: { applied: true, caseKey: item.caseKey, outcome: snapshot.outcome, before: entry.outcome },
    checks: snapshot.assertions,
    outcome: snapshot.outcome,
  };
}

/** A verdict as `.casewright/judge-queue.jsonl` keeps it (the Jira-only fields left out). */
export function localQueuedVerdict(item: JiraQueuedVerdict): QueuedVerdict & { at: string } {
  const {
    caseKey: _k,
    story: _s,
    execution: _e,
    outcome: _o,
    checks: _c,
    truncated: _t,
    decision: _d,
    ...verdict
  } = item as JiraQueuedVerdict & { dropped?: unknown };
  return verdict;
}

export interface PullJudgeDecisionsResult {
  /** Stories read. */
  stories: string[];
  /** Stories Jira did not find (deleted, or no permission). */
  missing: string[];
  /** Verdicts queued on Jira that the workspace's queue did not have (appended). */
  queued: number;
  /** Decisions appended. */
  decided: number;
  /** Decisions the workspace's queue already had (same verdict, same time). */
  unchanged: number;
}

/**
 * Brings the decisions made in Jira home: reads the stories' `casewright-judge-queue` and
 * appends to `.casewright/judge-queue.jsonl` each decided verdict the workspace lacks (queued
 * by a CI run, say) and each decision it has not recorded yet. Idempotent: pulling again
 * appends nothing; a decision made here later than Jira's is kept.
 */
export async function pullJudgeDecisionsFromJira(ws: Workspace, input: { stories: readonly string[] }): Promise<PullJudgeDecisionsResult> {
  const stories = [...new Set(input.stories)].filter((s) => JiraKeySchema.safeParse(s).success).sort();
  const result: PullJudgeDecisionsResult = { stories: [], missing: [], queued: 0, decided: 0, unchanged: 0 };
  if (stories.length === 0) return result;
  const jira = await ws.jira();
  const found = new Map<string, unknown>();
  for (let i = 0; i < stories.length; i += 100) {
    const part = stories.slice(i, i + 100);
    const jql = `key in (${part.map((k) => `"${k}"`).join(', ')})`;
    for await (const issue of jira.search(jql, { fields: ['summary'], properties: [JUDGE_QUEUE_PROPERTY_KEY], pageSize: 100 }))
      found.set(issue.key, issue.properties?.[JUDGE_QUEUE_PROPERTY_KEY]);
  }
  result.stories = [...found.keys()].sort();
  result.missing = stories.filter((s) => !found.has(s));
  const local = new Map((await listJudgeQueue(ws)).entries.map((e) => [e.item.id, e]));
  const file = judgeQueueFileOf(ws);
  for (const value of found.values()) {
    for (const item of readJudgeQueueProperty(value).items) {
      if (!item.decision) continue;
      const here = local.get(item.id);
      if (!here) {
        await appendJsonLine(file, ws.secrets.maskDeep({ v: 1, type: 'queued', ...localQueuedVerdict(item) }));
        result.queued++;
      }
      const mine = here?.decision;
      if (mine && mine.at >= item.decision.at) {
        result.unchanged++;
        continue;
      }
      const { byName: _n, ...decision } = item.decision;
      await appendJsonLine(file, ws.secrets.maskDeep({ v: 1, type: 'decided', ...decision }));
      local.set(item.id, { item: localQueuedVerdict(item), decision });
      result.decided++;
    }
  }
  return result;
}
