import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { CommandContext } from '../context.js';
import { EXIT_OK } from '../exit-codes.js';

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** `--step "action => expected"`: one manual step. */
function step(value: string, previous: { action: string; expected: string }[] | undefined) {
  const [action, expected, ...rest] = value.split('=>').map((s) => s.trim());
  if (!action || !expected || rest.length) throw new InvalidArgumentError('Write a step as "what to do => what should happen"');
  return [...(previous ?? []), { action, expected }];
}

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
        const { initProject } = await import('../../workspace/init-job.js');
        const result = await initProject({ dir: path.resolve(ctx.io.cwd, dir ?? '.') });
        const shown = (name: string) => path.relative(ctx.io.cwd, path.join(result.dir, name)) || name;
        const out = (line: string) => ctx.io.stdout(`${line}\n`);
        for (const name of result.written) out(`  created ${shown(name)}`);
        for (const name of result.kept) out(`  kept    ${shown(name)} (it exists; not changed)`);
        if (result.gitignoreAdded.length) out(`  added ${result.gitignoreAdded.join(', ')} to ${shown('.gitignore')}`);
        const cases = shown(result.caseFile);
        out('');
        out('Next:');
        out(`  npx casewright validate ${cases}`);
        out(`  npx casewright add ${cases} --title "What the case checks"     # a new case with a fresh id`);
        out(
          `  npx casewright run ${path.dirname(cases)}/     # against the target my-app: set its url in ${shown(result.configFile)} first`,
        );
        out('');
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
    .option('--step <"action => expected">', 'manual: a step and its expected result (repeatable)', step)
    .option('--suite <name>', 'suite name of a new file (default: from the file name)')
    .option('--config <file>', 'casewright.config.yaml to use (default: the nearest one)')
    .action(
      ctx.action(
        async (
          file: string,
          options: {
            title: string;
            kind: 'conversation' | 'manual';
            message?: string;
            requirement?: string[];
            step?: { action: string; expected: string }[];
            suite?: string;
            config?: string;
          },
        ) => {
          const [{ addCase }, { cliWorkspace }] = await Promise.all([import('../../workspace/add-case-job.js'), import('../workspace.js')]);
          const ws = await cliWorkspace(ctx, { config: options.config });
          const result = await addCase(ws, {
            file,
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
