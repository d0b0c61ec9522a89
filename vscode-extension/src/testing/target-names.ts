import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const CONFIG_FILE_NAME = 'casewright.config.yaml';

function unquote(value: string): string {
  const v = value.replace(/\s+#.*$/, '').trim();
  return /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v;
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The nearest config: the one the settings name, else `casewright.config.yaml` in `cwd` or above (as core finds it). */
async function configText(cwd: string, configFile: string | undefined): Promise<string | undefined> {
  if (configFile) return readText(path.resolve(cwd, configFile));
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const text = await readText(path.join(dir, CONFIG_FILE_NAME));
    if (text !== undefined || path.dirname(dir) === dir) return text;
  }
}

/** The keys of the top-level `targets:` mapping, read line by line (block style). */
function configTargetNames(text: string): string[] {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => /^targets:\s*(#.*)?$/.test(l));
  if (at < 0) return [];
  const names: string[] = [];
  let indent = -1;
  for (const line of lines.slice(at + 1)) {
    if (!line.trim() || /^\s*#/.test(line)) continue;
    const own = line.length - line.trimStart().length;
    if (own === 0) break;
    if (indent < 0) indent = own;
    const key = own === indent ? /^\s*("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:(\s|$)/.exec(line) : null;
    if (key) names.push(unquote(key[1]!));
  }
  return names;
}

/**
 * The names of the targets a workspace folder declares — `targets:` in its config and
 * `targets/*.yaml` files in the folder (their `name:`, else the file name) — for one run
 * profile per target. Read without loading core (activation stays light); the CLI resolves
 * and validates the target when a profile runs, and says so if a name is wrong.
 */
export async function declaredTargetNames(cwd: string, configFile?: string): Promise<string[]> {
  const names = new Set<string>();
  const dir = path.join(cwd, 'targets');
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const file of files.filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const text = (await readText(path.join(dir, file))) ?? '';
    const name = /^name:\s*(.+)$/m.exec(text);
    names.add(name ? unquote(name[1]!) : file.replace(/\.ya?ml$/, ''));
  }
  for (const name of configTargetNames((await configText(cwd, configFile)) ?? '')) names.add(name);
  return [...names].sort();
}
