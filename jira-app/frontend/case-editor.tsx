import { useState } from 'react';
import {
  Box,
  Button,
  ButtonGroup,
  ErrorMessage,
  Form,
  FormFooter,
  Heading,
  Inline,
  Select,
  Stack,
  Text,
  TextArea,
  Textfield,
} from '@forge/react';
import type { CaseView } from '../shared/api.js';
import { Field, RowsField, valueOf } from './form-fields.js';
import { checkEdit, fromEdit, switchKind, toEdit, type EditErrors, type EditState } from './case-edit.js';

type Option = { label: string; value: string };
const opt = (v: string): Option => ({ label: v, value: v });

function moved<T>(items: T[], from: number, to: number): T[] {
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/** Up / Down / Remove for one row of a list. */
function RowActions({
  index,
  count,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  return (
    <ButtonGroup>
      <Button appearance="subtle" isDisabled={index === 0} onClick={() => onMove(index - 1)}>
        Up
      </Button>
      <Button appearance="subtle" isDisabled={index === count - 1} onClick={() => onMove(index + 1)}>
        Down
      </Button>
      <Button appearance="subtle" onClick={onRemove}>
        Remove
      </Button>
    </ButtonGroup>
  );
}

/**
 * Full editing of one case: title, description, kind, priority, status, the criteria it covers,
 * and the kind's own parts — preconditions and steps (action, data, expected; added,
 * removed, reordered) for manual cases, messages, expected answer and requirements for
 * conversation cases. Problems show beside their field; nothing is kept until they are fixed.
 */
export function CaseEditor({
  item,
  criteria,
  saveLabel = 'Save edit',
  onSave,
  onCancel,
}: {
  item: CaseView;
  criteria: Array<{ id: string; text: string }>;
  saveLabel?: string;
  onSave: (edited: CaseView) => void;
  onCancel: () => void;
}) {
  const [e, setE] = useState<EditState>(() => toEdit(item.case));
  const [errors, setErrors] = useState<EditErrors>({});
  const set = <K extends keyof EditState>(key: K, v: EditState[K]) => setE((x) => ({ ...x, [key]: v }));
  const setStep = (i: number, part: 'action' | 'data' | 'expected', v: string) =>
    set(
      'steps',
      e.steps.map((s, j) => (j === i ? { ...s, [part]: v } : s)),
    );
  const setMessage = (i: number, patch: Partial<EditState['messages'][number]>) =>
    set(
      'messages',
      e.messages.map((m, j) => (j === i ? { ...m, ...patch } : m)),
    );
  const save = () => {
    const found = checkEdit(e);
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    const next = fromEdit(e, item.case);
    onSave({ ...item, title: e.title.trim(), kind: e.kind, priority: e.priority, status: e.status, covers: [...e.covers], case: next });
  };
  const criterionOptions = criteria.map((c) => ({
    label: `${c.id}: ${c.text.length > 60 ? `${c.text.slice(0, 60)}…` : c.text}`,
    value: c.id,
  }));
  return (
    <Box padding="space.100">
      <Form onSubmit={save}>
        <Stack space="space.150">
          <Heading as="h4">{`Editing: ${item.title}`}</Heading>
          <Field id="edit-title" label="Title" required error={errors.title}>
            <Textfield
              id="edit-title"
              name="title"
              value={e.title}
              isInvalid={Boolean(errors.title)}
              onChange={(x) => set('title', valueOf(x))}
            />
          </Field>
          <Field id="edit-description" label="Description" error={errors.description}>
            <TextArea id="edit-description" name="description" value={e.description} onChange={(x) => set('description', valueOf(x))} />
          </Field>
          <Inline space="space.200" shouldWrap>
            <Field id="edit-kind" label="Kind">
              <Select
                inputId="edit-kind"
                name="kind"
                options={['manual', 'conversation'].map(opt)}
                value={opt(e.kind)}
                onChange={(o: Option | null) => o && setE((x) => switchKind(x, o.value as EditState['kind']))}
              />
            </Field>
            <Field id="edit-priority" label="Priority">
              <Select
                inputId="edit-priority"
                name="priority"
                options={['high', 'medium', 'low'].map(opt)}
                value={opt(e.priority)}
                onChange={(o: Option | null) => o && set('priority', o.value as EditState['priority'])}
              />
            </Field>
            <Field id="edit-status" label="Status">
              <Select
                inputId="edit-status"
                name="status"
                options={['draft', 'ready', 'deprecated'].map(opt)}
                value={opt(e.status)}
                onChange={(o: Option | null) => o && set('status', o.value as EditState['status'])}
              />
            </Field>
          </Inline>
          <Field id="edit-covers" label="Covers" helper="The acceptance criteria this case checks.">
            <Select
              inputId="edit-covers"
              name="covers"
              isMulti
              options={criterionOptions}
              value={criterionOptions.filter((o) => e.covers.includes(o.value))}
              onChange={(o: Option[] | null) =>
                set(
                  'covers',
                  (o ?? []).map((x) => x.value),
                )
              }
            />
          </Field>
          {e.kind === 'manual' ? (
            <Stack space="space.150">
              <RowsField
                name="preconditions"
                label="Preconditions"
                values={e.preconditions}
                errors={errors}
                addLabel="Add precondition"
                placeholder="The shopper is logged in"
                reorder
                onChange={(v) => set('preconditions', v)}
              />
              <Heading as="h4">Steps</Heading>
              {errors.steps ? <ErrorMessage>{errors.steps}</ErrorMessage> : null}
              {e.steps.map((s, i) => (
                <Box key={i} padding="space.050">
                  <Stack space="space.050">
                    <Inline space="space.100" alignBlock="center">
                      <Text weight="bold">{`Step ${i + 1}`}</Text>
                      <RowActions
                        index={i}
                        count={e.steps.length}
                        onMove={(to) => set('steps', moved(e.steps, i, to))}
                        onRemove={() =>
                          set(
                            'steps',
                            e.steps.filter((_, j) => j !== i),
                          )
                        }
                      />
                    </Inline>
                    <Field id={`step-${i}-action`} label="Action" required error={errors[`steps.${i}.action`]}>
                      <Textfield
                        id={`step-${i}-action`}
                        name={`steps.${i}.action`}
                        value={s.action}
                        onChange={(x) => setStep(i, 'action', valueOf(x))}
                      />
                    </Field>
                    <Field id={`step-${i}-data`} label="Test data">
                      <Textfield
                        id={`step-${i}-data`}
                        name={`steps.${i}.data`}
                        value={s.data}
                        onChange={(x) => setStep(i, 'data', valueOf(x))}
                      />
                    </Field>
                    <Field id={`step-${i}-expected`} label="Expected result" required error={errors[`steps.${i}.expected`]}>
                      <Textfield
                        id={`step-${i}-expected`}
                        name={`steps.${i}.expected`}
                        value={s.expected}
                        onChange={(x) => setStep(i, 'expected', valueOf(x))}
                      />
                    </Field>
                  </Stack>
                </Box>
              ))}
              <Inline>
                <Button onClick={() => set('steps', [...e.steps, { action: '', data: '', expected: '' }])}>Add step</Button>
              </Inline>
            </Stack>
          ) : (
            <Stack space="space.150">
              <Heading as="h4">Conversation</Heading>
              {errors.messages ? <ErrorMessage>{errors.messages}</ErrorMessage> : null}
              {e.messages.map((m, i) => (
                <Box key={i} padding="space.050">
                  <Stack space="space.050">
                    <Inline space="space.100" alignBlock="center">
                      <Select
                        inputId={`message-${i}-role`}
                        name={`messages.${i}.role`}
                        options={['system', 'user', 'assistant'].map(opt)}
                        value={opt(m.role)}
                        onChange={(o: Option | null) => o && setMessage(i, { role: o.value as EditState['messages'][number]['role'] })}
                      />
                      <RowActions
                        index={i}
                        count={e.messages.length}
                        onMove={(to) => set('messages', moved(e.messages, i, to))}
                        onRemove={() =>
                          set(
                            'messages',
                            e.messages.filter((_, j) => j !== i),
                          )
                        }
                      />
                    </Inline>
                    <Field id={`message-${i}-content`} label={`Message ${i + 1}`} required error={errors[`messages.${i}.content`]}>
                      <TextArea
                        id={`message-${i}-content`}
                        name={`messages.${i}.content`}
                        value={m.content}
                        onChange={(x) => setMessage(i, { content: valueOf(x) })}
                      />
                    </Field>
                  </Stack>
                </Box>
              ))}
              <Inline>
                <Button onClick={() => set('messages', [...e.messages, { role: 'user', content: '' }])}>Add message</Button>
              </Inline>
              <Field id="edit-expected-content" label="Expected answer" helper="A reference answer (optional).">
                <TextArea
                  id="edit-expected-content"
                  name="expectedContent"
                  value={e.expectedContent}
                  onChange={(x) => set('expectedContent', valueOf(x))}
                />
              </Field>
              <RowsField
                name="requirements"
                label="Requirements"
                helper="Plain-language requirements the answer must meet."
                values={e.requirements}
                errors={errors}
                addLabel="Add requirement"
                reorder
                onChange={(v) => set('requirements', v)}
              />
            </Stack>
          )}
          <FormFooter align="start">
            <ButtonGroup>
              <Button type="submit" appearance="primary">
                {saveLabel}
              </Button>
              <Button onClick={onCancel}>Cancel</Button>
            </ButtonGroup>
          </FormFooter>
        </Stack>
      </Form>
    </Box>
  );
}
