import { z } from 'zod';
import { ModelRefSchema } from '../model/common.js';
import { TargetConfigSchema } from './target-config.js';

/** `targets` and `judge` — owned by core/src/run. */
export const RunConfigShape = {
  targets: z
    .record(
      z.string().regex(/^[A-Za-z0-9_.-]+$/, { message: 'a target name must be one word (letters, digits, - _ .)' }),
      TargetConfigSchema,
    )
    .optional()
    .describe('Targets the cases run against, by name: `{type: http|command|model, ...}`.'),
  judge: ModelRefSchema.optional().describe('Default judge model for llm-judge assertions.'),
};
