import type { AssertionResult, CaseResult } from '@casewright/core';
import type { AssertionNode, CaseNode, LineRange } from './case-tree.js';

/** One failure to show in the editor; the edge turns it into a `vscode.TestMessage`. */
export interface FailureMessage {
  message: string;
  /** When both are set the editor offers a diff (`TestMessage.diff`). */
  expected: string | undefined;
  actual: string | undefined;
  range: LineRange;
}

export type ItemOutcome = 'passed' | 'failed' | 'errored' | 'skipped';

export interface ResultView {
  outcome: ItemOutcome;
  durationMs: number;
  messages: FailureMessage[];
  /** Lines for the run's output: duration, cost, tokens, judge reasons. */
  output: string[];
}

function describe(result: AssertionResult): string {
  const name = result.metric ? `${result.type} (${result.metric})` : result.type;
  const turn = result.turn !== undefined ? ` [turn ${result.turn}]` : '';
  return `${name}${turn}: ${result.reason}`;
}

function verdictLines(result: AssertionResult): string[] {
  return (result.verdicts ?? []).map((v) => `  ${v.pass ? '✓' : '✗'} ${v.requirement} — ${v.reason}`);
}

/**
 * Finds where a failed assertion is written: the case's own assertions in order (one
 * result per written assertion, matched by type so reordering inside a run does not
 * misplace it), then the suite defaults; an llm-judge without a written assertion
 * (requirements only) points at `requirements:`; anything else at the case.
 */
function locate(result: AssertionResult, node: CaseNode, used: Set<AssertionNode>): LineRange {
  const match =
    node.assertions.find((a) => !used.has(a) && !a.fromDefaults && a.type === result.type) ??
    node.assertions.find((a) => !used.has(a) && a.fromDefaults && a.type === result.type);
  if (match) {
    used.add(match);
    return match.range;
  }
  if ((result.type === 'llm-judge' || result.type === 'judge-ensemble') && node.requirementsRange) return node.requirementsRange;
  return node.range;
}

/** Voice turns: the transcript, timings and the two audio files, per condition. */
function voiceLines(result: CaseResult): string[] {
  const attempts = result.attempts?.some((a) => a.turns?.some((t) => t.voice))
    ? result.attempts
    : [{ turns: result.turns, condition: undefined }];
  const lines: string[] = [];
  for (const attempt of attempts ?? []) {
    for (const turn of attempt.turns ?? []) {
      const v = turn.voice;
      if (!v) continue;
      lines.push(
        `  turn ${turn.turn}${v.condition ? ` [${v.condition}]` : ''}: heard "${turn.output}" (${v.transcription}) — first audio ${v.firstAudioMs} ms, ` +
          `answer ${(v.audio.durationMs / 1000).toFixed(2)} s, leading silence ${Math.round(v.audio.leadingSilenceMs)} ms`,
        `    the app heard ${v.inputAudio}`,
        `    it answered  ${v.outputAudio}`,
      );
    }
  }
  return lines;
}

function money(usd: number): string {
  return usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}

/**
 * Converts a runner result to what the Test Explorer shows: the outcome, one message per
 * failed assertion at the assertion's line (with expected/actual for a diff), the run error
 * for errored cases, and output lines with duration, cost, tokens and judge reasons.
 */
export function toResultView(result: CaseResult, node: CaseNode): ResultView {
  const messages: FailureMessage[] = [];
  const output: string[] = [];
  const used = new Set<AssertionNode>();
  const icon = { passed: '✓', failed: '✗', errored: '!', skipped: '-' }[result.outcome];
  const facts = [`${result.durationMs} ms`];
  if (result.cost !== undefined) facts.push(money(result.cost));
  if (result.tokenUsage) facts.push(`${result.tokenUsage.total} tokens (${result.tokenUsage.input} in, ${result.tokenUsage.output} out)`);
  if (result.cached) facts.push('cached');
  if (result.successRate !== undefined && result.attempts) {
    facts.push(
      `${Math.round(result.successRate * result.attempts.length)}/${result.attempts.length} attempts passed${result.flaky ? ', flaky' : ''}`,
    );
  }
  output.push(`${icon} ${result.title} — ${facts.join(', ')}`);
  if (result.error) {
    messages.push({ message: `${result.error.code}: ${result.error.message}`, expected: undefined, actual: undefined, range: node.range });
    output.push(`  error: ${result.error.code}: ${result.error.message}`);
  }
  if (result.skipReason) output.push(`  skipped: ${result.skipReason}`);
  output.push(...voiceLines(result));
  const flatten = (list: AssertionResult[]): AssertionResult[] => list.flatMap((a) => [a, ...flatten(a.children ?? [])]);
  for (const assertion of result.assertions) {
    const range = locate(assertion, node, used);
    output.push(`  ${assertion.pass ? '✓' : '✗'} ${describe(assertion)}`);
    output.push(...verdictLines(assertion));
    if (assertion.pass || result.outcome === 'passed') continue;
    const failedChildren = flatten(assertion.children ?? []).filter((c) => !c.pass);
    const reasons = [
      describe(assertion),
      ...failedChildren.map((c) => `  ${describe(c)}`),
      ...verdictLines(assertion).filter((l) => l.includes('✗')),
    ];
    messages.push({
      message: reasons.join('\n'),
      expected: assertion.expected,
      actual: assertion.actual ?? (assertion.expected !== undefined ? (result.output ?? '') : undefined),
      range,
    });
  }
  if (result.outcome === 'failed' && messages.length === 0) {
    messages.push({
      message: `failed with score ${result.score.toFixed(2)}`,
      expected: undefined,
      actual: result.output,
      range: node.range,
    });
  }
  return { outcome: result.outcome, durationMs: result.durationMs, messages, output };
}
