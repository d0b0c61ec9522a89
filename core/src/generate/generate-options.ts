import { z } from 'zod';
import type { ModelRouter } from '../llm/model-router.js';
import type { TestCaseInput } from '../model/case.js';
import type { PromptRegistry } from '../prompts/prompt-registry.js';
import type { Technique } from '../model/draft-case.js';
import type { Story } from './story/story.js';
import type { RuleTurnedOff } from './learned-rules.js';
import type { Grounding } from './grounding.js';

export const CaseKindSchema = z.enum(['manual', 'conversation']);
export type CaseKind = z.infer<typeof CaseKindSchema>;

/** Options of `generateCases`. */
export interface GenerateCasesOptions {
  story: Story;
  /** Cases that already exist for the story (e.g. the target file): nothing near-duplicate is added again. */
  existing?: readonly TestCaseInput[] | undefined;
  /** Which kinds of case to generate (default: manual). */
  kinds?: readonly CaseKind[] | undefined;
  /** At most this many new cases; every uncovered criterion gets its first case before any criterion gets a second. */
  max?: number | undefined;
  /** Test-design techniques (default: all). */
  techniques?: readonly Technique[] | undefined;
  /** The system prompt of the assistant under test, placed first in conversation cases. */
  systemPrompt?: string | undefined;
  /** The model router; without it, or when it reports the model offline (no key), the offline generator runs. */
  router?: GenerationRouter | undefined;
  /** `provider:model` or alias; default: the router's default model. */
  model?: string | undefined;
  /** Prompt templates (default: the built-in `prompts/`, with no overrides). */
  prompts?: PromptRegistry | undefined;
  signal?: AbortSignal | undefined;
  /** Offline rules the project's review decisions turned off (`rulesTurnedOff`): their cases are not proposed. */
  rulesOff?: readonly RuleTurnedOff[] | undefined;
  /**
   * Paraphrase dedupe: cases whose embeddings have a cosine of at least `threshold` with an
   * existing (or earlier new) case are duplicates too, under the same guards as word dedupe
   * (same kind, a criterion in common, the same numbers, negations and quoted strings).
   */
  paraphrases?: { model: string; threshold: number; embed(texts: readonly string[]): Promise<ArrayLike<number>[]> } | undefined;
  /** The model path: the team's accepted cases for similar stories (examples) and rejected ones (to avoid), put in the prompt. */
  grounding?: Grounding | undefined;
}

/** The router as generation uses it (the real router reports offline when no key is configured). */
export type GenerationRouter = Pick<ModelRouter, 'generateObject' | 'isOffline' | 'defaultModel'>;
