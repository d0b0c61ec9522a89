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
  if (!definition) throw new UsageError(await unknownTargetMessage(value, known, cwd));
  return definition;
}

const SEARCH_SKIP = new Set(['node_modules', 'dist', 'coverage', 'out']);

/** Target files named `<name>.yaml` in a `targets/` folder under `dir` (a few levels deep), for a "did you mean" hint. */
async function targetFilesNamed(name: string, dir: string, depth = 4): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || SEARCH_SKIP.has(entry.name)) continue;
    const sub = path.join(dir, entry.name);
    if (entry.name === 'targets') {
      for (const ext of ['yaml', 'yml']) {
        const file = path.join(sub, `${name}.${ext}`);
        if (
          await stat(file).then(
            (s) => s.isFile(),
            () => false,
          )
        )
          found.push(file);
      }
    }
    if (depth > 1) found.push(...(await targetFilesNamed(name, sub, depth - 1)));
  }
  return found;
}

/**
 * Why a target name is unknown, and what to do: the declared names, or where a
 * target file of that name is (pass it with --target <file>), or how to declare one.
 */
export async function unknownTargetMessage(name: string, known: ReadonlyMap<string, TargetDefinition>, cwd: string): Promise<string> {
  const names = [...known.keys()];
  const files = (await targetFilesNamed(name, cwd)).map((f) => path.relative(cwd, f));
  const hint = files.length
    ? `; ${files[0]} declares it: pass --target ${files[0]}`
    : '; declare it under targets: in casewright.config.yaml or in a targets/<name>.yaml file beside the case files, or pass --target <file> with the path of a target .yaml file';
  return `unknown target '${name}'; ${names.length ? `known targets: ${names.join(', ')}` : 'no targets are declared here'}${hint}`;
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
