import { z } from 'zod';

/** `targets` and `judge` — owned by core/src/run. */
export const RunConfigShape = {
  targets: z.record(z.string(), z.looseObject({})).optional().describe('Targets the cases run against, by name.'),
  judge: z.string().optional().describe('Default judge model for llm-judge assertions.'),
};
