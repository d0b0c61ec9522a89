import { Box, Button, ButtonGroup, Inline, Lozenge, Stack, Text } from '@forge/react';
import type { CaseView } from '../shared/api.js';

export type Decision = 'accepted' | 'edited' | 'rejected';

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

/** One generated case in the review list: accept, edit (the full case), or reject. */
export function PreviewCase({
  item,
  decision,
  note,
  onDecide,
  onEdit,
}: {
  item: CaseView;
  decision: Decision | undefined;
  /** A word on the case's state in Jira (e.g. "keeping yours"). */
  note?: string | undefined;
  onDecide: (decision: Decision) => void;
  onEdit: () => void;
}) {
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
          {note ? <Lozenge appearance="inprogress">{note}</Lozenge> : null}
        </Inline>
        <CaseBody item={item} />
        <ButtonGroup>
          <Button appearance={decision === 'accepted' ? 'primary' : 'default'} onClick={() => onDecide('accepted')}>
            Accept
          </Button>
          <Button onClick={onEdit}>Edit</Button>
          <Button appearance="subtle" onClick={() => onDecide('rejected')}>
            Reject
          </Button>
        </ButtonGroup>
      </Stack>
    </Box>
  );
}
