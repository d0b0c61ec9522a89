/**
 * Test helpers for apps built on core (`@casewright/core/testing`): builders for
 * valid cases and suites, so app tests do not hand-write UUIDs and defaults.
 */
import { randomUUID } from 'node:crypto';
import { ConversationCaseSchema, ManualCaseSchema, type ConversationCase, type ManualCase } from '../model/case.js';
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
