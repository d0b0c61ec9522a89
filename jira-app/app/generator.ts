/**
 * Generation on the issue panel: core's `generateCases` (prompt templates with
 * the org's overrides, the admin's models through the router, offline rules
 * when no key is configured, dedupe against the story's saved cases).
 */
import { createPromptRegistry, generateCases, TestCaseSchema, type ModelRouter, type TestCase, type TestCaseInput } from '@casewright/core';
import type { GenerateRequest } from '../shared/api.js';
import type { Story } from './story.js';

export interface GenerationInput {
  story: Story;
  request: GenerateRequest;
  model: string;
  router: ModelRouter;
  /** Cases already saved for the story: the generator does not add near-duplicates of them. */
  existing: readonly TestCaseInput[];
  promptOverrides: Readonly<Record<string, string>>;
  onProgress(progress: number, message: string): Promise<void>;
}

export interface GenerationOutput {
  cases: TestCase[];
  model: string;
  costUsd: number;
  warnings: string[];
}

/** The port the consumer calls. */
export type CaseGenerator = (input: GenerationInput) => Promise<GenerationOutput>;

export const generateWithCore: CaseGenerator = async (input) => {
  await input.onProgress(
    0.2,
    input.router.isOffline(input.model) ? 'No model key configured: using the offline rules' : `Asking ${input.model}`,
  );
  const result = await generateCases({
    story: input.story.core,
    existing: input.existing,
    kinds: input.request.kinds,
    max: input.request.count,
    techniques: input.request.techniques,
    router: input.router,
    model: input.model,
    prompts: createPromptRegistry({ overrides: input.promptOverrides }),
  });
  await input.onProgress(0.9, 'Checking the drafts');
  return {
    cases: result.cases.map((c) => TestCaseSchema.parse(c)),
    model: result.call?.model ?? 'offline:rules',
    costUsd: result.call?.cost ?? 0,
    warnings: result.warnings,
  };
};

/** Which criteria each case covers (a criterion with no case is a gap to show). */
export function coverageOf(story: Story, cases: readonly TestCase[]): Array<{ id: string; text: string; caseIds: string[] }> {
  return story.criteria.map((c) => ({ ...c, caseIds: cases.filter((tc) => tc.covers.includes(c.id)).map((tc) => tc.id) }));
}
