import { z } from 'zod';

/** A BigQuery column name (letters, digits, underscores; up to 300 characters). */
const ColumnNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,299}$/, { message: 'must be a BigQuery column name (letters, digits, underscores)' });

/** Which column holds what; defaults are the names the JSONL example and the docs use. */
export const ConversationColumnsSchema = z
  .strictObject({
    id: ColumnNameSchema.default('id'),
    model: ColumnNameSchema.default('model'),
    timestamp: ColumnNameSchema.default('timestamp').describe('A TIMESTAMP (or DATETIME) column.'),
    messages: ColumnNameSchema.default('messages'),
    metadata: ColumnNameSchema.optional().describe('A JSON or STRING (JSON text) column; leave out when the table has none.'),
  })
  .describe('Column mapping of the conversations table.');
export type ConversationColumns = z.infer<typeof ConversationColumnsSchema>;

export const BigQueryConversationsConfigSchema = z
  .strictObject({
    projectId: z.string().min(1).optional().describe("The project that runs (and pays for) the query; default: the table's project."),
    table: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]+\.[A-Za-z0-9_]+\.[A-Za-z0-9_-]+$/, { message: 'must be project.dataset.table' })
      .optional()
      .describe('Default table when `--from bigquery:` names none.'),
    location: z.string().min(1).optional().describe('Dataset location, e.g. EU or us-central1.'),
    columns: ConversationColumnsSchema.default({ id: 'id', model: 'model', timestamp: 'timestamp', messages: 'messages' }),
    messagesFormat: z
      .enum(['json', 'record'])
      .default('json')
      .describe(
        'json: messages is a JSON or STRING column holding [{role, content}]; record: a REPEATED RECORD with role and content fields.',
      ),
    maximumBytesBilled: z
      .union([z.number().int().positive(), z.string().regex(/^[1-9][0-9]*$/)])
      .optional()
      .describe('Cost guard: a query that would scan more bytes is refused before it runs (dry run) and by BigQuery itself.'),
    keyFile: z.string().min(1).optional().describe('Service-account key file; default: Application Default Credentials.'),
    apiEndpoint: z.url().optional().describe('BigQuery API root (tests and proxies); default https://bigquery.googleapis.com.'),
    pageSize: z.number().int().min(1).max(100_000).default(500).describe('Rows fetched per page.'),
  })
  .describe('BigQuery table of logged conversations.');
export type BigQueryConversationsConfig = z.infer<typeof BigQueryConversationsConfigSchema>;

/** `conversations` (BigQuery table, column mapping, cost guard) — owned by core/src/connectors/conversations. */
export const ConversationsConfigShape = {
  conversations: z
    .strictObject({
      bigquery: BigQueryConversationsConfigSchema.optional(),
      /** The prompt drafting requirements for imported cases (default `conversation-to-case`). */
      model: z.string().min(1).optional().describe('Model (provider:model or alias) that drafts requirements for imported cases.'),
    })
    .optional()
    .describe('Where logged conversations are read from.'),
};
