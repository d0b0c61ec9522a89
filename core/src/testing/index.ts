/**
 * Test helpers for apps built on core (`@casewright/core/testing`): builders for
 * valid cases and suites, so app tests do not hand-write UUIDs and defaults.
 */
import { randomUUID } from 'node:crypto';
import { ConversationCaseSchema, ManualCaseSchema, type ConversationCase, type ManualCase } from '../model/case.js';
import type { AssertionResult, CaseResult, RunResult } from '../model/result.js';
import type { z } from 'zod';

/** A valid conversation case; `overrides` replace fields of the written form. */
export function buildConversationCase(overrides: Partial<z.input<typeof ConversationCaseSchema>> = {}): ConversationCase {
  return ConversationCaseSchema.parse({
    id: randomUUID(),
    kind: 'conversation',
    title: 'Answers a refund question',
    input: { messages: [{ role: 'user', content: 'Can I return my shoes after 20 days?' }] },
    expected: { requirements: ['Says that returns are accepted within 30 days'], assert: [{ type: 'icontains', value: 'refund' }] },
    ...overrides,
  });
}

/** A valid manual case; `overrides` replace fields of the written form. */
export function buildManualCase(overrides: Partial<z.input<typeof ManualCaseSchema>> = {}): ManualCase {
  return ManualCaseSchema.parse({
    id: randomUUID(),
    kind: 'manual',
    title: 'Guest can check out with a card',
    steps: [{ action: 'Add an item to the cart and open checkout', expected: 'The checkout page shows the item' }],
    ...overrides,
  });
}

/**
 * An `llm-judge` check result as the runner writes it: one judge, 3 of 4 requirements met
 * (score 0.75) against threshold 1, so it fails near the threshold; `over` replaces fields.
 */
export function buildJudgedCheck(over: Partial<AssertionResult> = {}): AssertionResult {
  return {
    type: 'llm-judge',
    pass: false,
    score: 0.75,
    reason: 'judge local:j: 3/4 requirements met',
    weight: 1,
    threshold: 1,
    judges: [{ model: 'local:j', pass: false, score: 0.75 }],
    verdicts: [
      { requirement: 'Confirms the refund window', pass: true, reason: 'says 30 days' },
      { requirement: 'Does not ask for card details', pass: false, reason: 'asks for the card number' },
    ],
    ...over,
  };
}

/** A conversation case's result with these checks (passed when every counted check passed). */
export function buildCaseResult(assertions: AssertionResult[], over: Partial<CaseResult> = {}): CaseResult {
  return {
    caseId: 'c1',
    title: 'Refund within 30 days',
    kind: 'conversation',
    file: 'refunds.cases.yaml',
    outcome: assertions.every((a) => a.pass || a.skipped) ? 'passed' : 'failed',
    score: 0.5,
    output: 'Yes, within 30 days. Please send your card number.',
    assertions,
    durationMs: 10,
    startedAt: '2026-11-27T10:00:00Z',
    ...over,
  };
}

/** A run's result of these cases, with the summary counted from them. */
export function buildRunResult(cases: CaseResult[]): RunResult {
  const count = (o: CaseResult['outcome']) => cases.filter((c) => c.outcome === o).length;
  return {
    schemaVersion: 1,
    runId: 'run-1',
    startedAt: '2026-11-27T10:00:00Z',
    finishedAt: '2026-11-27T10:00:01Z',
    summary: {
      total: cases.length,
      passed: count('passed'),
      failed: count('failed'),
      errored: count('errored'),
      skipped: count('skipped'),
      flaky: 0,
      durationMs: 1000,
      cost: 0,
      tokenUsage: { input: 0, output: 0, total: 0 },
    },
    cases,
  };
}
