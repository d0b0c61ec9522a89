import { z } from 'zod';
import { AssertionSchema } from './assertion.js';
import { JiraKeySchema, ModelRefSchema, TagSchema } from './common.js';
import { TestCaseSchema } from './case.js';
import { VoiceSettingsSchema } from './voice.js';

export const SuiteDefaultsSchema = z
  .strictObject({
    target: z.string().min(1).optional().describe('Target every conversation case runs against unless it names its own.'),
    judge: ModelRefSchema.optional().describe('Judge model for llm-judge assertions in this file.'),
    assert: z.array(AssertionSchema).optional().describe('Assertions added to every conversation case.'),
    tags: z.array(TagSchema).optional().describe('Tags added to every case.'),
    vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    voice: VoiceSettingsSchema.optional().describe('Voice settings for every case in the file (voice targets).'),
  })
  .describe('Settings shared by every case in the file.');
export type SuiteDefaults = z.infer<typeof SuiteDefaultsSchema>;

/** One `*.cases.yaml` file: a suite of cases. */
export const SuiteSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors.'),
    suite: z.string().trim().min(1, { message: 'must not be empty' }).max(200).describe('Name of the suite.'),
    description: z.string().max(2000).optional(),
    story: z
      .union([JiraKeySchema, z.string().min(1)])
      .optional()
      .describe('The Jira story (or story file) these cases test.'),
    defaults: SuiteDefaultsSchema.optional(),
    cases: z.array(TestCaseSchema).default([]),
  })
  .describe('A Casewright case file (*.cases.yaml).');
export type Suite = z.infer<typeof SuiteSchema>;
export type SuiteInput = z.input<typeof SuiteSchema>;
