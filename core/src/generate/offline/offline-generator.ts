import type { OfflineDraft, Technique } from '../../model/draft-case.js';
import type { CaseKind } from '../generate-options.js';
import type { Story } from '../story/story.js';
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
  return [
    ...positiveIdeas(criterion, story),
    ...negativeIdeas(criterion, story),
    ...boundaryIdeas(criterion, story),
    ...edgeIdeas(criterion),
  ];
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
