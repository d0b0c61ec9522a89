import { useState } from 'react';
import { Button, DynamicTable, Heading, Inline, Lozenge, Select, Stack, Text, Textfield } from '@forge/react';
import type { LinkedCaseView } from '../shared/api.js';
import { OUTCOME_APPEARANCE, Show, useLoad, type Call } from './common.js';
import { ProjectAnalytics } from './analytics.js';

interface ProjectCasesView {
  cases: LinkedCaseView[];
  stories: Array<{ key: string; cases: number; covered: string[]; passed: number; failed: number; neverRun: number }>;
  truncated: boolean;
}
type Filters = {
  text?: string;
  story?: string;
  priority?: 'high' | 'medium' | 'low';
  status?: 'draft' | 'ready' | 'deprecated';
  lastResult?: 'passed' | 'failed' | 'errored' | 'skipped' | 'never';
};
const opt = (v: string) => ({ label: v, value: v });

/** The project's case repository: search and filter, and coverage per story. */
export function ProjectPage({ call }: { call: Call }) {
  const [draft, setDraft] = useState<Filters>({});
  const [filters, setFilters] = useState<Filters>({});
  const [data, reload] = useLoad<ProjectCasesView>(call, 'listProjectCases', filters);
  const pick = (key: keyof Filters) => (o: { value: string } | null) => setDraft((d) => ({ ...d, [key]: o?.value || undefined }));
  return (
    <Stack space="space.200">
      <ProjectAnalytics call={call} />
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Textfield
          name="text"
          placeholder="Search titles"
          value={draft.text ?? ''}
          onChange={(e) => setDraft((d) => ({ ...d, text: String((e.target as { value?: unknown }).value ?? '') || undefined }))}
        />
        <Textfield
          name="story"
          placeholder="Story key"
          value={draft.story ?? ''}
          onChange={(e) =>
            setDraft((d) => ({ ...d, story: String((e.target as { value?: unknown }).value ?? '').toUpperCase() || undefined }))
          }
        />
        <Select
          name="priority"
          placeholder="Priority"
          isClearable
          options={['high', 'medium', 'low'].map(opt)}
          onChange={pick('priority')}
        />
        <Select
          name="status"
          placeholder="Status"
          isClearable
          options={['draft', 'ready', 'deprecated'].map(opt)}
          onChange={pick('status')}
        />
        <Select
          name="lastResult"
          placeholder="Last result"
          isClearable
          options={['passed', 'failed', 'errored', 'skipped', 'never'].map(opt)}
          onChange={pick('lastResult')}
        />
        <Button appearance="primary" onClick={() => setFilters(draft)}>
          Search
        </Button>
      </Inline>
      <Show value={data} what="test cases" onRetry={reload}>
        {(view) => (
          <Stack space="space.200">
            <Heading as="h3">{`Coverage of stories (${view.stories.length})`}</Heading>
            {view.stories.map((s) => (
              <Inline key={s.key} space="space.100" shouldWrap>
                <Text weight="bold">{s.key}</Text>
                <Text>{`${s.cases} case${s.cases === 1 ? '' : 's'} · covers ${s.covered.join(', ') || 'no criteria'}`}</Text>
                <Lozenge appearance="success">{`${s.passed} passed`}</Lozenge>
                <Lozenge appearance={s.failed > 0 ? 'removed' : 'default'}>{`${s.failed} failed`}</Lozenge>
                <Lozenge>{`${s.neverRun} never run`}</Lozenge>
              </Inline>
            ))}
            <Heading as="h3">{`Test cases (${view.cases.length}${view.truncated ? '+' : ''})`}</Heading>
            <DynamicTable
              caption="Test cases"
              head={{
                cells: ['Key', 'Title', 'Story', 'Priority', 'Status', 'Last result'].map((c) => ({ key: c.toLowerCase(), content: c })),
              }}
              rows={view.cases.map((c) => ({
                key: c.key,
                cells: [
                  { key: 'key', content: c.key },
                  { key: 'title', content: c.title },
                  { key: 'story', content: c.story ?? '' },
                  { key: 'priority', content: c.priority },
                  { key: 'status', content: c.status },
                  {
                    key: 'last',
                    content: (
                      <Lozenge appearance={c.lastRun ? (OUTCOME_APPEARANCE[c.lastRun.outcome] ?? 'default') : 'default'}>
                        {c.lastRun?.outcome ?? 'never run'}
                      </Lozenge>
                    ),
                  },
                ],
              }))}
              emptyView={<Text>No test cases match.</Text>}
            />
          </Stack>
        )}
      </Show>
    </Stack>
  );
}
