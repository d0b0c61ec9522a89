export * from './conversation-source.js';
export { resolveFilter, matchesFilter, sampleHash, type ResolvedFilter } from './filter.js';
export { normalizeRow, type NormalizedRow } from './normalize.js';
export { createJsonlSource, type JsonlSourceOptions } from './jsonl-source.js';
export { createDuckDbSource, type DuckDbSourceOptions } from './duckdb-source.js';
export { createBigQuerySource, bigQueryError, type BigQuerySourceOptions } from './bigquery-source.js';
export { parseTableRef, countSql, rowsSql, type BigQuerySql, type BigQueryTableRef } from './bigquery-sql.js';
export { openConversationSource, type OpenSourceOptions } from './open-source.js';
export {
  conversationToCases,
  importedCaseId,
  sourceKey,
  BASELINE_SIMILARITY,
  type ImportedCase,
  type ImportedAssertion,
  type ToCaseOptions,
} from './to-case.js';
export { openCaseAppender, type CaseAppender, type OpenCaseAppenderOptions } from './case-appender.js';
export {
  runImport,
  dryRunImport,
  importStatePath,
  MAX_REPORTED_FAILURES,
  type ImportOptions,
  type ImportSummary,
  type ImportProgress,
  type ImportEvent,
  type ImportFailure,
} from './import-task.js';
export {
  createRequirementsDrafter,
  CONVERSATION_TO_CASE_PROMPT,
  type PromptRenderer,
  type RequirementsDrafterOptions,
} from './draft-requirements.js';
