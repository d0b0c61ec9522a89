import { z } from 'zod';

/** `providers`, `models` (aliases / fallback chains), `budgets`, `cache` — owned by core/src/llm. */
export const LlmConfigShape = {
  providers: z.record(z.string(), z.looseObject({})).optional().describe('Provider connections by name.'),
  models: z.record(z.string(), z.unknown()).optional().describe('Model aliases and fallback chains.'),
  budgets: z.looseObject({}).optional(),
  cache: z.looseObject({}).optional(),
  prices: z.record(z.string(), z.unknown()).optional(),
};
