import { Button, ButtonGroup, Inline, Link, Lozenge, SectionMessage, Stack, Text } from '@forge/react';
import type { SavedItemView } from '../shared/api.js';
import { caseDiff } from './case-edit.js';

export type Resolution = 'mine' | 'jira';

/** A Jira issue key as a link to the issue. */
export function IssueLink({ issueKey }: { issueKey: string }) {
  return <Link href={`/browse/${issueKey}`}>{issueKey}</Link>;
}

/**
 * One case the save could not write because Jira changed too: both sides, field by
 * field, and the reviewer's choice — keep theirs (the panel's version replaces Jira's
 * on the next save), take Jira's (the panel takes the issue's version), or edit.
 */
export function ConflictView({
  item,
  resolution,
  onResolve,
  onEdit,
}: {
  item: SavedItemView;
  resolution: Resolution | undefined;
  onResolve: (r: Resolution) => void;
  onEdit: () => void;
}) {
  const diff = item.remote ? caseDiff(item.case.case, item.remote.case) : [];
  const title =
    item.status === 'conflict'
      ? 'Changed here and in Jira'
      : item.status === 'jira-changed'
        ? 'Changed in Jira since the last save'
        : 'Not saved';
  return (
    <SectionMessage appearance={item.status === 'error' ? 'error' : 'warning'} title={`${title}: ${item.title}`}>
      <Stack space="space.050">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          {item.key ? <IssueLink issueKey={item.key} /> : null}
          <Text>{item.message ?? 'Changed on both sides.'}</Text>
        </Inline>
        {diff.map((d) => (
          <Stack key={d.field} space="space.0">
            <Text weight="bold">{d.field}</Text>
            <Text>{`Here: ${d.mine}`}</Text>
            <Text>{`In Jira: ${d.theirs}`}</Text>
          </Stack>
        ))}
        {item.remote ? (
          <Inline space="space.100" alignBlock="center">
            <ButtonGroup>
              <Button appearance={resolution === 'mine' ? 'primary' : 'default'} onClick={() => onResolve('mine')}>
                Keep mine
              </Button>
              <Button appearance={resolution === 'jira' ? 'primary' : 'default'} onClick={() => onResolve('jira')}>
                Take Jira's
              </Button>
              <Button onClick={onEdit}>Edit</Button>
            </ButtonGroup>
            {resolution ? <Lozenge appearance="inprogress">{resolution === 'mine' ? 'keeping yours' : "taking Jira's"}</Lozenge> : null}
          </Inline>
        ) : null}
      </Stack>
    </SectionMessage>
  );
}
