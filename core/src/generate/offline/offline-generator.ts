import type { OfflineDraft, Technique } from '../../model/draft-case.js';
import type { CaseKind } from '../generate-options.js';
import type { AcceptanceCriterion, Story } from '../story/story.js';
import { asAssistantCase, isAssistantStory } from './assistant.js';
import { boundaryIdeas } from './boundary-rule.js';
import { toConversation, toManual, type CaseIdea } from './case-idea.js';
import { gherkinIdeas } from './gherkin-rule.js';
import { edgeIdeas, negativeIdeas, positiveIdeas } from './statement-rules.js';

export interface OfflineOptions {
  kinds?: readonly CaseKind[] | undefined;
  techniques?: readonly Technique[] | undefined;
  /** A system prompt placed first in every conversation case. */
  systemPrompt?: string | undefined;
}

/** Every idea for one criterion, happy path first. */
export function ideasForCriterion(story: Story, index: number): CaseIdea[] {
  const criterion = story.criteria[index];
  if (!criterion) return [];
  if (criterion.gherkin) return gherkinIdeas({ ...criterion, gherkin: criterion.gherkin });
  const ideas = [
    ...positiveIdeas(criterion, story),
    ...negativeIdeas(criterion),
    ...boundaryIdeas(criterion, story),
    ...edgeIdeas(criterion),
  ];
  const hinted = ideas.map((idea) => withTestingHints(idea, story, criterion));
  return isAssistantStory(story) ? hinted.map((idea) => asAssistantCase(idea, criterion)) : hinted;
}

const STOP = new Set([
  'the',
  'and',
  'with',
  'that',
  'this',
  'from',
  'into',
  'then',
  'when',
  'after',
  'before',
  'must',
  'should',
  'shows',
  'show',
  'page',
]);

function contentWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9äöüéèàç-]+/)
      .filter((w) => w.length >= 4 && !STOP.has(w)),
  );
}

/**
 * "Steps to reproduce", "How to test" and "QA" steps feed the cases of the criteria they
 * relate to (a word in common, or a story with one or two criteria): the steps before the
 * last become preconditions, the last one the action when the rule had only the story's
 * generic action; the data given with them becomes the step's test data.
 */
function withTestingHints(idea: CaseIdea, story: Story, criterion: AcceptanceCriterion): CaseIdea {
  const hints = story.testing;
  if (!hints || hints.steps.length === 0) return idea;
  const words = contentWords(criterion.text);
  const related = story.criteria.length <= 2 || hints.steps.some((s) => [...contentWords(s)].some((w) => words.has(w)));
  if (!related) return idea;
  const generic = idea.steps.length === 1 && /^(criterion-positive|criterion-surface|criterion-trigger|restriction)$/.test(idea.rule);
  const last = hints.steps[hints.steps.length - 1] ?? '';
  const data = hints.data.length > 0 ? hints.data.join('\n') : undefined;
  if (generic) {
    const step = idea.steps[0] as CaseIdea['steps'][number];
    return {
      ...idea,
      preconditions: [...idea.preconditions, ...hints.steps.slice(0, -1)],
      steps: [{ action: last, ...(step.data || data ? { data: step.data ?? data } : {}), expected: step.expected }],
    };
  }
  return { ...idea, preconditions: [...hints.steps.slice(0, -1), ...idea.preconditions] };
}

/**
 * The offline generator: deterministic rules over the story's criteria (see
 * docs/generation.md). Same story → same drafts, in the same order. Every
 * criterion yields at least one case: its first idea is kept whatever the
 * `techniques` filter says, so coverage never depends on the filter.
 */
export function generateOffline(story: Story, options: OfflineOptions = {}): OfflineDraft[] {
  const kinds = options.kinds && options.kinds.length > 0 ? options.kinds : (['manual'] as const);
  const techniques = new Set(
    options.techniques && options.techniques.length > 0 ? options.techniques : ['happy-path', 'negative', 'boundary', 'edge'],
  );
  const out: OfflineDraft[] = [];
  story.criteria.forEach((_, index) => {
    const ideas = ideasForCriterion(story, index);
    ideas.forEach((idea, k) => {
      if (k > 0 && !techniques.has(idea.technique)) return;
      for (const kind of kinds) {
        const draft = kind === 'manual' ? toManual(idea) : toConversation(idea);
        if (draft.kind === 'conversation' && options.systemPrompt) {
          draft.messages = [{ role: 'system', content: options.systemPrompt }, ...draft.messages];
        }
        out.push(draft);
      }
    });
  });
  return out;
}
