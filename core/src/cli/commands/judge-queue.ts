import type { Command } from 'commander';
import { UsageError } from '../../errors/usage-error.js';
import { formatJudgeAgreement, formatQueuedVerdict, verdictWord } from '../../workspace/judge-queue-text.js';
import { printable } from '../../util/printable.js';
import type { CommandContext } from '../context.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';

interface QueueOptions {
  note?: string;
  all?: boolean;
  json?: boolean;
  config?: string;
  jira?: boolean;
  story: string[];
}

const ACTIONS = ['list', 'review', 'confirm', 'override', 'pull'] as const;
type Action = (typeof ACTIONS)[number];

export function registerJudgeQueue(program: Command, ctx: CommandContext): void {
  program
    .command('judge-queue')
    .description(
      'the judge validation queue (.casewright/judge-queue.jsonl): verdicts near the threshold or where judges disagree; list them, review them one by one, or confirm / override one by id (an override becomes the case outcome in .casewright/last-run.json)',
    )
    .argument('[action]', `${ACTIONS.join(' | ')} (default: review in a terminal, list otherwise)`)
    .argument('[id]', 'the queued verdict (confirm / override): its id or a prefix of it')
    .option('--note <text>', 'confirm / override: why (kept with the decision, shown to the judge as calibration)')
    .option('--all', 'list: decided verdicts too')
    .option('--json', 'list: one JSON object per line')
    .option('--config <file>', 'casewright.config.yaml to use (default: the nearest one)')
    .option('--jira', "pull: bring the decisions made in the Jira app's Judge review into the queue (appended, idempotent)")
    .option(
      '--story <key>',
      'pull: only this story (repeatable; default: the stories of the case files under the current folder)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .action(
      ctx.action(async (actionArg: string | undefined, id: string | undefined, options: QueueOptions) => {
        const input = ctx.io.stdin ?? process.stdin;
        const tty = !!(input as { isTTY?: boolean }).isTTY && ctx.io.isTty;
        const action = (actionArg ?? (tty ? 'review' : 'list')) as Action;
        if (!ACTIONS.includes(action)) throw new UsageError(`judge-queue: unknown action '${actionArg}' (one of ${ACTIONS.join(', ')})`);
        const [{ cliWorkspace }, job, os] = await Promise.all([
          import('../workspace.js'),
          import('../../workspace/judge-queue-job.js'),
          import('node:os'),
        ]);
        const ws = await cliWorkspace(ctx, { config: options.config });
        const out = (s: string) => ctx.io.stdout(`${s}\n`);
        const by = (() => {
          try {
            return os.userInfo().username;
          } catch {
            return undefined;
          }
        })();
        if (action === 'pull') {
          if (!options.jira) throw new UsageError('judge-queue pull brings decisions from Jira: add --jira');
          const [jiraJob, executions, load] = await Promise.all([
            import('../../workspace/judge-queue-jira-job.js'),
            import('../../workspace/execution-job.js'),
            import('../../model/load.js'),
          ]);
          let stories = options.story.map((k) => k.trim().toUpperCase());
          const bad = stories.filter((k) => !/^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/.test(k));
          if (bad.length) throw new UsageError(`judge-queue pull --story: ${bad.join(', ')} is not a Jira issue key (like SHOP-12)`);
          if (stories.length === 0) {
            const cases = await executions.readExecutedCases(ws, await load.findCaseFiles(['.'], ws.cwd));
            stories = [
              ...new Set([...cases.values()].flatMap((c) => (c.story && /^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/.test(c.story) ? [c.story] : []))),
            ];
            if (stories.length === 0)
              throw new UsageError('judge-queue pull --jira: no case file here names a Jira story; give --story <KEY>');
          }
          const pulled = await jiraJob.pullJudgeDecisionsFromJira(ws, { stories });
          if (pulled.missing.length) ctx.io.stderr(`jira: not found on Jira: ${pulled.missing.join(', ')}\n`);
          out(
            `${pulled.decided} decision${pulled.decided === 1 ? '' : 's'} from Jira (${pulled.queued} verdict${pulled.queued === 1 ? '' : 's'} new here, ${pulled.unchanged} already here) from ${pulled.stories.length} stor${pulled.stories.length === 1 ? 'y' : 'ies'} into ${ws.shown(job.judgeQueueFileOf(ws))}`,
          );
          return EXIT_OK;
        }
        const queue = await job.listJudgeQueue(ws);
        for (const w of queue.warnings) ctx.io.stderr(`warning: ${printable(w, { singleLine: true })}\n`);
        const pending = queue.entries.filter((e) => !e.decision);

        const decide = async (which: string, decision: 'confirmed' | 'overridden', note?: string) => {
          const done = await job.decideJudgeVerdict(ws, { id: which, decision, note, by });
          out(`${done.decision.id}: ${decision} → ${verdictWord(done.decision.pass)}`);
          if (done.lastRun?.applied) out(`  ${job.LAST_RUN_RESULT}: the case is now ${done.lastRun.outcome}`);
          else if (done.lastRun) out(`  ${printable(done.lastRun.why, { singleLine: true })}`);
        };

        if (action === 'confirm' || action === 'override') {
          if (!id) throw new UsageError(`judge-queue ${action} needs the id of a queued verdict (judge-queue list shows them)`);
          await decide(id, action === 'confirm' ? 'confirmed' : 'overridden', options.note);
          return EXIT_OK;
        }
        if (action === 'list') {
          const shown = options.all ? queue.entries : pending;
          if (options.json) for (const e of shown) out(JSON.stringify({ ...e.item, ...(e.decision ? { decision: e.decision } : {}) }));
          else {
            for (const e of shown) out(`${formatQueuedVerdict(e.item, e.decision)}\n`);
            out(`${pending.length} pending, ${queue.entries.length - pending.length} decided (${ws.shown(queue.file)})`);
          }
          // Pending verdicts are findings for CI: exit 1 while people still have to look.
          return pending.length > 0 && !options.json ? EXIT_FINDINGS : EXIT_OK;
        }
        // review: one by one, interactive.
        if (!tty)
          throw new UsageError('judge-queue review is interactive: run it in a terminal, or use confirm / override <id> in a script');
        if (pending.length === 0) {
          out('No judge verdicts waiting for a person.');
          return EXIT_OK;
        }
        const prompts = await import('@inquirer/prompts');
        const context = { input, output: process.stdout, signal: ctx.signal, clearPromptOnDone: false };
        const counts = { confirmed: 0, overridden: 0, skipped: 0 };
        out(`${pending.length} judge verdict${pending.length === 1 ? '' : 's'} to check.`);
        for (const [n, entry] of pending.entries()) {
          out(`\n[${n + 1}/${pending.length}] ${formatQueuedVerdict(entry.item)}`);
          try {
            const judges = verdictWord(entry.item.pass);
            const other = verdictWord(!entry.item.pass);
            const choice = await prompts.select<'confirm' | 'override' | 'skip' | 'quit'>(
              {
                message: 'Is the judges’ verdict right?',
                choices: [
                  { name: `Confirm: it is a ${judges}`, value: 'confirm' },
                  { name: `Override: it is a ${other}`, value: 'override' },
                  { name: 'Skip for now', value: 'skip' },
                  { name: 'Quit', value: 'quit' },
                ],
              },
              context,
            );
            if (choice === 'quit') {
              counts.skipped += pending.length - n;
              break;
            }
            if (choice === 'skip') {
              counts.skipped++;
              continue;
            }
            const note = await prompts.input({ message: 'Why? (optional; shown to the judge as calibration)' }, context);
            await decide(entry.item.id, choice === 'confirm' ? 'confirmed' : 'overridden', note);
            counts[choice === 'confirm' ? 'confirmed' : 'overridden']++;
          } catch (error) {
            if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
              counts.skipped += pending.length - n;
              break;
            }
            throw error;
          }
        }
        out(
          `\nchecked: ${counts.confirmed} confirmed, ${counts.overridden} overridden, ${counts.skipped} left; decisions in ${ws.shown(queue.file)}`,
        );
        return EXIT_OK;
      }),
    );

  program
    .command('judge-agreement')
    .description(
      "how often each judge model agrees with people on the verdicts decided in the judge queue: Cohen's kappa with the confusion matrix",
    )
    .option('--json', 'the report as JSON')
    .option('--config <file>', 'casewright.config.yaml to use (default: the nearest one)')
    .action(
      ctx.action(async (options: { json?: boolean; config?: string }) => {
        const [{ cliWorkspace }, job] = await Promise.all([import('../workspace.js'), import('../../workspace/judge-queue-job.js')]);
        const ws = await cliWorkspace(ctx, { config: options.config });
        const report = await job.judgeAgreementReport(ws);
        for (const w of report.warnings) ctx.io.stderr(`warning: ${printable(w, { singleLine: true })}\n`);
        const out = (s: string) => ctx.io.stdout(`${s}\n`);
        if (options.json) {
          out(JSON.stringify(report, null, 2));
          return EXIT_OK;
        }
        for (const line of formatJudgeAgreement(report)) out(line);
        return EXIT_OK;
      }),
    );
}
