import type { Command } from 'commander';
import { formatDiagnostic } from '../../errors/diagnostic.js';
import type { PullStatus, SyncItem } from '../../connectors/jira/sync.js';
import { printable } from '../../util/printable.js';
import type { CommandContext } from '../context.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { createAsker } from '../read-answers.js';

interface JiraOptions {
  story?: string;
  config?: string;
  review?: boolean;
}

const line = (text: string) => printable(text, { singleLine: true });

/** Shows what Jira proposes for a case waiting for review (each field, both values) and asks whether to take it. */
async function reviewItem(ctx: CommandContext, asker: ReturnType<typeof createAsker>, item: SyncItem<PullStatus>) {
  const { stringify } = await import('yaml');
  const shown = (value: unknown) =>
    value === undefined
      ? '      (not set)'
      : printable(stringify(value, { lineWidth: 0 }))
          .trimEnd()
          .split('\n')
          .map((l) => `      ${l}`)
          .join('\n');
  const out = [`\n${item.key}: ${line(item.title)} — Jira changes what this case runs:`];
  for (const change of item.pending ?? []) out.push(`  ${change.field}`, '    here:', shown(change.local), '    Jira:', shown(change.jira));
  ctx.io.stderr(`${out.join('\n')}\n`);
  for (;;) {
    const answer = (
      await asker.ask('Take these changes from Jira? [y]es / [n]o, keep mine and take only the text / [s]kip: ')
    )?.toLowerCase();
    if (answer === undefined || answer === '' || answer === 's' || answer === 'skip') return undefined;
    if (answer === 'y' || answer === 'yes') return 'accept' as const;
    if (answer === 'n' || answer === 'no') return 'reject' as const;
  }
}

export function registerJira(program: Command, ctx: CommandContext): void {
  const jira = program.command('jira').description('sync case files with Jira: test-case issues linked to their story');
  for (const direction of ['push', 'pull'] as const) {
    const command = jira
      .command(direction)
      .description(
        direction === 'push'
          ? 'create or update a Jira issue per case (linked to the story); conflicts are reported, never overwritten'
          : "take the text changed in Jira into the case files and add the story's cases that are not local yet; changes to what a case runs wait for --review",
      )
      .argument('[paths...]', 'case files or directories (default: the current directory)')
      .option('--story <KEY>', "the story (default: each file's `story:`)")
      .option('--config <file>', 'casewright.config.yaml to use');
    if (direction === 'pull')
      command.option(
        '--review',
        'show each change Jira proposes to what a case runs (assertions, target, vars, …) and ask whether to take it',
      );
    command.action(
      ctx.action(async (paths: string[], options: JiraOptions) => {
        const [{ syncCaseFiles }, { checkJiraKey }, { cliWorkspace }] = await Promise.all([
          import('../../workspace/jira-job.js'),
          import('../../workspace/story-job.js'),
          import('../workspace.js'),
        ]);
        if (options.story) checkJiraKey(options.story, '--story');
        const ws = await cliWorkspace(ctx, { config: options.config });
        let asker: ReturnType<typeof createAsker> | undefined;
        let result;
        try {
          result = await syncCaseFiles(ws, {
            direction,
            paths,
            story: options.story,
            review: options.review ? (item) => reviewItem(ctx, (asker ??= createAsker(ctx.io)), item) : undefined,
          });
        } finally {
          asker?.close();
        }
        const { files, invalid, attention } = result;
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
          for (const p of f.problems) ctx.io.stdout(`  error     ${line(p.message)}\n`);
          for (const item of f.items) {
            const message = f.changedMeanwhile?.includes(item.caseId)
              ? 'you changed this case while it synced; your edit was kept — sync again'
              : item.message;
            ctx.io.stdout(
              `  ${item.status.padEnd(13)} ${(item.key ?? '').padEnd(10)} ${line(item.title)}${message ? `\n      ${line(message)}` : ''}\n`,
            );
          }
        }
        if (attention > 0) ctx.io.stderr(`✗ ${attention} case${attention === 1 ? '' : 's'} need attention (see above)\n`);
        return attention > 0 ? EXIT_FINDINGS : EXIT_OK;
      }),
    );
  }
  jira
    .command('analytics')
    .description(
      "pass rate per story and over time, criteria coverage, open defects and flaky cases, from the executions recorded on Jira (default: the config's jira.project)",
    )
    .option('--project <KEY>', "the project's stories (default: jira.project in casewright.config.yaml)")
    .option('--story <KEY>', 'one story instead of a project')
    .option('--json', 'print the analytics object (the one the Jira app charts) as JSON')
    .option('--config <file>', 'casewright.config.yaml to use')
    .action(
      ctx.action(async (options: { project?: string; story?: string; json?: boolean; config?: string }) => {
        const [{ readExecutionAnalytics }, { formatAnalytics }, { cliWorkspace }, { UsageError }] = await Promise.all([
          import('../../workspace/execution-analytics-job.js'),
          import('../../workspace/execution-analytics-text.js'),
          import('../workspace.js'),
          import('../../errors/usage-error.js'),
        ]);
        if (options.project && options.story) throw new UsageError('give --project or --story, not both');
        const ws = await cliWorkspace(ctx, { config: options.config });
        const project = options.story ? undefined : (options.project ?? ws.config.jira?.project);
        if (!options.story && !project)
          throw new UsageError('name the project: --project KEY, --story KEY, or jira.project in casewright.config.yaml');
        const analytics = await readExecutionAnalytics(ws, { project, story: options.story });
        ctx.io.stdout(
          options.json
            ? `${JSON.stringify(analytics, null, 2)}\n`
            : formatAnalytics(analytics, { scope: options.story ? `story ${options.story}` : `project ${project}` }),
        );
        return EXIT_OK;
      }),
    );
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
