// Every command's --help, as a user reads it: defaults in words, never JavaScript
// values such as `(default: ["manual"])` or `(default: {})`.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCasewright } from './helpers/cli.js';

const root = path.resolve(import.meta.dirname, '..');

async function help(args: string[]): Promise<string> {
  const result = await runCasewright([...args, '--help'], { cwd: root });
  expect(result.status).toBe(0);
  return result.stdout;
}

/** The command names listed under "Commands:" in a help text (without `help`). */
function commandsIn(text: string): string[] {
  const section = text.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!).filter((name) => name !== 'help');
}

// Every help page is read before the tests are collected (`it.each` lists them), asynchronously:
// a worker blocked on ~40 CLI runs stops answering vitest.
const top = await help([]);
const pages: [string, string][] = [['casewright', top]];
for (const command of commandsIn(top)) {
  const text = await help([command]);
  pages.push([command, text]);
  for (const sub of commandsIn(text)) pages.push([`${command} ${sub}`, await help([command, sub])]);
}

describe('help', () => {
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
