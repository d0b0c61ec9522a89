import { UsageError } from '../../errors/usage-error.js';
import type { ConversationColumns } from '../../config/conversations-config.js';
import { rowCap, type KeysetCursor, type ResolvedFilter } from './filter.js';

/** A value the BigQuery client turns into a typed named parameter. */
export type BigQueryParam = string | number | { timestamp: string };

export interface BigQueryTableRef {
  project: string;
  dataset: string;
  table: string;
}

const PROJECT = /^[a-z][a-z0-9.:-]{4,61}[a-z0-9]$/i;
const DATASET = /^[A-Za-z0-9_]{1,1024}$/;
const TABLE = /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}]{1,1024}$/u;

/**
 * Parses `project.dataset.table`. Table names cannot be query parameters in
 * BigQuery, so this is the one place a user-given name reaches the SQL text:
 * it is checked against BigQuery's naming rules and backtick-quoted.
 */
export function parseTableRef(text: string): BigQueryTableRef {
  const parts = text.split('.');
  // A project id may contain a domain (`example.com:project`), so the last two parts are dataset and table.
  const table = parts.pop() ?? '';
  const dataset = parts.pop() ?? '';
  const project = parts.join('.');
  if (!project || !PROJECT.test(project) || !DATASET.test(dataset) || !TABLE.test(table) || table.includes('`')) {
    throw new UsageError(`bigquery: '${text}' is not a table name; expected project.dataset.table (e.g. acme-prod.support.conversations)`);
  }
  return { project, dataset, table };
}

const quote = (identifier: string): string => `\`${identifier}\``;

export interface BigQuerySqlOptions {
  table: BigQueryTableRef;
  columns: ConversationColumns;
  messagesFormat: 'json' | 'record';
}

/** The query text and its named parameters; every user value is a parameter. */
export interface BigQuerySql {
  query: string;
  params: Record<string, BigQueryParam>;
}

/** The capped, ordered selection for a filter (the cursor is applied outside it, so a resumed sample is the same set). */
function selection(filter: ResolvedFilter, options: BigQuerySqlOptions): BigQuerySql {
  const c = options.columns;
  const params: Record<string, BigQueryParam> = {};
  const where: string[] = [];
  if (filter.model !== undefined) {
    where.push(`${quote(c.model)} = @model`);
    params.model = filter.model;
  }
  if (filter.since !== undefined) {
    where.push(`${quote(c.timestamp)} >= @since`);
    params.since = { timestamp: filter.since };
  }
  if (filter.until !== undefined) {
    where.push(`${quote(c.timestamp)} ${filter.untilInclusive ? '<=' : '<'} @until`);
    params.until = { timestamp: filter.until };
  }
  if (filter.metadata.length > 0 && !c.metadata) {
    throw new UsageError('bigquery: --metadata needs conversations.bigquery.columns.metadata in casewright.config.yaml');
  }
  filter.metadata.forEach(([key, value], i) => {
    // BigQuery accepts a query parameter as the JSONPath; the key is quoted inside it.
    where.push(`JSON_VALUE(${quote(c.metadata!)}, @metadata_path_${i}) = @metadata_value_${i}`);
    params[`metadata_path_${i}`] = `$.${JSON.stringify(key)}`;
    params[`metadata_value_${i}`] = value;
  });
  if (filter.search !== undefined) {
    const contents =
      options.messagesFormat === 'record'
        ? `SELECT m.content FROM UNNEST(${quote(c.messages)}) AS m`
        : `SELECT JSON_VALUE(m, '$.content') FROM UNNEST(JSON_QUERY_ARRAY(${quote(c.messages)})) AS m`;
    where.push(`EXISTS(SELECT 1 FROM (${contents}) AS content WHERE STRPOS(LOWER(content), @search) > 0)`);
    params.search = filter.search;
  }
  const key = filter.sample
    ? `TO_HEX(MD5(CONCAT(CAST(@seed AS STRING), ':', CAST(${quote(c.id)} AS STRING))))`
    : `CAST(${quote(c.id)} AS STRING)`;
  if (filter.sample) params.seed = filter.sample.seed;
  const cap = rowCap(filter);
  if (cap !== undefined) params.cap = cap;
  const table = quote(`${options.table.project}.${options.table.dataset}.${options.table.table}`);
  const query = [
    'SELECT',
    `  CAST(${quote(c.id)} AS STRING) AS id,`,
    `  CAST(${quote(c.model)} AS STRING) AS model,`,
    `  ${quote(c.timestamp)} AS ts,`,
    `  ${quote(c.messages)} AS messages,`,
    `  ${c.metadata ? quote(c.metadata) : 'NULL'} AS metadata,`,
    `  ${key} AS sort_key`,
    `FROM ${table}`,
    ...(where.length > 0 ? [`WHERE ${where.join('\n  AND ')}`] : []),
    ...(cap !== undefined ? ['ORDER BY sort_key, id', 'LIMIT @cap'] : []),
  ].join('\n');
  return { query, params };
}

/** `SELECT COUNT(*)` over the selection. */
export function countSql(filter: ResolvedFilter, options: BigQuerySqlOptions): BigQuerySql {
  const s = selection(filter, options);
  return { query: `SELECT COUNT(*) AS n FROM (\n${s.query}\n)`, params: s.params };
}

/** The rows of the selection in sort order, after the cursor when resuming. */
export function rowsSql(filter: ResolvedFilter, options: BigQuerySqlOptions, cursor?: KeysetCursor): BigQuerySql {
  const s = selection(filter, options);
  const params = { ...s.params };
  let after = '';
  if (cursor && cursor.id !== '') {
    after = '\nWHERE sort_key > @after_key OR (sort_key = @after_key AND id > @after_id)';
    params.after_key = cursor.key;
    params.after_id = cursor.id;
  }
  return { query: `SELECT * FROM (\n${s.query}\n)${after}\nORDER BY sort_key, id`, params };
}
