// A promptfoo config read as Casewright cases (the `importPromptfoo` job writes them):
// every promptfoo test (with defaultTest merged in) × every prompt becomes a
// conversation case; its vars become the case's vars, its assertions Casewright
// assertions or requirements, its providers targets. What has no equivalent is
// reported with file:line:col, never dropped silently. Case ids are name-based, so
// importing again adds only new tests and never touches cases already in the file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { UsageError } from '../../errors/usage-error.js';
import type { Assertion } from '../../model/assertion.js';
import type { ConversationCase, Message } from '../../model/case.js';
import { nameBasedCaseId } from '../../model/case-id.js';
import { CaseFileEditor, YAML_WRITE_OPTIONS } from '../../model/case-file-editor.js';
import { parseCaseFile } from '../../model/case-file.js';
import { CaseFileError } from '../../errors/case-file-error.js';
import { appendCasesToText } from '../conversations/case-appender.js';
import type { YamlValue } from '../conversations/yaml-emit.js';
import type { TargetConfig } from '../../config/target-config.js';
import {
  fileReference,
  PromptfooConfigSchema,
  PromptfooTestSchema,
  readLocated,
  type LocatedFile,
  type PromptfooTest,
} from './promptfoo-config.js';
import { mapAssertion, mapProvider, promptMessages, templateExpressions, type Vars } from './promptfoo-mapping.js';

/** Something in the promptfoo config that was not imported, and where. */
export interface NotImported {
  /** `file:line:col`. */
  where: string;
  message: string;
}

export interface PromptfooPlan {
  suite: string;
  cases: ConversationCase[];
  /** Targets for the providers that map, by name. */
  targets: { name: string; config: TargetConfig }[];
  /** The target the cases use by default (the first provider that maps). */
  defaultTarget: string | undefined;
  notImported: NotImported[];
}

interface Prompt {
  label: string;
  messages: Message[];
}

interface LocatedTest {
  test: PromptfooTest;
  /** 1-based position in the config's tests. */
  index: number;
  file: LocatedFile<unknown>;
  path: (string | number)[];
}

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

async function readPrompts(config: LocatedFile<{ prompts?: unknown }>, notImported: NotImported[]): Promise<Prompt[]> {
  const prompts: Prompt[] = [];
  const entries = asArray(config.value.prompts);
  for (const [i, entry] of entries.entries()) {
    const at = config.at(Array.isArray(config.value.prompts) ? ['prompts', i] : ['prompts']);
    const raw = typeof entry === 'string' ? entry : ((entry as { raw?: string }).raw ?? (entry as { id?: string }).id ?? '');
    let label = typeof entry === 'object' && entry && 'label' in entry ? String((entry as { label: unknown }).label) : `prompt ${i + 1}`;
    let text = raw;
    const file = fileReference(raw, config.dir);
    if (file) {
      label = typeof entry === 'object' && entry && 'label' in entry ? label : path.basename(file);
      if (!/\.(txt|md|prompt|json)$/i.test(file) || file.includes('*')) {
        notImported.push({ where: at, message: `prompt ${raw}: only .txt, .md, .prompt and .json prompt files are imported` });
        continue;
      }
      try {
        text = await readFile(file, 'utf8');
      } catch {
        notImported.push({ where: at, message: `prompt ${raw}: no such file` });
        continue;
      }
    }
    const messages = promptMessages(text);
    if ('problem' in messages) {
      notImported.push({ where: at, message: `prompt ${label}: ${messages.problem}` });
      continue;
    }
    for (const expression of new Set(messages.flatMap((m) => templateExpressions(m.content)))) {
      notImported.push({
        where: at,
        message: `prompt ${label}: the template expression ${expression} is kept as text (only {{name}} is filled in)`,
      });
    }
    prompts.push({ label, messages });
  }
  return prompts;
}

async function readTests(config: LocatedFile<{ tests?: unknown }>, cwd: string): Promise<LocatedTest[]> {
  const tests: LocatedTest[] = [];
  const entries = typeof config.value.tests === 'string' ? [config.value.tests] : asArray(config.value.tests as unknown[] | undefined);
  const inline = Array.isArray(config.value.tests);
  for (const [i, entry] of entries.entries()) {
    if (typeof entry !== 'string') {
      tests.push({ test: entry as PromptfooTest, index: tests.length + 1, file: config as LocatedFile<unknown>, path: ['tests', i] });
      continue;
    }
    const file = fileReference(entry, config.dir);
    if (!file || !/\.(ya?ml|json)$/i.test(file)) {
      throw new UsageError(
        `${config.at(inline ? ['tests', i] : ['tests'])} tests: ${entry}: only YAML or JSON test files (file://tests.yaml) are imported; export CSV tests to YAML first`,
      );
    }
    const list = await readLocated(file, cwd, PromptfooTestSchema.array(), 'a list of promptfoo tests');
    list.value.forEach((test, j) => tests.push({ test, index: tests.length + 1, file: list as LocatedFile<unknown>, path: [j] }));
  }
  return tests;
}

/** Scalar vars as case vars; `file://` text files read; objects and lists reported. */
async function caseVars(
  test: LocatedTest,
  defaults: PromptfooTest | undefined,
  notImported: NotImported[],
): Promise<Record<string, string | number | boolean>> {
  const vars: Record<string, string | number | boolean> = {};
  const all = { ...defaults?.vars, ...test.test.vars };
  for (const [name, value] of Object.entries(all)) {
    const at = test.file.at([...test.path, 'vars', name]);
    const file = fileReference(value, test.file.dir);
    if (file) {
      try {
        vars[name] = await readFile(file, 'utf8');
      } catch {
        notImported.push({ where: at, message: `var ${name}: ${String(value)}: no such file` });
      }
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') vars[name] = value;
    else
      notImported.push({
        where: at,
        message: `var ${name}: ${Array.isArray(value) ? 'a list (promptfoo runs one test per value)' : 'an object'} is not imported; Casewright vars are text, numbers or booleans`,
      });
  }
  return vars;
}

function titleOf(test: PromptfooTest, index: number, vars: Vars, prompt: Prompt | undefined): string {
  const base =
    test.description?.trim() ||
    `promptfoo test ${index}${
      Object.keys(vars).length
        ? `: ${Object.entries(vars)
            .map(([k, v]) => `${k}=${String(v).replace(/\s+/g, ' ')}`)
            .join(', ')}`
        : ''
    }`;
  const title = prompt ? `${base} [${prompt.label}]` : base;
  return title.length > 200 ? `${title.slice(0, 199)}…` : title;
}

/** Reads a promptfoo config (and the prompt, test and var files it names) and plans the cases and targets. */
export async function planPromptfooImport(configFile: string, cwd: string): Promise<PromptfooPlan> {
  const config = await readLocated(
    path.resolve(cwd, configFile),
    cwd,
    PromptfooConfigSchema,
    'a promptfoo config (prompts:, providers:, tests:)',
  );
  const notImported: NotImported[] = [];
  const known = new Set(['description', 'prompts', 'providers', 'tests', 'defaultTest']);
  for (const key of Object.keys(config.value)) {
    if (!known.has(key))
      notImported.push({
        where: config.at([key]),
        message: `${key}: not imported (Casewright reads description, prompts, providers, tests and defaultTest)`,
      });
  }

  const prompts = await readPrompts(config, notImported);
  if (prompts.length === 0) throw new UsageError(`${config.shown}: no prompt to import (prompts: is empty or none could be read)`);

  const targets: PromptfooPlan['targets'] = [];
  const providerEntries = asArray(config.value.providers);
  for (const [i, provider] of providerEntries.entries()) {
    const mapped = mapProvider(provider);
    const at = config.at(Array.isArray(config.value.providers) ? ['providers', i] : ['providers']);
    if ('problem' in mapped) notImported.push({ where: at, message: `provider ${mapped.problem}` });
    else {
      targets.push({ name: mapped.name, config: mapped.target });
      for (const note of mapped.notes) notImported.push({ where: at, message: `provider ${note}` });
    }
  }
  if (targets.length > 1) {
    notImported.push({
      where: config.at(['providers']),
      message: `promptfoo runs every test against each of ${targets.length} providers; the cases run against ${targets[0]!.name} (run the others with --target ${targets
        .slice(1)
        .map((t) => t.name)
        .join(' / --target ')})`,
    });
  }

  const defaults = config.value.defaultTest;
  const tests = await readTests(config, cwd);
  const configName = path.basename(configFile);
  const cases: ConversationCase[] = [];
  for (const located of tests) {
    const { test, index } = located;
    const vars = await caseVars(located, defaults, notImported);
    const assert: Assertion[] = [];
    const requirements: string[] = [];
    const sources: { list: PromptfooTest['assert']; file: LocatedFile<unknown>; path: (string | number)[] }[] = [
      { list: defaults?.assert, file: config as LocatedFile<unknown>, path: ['defaultTest'] },
      { list: test.assert, file: located.file, path: located.path },
    ];
    for (const { list, file, path: base } of sources) {
      for (const [j, a] of (list ?? []).entries()) {
        const mapped = mapAssertion(a, vars);
        const where = file.at([...base, 'assert', j]);
        if ('problem' in mapped) notImported.push({ where, message: `assertion ${mapped.problem}` });
        else if ('requirements' in mapped) requirements.push(...mapped.requirements);
        else assert.push(mapped.assertion);
        const extra = Object.keys(a).filter((k) => !['type', 'value', 'threshold', 'weight', 'metric', 'assert'].includes(k));
        if (extra.length && !('problem' in mapped))
          notImported.push({ where, message: `assertion ${a.type}: ${extra.join(', ')} not imported` });
      }
    }
    for (const key of ['options', 'metadata'] as const) {
      if (test[key] !== undefined) notImported.push({ where: located.file.at([...located.path, key]), message: `${key}: not imported` });
    }
    let target: string | undefined;
    if (test.provider !== undefined) {
      const mapped = mapProvider(test.provider);
      const at = located.file.at([...located.path, 'provider']);
      if ('problem' in mapped) notImported.push({ where: at, message: `provider ${mapped.problem}` });
      else {
        target = mapped.name;
        if (!targets.some((t) => t.name === mapped.name)) targets.push({ name: mapped.name, config: mapped.target });
      }
    }
    for (const prompt of prompts) {
      const key = `casewright:promptfoo:${configName}#${index}${prompts.length > 1 ? `#${prompt.label}` : ''}`;
      cases.push({
        id: nameBasedCaseId(key),
        title: titleOf(test, index, vars, prompts.length > 1 ? prompt : undefined),
        kind: 'conversation',
        priority: 'medium',
        tags: ['promptfoo'],
        category: 'functional',
        status: 'draft',
        covers: [],
        source: {
          kind: 'promptfoo',
          file: path.relative(cwd, path.resolve(cwd, configFile)) || configFile,
          test: index,
          ...(prompts.length > 1 ? { prompt: prompt.label } : {}),
        },
        version: 1,
        input: { messages: prompt.messages, ...(Object.keys(vars).length ? { vars } : {}) },
        expected: {
          requirements,
          assert,
          ...(test.threshold !== undefined ? { threshold: test.threshold } : {}),
        },
        ...(target ? { target } : {}),
      });
    }
  }
  return {
    suite: config.value.description?.trim() || `Imported from promptfoo (${configName})`,
    cases,
    targets,
    defaultTarget: targets[0]?.name,
    notImported,
  };
}

/** The cases as written in a file: only the fields a person would write. */
function written(c: ConversationCase): YamlValue {
  const { priority: _p, category: _c, covers: _v, version: _n, ...rest } = c;
  return rest as unknown as YamlValue;
}

/**
 * The case file's text with the plan's new cases appended (a new file when `existingText`
 * is undefined): cases the file already has (same id) are left as they are, the text
 * before the new cases stays exactly as written. An invalid existing file, or a result
 * that would not be a valid case file, throws with located errors.
 */
export function appendPromptfooCases(
  plan: PromptfooPlan,
  existingText: string | undefined,
  shownOut: string,
  shownConfig: string,
): { text: string; added: number; existing: number } {
  const present = new Set(
    existingText === undefined ? [] : CaseFileEditor.parse(existingText, shownOut).rawCases.map((c) => String(c.id).toLowerCase()),
  );
  const fresh = plan.cases.filter((c) => !present.has(c.id));
  const text = appendCasesToText(existingText, fresh.map(written), {
    suite: plan.suite,
    description: `Imported from ${shownConfig}. Review the requirements and assertions; promptfoo checks that did not map are listed by the import.`,
    ...(plan.defaultTarget ? { defaults: { target: plan.defaultTarget } } : {}),
  });
  const check = parseCaseFile(text, shownOut);
  if (!check.suite) throw new CaseFileError(check.diagnostics);
  return { text, added: fresh.length, existing: plan.cases.length - fresh.length };
}

/** The text of a target file made from a promptfoo provider. */
export function promptfooTargetFileText(name: string, config: TargetConfig, shownConfig: string): string {
  const header = `# Made by casewright import from the promptfoo provider '${name}' in ${shownConfig}; edit as needed.\n`;
  return header + stringify({ name, ...config }, YAML_WRITE_OPTIONS);
}
