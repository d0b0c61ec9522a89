import { describe, expect, it } from 'vitest';
import { ManualCaseSchema } from '@casewright/core';
import { manualCaseResult } from './manual-result.js';
import { manualStepperHtml } from './manual-stepper-html.js';

const testCase = ManualCaseSchema.parse({
  id: '3c9f6f85-7031-4d1b-8c4f-4e5f60718293',
  title: 'Refund form <opens>',
  kind: 'manual',
  preconditions: ['An order exists'],
  steps: [
    { action: 'Open the orders page', expected: 'The orders are listed' },
    { action: 'Click "Refund"', data: 'order ACM-1', expected: 'The refund form opens' },
  ],
});
const started = new Date('2026-01-01T10:00:00Z');
const ended = new Date('2026-01-01T10:02:00Z');

describe('manualCaseResult', () => {
  it('passes when every step passes', () => {
    const r = manualCaseResult(
      testCase,
      [
        { index: 1, status: 'PASS' },
        { index: 2, status: 'PASS', actual: ' ok ' },
      ],
      'f.cases.yaml',
      started,
      ended,
    );
    expect(r).toMatchObject({
      outcome: 'passed',
      score: 1,
      durationMs: 120_000,
      steps: [
        { index: 1, status: 'PASS' },
        { index: 2, status: 'PASS', actual: 'ok' },
      ],
    });
  });

  it('fails on any FAIL, and is skipped as blocked on BLOCKED without FAIL', () => {
    expect(
      manualCaseResult(
        testCase,
        [
          { index: 1, status: 'PASS' },
          { index: 2, status: 'FAIL', actual: 'a 500 page' },
        ],
        'f',
        started,
        ended,
      ).outcome,
    ).toBe('failed');
    const blocked = manualCaseResult(
      testCase,
      [
        { index: 1, status: 'BLOCKED' },
        { index: 2, status: 'PASS' },
      ],
      'f',
      started,
      ended,
    );
    expect([blocked.outcome, blocked.skipReason]).toEqual(['skipped', 'blocked: step 1']);
  });

  it('refuses a result with unanswered steps or an unknown status', () => {
    expect(() => manualCaseResult(testCase, [{ index: 1, status: 'PASS' }], 'f', started)).toThrow('step 2 has no result yet');
    expect(() =>
      manualCaseResult(
        testCase,
        [
          { index: 1, status: 'PASS' },
          { index: 2, status: 'MAYBE' },
        ],
        'f',
        started,
      ),
    ).toThrow();
  });

  it('renders the stepper with escaped text and a script-nonce CSP', () => {
    const html = manualStepperHtml(testCase, 'vscode-resource:');
    expect(html).toContain('Refund form &lt;opens&gt;');
    expect(html).not.toContain('<opens>');
    expect(html).toMatch(/script-src 'nonce-[A-Za-z0-9]{24}'/);
    expect(html.match(/type="radio"/g)).toHaveLength(6);
  });
});
