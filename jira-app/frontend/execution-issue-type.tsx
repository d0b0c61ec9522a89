import { useState } from 'react';
import { Button, Heading, Inline, SectionMessage, Select, Stack, Text, Textfield } from '@forge/react';
import type { ExecutionIssueTypeView } from '../shared/api.js';
import { ErrorBox, type Call } from './common.js';
import { Field, valueOf } from './form-fields.js';

type Option = { label: string; value: string };
const NONE: Option = { label: 'None (no issue per execution)', value: '' };

/**
 * Per project: "Record each execution as an issue of type [the project's issue types | none]".
 * Saved at once in the project's `casewright.settings` property (not with the form above), so
 * `casewright run --jira` and VS Code read it from Jira without the app.
 */
export function ExecutionIssueType({ call }: { call: Call }) {
  const [project, setProject] = useState('');
  const [view, setView] = useState<ExecutionIssueTypeView | undefined>();
  const [choice, setChoice] = useState<string>('');
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState<ExecutionIssueTypeView | undefined>();
  const [busy, setBusy] = useState(false);
  const key = project.trim().toUpperCase();
  const load = async () => {
    setError(undefined);
    setSaved(undefined);
    setBusy(true);
    const r = await call<ExecutionIssueTypeView>('getExecutionIssueType', { project: key });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setView(r.data);
    setChoice(r.data.issueType ?? '');
  };
  const save = async () => {
    if (!view) return;
    setError(undefined);
    setBusy(true);
    const r = await call<ExecutionIssueTypeView>('setExecutionIssueType', { project: view.project, issueType: choice || null });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setView(r.data);
    setSaved(r.data);
  };
  const options: Option[] = [NONE, ...(view?.issueTypes ?? []).map((t) => ({ label: t, value: t }))];
  return (
    <Stack space="space.100">
      <Heading as="h3">Executions, per project</Heading>
      <Text>
        Each run recorded with `casewright run --jira` (or from VS Code) can also become a Jira issue, linked to the cases it ran. The
        choice is kept on the project, where the CLI and VS Code read it; `--execution-issue` or `jira.executionIssueType` in
        casewright.config.yaml still wins.
      </Text>
      <Inline space="space.100" alignBlock="end">
        <Field id="execution-project" label="Project key" helper="e.g. SHOP">
          <Textfield
            id="execution-project"
            name="execution-project"
            value={project}
            onChange={(e) => {
              setProject(valueOf(e));
              setView(undefined);
              setSaved(undefined);
            }}
          />
        </Field>
        <Button isDisabled={busy || !/^[A-Z][A-Z0-9_]+$/.test(key)} onClick={load}>
          Show issue types
        </Button>
      </Inline>
      {view ? (
        <Stack space="space.100">
          <Field
            id="execution-issue-type"
            label={`Record each execution of ${view.project} as an issue of type`}
            helper={`Now: ${view.issueType ?? 'none'}`}
          >
            <Select
              inputId="execution-issue-type"
              name="execution-issue-type"
              options={options}
              value={options.find((o) => o.value === choice) ?? NONE}
              onChange={(o: Option | null) => setChoice(o?.value ?? '')}
            />
          </Field>
          <Inline>
            <Button appearance="primary" isDisabled={busy} onClick={save}>
              {`Save for ${view.project}`}
            </Button>
          </Inline>
        </Stack>
      ) : null}
      {saved ? (
        <SectionMessage appearance="success" title={`Saved for ${saved.project}`}>
          <Text>
            {saved.issueType
              ? `Each execution in ${saved.project} is recorded as a ${saved.issueType} issue, linked to its cases.`
              : `Executions in ${saved.project} get no issue of their own (their results stay on the cases and stories).`}
          </Text>
        </SectionMessage>
      ) : null}
      {error ? <ErrorBox title="Execution issue type" message={error} /> : null}
    </Stack>
  );
}
