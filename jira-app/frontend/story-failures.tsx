import { useEffect, useState } from 'react';
import { Button, Heading, Inline, Lozenge, SectionMessage, Stack, Text } from '@forge/react';
import type { executions } from '@casewright/core';
import type { FiledBugView } from '../shared/api.js';
import { ErrorBox, OUTCOME_APPEARANCE, Show, useLoad, type Call } from './common.js';
import { IssueLink } from './conflict-view.js';

type Failure = executions.StoryFailure;
const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** One failed case: what failed, when, its open bug if any, and "File a bug" (or add this failure to the open bug). */
function FailureRow({ f, onFiled, call }: { f: Failure; call: Call; onFiled: (bug: FiledBugView) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const file = async () => {
    setBusy(true);
    setError(undefined);
    const r = await call<FiledBugView>('fileBug', { caseKey: f.caseKey });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    onFiled(r.data);
  };
  return (
    <Stack space="space.050">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <IssueLink issueKey={f.caseKey} />
        <Text>{f.title}</Text>
        <Lozenge appearance={OUTCOME_APPEARANCE[f.outcome] ?? 'removed'}>{f.outcome}</Lozenge>
        <Text>{`${when(f.at)}${f.executionId ? ` · execution ${f.executionId}` : ''}`}</Text>
      </Inline>
      {f.reason ? <Text>{f.reason}</Text> : null}
      <Inline space="space.100" alignBlock="center" shouldWrap>
        {f.openDefect ? (
          <Inline space="space.050" alignBlock="center">
            <Text>already filed:</Text>
            <IssueLink issueKey={f.openDefect} />
          </Inline>
        ) : null}
        <Button appearance={f.openDefect ? 'default' : 'warning'} isDisabled={busy} onClick={file}>
          {f.openDefect ? `Add this failure to ${f.openDefect}` : 'File a bug'}
        </Button>
      </Inline>
      {error ? <ErrorBox title={`No bug filed for ${f.caseKey}`} message={error} /> : null}
    </Stack>
  );
}

/**
 * The story's failed cases (their last recorded execution) with "File a bug": core's defect
 * job files one bug per case — steps, expected, actual and the execution — linked to the case
 * and the story, or comments on the case's open bug instead of filing a duplicate.
 */
export function StoryFailures({ call, refresh }: { call: Call; refresh: number }) {
  const [failures, reload] = useLoad<Failure[]>(call, 'listStoryFailures', {});
  const [filed, setFiled] = useState<FiledBugView | undefined>();
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);
  return (
    <Stack space="space.100">
      <Heading as="h3">Failed cases</Heading>
      {filed ? (
        <SectionMessage
          appearance={filed.alreadyAdded ? 'information' : 'success'}
          title={
            filed.created ? 'Bug filed' : filed.alreadyAdded ? `This failure is already added to ${filed.key}` : 'Added to the open bug'
          }
        >
          <Inline space="space.050" alignBlock="center">
            <IssueLink issueKey={filed.key} />
            <Text>
              {filed.created
                ? `filed for ${filed.caseKey}, linked to the case and the story.`
                : filed.alreadyAdded
                  ? `already added to ${filed.key}: this execution's failure of ${filed.caseKey} is on the bug; nothing was added.`
                  : `already filed for ${filed.caseKey}: this failure was added as a comment.`}
            </Text>
          </Inline>
        </SectionMessage>
      ) : null}
      <Show value={failures} what="failed cases" onRetry={reload}>
        {(list) =>
          list.length === 0 ? (
            <Text>No case of this story failed in its last recorded execution.</Text>
          ) : (
            <Stack space="space.150">
              {list.map((f) => (
                <FailureRow
                  key={f.caseKey}
                  f={f}
                  call={call}
                  onFiled={(bug) => {
                    setFiled(bug);
                    reload();
                  }}
                />
              ))}
            </Stack>
          )
        }
      </Show>
    </Stack>
  );
}
