/**
 * Versioned sync between cases (in a file, or in the Jira app's review panel)
 * and Jira. Each side's change is judged against the last sync, recorded in the
 * issue's case property (version + hashes) and in the case's `jira` link:
 * a change on one side is carried over, a change on both sides is a reported
 * conflict and nothing is overwritten. Saving again updates, never duplicates:
 * a case is found by its link, by the story's links, or by its id in the
 * property index before anything is created.
 */
import type { TestCase } from '../../model/case.js';
import type { JiraClient } from './jira-client.js';
import { CASE_PROPERTY_KEY, caseContent, caseProperty, caseToFields, hashOf, type JiraPriorityNames } from './case-mapping.js';
import { JiraError } from './jira-error.js';
import { stableJson } from '../../util/stable-json.js';
import { findRemoteCasesById, getRemoteCase, storyRemoteCases, type RemoteCase } from './remote-cases.js';
import { moveToStatus, type JiraStatusNames } from './workflow.js';
import { pendingChanges, textOnlyCase, withJiraText, type PendingChange } from './jira-trust.js';
import { CasewrightError } from '../../errors/casewright-error.js';

export interface SyncTarget {
  client: JiraClient;
  /** The story the cases test: new case issues are linked to it. */
  story?: string | undefined;
  /** Project new case issues are created in. */
  projectKey: string;
  /** Issue type of new case issues (see `resolveIssueType`). */
  issueType: { id?: string; name?: string };
  /** Link type name between story and case, e.g. "Relates" or "Tests". */
  linkType: string;
  /** Hash of the story's acceptance criteria now, kept so a later change marks cases suspect. */
  criteriaHash?: string | undefined;
  /** Jira priority names for case priorities; unset: the issue's priority is left to Jira. */
  priorities?: JiraPriorityNames | undefined;
  /**
   * Jira status names for case statuses: a case created, or whose status changed here, moves
   * its issue along the workflow to that status (when the workflow has a transition there).
   */
  statuses?: JiraStatusNames | undefined;
  /**
   * Ids of cases whose local content wins over a change made in Jira: the user saw both
   * sides of the conflict and chose to keep theirs. Every other Jira-side change is kept.
   */
  overwriteJira?: ReadonlySet<string> | undefined;
  /** Called as cases are written (`done` of `total`), e.g. to show a job's progress. */
  onProgress?: ((done: number, total: number) => void | Promise<void>) | undefined;
  now?: () => Date;
}

export type PushStatus = 'created' | 'updated' | 'unchanged' | 'conflict' | 'jira-changed' | 'error';
/**
 * `review`: Jira changed an executable field (assertions, target, vars, …) of the case;
 * nothing of it was taken. `item.pending` lists the fields with both values, `item.remote`
 * is the whole case Jira proposes; `resolvePullReview` applies a person's decision.
 */
export type PullStatus = 'added' | 'updated' | 'unchanged' | 'conflict' | 'local-changed' | 'review' | 'error';

export interface SyncItem<S extends string> {
  caseId: string;
  title: string;
  status: S;
  key?: string | undefined;
  /** What to tell the user (conflicts, errors, what to do next). */
  message?: string | undefined;
  /** The case after the sync (with its `jira` link); unchanged input on conflict or error. */
  case: TestCase;
  /** The case as Jira holds it, for conflicts and Jira-side changes. */
  remote?: TestCase | undefined;
  /**
   * Status `review`: the executable fields Jira changed (field, local value, Jira value),
   * taken only after a local review (`resolvePullReview`).
   */
  pending?: PendingChange[] | undefined;
  /** Status `review`: what the issue held when it was read; `resolvePullReview` needs it. */
  review?: PullReviewState | undefined;
}

/** What a pull read for a case that waits for a review (kept on the item for `resolvePullReview`). */
export interface PullReviewState {
  /** The local case, or undefined when the case is not local yet. */
  local: TestCase | undefined;
  /** The local case with Jira's text only: what a rejection keeps. */
  textOnly: TestCase;
  propertyVersion: number;
  editedInJira: boolean;
  story?: string | undefined;
  criteriaHash?: string | undefined;
}

export interface SyncReport<S extends string> {
  items: Array<SyncItem<S>>;
  counts: Record<S, number>;
  /** Issues that could not be read as cases (e.g. an edit in Jira that breaks a case). */
  problems: Array<{ key: string; message: string }>;
}

function report<S extends string>(
  statuses: readonly S[],
  items: Array<SyncItem<S>>,
  problems: SyncReport<S>['problems'] = [],
): SyncReport<S> {
  const counts = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<S, number>;
  for (const item of items) counts[item.status]++;
  return { items, counts, problems };
}

interface Judged {
  localChanged: boolean;
  remoteChanged: boolean;
  /** Both sides hold the same content (e.g. the same edit made twice). */
  same: boolean;
}

/** Compares a local case with its issue against the last sync. */
function judge(local: TestCase, remote: RemoteCase): Judged {
  const prop = remote.property;
  const linkedVersion = local.jira?.key === remote.key ? local.jira.version : undefined;
  const remoteAhead = linkedVersion !== undefined && prop.version > linkedVersion;
  const localChanged = remoteAhead ? local.version > (linkedVersion ?? 0) : hashOf(caseContent(local)) !== prop.contentHash;
  const remoteChanged = remoteAhead || remote.editedInJira;
  const same = remote.case !== undefined && stableJson(caseContent(local)) === stableJson(caseContent(remote.case));
  return { localChanged, remoteChanged, same };
}

function linked(tc: TestCase, key: string, version: number, at: string): TestCase {
  return { ...tc, version, jira: { key, version, syncedAt: at } };
}

async function remotesFor(
  client: JiraClient,
  cases: readonly TestCase[],
  story: string | undefined,
  wholeStory = false,
): Promise<Map<string, RemoteCase>> {
  const byId = new Map<string, RemoteCase>();
  const put = (r: RemoteCase) => byId.set(r.property.caseId, r);
  for (const tc of cases) {
    if (!tc.jira) continue;
    const remote = await getRemoteCase(client, tc.jira.key);
    if (remote && remote.property.caseId === tc.id) put(remote);
  }
  let missing = cases.filter((tc) => !byId.has(tc.id));
  if (story && (wholeStory || missing.length > 0)) {
    for (const r of await storyRemoteCases(client, story)) if (!byId.has(r.property.caseId)) put(r);
    missing = missing.filter((tc) => !byId.has(tc.id));
  }
  if (missing.length > 0)
    for (const r of await findRemoteCasesById(
      client,
      missing.map((tc) => tc.id),
    ))
      if (!byId.has(r.property.caseId)) put(r);
  return byId;
}

const safe = (error: unknown) => (CasewrightError.isInstance(error) ? error.message : 'unexpected error while talking to Jira');

/** Fields Jira may refuse when they are not on the project's screens; a save retries without them. */
const OPTIONAL_FIELDS = ['priority', 'issuelinks'];

/** The optional fields a Jira 400 names, when it names nothing else. */
function refusedOptional(error: unknown): string[] | undefined {
  if (!JiraError.isInstance(error) || (error as JiraError).status !== 400) return undefined;
  const fields = (error as JiraError).jiraMessages.map((m) => m.split(':')[0]!.trim());
  return fields.length > 0 && fields.every((f) => OPTIONAL_FIELDS.includes(f)) ? fields : undefined;
}

const BULK_SIZE = 50;

/**
 * Pushes cases to Jira: creates, updates, or reports conflicts; never overwrites a
 * Jira-side change unless the case is in `overwriteJira`. New issues are created 50 per
 * call (`POST /rest/api/3/issue/bulk`) with their property and the link to the story in
 * the same call; an element Jira refuses for its priority or link is created alone
 * without it (and linked separately). With `statuses`, a created issue, or one whose case
 * status changed here, then moves along its workflow to the mapped status.
 */
export async function pushCases(cases: readonly TestCase[], target: SyncTarget): Promise<SyncReport<PushStatus>> {
  const at = (target.now?.() ?? new Date()).toISOString();
  const remotes = await remotesFor(target.client, cases, target.story);
  const slots: Array<SyncItem<PushStatus> | undefined> = new Array(cases.length);
  const creates: Array<{ index: number; tc: TestCase }> = [];
  /** Issues to move to the Jira status of their case, once written; `current`: their status, when known. */
  const moves: Array<{ index: number; key: string; current?: string | undefined }> = [];
  const fieldsOf = (tc: TestCase) => caseToFields(tc, { priorities: target.priorities });
  let done = 0;
  const progress = async (n = 1) => {
    done += n;
    await target.onProgress?.(done, cases.length);
  };
  const update = async (key: string, fields: Record<string, unknown>): Promise<string | undefined> => {
    try {
      await target.client.updateIssue(key, fields);
      return undefined;
    } catch (error) {
      const refused = refusedOptional(error);
      if (!refused) throw error;
      await target.client.updateIssue(key, Object.fromEntries(Object.entries(fields).filter(([f]) => !refused.includes(f))));
      return `Jira refused the ${refused.join(' and ')} of ${key}; the rest was saved`;
    }
  };
  for (const [index, tc] of cases.entries()) {
    const base = { caseId: tc.id, title: tc.title };
    try {
      const remote = remotes.get(tc.id);
      if (tc.jira && !remote) {
        slots[index] = {
          ...base,
          status: 'error',
          key: tc.jira.key,
          case: tc,
          message: `${tc.jira.key} no longer exists or is not a Casewright case; remove the case's jira link to create a new issue`,
        };
        await progress();
        continue;
      }
      if (!remote) {
        creates.push({ index, tc });
        continue;
      }
      const j = judge(tc, remote);
      const prop = remote.property;
      const overwrite = target.overwriteJira?.has(tc.id) === true && j.remoteChanged && !j.same;
      if (!overwrite && (j.same || (!j.localChanged && !j.remoteChanged))) {
        const version = remote.editedInJira ? prop.version + 1 : prop.version;
        if (remote.editedInJira && remote.case) {
          await target.client.setProperty(
            remote.key,
            CASE_PROPERTY_KEY,
            caseProperty(remote.case, { version, story: prop.story, criteriaHash: prop.criteriaHash, syncedAt: at }),
          );
        }
        const same = tc.jira?.key === remote.key && tc.jira.version === version && tc.version === version;
        slots[index] = { ...base, status: 'unchanged', key: remote.key, case: same ? tc : linked(tc, remote.key, version, at) };
      } else if (overwrite || (j.localChanged && !j.remoteChanged)) {
        const version = Math.max(tc.version, prop.version + 1);
        const next = { ...tc, version };
        const note = await update(remote.key, fieldsOf(next));
        await target.client.setProperty(
          remote.key,
          CASE_PROPERTY_KEY,
          caseProperty(next, {
            version,
            story: prop.story ?? target.story,
            criteriaHash: target.criteriaHash ?? prop.criteriaHash,
            syncedAt: at,
          }),
        );
        slots[index] = { ...base, status: 'updated', key: remote.key, case: linked(next, remote.key, version, at), message: note };
        // Only a status changed here moves the issue: a move made in Jira is not undone by an unrelated edit.
        if (target.statuses?.[next.status] && remote.case?.status !== next.status)
          moves.push({ index, key: remote.key, current: remote.status });
      } else if (!j.localChanged) {
        slots[index] = {
          ...base,
          status: 'jira-changed',
          key: remote.key,
          case: tc,
          remote: remote.case,
          message: `${remote.key} was changed in Jira since the last sync; the Jira version was kept (pull it to take it here)`,
        };
      } else {
        slots[index] = {
          ...base,
          status: 'conflict',
          key: remote.key,
          case: tc,
          remote: remote.case,
          message: `${remote.key} was changed both here and in Jira since the last sync; nothing was overwritten — keep one side and save again`,
        };
      }
    } catch (error) {
      slots[index] = { ...base, status: 'error', key: tc.jira?.key, case: tc, message: safe(error) };
    }
    await progress();
  }

  const element = (tc: TestCase, withOptional: boolean) => ({
    fields: {
      project: { key: target.projectKey },
      issuetype: target.issueType,
      ...(withOptional ? fieldsOf(tc) : caseToFields(tc)),
    },
    ...(withOptional && target.story
      ? { update: { issuelinks: [{ add: { type: { name: target.linkType }, outwardIssue: { key: target.story } } }] } }
      : {}),
    // The property goes in with the create call, so the issue never exists without it and a
    // retry after a failure finds it by case id instead of creating a duplicate.
    properties: [
      {
        key: CASE_PROPERTY_KEY,
        value: caseProperty(tc, { version: tc.version, story: target.story, criteriaHash: target.criteriaHash, syncedAt: at }),
      },
    ],
  });
  const created = (index: number, tc: TestCase, key: string, message?: string) => {
    slots[index] = { caseId: tc.id, title: tc.title, status: 'created', key, case: linked(tc, key, tc.version, at), message };
    if (target.statuses?.[tc.status]) moves.push({ index, key });
  };
  for (let i = 0; i < creates.length; i += BULK_SIZE) {
    const chunk = creates.slice(i, i + BULK_SIZE);
    try {
      const result = await target.client.createIssues(chunk.map(({ tc }) => element(tc, true)));
      const failed = new Map(result.errors.map((e) => [e.failedElementNumber, e]));
      let next = 0;
      for (const [n, { index, tc }] of chunk.entries()) {
        const failure = failed.get(n);
        if (!failure) {
          const issue = result.issues[next++];
          if (issue) created(index, tc, issue.key);
          else
            slots[index] = {
              caseId: tc.id,
              title: tc.title,
              status: 'error',
              case: tc,
              message: 'Jira did not say which issue it created',
            };
          continue;
        }
        const refused = Object.keys(failure.elementErrors.errors);
        const messages = [
          ...failure.elementErrors.errorMessages,
          ...Object.entries(failure.elementErrors.errors).map(([f, m]) => `${f}: ${m}`),
        ];
        if (refused.length === 0 || !refused.every((f) => OPTIONAL_FIELDS.includes(f))) {
          slots[index] = {
            caseId: tc.id,
            title: tc.title,
            status: 'error',
            case: tc,
            message: `Jira refused the issue: ${messages.join('; ')}`,
          };
          continue;
        }
        // The project's screens lack the priority or the link field: create without them, link apart.
        try {
          const alone = element(tc, false);
          const issue = await target.client.createIssue(alone.fields, { properties: alone.properties });
          if (target.story) await target.client.linkIssues({ type: target.linkType, inwardKey: issue.key, outwardKey: target.story });
          created(
            index,
            tc,
            issue.key,
            refused.includes('priority') ? `Jira refused the priority of ${issue.key}; the rest was saved` : undefined,
          );
        } catch (error) {
          slots[index] = { caseId: tc.id, title: tc.title, status: 'error', case: tc, message: safe(error) };
        }
      }
    } catch (error) {
      for (const { index, tc } of chunk) slots[index] = { caseId: tc.id, title: tc.title, status: 'error', case: tc, message: safe(error) };
    }
    await progress(chunk.length);
  }
  for (const { index, key, current } of moves) {
    const item = slots[index]!;
    const note = await moveToStatus(target.client, key, target.statuses![item.case.status]!, current);
    if (note) item.message = item.message ? `${item.message}; ${note}` : note;
  }
  return report(
    ['created', 'updated', 'unchanged', 'conflict', 'jira-changed', 'error'],
    slots.map((s) => s!),
  );
}

/**
 * Pulls cases from Jira: takes Jira-side changes into unchanged local cases,
 * adds the story's cases that are not local yet, reports conflicts.
 */
export async function pullCases(
  cases: readonly TestCase[],
  target: Pick<SyncTarget, 'client' | 'story' | 'now'>,
): Promise<SyncReport<PullStatus>> {
  const at = (target.now?.() ?? new Date()).toISOString();
  const remotes = await remotesFor(target.client, cases, target.story, true);
  const items: Array<SyncItem<PullStatus>> = [];
  const local = new Set(cases.map((c) => c.id));
  const problems: SyncReport<PullStatus>['problems'] = [];
  const take = async (remote: RemoteCase): Promise<TestCase> => {
    const version = remote.editedInJira ? remote.property.version + 1 : remote.property.version;
    if (remote.editedInJira) {
      // Record that this Jira edit is now the synced state, so it is not taken twice.
      await target.client.setProperty(
        remote.key,
        CASE_PROPERTY_KEY,
        caseProperty(remote.case!, { version, story: remote.property.story, criteriaHash: remote.property.criteriaHash, syncedAt: at }),
      );
    }
    return linked(remote.case!, remote.key, version, at);
  };
  /** Takes Jira's case when it changes nothing executable; else the item waits for a review and nothing is taken. */
  const takeOrReview = async (
    local: TestCase | undefined,
    remote: RemoteCase,
    status: 'added' | 'updated' | 'unchanged',
  ): Promise<SyncItem<PullStatus>> => {
    const proposed = remote.case!;
    const base = { caseId: proposed.id, title: local?.title ?? proposed.title, key: remote.key };
    const pending = pendingChanges(local, proposed);
    if (pending.length === 0) return { ...base, status, case: await take(remote) };
    const textOnly = local ? withJiraText(local, proposed) : textOnlyCase(proposed);
    return {
      ...base,
      status: 'review',
      case: local ?? textOnly,
      remote: proposed,
      pending,
      review: {
        local,
        textOnly,
        propertyVersion: remote.property.version,
        editedInJira: remote.editedInJira,
        story: remote.property.story,
        criteriaHash: remote.property.criteriaHash,
      },
      message: `${remote.key}: Jira changes what this case runs (${pending.map((p) => p.field).join(', ')}); nothing was taken — review it locally (casewright jira pull --review)`,
    };
  };
  for (const tc of cases) {
    const base = { caseId: tc.id, title: tc.title };
    const remote = remotes.get(tc.id);
    try {
      if (!remote) {
        items.push({
          ...base,
          status: tc.jira ? 'error' : 'local-changed',
          key: tc.jira?.key,
          case: tc,
          message: tc.jira ? `${tc.jira.key} no longer exists or is not a Casewright case` : 'not in Jira yet; push it',
        });
      } else if (!remote.case) {
        items.push({ ...base, status: 'error', key: remote.key, case: tc, message: `${remote.key}: ${remote.problem}` });
      } else {
        const j = judge(tc, remote);
        if (j.same && j.remoteChanged) items.push(await takeOrReview(tc, remote, 'unchanged'));
        else if (j.same || (!j.localChanged && !j.remoteChanged)) {
          const next = tc.jira?.key === remote.key ? tc : linked(tc, remote.key, remote.property.version, at);
          items.push({ ...base, status: 'unchanged', key: remote.key, case: next });
        } else if (j.remoteChanged && !j.localChanged) items.push(await takeOrReview(tc, remote, 'updated'));
        else if (!j.remoteChanged)
          items.push({ ...base, status: 'local-changed', key: remote.key, case: tc, message: 'changed here since the last sync; push it' });
        else
          items.push({
            ...base,
            status: 'conflict',
            key: remote.key,
            case: tc,
            remote: remote.case,
            message: `${remote.key} was changed both here and in Jira since the last sync; nothing was overwritten`,
          });
      }
    } catch (error) {
      items.push({ ...base, status: 'error', key: remote?.key, case: tc, message: safe(error) });
    }
  }
  for (const remote of remotes.values()) {
    if (local.has(remote.property.caseId)) continue;
    if (!remote.case) {
      problems.push({ key: remote.key, message: `${remote.key}: ${remote.problem}` });
      continue;
    }
    try {
      items.push(await takeOrReview(undefined, remote, 'added'));
    } catch (error) {
      problems.push({ key: remote.key, message: `${remote.key}: ${safe(error)}` });
    }
  }
  return report(PULL_STATUSES, items, problems);
}

const PULL_STATUSES: readonly PullStatus[] = ['added', 'updated', 'unchanged', 'conflict', 'local-changed', 'review', 'error'];

/**
 * Applies a local review of a pulled case whose executable fields Jira changed
 * (status `review`). `accept` takes Jira's case whole; `reject` keeps the local
 * executable fields, takes Jira's text, and writes that back to the issue so both
 * sides agree again. Refuses (status `error`) when the issue changed again since
 * it was pulled. Returns the item as the file should now hold it.
 */
export async function resolvePullReview(
  item: SyncItem<PullStatus>,
  decision: 'accept' | 'reject',
  target: Pick<SyncTarget, 'client' | 'now'>,
): Promise<SyncItem<PullStatus>> {
  const state = item.review;
  if (item.status !== 'review' || !state || !item.remote || !item.key)
    throw new Error('resolvePullReview needs an item with status review');
  const at = (target.now?.() ?? new Date()).toISOString();
  const status: PullStatus = state.local ? 'updated' : 'added';
  try {
    const now = await getRemoteCase(target.client, item.key);
    if (
      !now?.case ||
      now.property.version !== state.propertyVersion ||
      stableJson(caseContent(now.case)) !== stableJson(caseContent(item.remote))
    )
      return { ...item, status: 'error', message: `${item.key} changed in Jira again since it was pulled; pull again` };
    const chosen = decision === 'accept' ? item.remote : state.textOnly;
    // A rejection rewrites the issue too: Jira must not keep proposing what was refused.
    const write = state.editedInJira || decision === 'reject';
    const version = write ? state.propertyVersion + 1 : state.propertyVersion;
    if (decision === 'reject') await target.client.updateIssue(item.key, caseToFields({ ...chosen, version }));
    if (write)
      await target.client.setProperty(
        item.key,
        CASE_PROPERTY_KEY,
        caseProperty(chosen, { version, story: state.story, criteriaHash: state.criteriaHash, syncedAt: at }),
      );
    const { pending: _p, review: _r, ...rest } = item;
    return {
      ...rest,
      status,
      case: linked(chosen, item.key, version, at),
      message: decision === 'accept' ? 'accepted the change from Jira' : 'kept the local executable fields; took the text from Jira',
    };
  } catch (error) {
    return { ...item, status: 'error', message: safe(error) };
  }
}
