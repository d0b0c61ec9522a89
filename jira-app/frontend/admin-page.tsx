import { useState } from 'react';
import {
  Button,
  ButtonGroup,
  ErrorMessage,
  Form,
  FormFooter,
  FormHeader,
  FormSection,
  Heading,
  Inline,
  Lozenge,
  SectionMessage,
  Select,
  Stack,
  Text,
  TextArea,
  Textfield,
} from '@forge/react';
import { EGRESS_GROUP, PROVIDERS } from '../shared/constants.js';
import type { KeyInfoView, ProviderName, SettingsView } from '../shared/api.js';
import { ErrorBox, Show, useLoad, type Call } from './common.js';
import { Field, RowsField, valueOf } from './form-fields.js';
import { fromDraft, serverErrorField, toDraft, type Draft, type Errors } from './admin-settings.js';
import { ExecutionIssueType } from './execution-issue-type.js';

const LABELS: Record<ProviderName, string> = {
  openai: 'OpenAI',
  azure: 'Azure OpenAI',
  anthropic: 'Anthropic',
  google: 'Gemini',
  'openai-compatible': 'OpenAI-compatible server',
};

/** Asks Forge (and the admin) to let the backend call a host; see forge-adapters/browser.ts. */
export type AllowHost = (host: string, group: string) => Promise<{ ok: true } | { ok: false; message: string }>;

type Option = { label: string; value: string };
const option = (v: string): Option => ({ label: v, value: v });

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
    if (secret.trim().length < 8) return setStatus({ kind: 'error', text: 'A key has at least 8 characters.' });
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
  const id = `key-${provider}`;
  return (
    <Form onSubmit={saveKey}>
      <Stack space="space.050">
        <Inline space="space.100" alignBlock="center">
          <Text weight="bold">{LABELS[provider]}</Text>
          {info ? <Lozenge appearance="success">{`saved ${info.masked}`}</Lozenge> : <Lozenge>no key</Lozenge>}
        </Inline>
        <Field
          id={id}
          label={`${LABELS[provider]} API key`}
          helper={
            info
              ? 'Enter a new key to replace the saved one.'
              : 'Stored as a Forge secret for this site; only its last four characters are shown again.'
          }
          error={status?.kind === 'error' ? status.text : undefined}
          valid={status?.kind === 'ok' ? status.text : undefined}
        >
          {/* Write-only: the field starts empty and is cleared after saving; only the masked suffix comes back. */}
          <Textfield id={id} name={id} type="password" value={secret} onChange={(e) => setSecret(valueOf(e))} />
        </Field>
        <ButtonGroup>
          <Button type="submit" isDisabled={secret.length === 0}>
            Save key
          </Button>
          <Button isDisabled={!info} onClick={test}>
            Test connection
          </Button>
          <Button appearance="subtle" isDisabled={!info} onClick={remove}>
            Delete
          </Button>
        </ButtonGroup>
        {status?.kind === 'busy' ? <Text>{status.text}</Text> : null}
      </Stack>
    </Form>
  );
}

function HostField({
  name,
  label,
  helper,
  placeholder,
  value,
  error,
  blockedHost,
  allowed,
  onChange,
  onAllow,
}: {
  name: string;
  label: string;
  helper: string;
  placeholder: string;
  value: string;
  error: string | undefined;
  blockedHost: string | undefined;
  allowed: string | undefined;
  onChange: (v: string) => void;
  onAllow: (host: string) => void;
}) {
  return (
    <Field id={name} label={label} helper={helper} error={error} valid={allowed}>
      <Textfield
        id={name}
        name={name}
        placeholder={placeholder}
        value={value}
        isInvalid={Boolean(error)}
        onChange={(e) => onChange(valueOf(e))}
      />
      {blockedHost ? (
        <Inline>
          <Button onClick={() => onAllow(blockedHost)}>{`Allow ${blockedHost}`}</Button>
        </Inline>
      ) : null}
    </Field>
  );
}

function SettingsForm({ call, initial, allowHost }: { call: Call; initial: SettingsView; allowHost: AllowHost }) {
  const [view, setView] = useState(initial);
  const [draft, setDraft] = useState<Draft>(() => toDraft(initial.settings));
  const [errors, setErrors] = useState<Errors>({});
  const [blocked, setBlocked] = useState<Record<string, string>>({});
  const [allowedNow, setAllowedNow] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const [saving, setSaving] = useState(false);
  const site = view.site;
  const set = <K extends keyof Draft>(key: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: v }));
    setResult(undefined);
  };

  const allow = async (field: string, host: string) => {
    const r = await allowHost(host, EGRESS_GROUP);
    if (!r.ok) {
      setErrors((e) => ({
        ...e,
        [field]: `Jira did not allow ${host}: ${r.message}. You can add it to manifest.yml's permissions.external.fetch.backend and redeploy.`,
      }));
      return;
    }
    setDraft((d) => ({ ...d, approvedHosts: [...new Set([...d.approvedHosts, host])] }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setBlocked((b) => ({ ...b, [field]: '' }));
    setAllowedNow((a) => ({ ...a, [field]: `Forge lets the app call ${host} now. Save the settings to use it.` }));
  };

  const save = async () => {
    const checked = fromDraft(draft, site, view.settings);
    setErrors(checked.errors);
    setBlocked(checked.blockedHosts);
    if (!checked.settings) return setResult({ ok: false, text: 'Some fields need attention; see the messages beside them.' });
    setSaving(true);
    const r = await call<SettingsView>('saveSettings', { settings: checked.settings });
    setSaving(false);
    if (!r.ok) {
      const field = serverErrorField(r.error.message, draft);
      if (field !== '_form') setErrors({ [field]: r.error.message.replace(/^[a-zA-Z.0-9]+: /, '') });
      return setResult({ ok: false, text: r.error.message });
    }
    // The form keeps what was typed; only the keys, spend and site facts come from the answer.
    setView(r.data);
    setAllowedNow({});
    setResult({ ok: true, text: 'Settings saved' });
  };

  const models = draft.allowedModels.map((m) => m.trim()).filter(Boolean);
  const typeOptions = (site?.issueTypes ?? []).map((t) => ({ label: t.owner ? `${t.name} (${t.owner})` : t.name, value: t.name }));
  return (
    <Stack space="space.300">
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
      <Form onSubmit={save}>
        <FormHeader
          title="Casewright settings"
          description="Models, budget, prompt and how cases land in Jira. Required fields are marked with an asterisk."
        />
        <FormSection title="Models">
          <Stack space="space.150">
            <RowsField
              name="allowedModels"
              label="Allowed models"
              helper="One model per row, as provider:model (openai, azure, anthropic, google, openai-compatible, offline). offline:rules needs no key."
              placeholder="openai:gpt-4o-mini"
              values={draft.allowedModels}
              errors={errors}
              addLabel="Add model"
              onChange={(v) => set('allowedModels', v)}
            />
            {errors.allowedModels ? <ErrorMessage>{errors.allowedModels}</ErrorMessage> : null}
            <Field
              id="defaultModel"
              label="Default model"
              required
              helper="Used when a reviewer does not pick one."
              error={errors.defaultModel}
            >
              <Select
                inputId="defaultModel"
                name="defaultModel"
                options={models.map(option)}
                value={draft.defaultModel ? option(draft.defaultModel) : undefined}
                onChange={(o: Option | null) => set('defaultModel', o?.value ?? '')}
              />
            </Field>
            <RowsField
              name="fallbackChain"
              label="Fallback chain"
              helper="Tried in this order when the default model fails with a retryable error (at most 5)."
              placeholder="anthropic:claude-3-5-haiku-latest"
              values={draft.fallbackChain}
              errors={errors}
              addLabel="Add fallback"
              reorder
              onChange={(v) => set('fallbackChain', v)}
            />
            <HostField
              name="azureEndpoint"
              label="Azure OpenAI endpoint"
              helper="https://<resource>.openai.azure.com, .cognitiveservices.azure.com or .services.ai.azure.com"
              placeholder="https://my-resource.openai.azure.com"
              value={draft.azureEndpoint}
              error={errors.azureEndpoint}
              blockedHost={site?.configurableEgress ? blocked.azureEndpoint || undefined : undefined}
              allowed={allowedNow.azureEndpoint}
              onChange={(v) => set('azureEndpoint', v)}
              onAllow={(h) => void allow('azureEndpoint', h)}
            />
            <Field
              id="azureApiVersion"
              label="Azure API version"
              helper="Leave empty for the SDK's default."
              error={errors.azureApiVersion}
            >
              <Textfield
                id="azureApiVersion"
                name="azureApiVersion"
                placeholder="2024-10-21"
                value={draft.azureApiVersion}
                onChange={(e) => set('azureApiVersion', valueOf(e))}
              />
            </Field>
            <HostField
              name="compatibleBaseUrl"
              label="OpenAI-compatible base URL"
              helper="Ollama, vLLM or a gateway, reachable over HTTPS from Atlassian's cloud."
              placeholder="https://llm.example.com/v1"
              value={draft.compatibleBaseUrl}
              error={errors.compatibleBaseUrl}
              blockedHost={site?.configurableEgress ? blocked.compatibleBaseUrl || undefined : undefined}
              allowed={allowedNow.compatibleBaseUrl}
              onChange={(v) => set('compatibleBaseUrl', v)}
              onAllow={(h) => void allow('compatibleBaseUrl', h)}
            />
          </Stack>
        </FormSection>
        <FormSection title="Budget">
          <Field
            id="monthlyBudgetUsd"
            label="Monthly budget (USD)"
            required
            helper={`Spent in ${view.month}: $${view.spendUsd.toFixed(2)}. A call that would go over it is refused.`}
            error={errors.monthlyBudgetUsd}
          >
            <Textfield
              id="monthlyBudgetUsd"
              name="monthlyBudgetUsd"
              type="number"
              min={0}
              value={draft.budget}
              isInvalid={Boolean(errors.monthlyBudgetUsd)}
              onChange={(e) => set('budget', valueOf(e))}
            />
          </Field>
        </FormSection>
        <FormSection title="Prompt template override">
          <Field
            id="promptGenerate"
            label="generate-manual-cases"
            helper="A Handlebars template with front matter, like the built-in one. Checked when you save; leave empty for the built-in prompt."
            error={errors.promptGenerate ?? errors['promptOverrides.generate-manual-cases']}
          >
            <TextArea id="promptGenerate" name="promptGenerate" value={draft.prompt} onChange={(e) => set('prompt', valueOf(e))} />
          </Field>
        </FormSection>
        <FormSection title="Jira">
          <Stack space="space.150">
            <Field
              id="panelIssueTypes"
              label="Show the Test cases panel on"
              required
              helper="The issue types your stories use. Never shown on the case issues themselves."
              error={errors.panelIssueTypes}
            >
              <Select
                inputId="panelIssueTypes"
                name="panelIssueTypes"
                isMulti
                options={typeOptions}
                value={draft.panelIssueTypes.map(option)}
                onChange={(o: Option[] | null) =>
                  set(
                    'panelIssueTypes',
                    (o ?? []).map((x) => x.value),
                  )
                }
              />
            </Field>
            <Field
              id="linkType"
              label="Link type"
              required
              helper="How a case issue is linked to its story (the link types of your Jira)."
              error={errors.linkType}
            >
              <Textfield id="linkType" name="linkType" value={draft.linkType} onChange={(e) => set('linkType', valueOf(e))} />
            </Field>
            <Field
              id="acceptanceCriteriaField"
              label="Acceptance criteria field"
              helper="A field name or id; empty: any field named like Acceptance criteria, else that section of the description."
              error={errors.acceptanceCriteriaField}
            >
              <Textfield
                id="acceptanceCriteriaField"
                name="acceptanceCriteriaField"
                placeholder="Acceptance criteria"
                value={draft.acceptanceCriteriaField}
                onChange={(e) => set('acceptanceCriteriaField', valueOf(e))}
              />
            </Field>
            {(['high', 'medium', 'low'] as const).map((level) => (
              <Field
                key={level}
                id={`priorities.${level}`}
                label={`Jira priority for ${level}-priority cases`}
                required
                error={errors[`priorities.${level}`]}
              >
                <Select
                  inputId={`priorities.${level}`}
                  name={`priorities.${level}`}
                  options={(site?.priorities ?? []).map(option)}
                  value={draft.priorities[level] ? option(draft.priorities[level]) : undefined}
                  onChange={(o: Option | null) => set('priorities', { ...draft.priorities, [level]: o?.value ?? '' })}
                />
              </Field>
            ))}
            <Text>
              A case saved with a status, or changed to it, moves its issue to the Jira status picked here, when the issue's workflow has a
              transition there. Empty: Jira's workflow decides.
            </Text>
            {(['draft', 'ready', 'deprecated'] as const).map((status) => (
              <Field key={status} id={`statuses.${status}`} label={`Jira status for ${status} cases`} error={errors[`statuses.${status}`]}>
                <Select
                  inputId={`statuses.${status}`}
                  name={`statuses.${status}`}
                  isClearable
                  options={(site?.statuses ?? []).map(option)}
                  value={draft.statuses[status] ? option(draft.statuses[status]) : undefined}
                  onChange={(o: Option | null) => set('statuses', { ...draft.statuses, [status]: o?.value ?? '' })}
                />
              </Field>
            ))}
            <Stack space="space.050">
              <Heading as="h4">Issue type of cases, per project</Heading>
              <Text>
                Default: Test when the project has one that no test-management app owns, else Task. Xray's and Zephyr's Test types keep
                steps in their own fields, so they are used only when you pick them here.
              </Text>
              {draft.projects.map((p, i) => (
                <Inline key={i} space="space.100" alignBlock="start">
                  <Field id={`projects.${i}.key`} label="Project key" error={errors[`projects.${i}.key`]}>
                    <Textfield
                      id={`projects.${i}.key`}
                      name={`projects.${i}.key`}
                      placeholder="SHOP"
                      value={p.key}
                      onChange={(e) =>
                        set(
                          'projects',
                          draft.projects.map((x, j) => (j === i ? { ...x, key: valueOf(e) } : x)),
                        )
                      }
                    />
                  </Field>
                  <Field id={`projects.${i}.issueType`} label="Issue type" error={errors[`projects.${i}.issueType`]}>
                    <Textfield
                      id={`projects.${i}.issueType`}
                      name={`projects.${i}.issueType`}
                      placeholder="Test"
                      value={p.issueType}
                      onChange={(e) =>
                        set(
                          'projects',
                          draft.projects.map((x, j) => (j === i ? { ...x, issueType: valueOf(e) } : x)),
                        )
                      }
                    />
                  </Field>
                  <Button
                    appearance="subtle"
                    onClick={() =>
                      set(
                        'projects',
                        draft.projects.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove
                  </Button>
                </Inline>
              ))}
              <Inline>
                <Button onClick={() => set('projects', [...draft.projects, { key: '', issueType: '' }])}>Add project</Button>
              </Inline>
            </Stack>
          </Stack>
        </FormSection>
        <FormFooter align="start">
          <Button type="submit" appearance="primary" isDisabled={saving}>
            Save settings
          </Button>
        </FormFooter>
      </Form>
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

/** Forgetting what generation learned: the review decisions recorded in Forge storage. */
function ReviewDecisions({ call }: { call: Call }) {
  const [asked, setAsked] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | undefined>();
  const forget = async () => {
    setAsked(false);
    const r = await call<{ forgotten: number }>('forgetDecisions', {});
    setResult(
      r.ok
        ? { ok: true, text: `Forgot ${r.data.forgotten} review decision${r.data.forgotten === 1 ? '' : 's'}` }
        : { ok: false, text: r.error.message },
    );
  };
  return (
    <Stack space="space.100">
      <Heading as="h3">Review decisions</Heading>
      <Text>
        Every accept, edit and reject in the Test cases panel is recorded per project; generation learns from them (offline rules a project
        keeps rejecting stop firing; models see accepted cases as examples and rejected ones as patterns to avoid). The Judge review’s
        confirmations and overrides are recorded per project too (the judges’ agreement is computed from them); forgetting deletes both.
      </Text>
      {asked ? (
        <Inline space="space.100" alignBlock="center">
          <Text>Forget every recorded decision of every project?</Text>
          <Button appearance="danger" onClick={forget}>
            Yes, forget them
          </Button>
          <Button appearance="subtle" onClick={() => setAsked(false)}>
            Cancel
          </Button>
        </Inline>
      ) : (
        <Inline>
          <Button onClick={() => setAsked(true)}>Forget review decisions</Button>
        </Inline>
      )}
      {result ? (
        result.ok ? (
          <SectionMessage appearance="success" title={result.text}>
            <Text>Generation starts learning again from the next decision.</Text>
          </SectionMessage>
        ) : (
          <ErrorBox title="Decisions not forgotten" message={result.text} />
        )
      ) : null}
    </Stack>
  );
}

/** The "Casewright settings" admin page. */
export function AdminPage({ call, allowHost }: { call: Call; allowHost: AllowHost }) {
  const [settings, reload] = useLoad<SettingsView>(call, 'getSettings', {});
  return (
    <Show value={settings} what="the settings" onRetry={reload}>
      {(data) => (
        <Stack space="space.300">
          <SettingsForm call={call} initial={data} allowHost={allowHost} />
          <ExecutionIssueType call={call} />
          <ReviewDecisions call={call} />
        </Stack>
      )}
    </Show>
  );
}
