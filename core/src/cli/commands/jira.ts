import path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { loadConfig } from '../../config/config.js';
import { UsageError } from '../../errors/usage-error.js';
import { findCaseFiles, loadCaseFile } from '../../model/load.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import { JiraKeySchema } from '../../model/common.js';
import { YAML_WRITE_OPTIONS } from '../../model/case-file-editor.js';
import { createJiraClient } from '../../connectors/jira/jira-client.js';
import { createRestJiraTransport } from '../../connectors/jira/rest-transport.js';
import { withJiraRetry } from '../../connectors/jira/retrying-transport.js';
import { resolveIssueType } from '../../connectors/jira/issue-type.js';
import { pullCases, pushCases, resolvePullReview, type PullStatus, type SyncItem } from '../../connectors/jira/sync.js';
import { applySyncItems, SYNC_NEEDS_ATTENTION } from '../../connectors/jira/apply-sync.js';
import { updateFileAtomic } from '../../util/atomic-write.js';
import { printable } from '../../util/printable.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import type { CommandContext } from '../context.js';
import { createAsker } from '../read-answers.js';

interface JiraOptions {
  story?: string;
  config?: string;
  review?: boolean;
}

const indent = (text: string, by: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => by + l)
    .join('\n');
const shownValue = (value: unknown) => (value === undefined ? '(not set)' : printable(stringify(value, YAML_WRITE_OPTIONS)));

/** Shows what Jira proposes for a case waiting for review and asks whether to take it. */
async function reviewItem(
  ctx: CommandContext,
  asker: ReturnType<typeof createAsker>,
  item: SyncItem<PullStatus>,
): Promise<'accept' | 'reject' | undefined> {
  const out = [`\n${item.key}: ${printable(item.title, { singleLine: true })} — Jira changes what this case runs:`];
  for (const change of item.pending ?? []) {
    out.push(
      `  ${change.field}`,
      '    here:',
      indent(shownValue(change.local), '      '),
      '    Jira:',
      indent(shownValue(change.jira), '      '),
    );
  }
  ctx.io.stderr(`${out.join('\n')}\n`);
  for (;;) {
    const answer = (
      await asker.ask('Take these changes from Jira? [y]es / [n]o, keep mine and take only the text / [s]kip: ')
    )?.toLowerCase();
    if (answer === undefined || answer === '' || answer === 's' || answer === 'skip') return undefined;
    if (answer === 'y' || answer === 'yes') return 'accept';
    if (answer === 'n' || answer === 'no') return 'reject';
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
          : "take changes made in Jira into the case files and add the story's cases that are not local yet",
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
        if (options.story && !JiraKeySchema.safeParse(options.story).success)
          throw new UsageError(`--story "${options.story}" must be a Jira issue key such as SHOP-123`);
        const { config } = await loadConfig(ctx.io.cwd, options.config);
        const section = config.jira;
        const site = section?.site ?? ctx.io.env.JIRA_BASE_URL;
        const email = section?.email ?? ctx.io.env.JIRA_EMAIL;
        const apiToken = ctx.io.env.JIRA_API_TOKEN;
        if (!site) throw new UsageError('no Jira site: set jira.site in casewright.config.yaml or JIRA_BASE_URL');
        if (!email || !apiToken) throw new UsageError('no Jira credentials: set JIRA_EMAIL (or jira.email) and JIRA_API_TOKEN');
        const client = createJiraClient(withJiraRetry(createRestJiraTransport({ baseUrl: site, email, apiToken })));
        const files = await findCaseFiles(paths.length > 0 ? paths : ['.'], ctx.io.cwd);
        let asker: ReturnType<typeof createAsker> | undefined;
        let problems = 0;
        const issueTypes = new Map<string, { id: string; name: string }>();
        try {
          for (const file of files) {
            const shown = path.relative(ctx.io.cwd, file) || file;
            const parsed = await loadCaseFile(file, shown);
            if (!parsed.suite) {
              for (const d of parsed.diagnostics.filter((x) => x.severity === 'error')) ctx.io.stderr(`${formatDiagnostic(d)}\n`);
              ctx.io.stderr(`${shown}: not synced (fix the errors above first)\n`);
              return EXIT_USAGE;
            }
            const suite = parsed.suite;
            const story = options.story ?? (suite.story && JiraKeySchema.safeParse(suite.story).success ? suite.story : undefined);
            const projectKey = section?.project ?? story?.replace(/-\d+$/, '');
            if (!projectKey) {
              ctx.io.stderr(`${shown}: skipped — no story (set story: in the file or --story) and no jira.project in the config\n`);
              continue;
            }
            const items: Array<SyncItem<string>> = [];
            if (direction === 'push') {
              if (!issueTypes.has(projectKey)) issueTypes.set(projectKey, await resolveIssueType(client, projectKey, section?.issueType));
              const r = await pushCases(suite.cases, {
                client,
                story,
                projectKey,
                issueType: issueTypes.get(projectKey)!,
                linkType: section?.linkType ?? 'Relates',
              });
              items.push(...r.items);
            } else {
              const r = await pullCases(suite.cases, { client, story });
              for (const item of r.items) {
                const decision =
                  options.review && item.status === 'review' ? await reviewItem(ctx, (asker ??= createAsker(ctx.io)), item) : undefined;
                items.push(decision ? await resolvePullReview(item, decision, { client }) : item);
              }
              for (const p of r.problems) {
                ctx.io.stdout(`  error     ${printable(p.message, { singleLine: true })}\n`);
                problems++;
              }
            }
            let changedMeanwhile: string[] = [];
            await updateFileAtomic(
              file,
              (text) => {
                if (text === undefined) throw new UsageError(`${shown} was deleted during the sync; nothing was written`);
                const applied = applySyncItems(text, shown, suite.cases, items);
                changedMeanwhile = applied.changedMeanwhile;
                return applied.text;
              },
              { shown },
            );
            ctx.io.stdout(`${shown}${story ? ` (${story})` : ''}\n`);
            for (const item of items) {
              const meanwhile = changedMeanwhile.includes(item.caseId);
              if (SYNC_NEEDS_ATTENTION.has(item.status) || meanwhile) problems++;
              const message = meanwhile ? 'you changed this case while it synced; your edit was kept — sync again' : item.message;
              ctx.io.stdout(
                `  ${item.status.padEnd(13)} ${(item.key ?? '').padEnd(10)} ${printable(item.title, { singleLine: true })}${message ? `\n      ${printable(message, { singleLine: true })}` : ''}\n`,
              );
            }
          }
        } finally {
          asker?.close();
        }
        if (problems > 0) ctx.io.stderr(`✗ ${problems} case${problems === 1 ? '' : 's'} need attention (see above)\n`);
        return problems > 0 ? EXIT_FINDINGS : EXIT_OK;
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
