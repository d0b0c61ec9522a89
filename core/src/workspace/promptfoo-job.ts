import { stat } from 'node:fs/promises';
import path from 'node:path';
import {
  appendPromptfooCases,
  planPromptfooImport,
  promptfooTargetFileText,
  type PromptfooPlan,
} from '../connectors/promptfoo/promptfoo-plan.js';
import { CASE_FILE_SUFFIX } from '../model/case-file-name.js';
import { writeFileAtomic } from '../model/atomic-write.js';
import { readCaseFileText, writeCaseFile } from './case-file-io.js';
import type { Workspace } from './workspace.js';

export type { NotImported, PromptfooPlan } from '../connectors/promptfoo/promptfoo-plan.js';

export interface ImportPromptfooOptions {
  /** The promptfoo config (`promptfooconfig.yaml`), relative to the workspace. */
  config: string;
  /** The case file to add to (created when missing); default: `<config name>.cases.yaml` beside the config. */
  out?: string | undefined;
  /** Plan and report, write nothing. */
  dryRun?: boolean | undefined;
}

export interface ImportPromptfooResult extends PromptfooPlan {
  /** The case file as messages show it. */
  out: string;
  /** The config as messages show it. */
  config: string;
  /** Cases added to the file (on a dry run: that would be added). */
  added: number;
  /** Cases the file already had (same id): left as they are. */
  existing: number;
  /** Target files written, as messages show them (existing ones are never overwritten). */
  targetFiles: string[];
}

/** `promptfooconfig.yaml` → `promptfooconfig.cases.yaml` beside it. */
export function defaultPromptfooCaseFile(config: string): string {
  return path.join(path.dirname(config), `${path.basename(config).replace(/\.(ya?ml|json)$/i, '')}${CASE_FILE_SUFFIX}`);
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/**
 * Imports a promptfoo config's tests into a case file (created when missing; cases it
 * already has are left untouched) and writes a target file per mapped provider into
 * `targets/` beside it when none of that name exists. What did not map comes back in
 * `notImported`, located. The result is checked to be a valid case file before anything
 * is written; with `dryRun`, nothing is.
 */
export async function importPromptfoo(ws: Workspace, options: ImportPromptfooOptions): Promise<ImportPromptfooResult> {
  const configFile = ws.resolve(options.config);
  const shownConfig = ws.shown(configFile);
  const plan = await planPromptfooImport(configFile, ws.cwd);
  const outFile = ws.resolve(options.out ?? defaultPromptfooCaseFile(configFile));
  const shownOut = ws.shown(outFile);
  const existingText = await readCaseFileText(outFile);
  const { text, added, existing } = appendPromptfooCases(plan, existingText, shownOut, shownConfig);
  const targetFiles: string[] = [];
  if (!options.dryRun) {
    if (added > 0) await writeCaseFile(outFile, text, { previous: existingText, shown: shownOut });
    for (const { name, config } of plan.targets) {
      const file = path.join(path.dirname(outFile), 'targets', `${name}.yaml`);
      if (await exists(file)) continue;
      await writeFileAtomic(file, promptfooTargetFileText(name, config, shownConfig));
      targetFiles.push(ws.shown(file));
    }
  }
  return { ...plan, config: shownConfig, out: shownOut, added, existing, targetFiles };
}
