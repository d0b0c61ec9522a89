import path from 'node:path';
import type { Command } from 'commander';
import { initProject, FIRST_CASE_FILE } from '../../project/init-project.js';
import { addCase } from '../../project/add-case.js';
import { EXIT_OK } from '../exit-codes.js';
import type { CommandContext } from '../context.js';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** `casewright init` (start a project) and `casewright add` (a case with a fresh id). */
export function registerInit(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description(
      'start a project: casewright.config.yaml, a first case file, the case-file JSON Schema, .gitignore lines (never overwrites a file)',
    )
    .argument('[dir]', 'the project directory (default: the current one)')
    .action(
      ctx.action(async (dir: string | undefined) => {
        const root = path.resolve(ctx.io.cwd, dir ?? '.');
        const result = await initProject(root);
        const shown = (name: string) => path.relative(ctx.io.cwd, path.join(root, name)) || name;
        for (const name of result.written) ctx.io.stdout(`  created ${shown(name)}\n`);
        for (const name of result.kept) ctx.io.stdout(`  kept    ${shown(name)} (it exists; not changed)\n`);
        if (result.gitignoreAdded.length) ctx.io.stdout(`  added ${result.gitignoreAdded.join(', ')} to ${shown('.gitignore')}\n`);
        const cases = shown(FIRST_CASE_FILE);
        ctx.io.stdout(
          [
            '',
            'Next:',
            `  npx casewright validate ${cases}`,
            `  npx casewright add ${cases} --title "What the case checks"     # a new case with a fresh id`,
            `  npx casewright run ${path.dirname(cases)}/     # against the target my-app: set its url in ${shown('casewright.config.yaml')} first`,
            '',
          ].join('\n'),
        );
        return EXIT_OK;
      }),
    );

  program
    .command('add')
    .description('add a case with a fresh id to a case file (created when missing), keeping the file as you wrote it')
    .argument('<file>', 'the case file (*.cases.yaml)')
    .requiredOption('--title <text>', 'what the case checks, in one line')
    .option(
      '--kind <kind>',
      'conversation or manual (default: conversation)',
      ctx.choice(['conversation', 'manual'] as const),
      'conversation',
    )
    .option('--message <text>', 'conversation: what the user says (default: the title)')
    .option('--requirement <text>', 'conversation: a requirement the answer must meet (repeatable)', collect)
    .option('--step <"action => expected">', 'manual: a step and its expected result (repeatable)', collect)
    .option('--suite <name>', 'suite name of a new file (default: from the file name)')
    .action(
      ctx.action(
        async (
          file: string,
          options: {
            title: string;
            kind: 'conversation' | 'manual';
            message?: string;
            requirement?: string[];
            step?: string[];
            suite?: string;
          },
        ) => {
          const result = await addCase({
            file,
            cwd: ctx.io.cwd,
            title: options.title,
            kind: options.kind,
            message: options.message,
            requirements: options.requirement,
            steps: options.step,
            suite: options.suite,
          });
          const what = options.kind === 'manual' ? 'steps' : 'messages and checks';
          ctx.io.stdout(
            `added ${options.kind} case ${result.id} to ${result.file}:${result.line}${result.created ? ' (new file)' : ''}; write its ${what} there\n`,
          );
          for (const warning of result.warnings) ctx.io.stderr(`warning: ${warning}\n`);
          return EXIT_OK;
        },
      ),
    );
}
