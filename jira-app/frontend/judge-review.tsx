import { useState } from 'react';
import { Box, Button, ButtonGroup, Heading, Inline, Lozenge, SectionMessage, Stack, Text, TextArea } from '@forge/react';
import type { JudgeAgreementView, JudgeDecidedView, JudgeItemView, JudgeReviewView } from '../shared/judge-api.js';
import { ErrorBox, OUTCOME_APPEARANCE, Show, useLoad, type Call } from './common.js';
import { Field, valueOf } from './form-fields.js';
import { IssueLink } from './conflict-view.js';

const word = (pass: boolean) => (pass ? 'pass' : 'fail');
const WHY: Record<string, string> = { 'near-threshold': 'near the threshold', disagreement: 'judges disagree' };

/** One verdict as a person judges it: the requirements with each judge's vote and reason, the answer, the threshold. */
function JudgeItem({
  item,
  onDecide,
}: {
  item: JudgeItemView;
  onDecide: (decision: 'confirmed' | 'overridden', note: string) => Promise<void>;
}) {
  const [deciding, setDeciding] = useState<'confirmed' | 'overridden' | undefined>();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const decide = async () => {
    if (!deciding) return;
    setBusy(true);
    await onDecide(deciding, note);
    setBusy(false);
    setDeciding(undefined);
    setNote('');
  };
  return (
    <Box padding="space.100">
      <Stack space="space.050">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <IssueLink issueKey={item.caseKey} />
          <Text weight="bold">{item.title}</Text>
          <Lozenge appearance={item.pass ? 'success' : 'removed'}>{`judges say ${word(item.pass)}`}</Lozenge>
          {item.why.map((w) => (
            <Lozenge key={w} appearance="moved">
              {WHY[w] ?? w}
            </Lozenge>
          ))}
          <Lozenge appearance={OUTCOME_APPEARANCE[item.outcome] ?? 'default'}>{`case ${item.outcome}`}</Lozenge>
        </Inline>
        <Text>{`${item.metric ?? item.check}: score ${item.score} vs threshold ${item.threshold} · judges: ${item.judges
          .map((j) => `${j.model} ${word(j.pass)} ${j.score}`)
          .join('; ')}`}</Text>
        {item.verdicts.map((v, i) => (
          <Stack key={`${i}-${v.requirement}`} space="space.025">
            <Text>{`${v.pass ? 'Met' : 'Not met'}: ${v.requirement} — ${v.reason}`}</Text>
            {(v.votes ?? []).map((vote) => (
              <Text key={vote.judge}>{`    ${vote.judge}: ${vote.pass ? 'met' : 'not met'} — ${vote.reason}`}</Text>
            ))}
          </Stack>
        ))}
        <Text>{`Answer: ${item.output}${item.truncated ? ' (cut to fit Jira)' : ''}`}</Text>
        {item.decision ? (
          <Text>{`Decided: ${item.decision.decision} → ${word(item.decision.pass)}${item.decision.note ? ` · Note: ${item.decision.note}` : ''}`}</Text>
        ) : deciding ? (
          <Stack space="space.100">
            <Field
              id={`judge-note-${item.id}`}
              label={
                deciding === 'confirmed'
                  ? `Confirm: it is a ${word(item.pass)}. Why? (optional)`
                  : `Override: it is a ${word(!item.pass)}. Why? (optional)`
              }
              helper="Kept with the decision; calibrates the judge when the team pulls it into the workspace."
            >
              <TextArea id={`judge-note-${item.id}`} name="judge-note" value={note} onChange={(e) => setNote(valueOf(e))} />
            </Field>
            <ButtonGroup>
              <Button appearance={deciding === 'overridden' ? 'warning' : 'primary'} isDisabled={busy} onClick={decide}>
                Record decision
              </Button>
              <Button appearance="subtle" onClick={() => setDeciding(undefined)}>
                Cancel
              </Button>
            </ButtonGroup>
          </Stack>
        ) : (
          <ButtonGroup>
            <Button onClick={() => setDeciding('confirmed')}>{`Confirm (${word(item.pass)})`}</Button>
            <Button onClick={() => setDeciding('overridden')}>{`Override (${word(!item.pass)})`}</Button>
          </ButtonGroup>
        )}
      </Stack>
    </Box>
  );
}

/** Cohen's kappa per judge model, with the confusion matrix (rows: judge, columns: person). */
function Agreement({ agreement, decisions }: { agreement: JudgeAgreementView[]; decisions: number }) {
  if (agreement.length === 0) return <Text>No judge verdicts decided in this project yet.</Text>;
  return (
    <Stack space="space.050">
      {agreement.map((a) => (
        <Stack key={a.model} space="space.025">
          <Text>{`${a.model}: κ = ${a.kappa === null ? 'undefined (one label for everything)' : a.kappa.toFixed(3)} over ${a.n} verdict${a.n === 1 ? '' : 's'} (agreement ${(a.observed * 100).toFixed(1)} %, by chance ${(a.expected * 100).toFixed(1)} %)`}</Text>
          <Text>{`judge pass / person pass ${a.matrix[0]?.[0] ?? 0}, person fail ${a.matrix[0]?.[1] ?? 0} · judge fail / person pass ${a.matrix[1]?.[0] ?? 0}, person fail ${a.matrix[1]?.[1] ?? 0}`}</Text>
        </Stack>
      ))}
      <Text>{`${decisions} decision${decisions === 1 ? '' : 's'} in this project's Judge review.`}</Text>
    </Stack>
  );
}

/**
 * "Judge review" of the story panel: the judge verdicts `casewright run --jira` queued for a
 * person on this story (near the threshold, or judges disagreeing); Confirm / Override each with
 * an optional note (an override becomes the case's recorded outcome); the project's agreement
 * per judge model.
 */
export function JudgeReview({ call }: { call: Call }) {
  const [review, reload, set] = useLoad<JudgeReviewView>(call, 'getJudgeReview', {});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const decide = (view: JudgeReviewView) => async (id: string, decision: 'confirmed' | 'overridden', note: string) => {
    const r = await call<JudgeDecidedView>('decideJudgeVerdict', { id, decision, ...(note.trim() ? { note } : {}) });
    if (!r.ok) {
      setMessage({ ok: false, text: r.error.message });
      return;
    }
    const outcome = r.data.caseOutcome;
    setMessage({
      ok: true,
      text:
        `${r.data.item.caseKey}: ${decision} → ${word(r.data.item.decision?.pass ?? r.data.item.pass)}` +
        (outcome?.applied ? `; the case is now ${outcome.outcome} (was ${outcome.before})` : outcome ? `; ${outcome.why}` : ''),
    });
    set({ ...view, items: view.items.map((i) => (i.id === id ? r.data.item : i)) });
    reload();
  };
  return (
    <Stack space="space.100">
      <Heading as="h3">Judge review</Heading>
      <Show value={review} what="judge verdicts" onRetry={reload}>
        {(view) => {
          const pending = view.items.filter((i) => !i.decision);
          const decided = view.items.filter((i) => i.decision);
          return (
            <Stack space="space.100">
              {pending.length === 0 ? (
                <Text>No judge verdicts of this story are waiting for a person.</Text>
              ) : (
                <Text>{`${pending.length} judge verdict${pending.length === 1 ? '' : 's'} to check (near the threshold or judges disagreeing).`}</Text>
              )}
              {message ? (
                message.ok ? (
                  <SectionMessage appearance="success" title="Decision recorded">
                    <Text>{message.text}</Text>
                  </SectionMessage>
                ) : (
                  <ErrorBox title="The decision was not recorded" message={message.text} />
                )
              ) : null}
              {pending.map((item) => (
                <JudgeItem key={item.id} item={item} onDecide={(d, note) => decide(view)(item.id, d, note)} />
              ))}
              {decided.length > 0 ? <Heading as="h4">{`Decided (${decided.length})`}</Heading> : null}
              {decided.map((item) => (
                <JudgeItem key={item.id} item={item} onDecide={async () => undefined} />
              ))}
              {view.dropped > 0 ? <Text>{`${view.dropped} older verdicts were left out to fit Jira's property limit.`}</Text> : null}
              <Heading as="h4">Agreement of the judges with people</Heading>
              <Agreement agreement={view.agreement} decisions={view.decisions} />
            </Stack>
          );
        }}
      </Show>
    </Stack>
  );
}
