import type { DraftConversationCase, DraftManualCase, OfflineDraft, Technique } from '../../model/draft-case.js';
import type { ManualStep } from '../../model/case.js';
import type { Assertion } from '../../model/assertion.js';
import { truncate } from './sentence.js';

/**
 * One test idea from a rule, written once and rendered as either kind: a
 * manual case (preconditions + steps) or a conversation case (a user question
 * + requirements for the judge).
 */
export interface CaseIdea {
  rule: string;
  technique: Technique;
  title: string;
  covers: string[];
  preconditions: string[];
  steps: ManualStep[];
  /** The user message of the conversation form. */
  question: string;
  /** Requirements of the conversation form (the criterion comes first). */
  requirements: string[];
  /** Tags of its own (an `Examples:` block's). */
  tags?: string[] | undefined;
  /** Machine checks of the conversation form, where the criterion allows them. */
  assert?: Assertion[] | undefined;
}

const PRIORITY: Record<Technique, 'high' | 'medium' | 'low'> = { 'happy-path': 'high', negative: 'high', boundary: 'medium', edge: 'low' };

const UNTIDY = /\s\s|\s[.,;:!?]|\.\.$|^\s|\s$|[\t\n]/;

function tidy(text: string): string {
  if (!UNTIDY.test(text)) return text;
  return text
    .replace(/\s+/g, ' ')
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/\.\.$/, '.')
    .trim();
}

/** Test data keeps its lines (a DataTable, a DocString); only trailing spaces go. */
function tidyData(text: string): string {
  return text.includes('\n') ? text.replace(/[ \t]+$/gm, '').trim() : tidy(text);
}

function sentence(text: string): string {
  const t = tidy(text);
  return /[.!?"”)}\]]$/.test(t) ? t : `${t}.`;
}

export function toManual(idea: CaseIdea): OfflineDraft {
  const draft: DraftManualCase = {
    kind: 'manual',
    title: truncate(tidy(idea.title).replace(/\.$/, ''), 200),
    priority: PRIORITY[idea.technique],
    technique: idea.technique,
    covers: idea.covers,
    preconditions: idea.preconditions.map(sentence),
    steps: idea.steps.map((s) => ({ action: sentence(s.action), data: s.data ? tidyData(s.data) : null, expected: sentence(s.expected) })),
  };
  return { ...draft, rule: idea.rule, ...(idea.tags ? { tags: idea.tags } : {}) };
}

function withSituation(idea: CaseIdea): string {
  const context = idea.preconditions.filter((p) => !idea.question.includes(p.replace(/\.$/, '')));
  return context.length > 0 ? `${context.map(sentence).join(' ')} ${idea.question}` : idea.question;
}

export function toConversation(idea: CaseIdea): OfflineDraft {
  const draft: DraftConversationCase = {
    kind: 'conversation',
    title: truncate(tidy(idea.title).replace(/\.$/, ''), 200),
    priority: PRIORITY[idea.technique],
    technique: idea.technique,
    covers: idea.covers,
    // The situation the tester would set up is part of what the user tells the assistant.
    messages: [{ role: 'user', content: tidy(withSituation(idea)) }],
    requirements: [...new Set(idea.requirements.map(sentence))],
  };
  return {
    ...draft,
    rule: idea.rule,
    ...(idea.tags ? { tags: idea.tags } : {}),
    ...(idea.assert && idea.assert.length > 0 ? { assert: idea.assert } : {}),
  };
}
