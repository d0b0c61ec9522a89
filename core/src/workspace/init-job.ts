import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE_NAME } from '../config/config.js';
import { newCaseId } from '../model/case-id.js';
import { caseFileJsonSchema } from '../model/json-schema.js';
import { writeFileAtomic } from '../model/atomic-write.js';
import { configTemplate, firstCasesTemplate, GITIGNORE_LINES } from './project-templates.js';

export interface InitResult {
  /** The project directory (absolute). */
  dir: string;
  /** The first case file, relative to the project directory. */
  caseFile: string;
  /** The config file, relative to the project directory. */
  configFile: string;
  /** Files written, relative to the project directory. */
  written: string[];
  /** Files that existed and were left as they are. */
  kept: string[];
  /** Lines added to .gitignore (empty when it had them all). */
  gitignoreAdded: string[];
}

export const FIRST_CASE_FILE = 'cases/first.cases.yaml';
export const SCHEMA_FILE = 'cases.schema.json';

/** Creates `file` with `text` unless it exists; true when written. */
async function createOnly(file: string, text: string): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, text, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * Starts a Casewright project in `dir` (created when missing): a config with a declared
 * target and commented providers and judge, a first case file with fresh ids and the
 * JSON Schema hint for editors, the case-file JSON Schema, the `.gitignore` lines. Writes
 * only files that do not exist yet (an existing file is reported as kept, never
 * overwritten) and adds to `.gitignore` only the lines it lacks. It needs no workspace:
 * it makes one.
 */
export async function initProject(options: { dir: string }): Promise<InitResult> {
  const dir = path.resolve(options.dir);
  const result: InitResult = { dir, caseFile: FIRST_CASE_FILE, configFile: CONFIG_FILE_NAME, written: [], kept: [], gitignoreAdded: [] };
  const files: [string, string][] = [
    [CONFIG_FILE_NAME, configTemplate()],
    [SCHEMA_FILE, `${JSON.stringify(caseFileJsonSchema(), null, 2)}\n`],
    [
      FIRST_CASE_FILE,
      firstCasesTemplate({
        schemaPath: path.posix.relative(path.posix.dirname(FIRST_CASE_FILE), SCHEMA_FILE),
        conversationId: newCaseId(),
        manualId: newCaseId(),
      }),
    ],
  ];
  for (const [name, text] of files) {
    ((await createOnly(path.join(dir, name), text)) ? result.written : result.kept).push(name);
  }
  const gitignore = path.join(dir, '.gitignore');
  let existing = '';
  try {
    existing = await readFile(gitignore, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const present = new Set(existing.split(/\r?\n/).map((l) => l.trim()));
  result.gitignoreAdded = GITIGNORE_LINES.filter((line) => !present.has(line) && !present.has(line.replace(/\/$/, '')));
  if (result.gitignoreAdded.length) {
    const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
    const block = `${existing === '' ? '' : '\n'}# Casewright: reports, last-run results, import state, response cache\n${result.gitignoreAdded.join('\n')}\n`;
    await writeFileAtomic(gitignore, `${existing}${separator}${block}`);
  }
  return result;
}
