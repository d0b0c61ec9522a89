/**
 * Generation on the issue panel: the story and the reviewer's choices in, draft
 * cases out, through core's router (the admin's models, keys and budget).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { TestCaseSchema, type ModelRouter, type TestCase } from '@casewright/core';
import type { GenerateRequest } from '../shared/api.js';
import type { Story } from './story.js';

export interface GenerationInput {
  story: Story;
  request: GenerateRequest;
  model: string;
  router: ModelRouter;
  onProgress(progress: number, message: string): Promise<void>;
}

export interface GenerationOutput {
  cases: TestCase[];
  model: string;
  costUsd: number;
}

/** The port the consumer calls; production wires core's generator, tests the same. */
export type CaseGenerator = (input: GenerationInput) => Promise<GenerationOutput>;

const DraftSchema = z.object({
  cases: z.array(
    z.object({
      title: z.string().min(1).max(200),
      kind: z.enum(['manual', 'conversation']),
      priority: z.enum(['high', 'medium', 'low']),
      category: z.string().min(1).max(60),
      covers: z.array(z.string()),
      preconditions: z.array(z.string()),
      steps: z.array(z.object({ action: z.string().min(1), data: z.string(), expected: z.string().min(1) })),
      userMessage: z.string(),
      expectedAnswer: z.string(),
      requirements: z.array(z.string()),
    }),
  ),
});

function prompt(input: GenerationInput): string {
  const { story, request } = input;
  return [
    `Write ${request.count} test cases for this Jira story.`,
    `Kinds: ${request.kinds.join(', ')} (manual: numbered steps with expected results; conversation: a user message to an AI assistant and requirements for its answer).`,
    `Techniques to use: ${request.techniques.join(', ')}.`,
    'Cover every acceptance criterion; list the ids each case covers in "covers". Use empty strings and lists for fields a kind does not use.',
    '',
    `Story ${story.key}: ${story.summary}`,
    story.description,
    '',
    'Acceptance criteria:',
    ...story.criteria.map((c) => `${c.id}: ${c.text}`),
  ].join('\n');
}

function toCase(draft: z.infer<typeof DraftSchema>['cases'][number], input: GenerationInput, model: string, offline: boolean): TestCase | undefined {
  const known = new Set(input.story.criteria.map((c) => c.id));
  const common = {
    id: randomUUID(),
    title: draft.title,
    priority: draft.priority,
    category: draft.category.toLowerCase().replace(/\s+/g, '-'),
    covers: draft.covers.filter((c) => known.has(c)),
    status: 'draft',
    source: { kind: 'generated', generator: offline ? 'offline' : 'llm', story: input.story.key, ...(offline ? { rule: 'criterion-check' } : { provider: model.split(':')[0], model }) },
  };
  const parsed =
    draft.kind === 'conversation' && draft.userMessage
      ? TestCaseSchema.safeParse({
          ...common,
          kind: 'conversation',
          input: { messages: [{ role: 'user', content: draft.userMessage }] },
          expected: { ...(draft.expectedAnswer ? { content: draft.expectedAnswer } : {}), requirements: draft.requirements.filter(Boolean) },
        })
      : TestCaseSchema.safeParse({
          ...common,
          kind: 'manual',
          preconditions: draft.preconditions.filter(Boolean),
          steps: draft.steps.map((s) => ({ action: s.action, ...(s.data ? { data: s.data } : {}), expected: s.expected })),
        });
  return parsed.success ? parsed.data : undefined;
}

/** Rule-based drafts when no model key is configured: one check per criterion (and a negative one). */
function offlineDrafts(input: GenerationInput): z.infer<typeof DraftSchema> {
  const out: z.infer<typeof DraftSchema>['cases'] = [];
  for (const c of input.story.criteria) {
    for (const kind of input.request.kinds) {
      out.push({
        title: `${kind === 'manual' ? 'Verify' : 'Assistant explains'}: ${c.text}`.slice(0, 200),
        kind,
        priority: 'medium',
        category: 'functional',
        covers: [c.id],
        preconditions: [],
        steps: [{ action: `Exercise "${c.text}" as the story describes`, data: '', expected: `The behaviour matches ${c.id}: ${c.text}` }],
        userMessage: `How does this work: ${c.text}?`,
        expectedAnswer: '',
        requirements: [`The answer is consistent with: ${c.text}`],
      });
    }
  }
  return { cases: out.slice(0, input.request.count) };
}

export const generateWithRouter: CaseGenerator = async (input) => {
  await input.onProgress(0.1, 'Reading the story');
  if (input.router.isOffline(input.model)) {
    await input.onProgress(0.5, 'No model key configured: using the offline rules');
    const cases = offlineDrafts(input).cases.flatMap((d) => toCase(d, input, 'offline:rules', true) ?? []);
    return { cases, model: 'offline:rules', costUsd: 0 };
  }
  await input.onProgress(0.3, `Asking ${input.model}`);
  const result = await input.router.generateObject({
    model: input.model,
    purpose: 'generate',
    schema: DraftSchema,
    schemaName: 'generated_cases',
    messages: [
      { role: 'system', content: 'You are a senior test engineer. Answer with JSON that matches the schema.' },
      { role: 'user', content: prompt(input) },
    ],
    temperature: 0.2,
  });
  await input.onProgress(0.8, 'Checking the drafts');
  const cases = result.object.cases.flatMap((d) => toCase(d, input, result.model, false) ?? []).slice(0, input.request.count);
  return { cases, model: result.model, costUsd: result.cost };
};

/** Which criteria each case covers (a criterion with no case is a gap to show). */
export function coverageOf(story: Story, cases: readonly TestCase[]): Array<{ id: string; text: string; caseIds: string[] }> {
  return story.criteria.map((c) => ({ ...c, caseIds: cases.filter((tc) => tc.covers.includes(c.id)).map((tc) => tc.id) }));
}
