import { useEffect, useState } from 'react';
import { Button, Checkbox, Heading, Inline, Lozenge, ProgressBar, SectionMessage, Select, Stack, Text, Textfield } from '@forge/react';
import { CASE_KINDS, TECHNIQUES } from '../shared/constants.js';
import type { CaseView, GenerateRequest, JobView, LinkedCaseView, SavedItemView, StoryView } from '../shared/api.js';
import { ErrorBox, Loading, OUTCOME_APPEARANCE, Show, useLoad, type Call } from './common.js';
import { PreviewCase, type Decision } from './preview-case.js';

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
                <Text weight="bold">{c.key}</Text>
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

function SaveResults({ items }: { items: SavedItemView[] }) {
  const conflicts = items.filter((i) => i.status === 'conflict' || i.status === 'jira-changed' || i.status === 'error');
  const counts = ['created', 'updated', 'unchanged'].map((s) => `${items.filter((i) => i.status === s).length} ${s}`).join(', ');
  return (
    <Stack space="space.100">
      <SectionMessage
        appearance={conflicts.length > 0 ? 'warning' : 'success'}
        title={conflicts.length > 0 ? 'Saved with conflicts' : 'Saved to Jira'}
      >
        <Text>{counts}</Text>
      </SectionMessage>
      {conflicts.map((c) => (
        <SectionMessage key={c.caseId} appearance="warning" title={`Conflict: ${c.key ?? c.title}`}>
          <Text>{c.message ?? 'Changed on both sides.'}</Text>
          {c.remote ? <Text>{`In Jira: "${c.remote.title}" · Here: "${c.case.title}"`}</Text> : null}
        </SectionMessage>
      ))}
    </Stack>
  );
}

/** The "Test cases" issue panel: generate, review, save, and the cases already linked. */
export function IssuePanel({ call, pollMs = 1500 }: { call: Call; pollMs?: number }) {
  const [story, reloadStory] = useLoad<StoryView>(call, 'getStory', {});
  const [kinds, setKinds] = useState<GenerateRequest['kinds']>(['manual']);
  const [techniques, setTechniques] = useState<GenerateRequest['techniques']>(['happy-path', 'negative', 'boundary']);
  const [count, setCount] = useState('5');
  const [model, setModel] = useState<string | undefined>();
  const [job, setJob] = useState<JobView | undefined>();
  const [jobError, setJobError] = useState<string | undefined>();
  const [starting, setStarting] = useState(false);
  const [decisions, setDecisions] = useState<Record<string, Decision>>({});
  const [edits, setEdits] = useState<Record<string, CaseView>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<SavedItemView[] | undefined>();
  const [saveError, setSaveError] = useState<string | undefined>();
  const [refresh, setRefresh] = useState(0);

  const jobId = job?.jobId;
  const jobDone = job?.state === 'done' || job?.state === 'failed';
  const [polls, setPolls] = useState(0);
  useEffect(() => {
    if (!jobId || jobDone) return;
    const timer = setTimeout(() => {
      void call<JobView>('getJob', { jobId }).then((r) => {
        if (!r.ok) return setJobError(r.error.message);
        setJob(r.data);
        setPolls((n) => n + 1);
      });
    }, pollMs);
    return () => clearTimeout(timer);
  }, [call, jobId, jobDone, polls, pollMs]);

  const generate = async () => {
    setStarting(true);
    setJobError(undefined);
    setSaved(undefined);
    setDecisions({});
    setEdits({});
    const n = Number(count);
    const r = await call<{ jobId: string }>('startGeneration', {
      kinds,
      techniques,
      count: Number.isInteger(n) ? n : 5,
      ...(model ? { model } : {}),
    });
    setStarting(false);
    if (!r.ok) return setJobError(r.error.message);
    setJob({ jobId: r.data.jobId, state: 'queued', progress: 0, message: 'Waiting to start', cases: [], coverage: [] });
  };

  const decide = (item: CaseView, decision: Decision, edited?: CaseView) => {
    setDecisions((d) => ({ ...d, [item.id]: decision }));
    if (edited) setEdits((e) => ({ ...e, [item.id]: edited }));
    if (job) void call('recordDecision', { jobId: job.jobId, caseId: item.id, decision });
  };

  const accepted = (job?.cases ?? [])
    .filter((c) => decisions[c.id] === 'accepted' || decisions[c.id] === 'edited')
    .map((c) => edits[c.id] ?? c);
  // After a save, each case carries its Jira link and synced version, so saving again
  // updates the same issues (or reports a conflict) instead of creating new ones.
  const [links, setLinks] = useState<Record<string, { jira: unknown; version: unknown }>>({});
  const save = async () => {
    setSaving(true);
    setSaveError(undefined);
    const cases = accepted.map((c) => ({ ...c.case, ...(links[c.id] ?? {}) }));
    const r = await call<SavedItemView[]>('saveCases', { cases });
    setSaving(false);
    if (!r.ok) return setSaveError(r.error.message);
    setSaved(r.data);
    const next = { ...links };
    for (const item of r.data) if (item.case.case.jira) next[item.caseId] = { jira: item.case.case.jira, version: item.case.case.version };
    setLinks(next);
    setRefresh((x) => x + 1);
  };

  const toggle = <T extends string>(list: T[], value: T, on: boolean) =>
    on ? [...new Set([...list, value])] : list.filter((v) => v !== value);

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
            <Button appearance="primary" isDisabled={starting || kinds.length === 0 || (job !== undefined && !jobDone)} onClick={generate}>
              Generate
            </Button>
            {jobError ? <ErrorBox title="Generation could not start" message={jobError} /> : null}
          </Stack>
          {job && !jobDone ? (
            <Stack space="space.050">
              <ProgressBar value={job.progress} ariaLabel="Generation progress" />
              <Text>{job.message}</Text>
            </Stack>
          ) : null}
          {job?.state === 'failed' ? <ErrorBox title="Generation failed" message={job.error ?? job.message} /> : null}
          {job?.state === 'done' ? (
            <Stack space="space.100">
              <Heading as="h3">{`Preview (${job.cases.length})`}</Heading>
              <Text>{`${job.message}${job.model ? ` · ${job.model}` : ''}${job.costUsd ? ` · $${job.costUsd.toFixed(4)}` : ''}`}</Text>
              <Inline space="space.100" shouldWrap>
                {job.coverage.map((c) => (
                  <Lozenge
                    key={c.id}
                    appearance={c.caseIds.length > 0 ? 'success' : 'removed'}
                  >{`${c.id}: ${c.caseIds.length > 0 ? `${c.caseIds.length} case${c.caseIds.length === 1 ? '' : 's'}` : 'not covered'}`}</Lozenge>
                ))}
              </Inline>
              {job.cases.map((c) => (
                <PreviewCase key={c.id} item={edits[c.id] ?? c} decision={decisions[c.id]} onDecide={(d, edited) => decide(c, d, edited)} />
              ))}
              <Button appearance="primary" isDisabled={saving || accepted.length === 0} onClick={save}>
                {saved ? 'Save to Jira again' : `Save to Jira (${accepted.length})`}
              </Button>
              {saving ? <Loading label="Saving to Jira…" /> : null}
              {saveError ? <ErrorBox title="Could not save" message={saveError} /> : null}
              {saved ? <SaveResults items={saved} /> : null}
            </Stack>
          ) : null}
          <Stack space="space.050">
            <Heading as="h3">Linked test cases</Heading>
            <LinkedCases call={call} refresh={refresh} />
          </Stack>
        </Stack>
      )}
    </Show>
  );
}
