import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '../../model/atomic-write.js';
import path from 'node:path';
import { MAX_CASE_FILE_BYTES } from '../../model/case-file.js';
import { openCaseAppender, type AppenderCheckpoint } from './case-appender.js';
import type { Conversation, ConversationFilter, ConversationSource } from './conversation-source.js';
import { resolveFilter } from './filter.js';
import { conversationToCases, sourceKey, type ImportedCase } from './to-case.js';

export interface ImportFailure {
  /** 1-based row (the JSONL line, or the position in the query result). */
  row: number;
  conversationId?: string | undefined;
  reason: string;
}

export interface ImportProgress {
  /** Conversations the filter matches (from `source.count`), when known. */
  total?: number | undefined;
  /** How far through the source the import is (0..1), when the source says and `total` is unknown. */
  fraction?: number | undefined;
  /** Conversations handled so far (imported, duplicate or failed to convert). */
  processed: number;
  /** Cases added to the file. */
  imported: number;
  /** Cases skipped because the file already had a case from the same conversation (and turn). */
  skippedDuplicate: number;
  /** Rows that could not be imported. */
  failed: number;
}

export type ImportEvent =
  | { type: 'start'; progress: ImportProgress; resumed: boolean }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'failure'; failure: ImportFailure; progress: ImportProgress }
  | { type: 'checkpoint'; progress: ImportProgress };

export interface ImportSummary extends ImportProgress {
  out: string;
  /** True when this run continued an interrupted one (counts include the earlier run). */
  resumed: boolean;
  /** True when the signal stopped the import; run it again to continue. */
  interrupted: boolean;
  /** The first failures (at most `MAX_REPORTED_FAILURES`); `failed` counts them all. */
  failures: ImportFailure[];
  /** Where the resume state is kept while the import is unfinished. */
  stateFile: string;
  /** Bytes of the case file written; 0 when nothing changed (the file is untouched). */
  bytesWritten: number;
  warnings: string[];
}

export interface ImportOptions {
  source: ConversationSource;
  /** What was asked for, e.g. `jsonl:examples/conversations.jsonl`; part of the resume state's identity. */
  sourceSpec: string;
  filter: Omit<ConversationFilter, 'cursor'>;
  /** The case file to add to. */
  out: string;
  splitTurns?: boolean | undefined;
  /** Suite name for a new file (default: "Imported conversations"). */
  suite?: string | undefined;
  signal?: AbortSignal | undefined;
  onEvent?: ((event: ImportEvent) => void) | undefined;
  /**
   * Drafts requirements for a new case (the `conversation-to-case` prompt through
   * the router when a key is configured). Without it they stay empty. A failure
   * is a warning; the case is imported with empty requirements.
   */
  draftRequirements?: ((testCase: ImportedCase, conversation: Conversation, signal?: AbortSignal) => Promise<string[]>) | undefined;
  /** How often (ms) the case file and the cursor are saved while importing; default 10 s. */
  checkpointMs?: number | undefined;
}

export const MAX_REPORTED_FAILURES = 1000;

interface ImportState {
  version: 1;
  source: string;
  out: string;
  filter: Omit<ConversationFilter, 'cursor'>;
  splitTurns: boolean;
  cursor: string;
  counts: Omit<ImportProgress, 'total'>;
  failures: ImportFailure[];
  /** The output file as of this state: resuming reads this instead of parsing the whole file. */
  checkpoint?: AppenderCheckpoint | undefined;
  updatedAt: string;
}

/** `.casewright/import-<hash>.json` beside the output; the hash names the source, filter, output and split mode. */
export function importStatePath(options: Pick<ImportOptions, 'sourceSpec' | 'filter' | 'out' | 'splitTurns'>): string {
  const identity = JSON.stringify([options.sourceSpec, options.filter, path.resolve(options.out), Boolean(options.splitTurns)]);
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 12);
  return path.join(path.dirname(path.resolve(options.out)), '.casewright', `import-${hash}.json`);
}

async function readState(file: string): Promise<ImportState | undefined> {
  try {
    const state = JSON.parse(await readFile(file, 'utf8')) as ImportState;
    return state.version === 1 && typeof state.cursor === 'string' ? state : undefined;
  } catch {
    return undefined;
  }
}

async function writeState(file: string, state: ImportState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(state)}\n`);
}

/** Counts what an import would read and what it would scan, writing nothing. */
export async function dryRunImport(
  source: ConversationSource,
  filter: Omit<ConversationFilter, 'cursor'>,
  signal?: AbortSignal,
): Promise<{ count: number; bytes?: number | undefined }> {
  resolveFilter(filter);
  const estimate = await source.estimate(filter, signal);
  const count = await source.count(filter, signal);
  return { count, bytes: estimate.bytes };
}

/**
 * Imports conversations as cases into `out`: converts each row, skips what the
 * file already has (same conversation id and turn), reports bad rows and goes
 * on. The file and the resume cursor are saved together at checkpoints and at
 * the end; an interrupted import (signal, crash) continues from the last
 * checkpoint when run again with the same source, filter and output, and
 * nothing is lost or added twice. Throws only for what stops the whole import
 * (bad options, an invalid output file, the source failing); what was imported
 * up to then is kept and resumable.
 */
export async function runImport(options: ImportOptions): Promise<ImportSummary> {
  const { source, signal } = options;
  resolveFilter(options.filter);
  const out = path.resolve(options.out);
  const stateFile = importStatePath(options);
  const previous = await readState(stateFile);
  const counts = previous ? { ...previous.counts } : { processed: 0, imported: 0, skippedDuplicate: 0, failed: 0 };
  const failures: ImportFailure[] = previous ? [...previous.failures] : [];
  const warnings: string[] = [];
  // Fails early (missing file or table, no permission, over the cost guard) before the output is touched.
  await source.estimate(options.filter, signal);
  // A source that counts by reading everything (JSONL) is not read twice: progress comes from its rows.
  const total = source.countScans ? undefined : await source.count(options.filter, signal);
  let fraction: number | undefined;
  const progress = (): ImportProgress => ({ total, ...(total === undefined && fraction !== undefined ? { fraction } : {}), ...counts });
  const appender = await openCaseAppender({
    file: out,
    displayName: options.out,
    suite: options.suite ?? 'Imported conversations',
    description: `Conversations imported from ${options.sourceSpec}. Expected answers are the logged ones (baseline); review them and add requirements.`,
    resume: previous?.checkpoint,
  });
  options.onEvent?.({ type: 'start', progress: progress(), resumed: Boolean(previous) });

  let cursor = previous?.cursor;
  const save = async (): Promise<void> => {
    await appender.checkpoint();
    if (cursor === undefined) return;
    await writeState(stateFile, {
      version: 1,
      source: options.sourceSpec,
      out: options.out,
      filter: options.filter,
      splitTurns: Boolean(options.splitTurns),
      cursor,
      counts: { ...counts },
      failures: failures.slice(0, MAX_REPORTED_FAILURES),
      checkpoint: appender.committed,
      updatedAt: new Date().toISOString(),
    });
    options.onEvent?.({ type: 'checkpoint', progress: progress() });
  };
  const fail = (failure: ImportFailure): void => {
    counts.failed++;
    if (failures.length < MAX_REPORTED_FAILURES) failures.push(failure);
    options.onEvent?.({ type: 'failure', failure, progress: progress() });
  };

  const checkpointMs = options.checkpointMs ?? 10_000;
  let lastCheckpoint = Date.now();
  let interrupted = false;
  let warnedDraft = false;
  let row = 0;
  try {
    for await (const item of source.query({ ...options.filter, cursor }, signal)) {
      if (signal?.aborted) {
        interrupted = true;
        break;
      }
      row = item.row ?? item.error?.row ?? row + 1;
      if (item.progress !== undefined) fraction = item.progress;
      if (item.error) {
        fail(item.error);
      } else if (item.conversation) {
        const conversation = item.conversation;
        counts.processed++;
        const cases = conversationToCases(conversation, { kind: source.kind, splitTurns: options.splitTurns });
        if ('reason' in cases) fail({ row, conversationId: conversation.id, reason: cases.reason });
        else {
          for (const testCase of cases) {
            if (appender.has(sourceKey(testCase.source.conversationId, testCase.source.turn))) {
              counts.skippedDuplicate++;
              continue;
            }
            if (options.draftRequirements) {
              try {
                testCase.expected.requirements = await options.draftRequirements(testCase, conversation, signal);
                if (testCase.expected.requirements.length > 0) testCase.expected.assert.push({ type: 'llm-judge' });
              } catch (error) {
                if (signal?.aborted) throw error;
                if (!warnedDraft) warnings.push(`requirements were left empty where drafting failed: ${(error as Error).message}`);
                warnedDraft = true;
              }
            }
            await appender.add(testCase);
            counts.imported++;
          }
        }
        options.onEvent?.({ type: 'progress', progress: progress() });
      }
      cursor = item.cursor;
      if (Date.now() - lastCheckpoint >= checkpointMs) {
        await save();
        lastCheckpoint = Date.now();
      }
    }
  } catch (error) {
    if (!signal?.aborted) {
      // Keep what was imported; the next run continues after it.
      await save().catch(() => undefined);
      await appender.discard();
      throw error;
    }
    interrupted = true;
  }

  let bytesWritten: number;
  if (interrupted) {
    await save();
    bytesWritten = 0;
    await appender.discard();
  } else {
    bytesWritten = await appender.finish();
    await rm(stateFile, { force: true });
  }
  if (bytesWritten > MAX_CASE_FILE_BYTES) {
    warnings.push(
      `${options.out} is ${(bytesWritten / 1048576).toFixed(1)} MiB, over the ${MAX_CASE_FILE_BYTES / 1048576} MiB case files are limited to: import into several files (use --limit, --since/--until or --sample)`,
    );
  }
  if (!interrupted) fraction = 1;
  return { ...progress(), out: options.out, resumed: Boolean(previous), interrupted, failures, stateFile, bytesWritten, warnings };
}
