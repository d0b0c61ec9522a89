import { useEffect, useRef, useState } from 'react';
import {
  Button,
  Checkbox,
  Heading,
  Inline,
  Lozenge,
  ProgressBar,
  SectionMessage,
  Select,
  Stack,
  Text,
  Textfield,
  User,
} from '@forge/react';
import { CASE_KINDS, TECHNIQUES } from '../shared/constants.js';
import type {
  CaseView,
  GenerateRequest,
  JobSummaryView,
  JobView,
  LinkedCaseView,
  SavedItemView,
  SimilarView,
  StoryView,
} from '../shared/api.js';
import { ErrorBox, OUTCOME_APPEARANCE, Show, useLoad, type Call } from './common.js';
import { PreviewCase, type Decision, type Rejection } from './preview-case.js';
import { CaseEditor } from './case-editor.js';
import { ConflictView, IssueLink, type Resolution } from './conflict-view.js';
import { useJob, type JobPoll } from './use-job.js';
import { StoryAnalytics } from './analytics.js';
import { StoryFailures } from './story-failures.js';
import { JudgeReview } from './judge-review.js';

const running = (job: JobView | undefined) => job?.state === 'queued' || job?.state === 'running';
const when = (iso: string | undefined) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');

function LinkedCases({ call, refresh }: { call: Call; refresh: number }) {
  const [cases, reload] = useLoad<LinkedCaseView[]>(call, 'listStoryCases', {});
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);
  return (
    <Show value={cases} what="linked test cases" onRetry={reload}>
      {(list) =>
        list.length === 0 ? (
          <Text>No test cases are linked to this story yet.</Text>
        ) : (
          <Stack space="space.050">
            {list.map((c) => (
              <Inline key={c.key} space="space.100" alignBlock="center" shouldWrap>
                <IssueLink issueKey={c.key} />
                <Text>{c.title}</Text>
                {c.lastRun ? (
                  <Lozenge appearance={OUTCOME_APPEARANCE[c.lastRun.outcome] ?? 'default'}>{`last run: ${c.lastRun.outcome}`}</Lozenge>
                ) : (
                  <Lozenge>never run</Lozenge>
                )}
                {c.suspect ? <Lozenge appearance="moved">suspect: criteria changed</Lozenge> : null}
                {c.editedInJira ? <Lozenge appearance="inprogress">edited in Jira</Lozenge> : null}
                {c.problem ? <Lozenge appearance="removed">{c.problem}</Lozenge> : null}
              </Inline>
            ))}
          </Stack>
        )
      }
    </Show>
  );
}

/** Cases of the project similar to each criterion of the story (not the story's own), so a team reuses them. */
function SimilarCases({ call, refresh }: { call: Call; refresh: number }) {
  const [similar, reload] = useLoad<SimilarView>(call, 'similarCases', {});
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);
  return (
    <Show value={similar} what="similar cases" onRetry={reload}>
      {(view) =>
        view.criteria.every((c) => c.hits.length === 0) ? (
          <Text>{`No similar cases among the ${view.compared} other cases of this project.`}</Text>
        ) : (
          <Stack space="space.100">
            {view.criteria.map((c) => (
              <Stack key={c.id} space="space.050">
                <Text weight="bold">{`${c.id}: ${c.text}`}</Text>
                {c.hits.length === 0 ? <Text>No similar case.</Text> : null}
                {c.hits.map((h) => (
                  <Inline key={h.key} space="space.100" alignBlock="center" shouldWrap>
                    <IssueLink issueKey={h.key} />
                    <Text>{h.title}</Text>
                    <Lozenge appearance={h.status === 'ready' ? 'success' : 'default'}>{h.status}</Lozenge>
                    {h.story ? <Text>{`from ${h.story}`}</Text> : null}
                  </Inline>
                ))}
              </Stack>
            ))}
            {view.truncated ? <Text>{`Compared with the first ${view.compared} cases of the project only.`}</Text> : null}
          </Stack>
        )
      }
    </Show>
  );
}

/** Where a job is: progress while it runs, what went wrong with checking it, when it stopped. */
function JobProgress({ poll, label }: { poll: JobPoll; label: string }) {
  const job = poll.job;
  return (
    <Stack space="space.050">
      {job && running(job) ? (
        <Stack space="space.050">
          <ProgressBar value={job.progress} ariaLabel={`${label} progress`} />
          <Text>{job.message}</Text>
          <JobMeta job={job} />
        </Stack>
      ) : null}
      {poll.trouble ? (
        <SectionMessage appearance="warning" title="Checking on the job">
          <Text>{poll.trouble}</Text>
        </SectionMessage>
      ) : null}
      {poll.stopped ? <ErrorBox title={`${label}: no news`} message={poll.stopped} onRetry={poll.retry} /> : null}
    </Stack>
  );
}

/** Who ran a job, when, with which model, for how much. */
function JobMeta({ job }: { job: JobView }) {
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      {job.accountId ? <User accountId={job.accountId} /> : null}
      <Text>
        {[
          when(job.createdAt),
          job.model,
          job.state === 'done' && job.kind === 'generate' ? (job.costUsd ? `$${job.costUsd.toFixed(4)}` : '$0') : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
    </Inline>
  );
}

function SaveResults({
  items,
  resolutions,
  onResolve,
  onEdit,
}: {
  items: SavedItemView[];
  resolutions: Record<string, Resolution>;
  onResolve: (item: SavedItemView, r: Resolution) => void;
  onEdit: (item: SavedItemView) => void;
}) {
  const problems = items.filter((i) => i.status === 'conflict' || i.status === 'jira-changed' || i.status === 'error');
  const counts = ['created', 'updated', 'unchanged'].map((s) => `${items.filter((i) => i.status === s).length} ${s}`).join(', ');
  const written = items.filter((i) => i.key && (i.status === 'created' || i.status === 'updated'));
  // What Jira did not take of a saved case: a priority it refused, a status its workflow cannot reach.
  const notes = items.filter((i) => i.message && (i.status === 'created' || i.status === 'updated'));
  return (
    <Stack space="space.100">
      <SectionMessage
        appearance={problems.length > 0 ? 'warning' : 'success'}
        title={problems.length > 0 ? 'Saved with conflicts' : 'Saved to Jira'}
      >
        <Text>{counts}</Text>
        {written.length > 0 ? (
          <Inline space="space.100" shouldWrap>
            {written.map((i) => (
              <IssueLink key={i.caseId} issueKey={i.key!} />
            ))}
          </Inline>
        ) : null}
        {notes.map((i) => (
          <Text key={`note-${i.caseId}`}>{`${i.message!.charAt(0).toUpperCase()}${i.message!.slice(1)}.`}</Text>
        ))}
        {problems.length > 0 ? <Text>Choose a side for each case below (or edit it), then save again.</Text> : null}
      </SectionMessage>
      {problems.map((p) => (
        <ConflictView
          key={p.caseId}
          item={p}
          resolution={resolutions[p.caseId]}
          onResolve={(r) => onResolve(p, r)}
          onEdit={() => onEdit(p)}
        />
      ))}
    </Stack>
  );
}

/**
 * The "Test cases" issue panel: generate, review (accept, edit the whole case, reject),
 * save to Jira as a job, resolve conflicts, and the cases already linked. Jobs live in
 * Forge storage: after a reload the panel picks up the latest generation (and save)
 * where it is, with its preview, review and cost.
 */
export function IssuePanel({ call, pollMs = 1500, maxPollMs = 15_000 }: { call: Call; pollMs?: number; maxPollMs?: number }) {
  const [story, reloadStory] = useLoad<StoryView>(call, 'getStory', {});
  const [jobs] = useLoad<JobSummaryView[]>(call, 'listJobs', {});
  const [kinds, setKinds] = useState<GenerateRequest['kinds']>(['manual']);
  const [techniques, setTechniques] = useState<GenerateRequest['techniques']>(['happy-path', 'negative', 'boundary']);
  const [count, setCount] = useState('5');
  const [model, setModel] = useState<string | undefined>();
  const [genId, setGenId] = useState<string | undefined>();
  const [saveId, setSaveId] = useState<string | undefined>();
  const [startError, setStartError] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [rejections, setRejections] = useState<Record<string, Rejection>>({});
  const [edits, setEdits] = useState<Record<string, CaseView>>({});
  const [editing, setEditing] = useState<string | undefined>();
  const [links, setLinks] = useState<Record<string, unknown>>({});
  const [resolutions, setResolutions] = useState<Record<string, Resolution>>({});
  const [saveError, setSaveError] = useState<string | undefined>();
  const [refresh, setRefresh] = useState(0);
  const gen = useJob(call, genId, { pollMs, maxMs: maxPollMs });
  const save = useJob(call, saveId, { pollMs, maxMs: maxPollMs });

  // After a reload: pick up the latest generation, and the save that followed it.
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current || jobs.state !== 'ready') return;
    resumed.current = true;
    const latestGen = jobs.data.find((j) => j.kind === 'generate');
    const latestSave = jobs.data.find((j) => j.kind === 'save');
    if (latestGen) setGenId(latestGen.jobId);
    if (latestSave && (!latestGen || (latestSave.createdAt ?? '') >= (latestGen.createdAt ?? ''))) setSaveId(latestSave.jobId);
  }, [jobs]);

  // The review so far comes back with a finished job.
  const restored = useRef<string | undefined>(undefined);
  useEffect(() => {
    const job = gen.job;
    if (!job || job.state !== 'done' || restored.current === job.jobId) return;
    restored.current = job.jobId;
    const d: Record<string, Decision> = {};
    const e: Record<string, CaseView> = {};
    const why: Record<string, Rejection> = {};
    for (const [id, r] of Object.entries(job.decisions ?? {})) {
      d[id] = r.decision;
      if (r.decision === 'rejected') why[id] = { reason: r.reason, note: r.note };
      const original = job.cases.find((c) => c.id === id);
      if (r.case && original)
        e[id] = {
          ...original,
          title: String(r.case.title ?? original.title),
          status: String(r.case.status ?? original.status),
          case: r.case,
        };
    }
    // What the reviewer did since the job finished (before this effect ran) wins.
    setDecisions((now) => ({ ...d, ...now }));
    setRejections((now) => ({ ...why, ...now }));
    setEdits((now) => ({ ...e, ...now }));
  }, [gen.job]);

  // A finished save: each case carries its Jira link and synced version from now on.
  const linked = useRef<string | undefined>(undefined);
  useEffect(() => {
    const job = save.job;
    if (!job || job.state !== 'done' || linked.current === job.jobId) return;
    linked.current = job.jobId;
    const next: Record<string, unknown> = {};
    for (const item of job.saved ?? [])
      if (item.case.case.jira) next[item.caseId] = { jira: item.case.case.jira, version: item.case.case.version };
    setLinks((l) => ({ ...l, ...next }));
    setRefresh((x) => x + 1);
  }, [save.job]);

  const generate = async () => {
    setStarting(true);
    setStartError(undefined);
    const n = Number(count);
    const r = await call<{ jobId: string }>('startGeneration', {
      kinds,
      techniques,
      count: Number.isInteger(n) ? n : 5,
      ...(model ? { model } : {}),
    });
    setStarting(false);
    if (!r.ok) return setStartError(r.error.message);
    restored.current = undefined;
    setDecisions({});
    setRejections({});
    setEdits({});
    setLinks({});
    setResolutions({});
    setSaveId(undefined);
    setGenId(r.data.jobId);
  };

  const job = gen.job;
  const [decideError, setDecideError] = useState<string | undefined>();
  const decide = (item: CaseView, decision: Decision, edited?: CaseView, why?: Rejection) => {
    setDecisions((d) => ({ ...d, [item.id]: decision }));
    setRejections((r) => ({ ...r, [item.id]: why ?? {} }));
    if (edited) setEdits((e) => ({ ...e, [item.id]: edited }));
    if (!job) return;
    void call<{ recorded: boolean; case?: Record<string, unknown> }>('recordDecision', {
      jobId: job.jobId,
      caseId: item.id,
      decision,
      ...(edited ? { case: edited.case } : {}),
      ...(why?.reason ? { reason: why.reason } : {}),
      ...(why?.note ? { note: why.note } : {}),
    }).then((r) => {
      setDecideError(r.ok ? undefined : `"${item.title}": ${r.error.message}`);
      // The case as core decided it (status ready, as `casewright review` writes): what the preview shows and Save sends.
      const decided = r.ok ? r.data.case : undefined;
      if (decided)
        setEdits((e) => ({ ...e, [item.id]: { ...(edited ?? e[item.id] ?? item), status: String(decided.status), case: decided } }));
    });
  };
  const accepted = (job?.cases ?? [])
    .filter((c) => decisions[c.id] === 'accepted' || decisions[c.id] === 'edited')
    .map((c) => edits[c.id] ?? c);

  const startSave = async () => {
    setSaveError(undefined);
    const cases = accepted.map((c) => (c.case.jira ? c.case : { ...c.case, ...((links[c.id] as object | undefined) ?? {}) }));
    const overwriteJira = Object.entries(resolutions)
      .filter(([, r]) => r === 'mine')
      .map(([id]) => id);
    const r = await call<{ jobId: string }>('startSave', { cases, overwriteJira, ...(job ? { fromJob: job.jobId } : {}) });
    if (!r.ok) return setSaveError(r.error.message);
    // The choices go with this save; its results ask again if anything is still in conflict.
    setResolutions({});
    setSaveId(r.data.jobId);
  };

  const resolve = (item: SavedItemView, resolution: Resolution) => {
    setResolutions((r) => ({ ...r, [item.caseId]: resolution }));
    const mine = edits[item.caseId] ?? job?.cases.find((c) => c.id === item.caseId);
    if (resolution === 'jira' && item.remote && item.key) {
      // Jira's version, linked at the version Jira holds: the next save records it as synced.
      const theirs = { ...item.remote.case, jira: { key: item.key, version: item.remote.version, syncedAt: new Date().toISOString() } };
      setEdits((e) => ({ ...e, [item.caseId]: { ...item.remote!, case: theirs } }));
    } else if (resolution === 'mine' && mine && item.key) {
      const remoteVersion = item.remote?.version ?? 1;
      setEdits((e) => ({
        ...e,
        [item.caseId]: {
          ...mine,
          case: { ...mine.case, jira: { key: item.key, version: remoteVersion, syncedAt: new Date().toISOString() } },
        },
      }));
    }
  };

  const toggle = <T extends string>(list: T[], value: T, on: boolean) =>
    on ? [...new Set([...list, value])] : list.filter((v) => v !== value);
  const saveJob = save.job;
  const saving = running(saveJob);

  return (
    <Show value={story} what="the story" onRetry={reloadStory}>
      {(s) => (
        <Stack space="space.200">
          <Stack space="space.050">
            <Heading as="h3">{`${s.key}: ${s.summary}`}</Heading>
            {s.description ? <Text>{s.description.length > 300 ? `${s.description.slice(0, 300)}…` : s.description}</Text> : null}
            <Heading as="h3">{`Acceptance criteria (${s.criteria.length})`}</Heading>
            {s.criteria.length === 0 ? (
              <Text>No acceptance criteria found; cases will follow the description.</Text>
            ) : (
              s.criteria.map((c) => <Text key={c.id}>{`${c.id}: ${c.text}`}</Text>)
            )}
          </Stack>
          <Stack space="space.100">
            <Heading as="h3">Generate</Heading>
            <Inline space="space.100" shouldWrap>
              {CASE_KINDS.map((k) => (
                <Checkbox
                  key={k}
                  name={`kind-${k}`}
                  label={k}
                  isChecked={kinds.includes(k)}
                  onChange={(e) => setKinds(toggle(kinds, k, Boolean((e.target as { checked?: unknown }).checked)))}
                />
              ))}
            </Inline>
            <Inline space="space.100" shouldWrap>
              {TECHNIQUES.map((t) => (
                <Checkbox
                  key={t}
                  name={`technique-${t}`}
                  label={t}
                  isChecked={techniques.includes(t)}
                  onChange={(e) => setTechniques(toggle(techniques, t, Boolean((e.target as { checked?: unknown }).checked)))}
                />
              ))}
            </Inline>
            <Inline space="space.100" alignBlock="center">
              <Text>How many</Text>
              <Textfield
                name="count"
                type="number"
                value={count}
                onChange={(e) => setCount(String((e.target as { value?: unknown }).value ?? ''))}
              />
              <Select
                name="model"
                options={s.models.map((m) => ({ label: m, value: m }))}
                value={{ label: model ?? s.defaultModel, value: model ?? s.defaultModel }}
                onChange={(o: { value: string } | null) => setModel(o?.value)}
              />
            </Inline>
            <Button appearance="primary" isDisabled={starting || kinds.length === 0 || (running(job) && !gen.stopped)} onClick={generate}>
              Generate
            </Button>
            {startError ? <ErrorBox title="Generation could not start" message={startError} /> : null}
          </Stack>
          <JobProgress poll={gen} label="Generation" />
          {job?.state === 'failed' ? <ErrorBox title="Generation failed" message={job.error ?? job.message} /> : null}
          {job?.state === 'done' ? (
            <Stack space="space.100">
              <Heading as="h3">{`Preview (${job.cases.length})`}</Heading>
              <Text>{job.message}</Text>
              <JobMeta job={job} />
              <Inline space="space.100" shouldWrap>
                {job.coverage.map((c) => (
                  <Lozenge
                    key={c.id}
                    appearance={c.caseIds.length > 0 ? 'success' : 'removed'}
                  >{`${c.id}: ${c.caseIds.length > 0 ? `${c.caseIds.length} case${c.caseIds.length === 1 ? '' : 's'}` : 'not covered'}`}</Lozenge>
                ))}
              </Inline>
              {job.cases.map((c) =>
                editing === c.id ? (
                  <CaseEditor
                    key={c.id}
                    item={edits[c.id] ?? c}
                    criteria={s.criteria}
                    onCancel={() => setEditing(undefined)}
                    onSave={(edited) => {
                      setEditing(undefined);
                      decide(c, 'edited', edited);
                    }}
                  />
                ) : (
                  <PreviewCase
                    key={c.id}
                    item={edits[c.id] ?? c}
                    decision={decisions[c.id]}
                    rejection={rejections[c.id]}
                    note={resolutions[c.id] === 'mine' ? 'keeping yours' : resolutions[c.id] === 'jira' ? "Jira's version" : undefined}
                    onDecide={(d, why) => decide(c, d, undefined, why)}
                    onEdit={() => setEditing(c.id)}
                  />
                ),
              )}
              {decideError ? <ErrorBox title="The decision was not recorded" message={decideError} /> : null}
              <Button appearance="primary" isDisabled={saving || accepted.length === 0} onClick={startSave}>
                {saveJob ? `Save to Jira again (${accepted.length})` : `Save to Jira (${accepted.length})`}
              </Button>
              {saveError ? <ErrorBox title="Could not save" message={saveError} /> : null}
            </Stack>
          ) : null}
          <JobProgress poll={save} label="Saving" />
          {saveJob?.state === 'failed' ? <ErrorBox title="Saving failed" message={saveJob.error ?? saveJob.message} /> : null}
          {saveJob?.state === 'done' && saveJob.saved ? (
            <Stack space="space.050">
              <JobMeta job={saveJob} />
              <SaveResults
                items={saveJob.saved}
                resolutions={resolutions}
                onResolve={resolve}
                onEdit={(item) => {
                  // Editing a conflicted case keeps the edit over Jira's change when saved again.
                  resolve(item, 'mine');
                  setEditing(item.caseId);
                }}
              />
            </Stack>
          ) : null}
          {editing && !job?.cases.some((c) => c.id === editing) ? <Text>Open the case above to edit it.</Text> : null}
          <Stack space="space.050">
            <Heading as="h3">Linked test cases</Heading>
            <LinkedCases call={call} refresh={refresh} />
          </Stack>
          {s.criteria.length > 0 ? (
            <Stack space="space.050">
              <Heading as="h3">Similar cases in the project</Heading>
              <SimilarCases call={call} refresh={refresh} />
            </Stack>
          ) : null}
          <StoryAnalytics call={call} />
          <StoryFailures call={call} refresh={refresh} />
          <JudgeReview call={call} />
        </Stack>
      )}
    </Show>
  );
}
