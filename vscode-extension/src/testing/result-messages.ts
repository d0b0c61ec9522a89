import type { AssertionResult, CaseResult } from '@casewright/core';
import type { AssertionNode, CaseNode, LineRange } from './case-tree.js';

/**
 * What the user can do about a failed assertion from its message: write the actual answer
 * as the assertion's `value` ("Accept actual as expected"), or as the case's reference
 * answer `expected.content` that the assertion compares against ("Update baseline").
 */
export type FailureFix = { kind: 'accept'; assertion: number } | { kind: 'baseline' };

/** One failure to show in the editor; the edge turns it into a `vscode.TestMessage`. */
export interface FailureMessage {
  message: string;
  /** When both are set the editor offers a diff (`TestMessage.diff`). */
  expected: string | undefined;
  actual: string | undefined;
  range: LineRange;
  fix?: FailureFix | undefined;
}

export type ItemOutcome = 'passed' | 'failed' | 'errored' | 'skipped';

export interface ResultView {
  outcome: ItemOutcome;
  durationMs: number;
  messages: FailureMessage[];
  /** Lines for the run's output: duration, cost, tokens, each assertion with its reason, the transcript. */
  output: string[];
  /** Each turn's part of the transcript (the user's message and the answer), by 1-based turn. */
  turnOutput: Map<number, string[]>;
}

/** Assertion types whose expectation is a whole reference answer, so the actual answer can replace it. */
const WHOLE_ANSWER_TYPES = new Set(['equals', 'similarity', 'word-error-rate']);

function describe(result: AssertionResult): string {
  const name = result.metric ? `${result.type} (${result.metric})` : result.type;
  const turn = result.turn !== undefined ? ` [turn ${result.turn}]` : '';
  return `${name}${turn}: ${result.reason}`;
}

function verdictLines(result: AssertionResult, indent = '    '): string[] {
  return (result.verdicts ?? []).map((v) => `${indent}${v.pass ? '✓' : '✗'} ${v.requirement} — ${v.reason}`);
}

/**
 * Finds where a failed assertion is written: the case's own assertions in order (one
 * result per written assertion, matched by type so reordering inside a run does not
 * misplace it), then the suite defaults; an llm-judge without a written assertion
 * (requirements only) points at `requirements:`; anything else at the case.
 */
function locate(result: AssertionResult, node: CaseNode, used: Set<AssertionNode>): { range: LineRange; written?: AssertionNode } {
  const match =
    node.assertions.find((a) => !used.has(a) && !a.fromDefaults && a.type === result.type) ??
    node.assertions.find((a) => !used.has(a) && a.fromDefaults && a.type === result.type);
  if (match) {
    used.add(match);
    return { range: match.range, written: match };
  }
  if ((result.type === 'llm-judge' || result.type === 'judge-ensemble') && node.requirementsRange) return { range: node.requirementsRange };
  return { range: node.range };
}

/** Which fix a failed assertion offers, if any (never for a `not-` form or a suite default's own value). */
function fixFor(result: AssertionResult, written: AssertionNode | undefined): FailureFix | undefined {
  if (!written || !WHOLE_ANSWER_TYPES.has(result.type) || result.actual === undefined || result.expected === undefined) return undefined;
  if (!written.hasValue) return { kind: 'baseline' };
  return written.fromDefaults ? undefined : { kind: 'accept', assertion: written.index };
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

/** `role: text`, with the text's further lines indented under it. */
function said(who: string, text: string): string[] {
  const [first = '', ...rest] = text.split(/\r?\n/);
  return [`  ${who}: ${first}`, ...rest.map((line) => `      ${line}`)];
}

/**
 * The conversation as it ran: each message sent and, after each user turn, the answer the
 * target gave (with its latency); assistant messages written in the case are history.
 */
export function transcript(result: CaseResult): { lines: string[]; turns: Map<number, string[]> } {
  const lines: string[] = [];
  const turns = new Map<number, string[]>();
  const input = result.input ?? [];
  if (input.length === 0) return { lines, turns };
  const answers = result.turns ?? (result.output !== undefined ? [{ turn: 1, output: result.output }] : []);
  let turn = 0;
  let own: string[] = [];
  input.forEach((message, i) => {
    const text = said(message.role === 'assistant' ? 'assistant (history)' : message.role, message.content);
    lines.push(...text);
    if (message.role === 'user') own.push(...text);
    const next = input[i + 1];
    if (message.role === 'user' && (next === undefined || next.role !== 'user')) {
      turn++;
      const answer = answers.find((a) => a.turn === turn);
      const latency = answer && 'latencyMs' in answer && answer.latencyMs !== undefined ? `, ${Math.round(answer.latencyMs)} ms` : '';
      const reply = answer ? said(`answer (turn ${turn}${latency})`, answer.output) : [`  (no answer for turn ${turn})`];
      lines.push(...reply);
      turns.set(turn, [...own, ...reply]);
      own = [];
    }
  });
  return { lines: ['Transcript:', ...lines], turns };
}

/**
 * Converts a runner result to what the Test Explorer shows: the outcome, one message per
 * failed assertion at the assertion's line (with expected/actual for a diff, and the fix it
 * offers), the run error for errored cases, and output lines with duration, cost, tokens,
 * every assertion with its reason and judge verdicts, and the transcript of every turn.
 */
export function toResultView(result: CaseResult, node: CaseNode): ResultView {
  const messages: FailureMessage[] = [];
  const output: string[] = [];
  const used = new Set<AssertionNode>();
  const icon = { passed: '✓', failed: '✗', errored: '!', skipped: '-' }[result.outcome];
  const facts = [`${result.durationMs} ms`];
  if (result.target) facts.push(`target ${result.target}`);
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
  if (result.assertions.length > 0) output.push('Assertions:');
  const flatten = (list: AssertionResult[]): AssertionResult[] => list.flatMap((a) => [a, ...flatten(a.children ?? [])]);
  for (const assertion of result.assertions) {
    const { range, written } = locate(assertion, node, used);
    output.push(`  ${assertion.skipped ? '-' : assertion.pass ? '✓' : '✗'} ${describe(assertion)}`);
    for (const child of flatten(assertion.children ?? [])) output.push(`      ${child.pass ? '✓' : '✗'} ${describe(child)}`);
    output.push(...verdictLines(assertion));
    if (assertion.pass || result.outcome === 'passed') continue;
    const failedChildren = flatten(assertion.children ?? []).filter((c) => !c.pass);
    const reasons = [
      describe(assertion),
      ...failedChildren.map((c) => `  ${describe(c)}`),
      ...verdictLines(assertion, '  ').filter((l) => l.includes('✗')),
    ];
    messages.push({
      message: reasons.join('\n'),
      expected: assertion.expected,
      actual: assertion.actual ?? (assertion.expected !== undefined ? (result.output ?? '') : undefined),
      range,
      fix: fixFor(assertion, written),
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
  const { lines, turns } = transcript(result);
  output.push(...lines);
  return { outcome: result.outcome, durationMs: result.durationMs, messages, output, turnOutput: turns };
}
