import { useState } from 'react';
import { Box, Button, ButtonGroup, Inline, Lozenge, Stack, Text, Textfield } from '@forge/react';
import type { CaseView } from '../shared/api.js';

export type Decision = 'accepted' | 'edited' | 'rejected';

/** One generated case in the review list: accept, edit (title and first expected result), or reject. */
export function PreviewCase({
  item,
  decision,
  onDecide,
}: {
  item: CaseView;
  decision: Decision | undefined;
  onDecide: (decision: Decision, edited?: CaseView) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(item.title);
  const steps = (item.case.steps as Array<{ action: string; expected: string }> | undefined) ?? [];
  const [expected, setExpected] = useState(steps[0]?.expected ?? '');
  const save = () => {
    const nextCase: Record<string, unknown> = { ...item.case, title };
    if (steps.length > 0) nextCase.steps = [{ ...steps[0], expected }, ...steps.slice(1)];
    setEditing(false);
    onDecide('edited', { ...item, title, case: nextCase });
  };
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
        </Inline>
        {steps.map((s, i) => (
          <Text key={i}>{`${i + 1}. ${s.action} → ${s.expected}`}</Text>
        ))}
        {editing ? (
          <Stack space="space.050">
            <Textfield name="title" value={title} onChange={(e) => setTitle(String((e.target as { value?: unknown }).value ?? ''))} />
            {steps.length > 0 ? (
              <Textfield
                name="expected"
                value={expected}
                onChange={(e) => setExpected(String((e.target as { value?: unknown }).value ?? ''))}
              />
            ) : null}
            <ButtonGroup>
              <Button appearance="primary" onClick={save}>
                Save edit
              </Button>
              <Button onClick={() => setEditing(false)}>Cancel</Button>
            </ButtonGroup>
          </Stack>
        ) : (
          <ButtonGroup>
            <Button appearance={decision === 'accepted' ? 'primary' : 'default'} onClick={() => onDecide('accepted')}>
              Accept
            </Button>
            <Button onClick={() => setEditing(true)}>Edit</Button>
            <Button appearance="subtle" onClick={() => onDecide('rejected')}>
              Reject
            </Button>
          </ButtonGroup>
        )}
      </Stack>
    </Box>
  );
}
