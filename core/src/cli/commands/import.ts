import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { ConversationFilter } from '../../connectors/conversations/conversation-source.js';
import type { ImportProgress } from '../../connectors/conversations/import-task.js';
import { UsageError } from '../../errors/usage-error.js';
import { formatBytes } from '../../util/format-bytes.js';
import type { ImportJobEvent } from '../../workspace/import-job.js';
import type { CommandContext } from '../context.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';

interface ImportCliOptions {
  from: string;
  out?: string;
  model?: string;
  since?: string;
  until?: string;
  search?: string;
  metadata: Record<string, string>;
  sample?: number;
  seed?: number;
  limit?: number;
  splitTurns?: boolean;
  dryRun?: boolean;
  suite?: string;
  config?: string;
  requirements: boolean;
  draftModel?: string;
  cache: boolean;
}

const MAX_LISTED_FAILURES = 20;

function metadataPair(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected key=value, e.g. --metadata channel=web');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

function integer(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new InvalidArgumentError(`${name} must be a whole number`);
    return n;
  };
}

/** One line of progress: a bar on a terminal, plain text in logs. */
function progressLine(p: ImportProgress, bar: boolean): string {
  const counts = `${p.processed}${p.total !== undefined ? `/${p.total}` : ''} · imported ${p.imported} · duplicates ${p.skippedDuplicate} · failed ${p.failed}`;
  if (!bar) return counts;
  const width = 24;
  const ratio = p.total !== undefined ? (p.total > 0 ? Math.min(1, p.processed / p.total) : 1) : Math.min(1, p.fraction ?? 0);
  const filled = Math.round(ratio * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${counts}`;
}

const PROMPTFOO = 'promptfoo:';

/** `--from promptfoo:<config>`: its tests become cases; what did not map is listed with file:line:col. */
async function importFromPromptfoo(ctx: CommandContext, config: string, options: ImportCliOptions): Promise<number> {
  const [{ importPromptfoo }, { cliWorkspace }] = await Promise.all([
    import('../../workspace/promptfoo-job.js'),
    import('../workspace.js'),
  ]);
  const ws = await cliWorkspace(ctx, { config: options.config });
  const result = await importPromptfoo(ws, { config, out: options.out, dryRun: options.dryRun });
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  const out = (line: string) => ctx.io.stdout(`${line}\n`);
  out(
    `${options.dryRun ? 'Would import' : 'Imported'}: ${n(result.added, 'new case')} in ${result.out} from promptfoo:${config}` +
      `${result.existing ? ` (${result.existing} already in the file, left as they are)` : ''}${options.dryRun ? ' (dry run: nothing written)' : ''}`,
  );
  if (result.defaultTarget) out(`  cases run against target ${result.defaultTarget} unless you pass --target`);
  for (const file of result.targetFiles) out(`  wrote target ${file}`);
  if (result.notImported.length) {
    out(`Not imported (${result.notImported.length}):`);
    for (const item of result.notImported) out(`  ${item.where} ${item.message}`);
  }
  return EXIT_OK;
}

export function registerImport(program: Command, ctx: CommandContext): void {
  program
    .command('import')
    .description('import logged conversations as conversation cases (deduped by conversation id; resumable)')
    .requiredOption(
      '--from <source>',
      'jsonl:<file>, duckdb:<file> (JSONL, Parquet, CSV), bigquery:<project.dataset.table>, or promptfoo:<promptfooconfig.yaml> (its tests as cases)',
    )
    .option('--out <file>', 'case file to add the cases to (created when missing; for promptfoo: <config>.cases.yaml beside it)')
    .option('--model <model>', 'only conversations with this model')
    .option('--since <date>', 'only conversations at or after this date (2026-01-31 or a date-time)')
    .option('--until <date>', 'only conversations up to this date (a date includes the whole day, UTC)')
    .option('--search <text>', 'only conversations whose messages contain this text (case-insensitive)')
    .option('--metadata <key=value>', 'only conversations whose metadata has this value (repeatable; default: any)', metadataPair, {})
    .option('--sample <n>', 'a reproducible random sample of n conversations', ctx.positiveInt('--sample'))
    .option('--seed <s>', 'seed of the sample (default 0)', integer('--seed'))
    .option('--limit <n>', 'at most n conversations', ctx.positiveInt('--limit'))
    .option('--split-turns', 'one case per assistant turn instead of one per conversation')
    .option('--dry-run', 'print how many conversations match and the bytes the query would scan; write nothing')
    .option('--suite <name>', 'suite name of a new case file')
    .option(
      '--draft-model <provider:model>',
      'model that drafts requirements (default: conversations.model, else the default model; offline without a key)',
    )
    .option('--no-requirements', 'do not draft requirements, even with a key')
    .option('--no-cache', 'do not use the response cache for drafting')
    .option('--config <file>', 'casewright.config.yaml to use (default: the nearest one)')
    .action(
      ctx.action(async (options: ImportCliOptions) => {
        if (options.from.startsWith(PROMPTFOO)) return importFromPromptfoo(ctx, options.from.slice(PROMPTFOO.length), options);
        if (options.seed !== undefined && options.sample === undefined) throw new UsageError('--seed needs --sample <n>');
        if (!options.dryRun && !options.out) throw new UsageError('--out <file.cases.yaml> is required (or use --dry-run)');
        const { cliWorkspace } = await import('../workspace.js');
        const ws = await cliWorkspace(ctx, { config: options.config, cache: options.cache });
        const filter: Omit<ConversationFilter, 'cursor'> = {
          model: options.model,
          since: options.since,
          until: options.until,
          search: options.search,
          metadata: Object.keys(options.metadata).length > 0 ? options.metadata : undefined,
          sample: options.sample !== undefined ? { n: options.sample, seed: options.seed ?? 0 } : undefined,
          limit: options.limit,
        };
        for (const key of Object.keys(filter) as (keyof typeof filter)[]) if (filter[key] === undefined) delete filter[key];
        const { countConversations, importConversations } = await import('../../workspace/import-job.js');
        if (options.dryRun) {
          const { count, bytes } = await countConversations(ws, { from: options.from, filter, signal: ctx.signal });
          const scans = bytes !== undefined ? `; the query scans ${formatBytes(bytes)}` : '';
          ctx.io.stdout(`${options.from}: ${count} conversation${count === 1 ? '' : 's'} match${scans} (dry run: nothing written)\n`);
          return EXIT_OK;
        }
        const out = options.out!;
        const bar = ctx.io.isTty;
        let drafting = '';
        let listed = 0;
        let lastDraw = 0;
        const draw = (p: ImportProgress, force = false): void => {
          const now = Date.now();
          if (!force && now - lastDraw < 100) return;
          lastDraw = now;
          ctx.io.stderr(`\r${progressLine(p, true)}\u001b[K`);
        };
        const onEvent = (event: ImportJobEvent): void => {
          if (event.type === 'drafting') {
            drafting = event.model
              ? `drafting requirements with ${event.model} (prompt conversation-to-case)\n`
              : 'no provider key: requirements are left empty (add them, or configure a key and import again into a new file)\n';
          } else if (event.type === 'start') {
            const resumed = event.resumed ? ` (resuming: ${event.progress.processed} already done)` : '';
            const what = event.progress.total !== undefined ? `${event.progress.total} conversations` : 'conversations';
            ctx.io.stderr(`importing ${what} from ${options.from} into ${out}${resumed}\n${drafting}`);
          } else if (event.type === 'failure') {
            listed++;
            const f = event.failure;
            if (listed <= MAX_LISTED_FAILURES) {
              const line = `  row ${f.row}${f.conversationId ? ` (${f.conversationId})` : ''}: ${f.reason}\n`;
              ctx.io.stderr(bar ? `\r\u001b[K${line}` : line);
            }
          } else if (bar) draw(event.progress);
          else if (event.type === 'checkpoint') ctx.io.stderr(`  ${progressLine(event.progress, false)}\n`);
        };
        const summary = await importConversations(ws, {
          from: options.from,
          filter,
          out,
          splitTurns: options.splitTurns,
          suite: options.suite,
          requirements: options.requirements,
          draftModel: options.draftModel,
          signal: ctx.signal,
          onEvent,
        });
        if (bar) {
          draw(summary, true);
          ctx.io.stderr('\n');
        }
        if (summary.failed > MAX_LISTED_FAILURES) ctx.io.stderr(`  … and ${summary.failed - MAX_LISTED_FAILURES} more failed rows\n`);
        for (const warning of summary.warnings) ctx.io.stderr(`warning: ${warning}\n`);
        const verb = summary.interrupted ? 'Interrupted' : 'Imported';
        ctx.io.stdout(
          `${verb}: ${summary.imported} new case${summary.imported === 1 ? '' : 's'} in ${out} from ${options.from}\n` +
            `  matched ${summary.total ?? summary.processed} · processed ${summary.processed} · imported ${summary.imported} · duplicates ${summary.skippedDuplicate} · failed ${summary.failed}\n`,
        );
        if (summary.interrupted) {
          ctx.io.stdout('  run the same command again to continue where it stopped\n');
          return EXIT_FINDINGS;
        }
        return summary.failed > 0 ? EXIT_FINDINGS : EXIT_OK;
      }),
    );
}
