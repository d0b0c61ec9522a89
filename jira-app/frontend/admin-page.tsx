import { useState } from 'react';
import { Button, ButtonGroup, Heading, Inline, Lozenge, SectionMessage, Select, Stack, Text, TextArea, Textfield } from '@forge/react';
import { PROVIDERS } from '../shared/constants.js';
import type { KeyInfoView, OrgSettings, ProviderName, SettingsView } from '../shared/api.js';
import { ErrorBox, Show, useLoad, type Call } from './common.js';

const LABELS: Record<ProviderName, string> = {
  openai: 'OpenAI',
  azure: 'Azure OpenAI',
  anthropic: 'Anthropic',
  google: 'Gemini',
  'openai-compatible': 'OpenAI-compatible URL',
};
const value = (e: unknown) => String(((e as { target?: { value?: unknown } }).target?.value ?? '') as string);
const list = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function KeyRow({
  call,
  provider,
  info,
  onKeys,
}: {
  call: Call;
  provider: ProviderName;
  info: KeyInfoView | undefined;
  onKeys: (k: KeyInfoView[]) => void;
}) {
  const [secret, setSecret] = useState('');
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'busy'; text: string } | undefined>();
  const saveKey = async () => {
    setStatus({ kind: 'busy', text: 'Saving…' });
    const r = await call<KeyInfoView[]>('setKey', { provider, secret });
    setSecret('');
    if (!r.ok) return setStatus({ kind: 'error', text: r.error.message });
    onKeys(r.data);
    setStatus({ kind: 'ok', text: 'Key saved' });
  };
  const remove = async () => {
    const r = await call<KeyInfoView[]>('deleteKey', { provider });
    if (!r.ok) return setStatus({ kind: 'error', text: r.error.message });
    onKeys(r.data);
    setStatus({ kind: 'ok', text: 'Key deleted' });
  };
  const test = async () => {
    setStatus({ kind: 'busy', text: 'Testing…' });
    const r = await call<{ model: string; latencyMs: number }>('testConnection', { provider });
    setStatus(
      r.ok
        ? { kind: 'ok', text: `Connected: ${r.data.model} answered in ${r.data.latencyMs} ms` }
        : { kind: 'error', text: r.error.message },
    );
  };
  return (
    <Stack space="space.050">
      <Inline space="space.100" alignBlock="center">
        <Text weight="bold">{LABELS[provider]}</Text>
        {info ? <Lozenge appearance="success">{`saved ${info.masked}`}</Lozenge> : <Lozenge>no key</Lozenge>}
      </Inline>
      <Inline space="space.100" alignBlock="center">
        {/* Write-only: the field starts empty and is cleared after saving; only the masked suffix comes back. */}
        <Textfield
          name={`key-${provider}`}
          type="password"
          placeholder={info ? 'Enter a new key to replace it' : 'Paste the API key'}
          value={secret}
          onChange={(e) => setSecret(value(e))}
        />
        <ButtonGroup>
          <Button isDisabled={secret.length < 8} onClick={saveKey}>
            Save key
          </Button>
          <Button isDisabled={!info} onClick={test}>
            Test connection
          </Button>
          <Button appearance="subtle" isDisabled={!info} onClick={remove}>
            Delete
          </Button>
        </ButtonGroup>
      </Inline>
      {status ? <Text>{status.text}</Text> : null}
    </Stack>
  );
}

function SettingsForm({ call, initial }: { call: Call; initial: SettingsView }) {
  const [view, setView] = useState(initial);
  const [draft, setDraft] = useState<OrgSettings>(initial.settings);
  const [prompt, setPrompt] = useState(initial.settings.promptOverrides['generate-manual-cases'] ?? '');
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const set = <K extends keyof OrgSettings>(key: K, v: OrgSettings[K]) => setDraft((d) => ({ ...d, [key]: v }));
  const save = async () => {
    const { 'generate-manual-cases': _old, ...otherPrompts } = draft.promptOverrides;
    const settings: OrgSettings = {
      ...draft,
      promptOverrides: prompt.trim() ? { ...otherPrompts, 'generate-manual-cases': prompt } : otherPrompts,
    };
    const r = await call<SettingsView>('saveSettings', { settings });
    if (!r.ok) return setResult({ ok: false, text: r.error.message });
    setView(r.data);
    setDraft(r.data.settings);
    setResult({ ok: true, text: 'Settings saved' });
  };
  const projectRows = Object.entries(draft.projects);
  return (
    <Stack space="space.200">
      <Stack space="space.100">
        <Heading as="h3">Provider keys</Heading>
        <Text>
          Keys are stored as Forge secrets for this Jira site. They are write-only: after saving, only the last four characters are shown.
        </Text>
        {PROVIDERS.map((p) => (
          <KeyRow
            key={p}
            call={call}
            provider={p}
            info={view.keys.find((k) => k.provider === p)}
            onKeys={(keys) => setView((v) => ({ ...v, keys }))}
          />
        ))}
      </Stack>
      <Stack space="space.100">
        <Heading as="h3">Models</Heading>
        <Text>Allowed models (provider:model, separated by spaces)</Text>
        <Textfield name="allowedModels" value={draft.allowedModels.join(' ')} onChange={(e) => set('allowedModels', list(value(e)))} />
        <Text>Default model</Text>
        <Select
          name="defaultModel"
          options={draft.allowedModels.map((m) => ({ label: m, value: m }))}
          value={{ label: draft.defaultModel, value: draft.defaultModel }}
          onChange={(o: { value: string } | null) => o && set('defaultModel', o.value)}
        />
        <Text>Fallback chain (tried in order when the default fails)</Text>
        <Textfield name="fallbackChain" value={draft.fallbackChain.join(' ')} onChange={(e) => set('fallbackChain', list(value(e)))} />
        <Text>Azure OpenAI endpoint and OpenAI-compatible base URL</Text>
        <Textfield
          name="azureEndpoint"
          placeholder="https://my-resource.openai.azure.com"
          value={draft.azure.endpoint ?? ''}
          onChange={(e) => set('azure', { ...draft.azure, endpoint: value(e) || undefined })}
        />
        <Textfield
          name="compatibleBaseUrl"
          placeholder="https://llm.example.com/v1"
          value={draft.compatibleBaseUrl ?? ''}
          onChange={(e) => set('compatibleBaseUrl', value(e) || undefined)}
        />
      </Stack>
      <Stack space="space.100">
        <Heading as="h3">Budget</Heading>
        <Inline space="space.100" alignBlock="center">
          <Text>Monthly budget (USD)</Text>
          <Textfield
            name="monthlyBudgetUsd"
            type="number"
            value={String(draft.monthlyBudgetUsd)}
            onChange={(e) => set('monthlyBudgetUsd', Number(value(e)) || 0)}
          />
          <Lozenge
            appearance={view.spendUsd >= draft.monthlyBudgetUsd ? 'removed' : 'success'}
          >{`spent in ${view.month}: $${view.spendUsd.toFixed(2)}`}</Lozenge>
        </Inline>
      </Stack>
      <Stack space="space.100">
        <Heading as="h3">Prompt template override</Heading>
        <Text>generate-manual-cases: a Handlebars template with front matter, like the built-in one (checked when you save)</Text>
        <TextArea
          name="promptGenerate"
          placeholder="Leave empty to use the built-in generation prompt"
          value={prompt}
          onChange={(e) => setPrompt(value(e))}
        />
      </Stack>
      <Stack space="space.100">
        <Heading as="h3">Jira mapping</Heading>
        <Text>Link type between a story and its test cases, and the acceptance-criteria field (name or id)</Text>
        <Textfield name="linkType" value={draft.linkType} onChange={(e) => set('linkType', value(e))} />
        <Textfield
          name="acceptanceCriteriaField"
          placeholder="Any field named like Acceptance criteria"
          value={draft.acceptanceCriteriaField ?? ''}
          onChange={(e) => set('acceptanceCriteriaField', value(e) || undefined)}
        />
        <Text>Per project: PROJECT=IssueType (default: "Test" if the project has it, else "Task")</Text>
        <Textfield
          name="projectIssueTypes"
          value={projectRows.map(([k, v]) => `${k}=${v.issueType ?? ''}`).join(' ')}
          onChange={(e) =>
            set(
              'projects',
              Object.fromEntries(
                list(value(e))
                  .map((pair) => pair.split('='))
                  .filter(([k, v]) => k && v)
                  .map(([k, v]) => [k!.toUpperCase(), { issueType: v }]),
              ),
            )
          }
        />
      </Stack>
      <Button appearance="primary" onClick={save}>
        Save settings
      </Button>
      {result ? (
        result.ok ? (
          <SectionMessage appearance="success" title={result.text}>
            <Text>Generation uses the new settings from now on.</Text>
          </SectionMessage>
        ) : (
          <ErrorBox title="Settings not saved" message={result.text} />
        )
      ) : null}
    </Stack>
  );
}

/** The "Casewright settings" admin page. */
export function AdminPage({ call }: { call: Call }) {
  const [settings, reload] = useLoad<SettingsView>(call, 'getSettings', {});
  return (
    <Show value={settings} what="the settings" onRetry={reload}>
      {(data) => <SettingsForm call={call} initial={data} />}
    </Show>
  );
}
