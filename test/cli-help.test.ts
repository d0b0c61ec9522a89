// Every command's --help, as a user reads it: defaults in words, never JavaScript
// values such as `(default: ["manual"])` or `(default: {})`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;

function help(args: string[]): string {
  const result = spawnSync(process.execPath, ['--import', tsx, main, ...args, '--help'], { cwd: root, encoding: 'utf8' });
  expect(result.status).toBe(0);
  return result.stdout;
}

/** The command names listed under "Commands:" in a help text (without `help`). */
function commandsIn(text: string): string[] {
  const section = text.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
}

describe('help', () => {
  const top = help([]);
  const pages: [string, string][] = [['casewright', top]];
  for (const command of commandsIn(top)) {
    const text = help([command]);
    pages.push([command, text]);
    for (const sub of commandsIn(text)) pages.push([`${command} ${sub}`, help([command, sub])]);
  }

  it('lists the commands a new user needs', () => {
    expect(commandsIn(top)).toEqual(expect.arrayContaining(['init', 'add', 'validate', 'generate', 'import', 'run']));
  });

  it.each(pages)('%s shows defaults in words', (_name, text) => {
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).not.toMatch(/\(default: [[{"]/);
    expect(flat).not.toMatch(/default: (undefined|null|\[object)/);
  });

  it('shows list defaults as words: generate --kinds, run --reporter', () => {
    const flat = (name: string) => pages.find(([n]) => n === name)![1].replace(/\s+/g, ' ');
    expect(flat('generate')).toContain('kinds of case: manual, conversation (default: manual)');
    expect(flat('run')).toContain('(default: console)');
    expect(flat('import')).toContain('(repeatable; default: any)');
  });
});
