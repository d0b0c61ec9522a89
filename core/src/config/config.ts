import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CaseFileError } from '../errors/case-file-error.js';
import { parseYamlWithSchema } from '../model/yaml-schema.js';
import { ConversationsConfigShape } from './conversations-config.js';
import { JiraConfigShape } from './jira-config.js';
import { LearningConfigShape } from './learning-config.js';
import { LlmConfigShape } from './llm-config.js';
import { RunConfigShape } from './run-config.js';

export const CONFIG_FILE_NAME = 'casewright.config.yaml';

/** `casewright.config.yaml`: each area owns its section (see the `*-config.ts` files beside this one). */
export const ConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  ...LlmConfigShape,
  ...RunConfigShape,
  ...JiraConfigShape,
  ...ConversationsConfigShape,
  ...LearningConfigShape,
});
export type CasewrightConfig = z.infer<typeof ConfigSchema>;

export interface LoadedConfig {
  config: CasewrightConfig;
  /** The file it came from; undefined when there is none (embedded defaults). */
  file: string | undefined;
  /** The directory relative paths in the config resolve against. */
  dir: string;
}

/** Finds `casewright.config.yaml` in `cwd` or its parents. */
export async function findConfigFile(cwd: string): Promise<string | undefined> {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    try {
      await readFile(candidate);
      return candidate;
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }
}

/**
 * Loads the config (explicit `file`, or the nearest `casewright.config.yaml`).
 * No file means the embedded defaults: no providers, offline generation.
 * An invalid file throws `CaseFileError` with `file:line:col` diagnostics.
 */
export async function loadConfig(cwd: string, file?: string): Promise<LoadedConfig> {
  const found = file ? path.resolve(cwd, file) : await findConfigFile(cwd);
  if (!found) return { config: {}, file: undefined, dir: path.resolve(cwd) };
  const text = await readFile(found, 'utf8');
  const shown = path.relative(cwd, found) || found;
  const parsed = parseYamlWithSchema(text, shown, ConfigSchema, {
    expected: 'a Casewright config (a mapping of sections such as providers:, models:, targets:)',
    emptyMessage: 'the config file is empty; delete it or add a section such as providers:',
    knownFields: () => new Set(Object.keys(ConfigSchema.shape)),
  });
  if (!parsed.value) throw new CaseFileError(parsed.diagnostics);
  return { config: parsed.value, file: found, dir: path.dirname(found) };
}
