/**
 * The `executions` namespace of the public surface: recording runs on Jira, defects from
 * failures, analytics from stored executions (docs/executions.md), and exports of cases and
 * results for Xray, Zephyr Scale and Gherkin (docs/interop.md).
 */
export {
  exportCases,
  EXPORT_FORMATS,
  type ExportCasesOptions,
  type ExportCasesResult,
  type ExportFormat,
  type ExportedFile,
} from './export-job.js';
export {
  executionFromRun,
  manualExecution,
  toExecutionCase,
  type ExecutionWorkspace,
  readExecutedCases,
  recordExecution,
  fileDefectsForExecution,
  fileDefectForCase,
  type FileDefectForCaseOptions,
  defectDescription,
  defectInput,
  defectAttachments,
  ATTACHMENT_CAP,
  executionLine,
  type ExecutedCaseInfo,
  type ExecutionFromRunOptions,
  type RecordExecutionOptions,
  type RecordExecutionResult,
  type FileDefectsOptions,
  type FiledDefect,
} from './execution-job.js';
export {
  storyFailures,
  fileDefectFromHistory,
  type StoryFailure,
  type FileDefectFromHistoryOptions,
  type DefectFromHistoryOutcome,
} from './defect-job.js';
export {
  readExecutionAnalytics,
  type ExecutionAnalytics,
  type ExecutionAnalyticsOptions,
  type StoryAnalytics,
} from './execution-analytics-job.js';
export {
  ExecutionSchema,
  ExecutionCaseSchema,
  summarizeExecution,
  type Execution,
  type ExecutionCase,
  type ExecutionSource,
  type ExecutionPerson,
} from '../model/execution.js';
export {
  EXECUTIONS_PROPERTY_KEY,
  PROJECT_SETTINGS_PROPERTY_KEY,
  ProjectSettingsPropertySchema,
  type ProjectSettingsProperty,
  RUN_HISTORY_CAP,
  STORY_EXECUTIONS_CAP,
  RunHistoryPropertySchema,
  StoryExecutionsPropertySchema,
  nextRunProperty,
  type RunHistoryProperty,
  type StoryExecutionsProperty,
} from '../connectors/jira/executions.js';
export { detectCi, type CiEnvironment } from '../config/ci-environment.js';
export { formatAnalytics, type FormatAnalyticsOptions } from './execution-analytics-text.js';
