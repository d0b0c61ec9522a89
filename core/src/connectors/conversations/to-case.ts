import { nameBasedCaseId } from '../../model/case-id.js';
import type { Message } from '../../model/case.js';
import type { Conversation, ConversationSourceKind } from './conversation-source.js';

export interface ToCaseOptions {
  kind: ConversationSourceKind;
  /** One case per assistant turn (`source.turn` = 1, 2, ...) instead of one per conversation. */
  splitTurns?: boolean | undefined;
}

/** A conversation case drafted from a logged conversation (the fields an import writes). */
export interface ImportedCase {
  id: string;
  title: string;
  description: string;
  kind: 'conversation';
  tags: string[];
  status: 'draft';
  source: { kind: ConversationSourceKind; conversationId: string; model?: string; timestamp?: string; turn?: number };
  input: { messages: Message[] };
  expected: { content: string; baseline: true; requirements: string[]; assert: ImportedAssertion[] };
}

/** The checks an imported case starts with: closeness to the logged answer; a judge once there are requirements. */
export type ImportedAssertion = { type: 'similarity'; metric: 'rouge-l'; threshold: number } | { type: 'llm-judge' };

/** ROUGE-L against the logged answer: loose enough for a re-worded answer, strict enough to catch a different one. */
export const BASELINE_SIMILARITY: ImportedAssertion = { type: 'similarity', metric: 'rouge-l', threshold: 0.5 };

/** The dedupe key of an imported case: the conversation and, when split, the turn. */
export function sourceKey(conversationId: string, turn?: number): string {
  return turn === undefined ? conversationId : `${conversationId}#${turn}`;
}

/**
 * A stable case id from the source key (a name-based UUID, version 5 layout over
 * SHA-1), so importing the same conversation twice yields the same id.
 */
export function importedCaseId(key: string): string {
  return nameBasedCaseId(`casewright:conversation:${key}`);
}

function titleFrom(messages: readonly Message[], turn: number | undefined): string {
  const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content ?? 'Conversation';
  const text = lastUser.replace(/\s+/g, ' ').trim() || 'Conversation';
  const suffix = turn !== undefined ? ` (turn ${turn})` : '';
  const room = 120 - suffix.length;
  return `${text.length > room ? `${text.slice(0, room - 1).trimEnd()}…` : text}${suffix}`;
}

/**
 * Turns a conversation into conversation case(s): the turns before the last
 * assistant answer are the input, that answer is the reference
 * `expected.content`, marked `baseline: true` (it is what production said, not
 * a vetted ideal). With `splitTurns`, every assistant answer that follows a user
 * message becomes its own case. Returns `{ reason }` when nothing can be made
 * (no assistant answer after a user message).
 */
export function conversationToCases(conversation: Conversation, options: ToCaseOptions): ImportedCase[] | { reason: string } {
  const answers: number[] = [];
  let sawUser = false;
  conversation.messages.forEach((message, index) => {
    if (message.role === 'user' && message.content.trim() !== '') sawUser = true;
    if (message.role === 'assistant' && sawUser && message.content.trim() !== '') answers.push(index);
  });
  if (answers.length === 0) return { reason: 'no assistant answer after a user message, so there is nothing to expect' };
  const picked = options.splitTurns ? answers.map((index, i) => ({ index, turn: i + 1 })) : [{ index: answers.at(-1)!, turn: undefined }];
  return picked.map(({ index, turn }) => {
    const input = conversation.messages.slice(0, index).map((m) => ({ role: m.role, content: m.content }));
    const where = [conversation.model, conversation.timestamp].filter(Boolean).join(', ');
    return {
      id: importedCaseId(sourceKey(conversation.id, turn)),
      title: titleFrom(input, turn),
      description:
        `Imported from ${options.kind} conversation ${conversation.id}${where ? ` (${where})` : ''}. The expected answer is the logged one: review it before relying on it.`.slice(
          0,
          1000,
        ),
      kind: 'conversation',
      tags: ['imported'],
      status: 'draft',
      source: {
        kind: options.kind,
        conversationId: conversation.id,
        ...(conversation.model ? { model: conversation.model } : {}),
        ...(conversation.timestamp ? { timestamp: conversation.timestamp } : {}),
        ...(turn !== undefined ? { turn } : {}),
      },
      input: { messages: input },
      expected: { content: conversation.messages[index]!.content, baseline: true, requirements: [], assert: [{ ...BASELINE_SIMILARITY }] },
    } satisfies ImportedCase;
  });
}
