import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { UsageError } from '../../errors/usage-error.js';
import { CaseFileEditor } from '../../model/case-file-editor.js';
import { findCaseFiles, loadCaseFile } from '../../model/load.js';
import { formatDiagnostic } from '../../model/diagnostic.js';
import type { TestCase } from '../../model/case.js';
import { JiraKeySchema } from '../../model/common.js';
import { createJiraClient } from '../../connectors/jira/jira-client.js';
import { createRestJiraTransport } from '../../connectors/jira/rest-transport.js';
import { withJiraRetry } from '../../connectors/jira/retrying-transport.js';
import { resolveIssueType } from '../../connectors/jira/issue-type.js';
import { pullCases, pushCases, type SyncItem } from '../../connectors/jira/sync.js';
import { stableJson } from '../../connectors/jira/case-mapping.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import type { CommandContext } from '../context.js';

interface JiraOptions {
  story?: string;
  config?: string;
}

const PROBLEM = new Set(['conflict', 'jira-changed', 'local-changed', 'error']);

/** Writes back only the top-level fields of a case that the sync changed, keeping the rest of the YAML as written. */
function applyCase(editor: CaseFileEditor, before: TestCase | undefined, after: TestCase): boolean {
  if (!before) {
    editor.upsertCase(after);
    return true;
  }
  let changed = false;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const a = (before as Record<string, unknown>)[key];
    const b = (after as Record<string, unknown>)[key];
    if (stableJson(a) === stableJson(b)) continue;
    editor.setField(after.id, [key], b);
    changed = true;
  }
  return changed;
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
          let problems = 0;
          const issueTypes = new Map<string, { id: string; name: string }>();
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
              items.push(...r.items);
              for (const p of r.problems) {
                ctx.io.stdout(`  error     ${p.message}\n`);
                problems++;
              }
            }
            const editor = CaseFileEditor.parse(await readFile(file, 'utf8'), shown);
            const byId = new Map(suite.cases.map((c) => [c.id, c]));
            let dirty = false;
            ctx.io.stdout(`${shown}${story ? ` (${story})` : ''}\n`);
            for (const item of items) {
              if (!PROBLEM.has(item.status)) dirty = applyCase(editor, byId.get(item.caseId), item.case) || dirty;
              else problems++;
              ctx.io.stdout(
                `  ${item.status.padEnd(13)} ${(item.key ?? '').padEnd(10)} ${item.title}${item.message ? `\n      ${item.message}` : ''}\n`,
              );
            }
            if (dirty) {
              editor.toSuite(); // never write a file the edits made invalid
              await writeFile(file, editor.toString());
            }
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
