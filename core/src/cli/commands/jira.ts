import type { Command } from 'commander';
import { formatDiagnostic } from '../../errors/diagnostic.js';
import type { CommandContext } from '../context.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';

interface JiraOptions {
  story?: string;
  config?: string;
}

export function registerJira(program: Command, ctx: CommandContext): void {
  const jira = program.command('jira').description('sync case files with Jira: test-case issues linked to their story');
  for (const direction of ['push', 'pull'] as const) {
    jira
      .command(direction)
      .description(
        direction === 'push'
          ? 'create or update a Jira issue per case (linked to the story); conflicts are reported, never overwritten'
          : "take changes made in Jira into the case files and add the story's cases that are not local yet",
      )
      .argument('[paths...]', 'case files or directories (default: the current directory)')
      .option('--story <KEY>', "the story (default: each file's `story:`)")
      .option('--config <file>', 'casewright.config.yaml to use')
      .action(
        ctx.action(async (paths: string[], options: JiraOptions) => {
          const [{ syncCaseFiles }, { checkJiraKey }, { cliWorkspace }] = await Promise.all([
            import('../../workspace/jira-job.js'),
            import('../../workspace/story-job.js'),
            import('../workspace.js'),
          ]);
          if (options.story) checkJiraKey(options.story, '--story');
          const ws = await cliWorkspace(ctx, { config: options.config });
          const { files, invalid, attention } = await syncCaseFiles(ws, { direction, paths, story: options.story });
          if (invalid > 0) {
            for (const f of files.filter((x) => x.diagnostics)) {
              for (const d of f.diagnostics!) ctx.io.stderr(`${formatDiagnostic(d)}\n`);
              ctx.io.stderr(`${f.shown}: not synced (fix the errors above first)\n`);
            }
            return EXIT_USAGE;
          }
          for (const f of files) {
            if (f.skipped) {
              ctx.io.stderr(`${f.shown}: skipped — ${f.skipped}\n`);
              continue;
            }
            ctx.io.stdout(`${f.shown}${f.story ? ` (${f.story})` : ''}\n`);
            for (const p of f.problems) ctx.io.stdout(`  error     ${p.message}\n`);
            for (const item of f.items)
              ctx.io.stdout(
                `  ${item.status.padEnd(13)} ${(item.key ?? '').padEnd(10)} ${item.title}${item.message ? `\n      ${item.message}` : ''}\n`,
              );
          }
          if (attention > 0) ctx.io.stderr(`✗ ${attention} case${attention === 1 ? '' : 's'} need attention (see above)\n`);
          return attention > 0 ? EXIT_FINDINGS : EXIT_OK;
        }),
      );
  }
  // Nested commands need their own exit override, or commander exits the process on a usage error.
  for (const sub of jira.commands) {
    sub.exitOverride();
    sub.configureOutput({
      writeOut: (text) => ctx.io.stdout(text),
      writeErr: (text) => ctx.io.stderr(text),
      outputError: (text, write) =>
        write(`${text.replace(/^error: /, `casewright jira ${sub.name()}: `).trimEnd()} (see 'casewright jira ${sub.name()} --help')\n`),
    });
  }
}
