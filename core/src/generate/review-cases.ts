import { GenerationError } from '../errors/generation-error.js';
import type { TestCaseInput } from '../model/case.js';
import type { PromptRegistry } from '../prompts/prompt-registry.js';
import { CaseReviewSchema, type CaseReview } from '../prompts/output-schemas.js';
import type { GenerationRouter } from './generate-options.js';
import { promptCriteria } from './llm-generator.js';
import type { Story } from './story/story.js';

export interface ReviewCasesOptions {
  story: Story;
  cases: readonly TestCaseInput[];
  router: GenerationRouter;
  model?: string | undefined;
  prompts?: PromptRegistry | undefined;
  signal?: AbortSignal | undefined;
}

/** What the reviewer sees of a case: what it checks and how, not ids or audit fields. */
function reviewView(c: TestCaseInput): Record<string, unknown> {
  const base = { title: c.title, covers: c.covers ?? [] };
  if (c.kind === 'manual') return { ...base, preconditions: c.preconditions ?? [], steps: c.steps };
  return { ...base, messages: c.input.messages, requirements: c.expected?.requirements ?? [] };
}

/**
 * Scores cases against the story's criteria with the `review-cases` prompt: a
 * score and issues per case, the criteria each really covers, and the criteria
 * no case covers. Criterion ids the story does not have are removed from the answer.
 */
export async function reviewCases(options: ReviewCasesOptions): Promise<CaseReview & { model: string; cost: number }> {
  const { story, router } = options;
  const model = options.model ?? router.defaultModel('generate');
  if (!model || router.isOffline(model))
    throw new GenerationError('reviewing cases needs a model with a key; the offline generator does not review');
  const prompts = options.prompts ?? (await import('../prompts/prompt-registry.js')).createPromptRegistry();
  const rendered = prompts.render('review-cases', {
    story: {
      ...(story.key ? { key: story.key } : {}),
      title: story.title,
      description: story.description,
      criteria: promptCriteria(story),
    },
    cases: options.cases.map(reviewView),
  });
  try {
    const result = await router.generateObject({
      model,
      messages: rendered.messages,
      schema: CaseReviewSchema,
      schemaName: 'case_review',
      temperature: 0,
      abortSignal: options.signal,
      purpose: 'generate',
    });
    const known = new Set(story.criteria.map((c) => c.id));
    return {
      reviews: result.object.reviews.map((r) => ({ ...r, covers: r.covers.filter((id) => known.has(id)) })),
      uncovered: result.object.uncovered.filter((id) => known.has(id)),
      model: result.model,
      cost: result.cost,
    };
  } catch (error) {
    throw new GenerationError(`review with ${model} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
