import path from 'node:path';
import type { BigQueryConversationsConfig } from '../../config/conversations-config.js';
import { UsageError } from '../../errors/usage-error.js';
import { createBigQuerySource, type BigQuerySourceOptions } from './bigquery-source.js';
import type { ConversationSource } from './conversation-source.js';
import { createDuckDbSource } from './duckdb-source.js';
import { createJsonlSource } from './jsonl-source.js';

export interface OpenSourceOptions {
  /** Relative paths resolve against this directory. */
  cwd: string;
  /** `conversations.bigquery` from casewright.config.yaml (key file paths resolve against `configDir`). */
  bigquery?: Partial<BigQueryConversationsConfig> | undefined;
  configDir?: string | undefined;
  /** Extra BigQuery client settings (tests, apps that own auth). */
  bigqueryOverrides?: Partial<BigQuerySourceOptions> | undefined;
}

/**
 * Opens the source a `--from` value names: `jsonl:<path>`, `duckdb:<path>`
 * (JSONL, Parquet or CSV) or `bigquery:<project.dataset.table>` (`bigquery:`
 * alone uses `conversations.bigquery.table`). A bare `*.jsonl` path means jsonl.
 */
export function openConversationSource(spec: string, options: OpenSourceOptions): ConversationSource {
  const match = /^(jsonl|duckdb|bigquery):(.*)$/.exec(spec);
  const [scheme, rest] = match ? [match[1]!, match[2]!] : /\.(jsonl|ndjson)$/i.test(spec) ? ['jsonl', spec] : ['', ''];
  switch (scheme) {
    case 'jsonl':
    case 'duckdb': {
      if (!rest) throw new UsageError(`--from ${spec}: give a file, e.g. ${scheme}:examples/conversations.jsonl`);
      const file = path.resolve(options.cwd, rest);
      return scheme === 'jsonl' ? createJsonlSource({ file, displayName: rest }) : createDuckDbSource({ file, displayName: rest });
    }
    case 'bigquery': {
      const config = options.bigquery ?? {};
      const table = rest || config.table;
      if (!table)
        throw new UsageError(
          '--from bigquery: name a table (bigquery:project.dataset.table) or set conversations.bigquery.table in casewright.config.yaml',
        );
      return createBigQuerySource({
        table,
        projectId: config.projectId,
        location: config.location,
        columns: config.columns,
        messagesFormat: config.messagesFormat,
        maximumBytesBilled: config.maximumBytesBilled,
        keyFile: config.keyFile ? path.resolve(options.configDir ?? options.cwd, config.keyFile) : undefined,
        apiEndpoint: config.apiEndpoint,
        pageSize: config.pageSize,
        ...options.bigqueryOverrides,
      });
    }
    default:
      throw new UsageError(`--from '${spec}': expected jsonl:<file>, duckdb:<file> or bigquery:<project.dataset.table>`);
  }
}
