import { useState } from 'react';
import { Box, Button, ButtonGroup, Inline, Lozenge, Select, Stack, Text, TextArea } from '@forge/react';
import type { CaseView } from '../shared/api.js';
import { REJECT_REASON_LABELS, REJECT_REASONS, type RejectReason } from '../shared/constants.js';
import { Field, valueOf } from './form-fields.js';

export type Decision = 'accepted' | 'edited' | 'rejected';

/** Why a case was rejected: a reason from the short list (optional) and the reviewer's words. */
export interface Rejection {
  reason?: RejectReason | undefined;
  note?: string | undefined;
}

type Option = { label: string; value: string };

/** Reject: why, from the short list, and a note in the reviewer's words (both optional). */
function RejectForm({ item, onReject, onCancel }: { item: CaseView; onReject: (r: Rejection) => void; onCancel: () => void }) {
  const [reason, setReason] = useState<RejectReason | undefined>();
  const [note, setNote] = useState('');
  const options: Option[] = REJECT_REASONS.map((r) => ({ label: REJECT_REASON_LABELS[r], value: r }));
  return (
    <Stack space="space.100">
      <Field id={`reject-reason-${item.id}`} label="Why reject it?" helper="The team's generator learns from the reasons.">
        <Select
          inputId={`reject-reason-${item.id}`}
          name="reject-reason"
          options={options}
          value={reason ? { label: REJECT_REASON_LABELS[reason], value: reason } : null}
          onChange={(o: Option | null) => setReason((o?.value as RejectReason | undefined) ?? undefined)}
        />
      </Field>
      <Field id={`reject-note-${item.id}`} label="Note (optional)">
        <TextArea id={`reject-note-${item.id}`} name="reject-note" value={note} onChange={(e) => setNote(valueOf(e))} />
      </Field>
      <ButtonGroup>
        <Button appearance="danger" onClick={() => onReject({ reason, note: note.trim() || undefined })}>
          Confirm rejection
        </Button>
        <Button appearance="subtle" onClick={onCancel}>
          Cancel
        </Button>
      </ButtonGroup>
    </Stack>
  );
}

/** What a reviewer reads of a case: its steps, or its conversation and requirements. */
export function CaseBody({ item }: { item: CaseView }) {
  const steps = (item.case.steps as Array<{ action: string; data?: string; expected: string }> | undefined) ?? [];
  const messages = ((item.case.input as { messages?: Array<{ role: string; content: string }> } | undefined)?.messages ?? []).filter(
    Boolean,
  );
  const requirements = (item.case.expected as { requirements?: string[] } | undefined)?.requirements ?? [];
  const preconditions = (item.case.preconditions as string[] | undefined) ?? [];
  return (
    <Stack space="space.025">
      {preconditions.length > 0 ? <Text>{`Given: ${preconditions.join('; ')}`}</Text> : null}
      {steps.map((s, i) => (
        <Text key={`s${i}`}>{`${i + 1}. ${s.action}${s.data ? ` [${s.data}]` : ''} → ${s.expected}`}</Text>
      ))}
      {messages.map((m, i) => (
        <Text key={`m${i}`}>{`${m.role}: ${m.content}`}</Text>
      ))}
      {requirements.map((r, i) => (
        <Text key={`r${i}`}>{`✓ ${r}`}</Text>
      ))}
    </Stack>
  );
}

/** One generated case in the review list: accept, edit (the full case), or reject (with why). */
export function PreviewCase({
  item,
  decision,
  rejection,
  note,
  onDecide,
  onEdit,
}: {
  item: CaseView;
  decision: Decision | undefined;
  /** Why it was rejected, when it was. */
  rejection?: Rejection | undefined;
  /** A word on the case's state in Jira (e.g. "keeping yours"). */
  note?: string | undefined;
  onDecide: (decision: Decision, rejection?: Rejection) => void;
  onEdit: () => void;
}) {
  const [rejecting, setRejecting] = useState(false);
  return (
    <Box padding="space.100">
      <Stack space="space.050">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text weight="bold">{item.title}</Text>
          <Lozenge>{item.kind}</Lozenge>
          <Lozenge appearance={item.priority === 'high' ? 'removed' : 'default'}>{item.priority}</Lozenge>
          {item.covers.map((c) => (
            <Lozenge key={c} appearance="new">
              {c}
            </Lozenge>
          ))}
          {decision ? <Lozenge appearance={decision === 'rejected' ? 'removed' : 'success'}>{decision}</Lozenge> : null}
          <Lozenge appearance={item.status === 'ready' ? 'success' : 'default'}>{`status: ${item.status}`}</Lozenge>
          {decision === 'rejected' && rejection?.reason ? (
            <Lozenge appearance="removed">{REJECT_REASON_LABELS[rejection.reason]}</Lozenge>
          ) : null}
          {note ? <Lozenge appearance="inprogress">{note}</Lozenge> : null}
        </Inline>
        {decision === 'rejected' && rejection?.note ? <Text>{`Note: ${rejection.note}`}</Text> : null}
        <CaseBody item={item} />
        {rejecting ? (
          <RejectForm
            item={item}
            onCancel={() => setRejecting(false)}
            onReject={(r) => {
              setRejecting(false);
              onDecide('rejected', r);
            }}
          />
        ) : (
          <ButtonGroup>
            <Button appearance={decision === 'accepted' ? 'primary' : 'default'} onClick={() => onDecide('accepted')}>
              Accept
            </Button>
            <Button onClick={onEdit}>Edit</Button>
            <Button appearance="subtle" onClick={() => setRejecting(true)}>
              Reject
            </Button>
          </ButtonGroup>
        )}
      </Stack>
    </Box>
  );
}
