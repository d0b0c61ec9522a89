// Finds target definitions: `targets:` in casewright.config.yaml, and target
// files (`targets/*.yaml`) beside the case files being run or in the working
// directory. `--target` may name one of them or point at a target file.
import { readdir, stat } from 'node:fs/promises';
import { CasewrightError } from '../../errors/casewright-error.js';
import { readTextFile } from '../../model/text-file.js';
import path from 'node:path';
import { CaseFileError } from '../../errors/case-file-error.js';
import { UsageError } from '../../errors/usage-error.js';
import { parseYamlWithSchema } from '../../model/yaml-schema.js';
import type { ModelRouter } from '../../llm/model-router.js';
import { TargetFileSchema, type TargetConfig } from '../../config/target-config.js';
import { createHttpTarget } from './http-target.js';
import { createCommandTarget } from './command-target.js';
import { createModelTarget } from './model-target.js';
import { createVoiceTarget } from './voice-target.js';
import type { Target } from './target.js';
import type { Suite } from '../../model/suite.js';
import type { SecretMasker } from '../../util/secret-masker.js';

/** A declared target: its config and where relative paths in it resolve from. */
export interface TargetDefinition {
  name: string;
  config: TargetConfig;
  baseDir: string;
  /** The file that declared it, for messages. */
  source: string;
}

/** Reads and validates one target file; errors are located (`file:line:col`). */
export async function loadTargetFile(file: string, shownAs: string = file): Promise<TargetDefinition> {
  let text;
  try {
    text = await readTextFile(file, shownAs);
  } catch (error) {
    if (CasewrightError.isInstance(error)) throw error;
    throw new UsageError(`${shownAs}: no such target file`);
  }
  const parsed = parseYamlWithSchema(text, shownAs, TargetFileSchema, {
    expected: 'a target (a mapping with type: http, command, model or voice)',
    emptyMessage: 'the target file is empty; it needs at least type: http|command|model|voice',
    knownFields: () =>
      new Set([
        'name',
        'type',
        'url',
        'method',
        'headers',
        'body',
        'responsePath',
        'timeoutMs',
        'start',
        'command',
        'args',
        'cwd',
        'env',
        'model',
        'system',
        'temperature',
        'maxOutputTokens',
        'topP',
        'seed',
        'description',
        'upload',
        'audioField',
        'fields',
        'audioPath',
        'textPath',
        'format',
        'sampleRate',
        'encoding',
        'voice',
        'speech',
        'speed',
        'language',
        'transcription',
        'conditions',
      ]),
  });
  if (!parsed.value) throw new CaseFileError(parsed.diagnostics);
  const { name, $schema: _schema, ...config } = parsed.value;
  return {
    name: name ?? path.basename(file).replace(/\.ya?ml$/, ''),
    config: config as TargetConfig,
    baseDir: path.dirname(file),
    source: shownAs,
  };
}

async function targetFilesIn(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir);
    return entries
      .filter((e) => /\.ya?ml$/.test(e))
      .sort()
      .map((e) => path.join(dir, e));
  } catch {
    return [];
  }
}

export interface DiscoverTargetsOptions {
  cwd: string;
  /** `targets:` from the config, and the config's directory. */
  configTargets?: Record<string, TargetConfig> | undefined;
  configDir?: string | undefined;
  configFile?: string | undefined;
  /** Case files being run: `targets/` beside each is searched. */
  caseFiles?: readonly string[] | undefined;
}

/** Every target by name. Config entries win over target files with the same name. */
export async function discoverTargets(options: DiscoverTargetsOptions): Promise<Map<string, TargetDefinition>> {
  const found = new Map<string, TargetDefinition>();
  const dirs = new Set<string>([path.join(options.cwd, 'targets')]);
  for (const file of options.caseFiles ?? []) dirs.add(path.join(path.dirname(file), 'targets'));
  for (const dir of dirs) {
    for (const file of await targetFilesIn(dir)) {
      const definition = await loadTargetFile(file, path.relative(options.cwd, file) || file);
      if (!found.has(definition.name)) found.set(definition.name, definition);
    }
  }
  for (const [name, config] of Object.entries(options.configTargets ?? {})) {
    found.set(name, { name, config, baseDir: options.configDir ?? options.cwd, source: options.configFile ?? 'casewright.config.yaml' });
  }
  return found;
}

/** Resolves `--target <file|name>`: an existing `.yaml` file, or a known name. */
export async function resolveTargetOption(
  value: string,
  known: ReadonlyMap<string, TargetDefinition>,
  cwd: string,
): Promise<TargetDefinition> {
  const asFile = path.resolve(cwd, value);
  if (
    /\.ya?ml$/.test(value) ||
    (await stat(asFile).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    return loadTargetFile(asFile, value);
  const definition = known.get(value);
  if (!definition) {
    const names = [...known.keys()];
    throw new UsageError(
      `unknown target '${value}'; ${names.length ? `known targets: ${names.join(', ')}` : 'no targets are declared (add targets: to casewright.config.yaml or a targets/<name>.yaml file)'}`,
    );
  }
  return definition;
}

/** Builds the runnable target for a definition. */
export function createTarget(
  definition: TargetDefinition,
  env: Readonly<Record<string, string | undefined>>,
  router: ModelRouter | undefined,
  secrets?: SecretMasker,
): Target {
  const { name, config, baseDir } = definition;
  switch (config.type) {
    case 'http':
      return createHttpTarget({ name, config, baseDir, env, secrets });
    case 'command':
      return createCommandTarget({ name, config, baseDir, env, secrets });
    case 'model':
      return createModelTarget({ name, config, router });
    case 'voice':
      return createVoiceTarget({ name, config, baseDir, env, router, secrets });
  }
}

/**
 * The runnable targets the conversation cases of `suites` name (their own `target`
 * or the suite default), one per name. Names nobody declares are returned with the
 * first file that uses them, so each caller picks its policy: the CLI refuses to
 * start, the editor lets the runner report them on the cases.
 */
export function createSuiteTargets(
  suites: ReadonlyArray<{ file: string; suite: Suite }>,
  definitions: ReadonlyMap<string, TargetDefinition>,
  env: Readonly<Record<string, string | undefined>>,
  router: ModelRouter | undefined,
  secrets?: SecretMasker,
): { targets: Map<string, Target>; unknown: Map<string, string> } {
  const targets = new Map<string, Target>();
  const unknown = new Map<string, string>();
  for (const { suite, file } of suites) {
    for (const c of suite.cases) {
      if (c.kind !== 'conversation' || c.status === 'deprecated') continue;
      const name = c.target ?? suite.defaults?.target;
      // A case without a target is recorded as errored by the runner.
      if (!name) continue;
      const definition = definitions.get(name);
      if (!definition) {
        if (!unknown.has(name)) unknown.set(name, file);
      } else if (!targets.has(name)) {
        targets.set(name, createTarget(definition, env, router, secrets));
      }
    }
  }
  return { targets, unknown };
}
