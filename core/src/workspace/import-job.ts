import type { BigQueryConversationsConfig } from '../config/conversations-config.js';
import type { BigQuerySourceOptions } from '../connectors/conversations/bigquery-source.js';
import type { ConversationFilter, ConversationSource } from '../connectors/conversations/conversation-source.js';
import { createRequirementsDrafter } from '../connectors/conversations/draft-requirements.js';
import { dryRunImport, runImport, type ImportEvent, type ImportSummary } from '../connectors/conversations/import-task.js';
import { openConversationSource } from '../connectors/conversations/open-source.js';
import { OfflineModeError } from '../errors/offline-mode-error.js';
import type { Workspace } from './workspace.js';

export interface ConversationSourceOptions {
  /** `jsonl:<file>`, `duckdb:<file>` or `bigquery:<project.dataset.table>` (`bigquery:` alone: the configured table). */
  from: string;
  filter?: Omit<ConversationFilter, 'cursor'> | undefined;
  /** Over `conversations.bigquery` of the config (the editor's settings). */
  bigquery?: Partial<BigQueryConversationsConfig> | undefined;
  /** BigQuery client settings an app owns (an auth client, tests' endpoints). */
  bigqueryClient?: Partial<BigQuerySourceOptions> | undefined;
  signal?: AbortSignal | undefined;
}

/** What an import job reports: the importer's events, and first whether requirements are drafted and by which model. */
export type ImportJobEvent = { type: 'drafting'; model: string | undefined } | ImportEvent;

export interface ImportConversationsOptions extends ConversationSourceOptions {
  /** The case file to add to (created when missing). */
  out: string;
  splitTurns?: boolean | undefined;
  /** Suite name of a new file. */
  suite?: string | undefined;
  /** Draft requirements with a model when a key is configured (default true). */
  requirements?: boolean | undefined;
  /** The model that drafts them; default `conversations.model`, else the default model. */
  draftModel?: string | undefined;
  onEvent?: ((event: ImportJobEvent) => void) | undefined;
}

function open(ws: Workspace, options: ConversationSourceOptions): ConversationSource {
  return openConversationSource(options.from, {
    cwd: ws.cwd,
    configDir: ws.configDir,
    bigquery: { ...ws.config.conversations?.bigquery, ...options.bigquery },
    bigqueryOverrides: options.bigqueryClient,
  });
}

/** How many conversations match and how many bytes the query would scan; reads no rows into cases, writes nothing. */
export async function countConversations(
  ws: Workspace,
  options: ConversationSourceOptions,
): Promise<{ count: number; bytes?: number | undefined }> {
  const source = open(ws, options);
  try {
    return await dryRunImport(source, options.filter ?? {}, options.signal);
  } finally {
    await source.close?.();
  }
}

/**
 * Imports logged conversations as conversation cases into a case file: deduplicated by
 * conversation id, bad rows reported and skipped, resumable after an interruption, and
 * requirements drafted through the router when a key is configured.
 */
export async function importConversations(ws: Workspace, options: ImportConversationsOptions): Promise<ImportSummary> {
  const source = open(ws, options);
  try {
    let draftRequirements: ReturnType<typeof createRequirementsDrafter>;
    let model: string | undefined;
    if (options.requirements !== false) {
      const router = await ws.router();
      model = options.draftModel ?? ws.config.conversations?.model;
      const { createPromptRegistry } = await import('../prompts/prompt-registry.js');
      draftRequirements = createRequirementsDrafter({ router, prompts: createPromptRegistry(), model });
      if (!draftRequirements && options.draftModel && !options.draftModel.startsWith('offline'))
        throw new OfflineModeError(options.draftModel);
      options.onEvent?.({ type: 'drafting', model: draftRequirements ? (model ?? router.defaultModel('generate')) : undefined });
    }
    return await runImport({
      source,
      sourceSpec: options.from,
      filter: options.filter ?? {},
      out: ws.resolve(options.out),
      splitTurns: options.splitTurns,
      suite: options.suite,
      signal: options.signal,
      onEvent: options.onEvent,
      draftRequirements,
    });
  } finally {
    await source.close?.();
  }
}
