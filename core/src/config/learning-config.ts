import { z } from 'zod';
import { ModelRefSchema } from '../model/common.js';

/** The case index's embeddings (see docs/learning.md). */
export const IndexConfigSchema = z.strictObject({
  embeddings: ModelRefSchema.optional().describe(
    'Embedding model for similar cases and paraphrase dedupe, e.g. openai:text-embedding-3-small or google:gemini-embedding-001. Used only when its provider has a key.',
  ),
  paraphraseThreshold: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      'Cosine similarity of two cases (same kind, a criterion in common) at or above which generation treats them as duplicates (default 0.92).',
    ),
});
export type IndexConfig = z.infer<typeof IndexConfigSchema>;

/** The judge validation queue (see docs/learning.md). */
export const JudgeQueueConfigSchema = z.strictObject({
  margin: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      'A judge check whose score is within this distance of its threshold is queued for a person (default 0.25); 0 queues only ensemble disagreements.',
    ),
  calibrationExamples: z
    .number()
    .int()
    .min(0)
    .max(20)
    .optional()
    .describe('How many verdicts people confirmed or overrode are given to the judge prompt as calibration examples (default 0: none).'),
});
export type JudgeQueueConfig = z.infer<typeof JudgeQueueConfigSchema>;

/** `index` and `judgeQueue` — owned by what the product learns (core/src/workspace/*-job.ts of issue 17). */
export const LearningConfigShape = {
  index: IndexConfigSchema.optional().describe('The case index: embeddings and the paraphrase threshold.'),
  judgeQueue: JudgeQueueConfigSchema.optional().describe('Which judge verdicts are queued for a person, and calibration examples.'),
};
