import { BarChart, DonutChart, DynamicTable, Heading, LineChart, Lozenge, Stack, StackBarChart, Text } from '@forge/react';
import type { executions } from '@casewright/core';
import { Show, useLoad, type Call } from './common.js';

type Analytics = executions.ExecutionAnalytics;

const percent = (rate: number) => Math.round(rate * 100);
/** `2026-11-20T10:15:00.000Z` → `2026-11-20 10:15` (the chart's x axis). */
const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** Executions over time, pass rate per story, criteria coverage, open defects, flaky cases. */
function AnalyticsView({ a, scope }: { a: Analytics; scope: 'project' | 'story' }) {
  if (a.stories.length === 0)
    return (
      <Text>
        {scope === 'project'
          ? 'No executions recorded in this project yet. `casewright run --jira` (or a run in VS Code with a Jira site) records them.'
          : 'No executions recorded for this story yet. `casewright run --jira` (or a run in VS Code with a Jira site) records them.'}
      </Text>
    );
  const coverage = a.stories.flatMap((s) => [
    { story: s.key, state: 'passing', criteria: s.coverage.passing },
    { story: s.key, state: 'failing', criteria: s.coverage.failing },
    { story: s.key, state: 'never run', criteria: s.coverage.neverRun },
  ]);
  const latest = a.overTime[a.overTime.length - 1];
  return (
    <Stack space="space.200">
      <Heading as="h3">Executions</Heading>
      {latest ? (
        <Text>{`Last execution ${latest.id} (${when(latest.at)}): ${latest.passed} of ${latest.total} passed · ${a.overTime.length} execution${a.overTime.length === 1 ? '' : 's'} shown`}</Text>
      ) : null}
      <LineChart
        title="Pass rate over time (%)"
        data={a.overTime.map((e) => ({ at: when(e.at), rate: percent(e.passRate), series: 'pass rate' }))}
        xAccessor="at"
        yAccessor="rate"
        colorAccessor="series"
      />
      {scope === 'project' ? (
        <BarChart
          title="Pass rate per story, last execution (%)"
          data={a.stories.map((s) => ({ story: s.key, rate: percent(s.passRate) }))}
          xAccessor="story"
          yAccessor="rate"
        />
      ) : null}
      {scope === 'project' ? (
        <StackBarChart title="Criteria coverage per story" data={coverage} xAccessor="story" yAccessor="criteria" colorAccessor="state" />
      ) : (
        <DonutChart
          title={`Criteria coverage (${a.stories[0]!.coverage.covered} covered)`}
          data={coverage.filter((c) => c.criteria > 0)}
          labelAccessor="state"
          valueAccessor="criteria"
          colorAccessor="state"
        />
      )}
      {scope === 'project' ? (
        <BarChart
          title="Open defects per story"
          data={a.stories.map((s) => ({ story: s.key, defects: s.openDefects }))}
          xAccessor="story"
          yAccessor="defects"
        />
      ) : (
        <Text>{`Open defects: ${a.openDefects.length ? a.openDefects.map((d) => d.key).join(', ') : 'none'}`}</Text>
      )}
      <Heading as="h3">{`Flaky cases (${a.flaky.length})`}</Heading>
      <DynamicTable
        caption="Flaky cases"
        head={{ cells: ['Case', 'Title', 'Story', 'Outcome changes'].map((c) => ({ key: c.toLowerCase(), content: c })) }}
        rows={a.flaky.map((f) => ({
          key: f.key,
          cells: [
            { key: 'case', content: f.key },
            { key: 'title', content: f.title },
            { key: 'story', content: f.story },
            { key: 'flips', content: <Lozenge appearance="moved">{`${f.flips}`}</Lozenge> },
          ],
        }))}
        emptyView={<Text>No case changed outcome in its recorded history.</Text>}
      />
      {a.truncated ? <Text>More stories or defects exist than are shown.</Text> : null}
    </Stack>
  );
}

/** The project page's analytics, from the stories' stored executions. */
export function ProjectAnalytics({ call }: { call: Call }) {
  const [data, reload] = useLoad<Analytics>(call, 'getProjectAnalytics', {});
  return (
    <Show value={data} what="executions" onRetry={reload}>
      {(a) => <AnalyticsView a={a} scope="project" />}
    </Show>
  );
}

/** The story panel's analytics. */
export function StoryAnalytics({ call }: { call: Call }) {
  const [data, reload] = useLoad<Analytics>(call, 'getStoryAnalytics', {});
  return (
    <Show value={data} what="executions" onRetry={reload}>
      {(a) => <AnalyticsView a={a} scope="story" />}
    </Show>
  );
}
