import type { Command } from 'commander';
import { UsageError } from '../../errors/usage-error.js';
import type { TestCase } from '../../model/case.js';
import { printable } from '../../util/printable.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK } from '../exit-codes.js';

interface ReviewOptions {
  config?: string;
}

type Choice = 'accept' | 'editor' | 'title' | 'reject' | 'skip' | 'quit';

/** A case as a reviewer reads it in the terminal (control characters shown, never interpreted). */
export function formatCaseForReview(c: TestCase, where: string): string {
  const lines = [
    `${c.title}`,
    `  ${c.kind} · ${c.priority} · covers ${c.covers.join(', ') || 'nothing'}${
      c.source.kind === 'generated' ? ` · ${c.source.generator}${c.source.rule ? ` rule ${c.source.rule}` : ''}` : ''
    } · ${where}`,
  ];
  if (c.kind === 'manual') {
    for (const p of c.preconditions) lines.push(`  given: ${p}`);
    c.steps.forEach((s, i) => {
      lines.push(`  ${i + 1}. ${s.action}${s.data ? ` [data: ${s.data}]` : ''}`);
      lines.push(`     → ${s.expected}`);
    });
  } else {
    for (const m of c.input.messages) lines.push(`  ${m.role}: ${m.content}`);
    for (const r of c.expected?.requirements ?? []) lines.push(`  must: ${r}`);
  }
  return printable(lines.join('\n'));
}

export function registerReview(program: Command, ctx: CommandContext): void {
  program
    .command('review')
    .description(
      'review draft cases one by one in the terminal: accept (status ready), edit, or reject (status deprecated); every decision is recorded in .casewright/decisions.jsonl',
    )
    .argument('[paths...]', 'case files or folders (default: the current folder)')
    .option('--config <file>', 'casewright.config.yaml to use (default: the nearest one)')
    .action(
      ctx.action(async (paths: string[], options: ReviewOptions) => {
        const input = ctx.io.stdin ?? process.stdin;
        if (!(input as { isTTY?: boolean }).isTTY || !ctx.io.isTty)
          throw new UsageError('review is interactive: run it in a terminal (to accept cases in a script, set status: ready in the file)');
        const [prompts, { findDraftCases, decideCase, caseToYaml, caseFromYaml }, { cliWorkspace }, decisionModel, os] = await Promise.all([
          import('@inquirer/prompts'),
          import('../../workspace/review-job.js'),
          import('../workspace.js'),
          import('../../model/decision.js'),
          import('node:os'),
        ]);
        const ws = await cliWorkspace(ctx, { config: options.config });
        const out = (s: string) => ctx.io.stdout(`${s}\n`);
        const { drafts, invalid } = await findDraftCases(ws, paths);
        for (const line of invalid) ctx.io.stderr(`skipped (invalid): ${printable(line)}\n`);
        if (drafts.length === 0) {
          out('No draft cases to review.');
          return EXIT_OK;
        }
        const context = { input, output: process.stdout, signal: ctx.signal, clearPromptOnDone: false };
        const by = (() => {
          try {
            return os.userInfo().username;
          } catch {
            return undefined;
          }
        })();
        const counts = { accepted: 0, edited: 0, rejected: 0, skipped: 0 };
        out(`${drafts.length} draft case${drafts.length === 1 ? '' : 's'} to review.`);
        let stopped = false;
        for (const [n, draft] of drafts.entries()) {
          if (stopped) break;
          out(`\n[${n + 1}/${drafts.length}] ${formatCaseForReview(draft.testCase, `${draft.shown}`)}`);
          try {
            const choice = await prompts.select<Choice>(
              {
                message: 'Decision',
                choices: [
                  { name: 'Accept (status: ready)', value: 'accept' },
                  { name: 'Edit in $EDITOR, then accept', value: 'editor' },
                  { name: 'Edit the title, then accept', value: 'title' },
                  { name: 'Reject (status: deprecated)', value: 'reject' },
                  { name: 'Skip for now', value: 'skip' },
                  { name: 'Quit', value: 'quit' },
                ],
              },
              context,
            );
            if (choice === 'quit') {
              stopped = true;
              counts.skipped += drafts.length - n;
              break;
            }
            if (choice === 'skip') {
              counts.skipped++;
              continue;
            }
            if (choice === 'accept') {
              await decideCase(ws, { file: draft.file, caseId: draft.testCase.id, decision: 'accepted', by });
              counts.accepted++;
              out('accepted');
            } else if (choice === 'reject') {
              const reason = await prompts.select(
                {
                  message: 'Why?',
                  choices: decisionModel.REJECT_REASONS.map((r) => ({ name: decisionModel.REJECT_REASON_LABELS[r], value: r })),
                },
                context,
              );
              const note = await prompts.input({ message: 'Anything to add? (optional)' }, context);
              await decideCase(ws, { file: draft.file, caseId: draft.testCase.id, decision: 'rejected', reason, note, by });
              counts.rejected++;
              out(`rejected (${reason})`);
            } else {
              let edited: TestCase;
              if (choice === 'title') {
                const title = await prompts.input(
                  {
                    message: 'Title',
                    default: draft.testCase.title,
                    prefill: 'editable',
                    validate: (v) => (v.trim().length > 0 && v.length <= 200) || 'a title of 1 to 200 characters',
                  },
                  context,
                );
                edited = { ...draft.testCase, title: title.trim() };
              } else {
                const text = await prompts.editor(
                  {
                    message: 'Edit the case (YAML); save and close the editor to continue',
                    default: caseToYaml(draft.testCase),
                    postfix: '.yaml',
                    waitForUserInput: false,
                    validate: (t) => {
                      try {
                        caseFromYaml(t, draft.testCase);
                        return true;
                      } catch (error) {
                        return error instanceof Error ? error.message : String(error);
                      }
                    },
                  },
                  context,
                );
                edited = caseFromYaml(text, draft.testCase);
              }
              await decideCase(ws, { file: draft.file, caseId: draft.testCase.id, decision: 'edited', edited, by });
              counts.edited++;
              out('edited and accepted');
            }
          } catch (error) {
            // Ctrl-C or Escape inside a prompt: stop reviewing; what was decided is written.
            if (error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError')) {
              counts.skipped += drafts.length - n;
              stopped = true;
              break;
            }
            throw error;
          }
        }
        out(
          `\nreviewed: ${counts.accepted} accepted, ${counts.edited} edited, ${counts.rejected} rejected, ${counts.skipped} left as draft; decisions in ${ws.shown(
            (await import('../../workspace/decisions-job.js')).decisionsFileOf(ws),
          )}`,
        );
        return EXIT_OK;
      }),
    );
}
