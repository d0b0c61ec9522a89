/**
 * @casewright/core — the public API: the model, the ports, the errors and the jobs.
 * Apps import only from here (and `@casewright/core/testing`), never from deep paths.
 * The CLI is a front end like the apps and is not part of it. Keep this surface small
 * (under 100 runtime names, checked by a test): a name belongs here when an app or an
 * SDK user needs it; core's own modules and tests import each other directly.
 */

// ── the jobs every front end runs (core/src/workspace) ──────────────────────────────
export { openWorkspace, type Workspace, type WorkspaceOptions, type WorkspaceLogger } from './workspace/workspace.js';
export { readStory, checkJiraKey, projectKeyOf, criteriaHashOf, type StoryInput, type ReadStoryOptions } from './workspace/story-job.js';
export {
  generate,
  generateIntoCaseFile,
  defaultCaseFileFor,
  type GenerateOptions,
  type GenerateProgress,
  type GenerateIntoCaseFileOptions,
  type GenerateIntoCaseFileResult,
} from './workspace/generate-job.js';
export { runCaseFiles, type RunCaseFilesOptions, type RunCaseFilesResult, type RunVerdict } from './workspace/run-job.js';
export {
  syncCaseFiles,
  pushCasesToJira,
  listStoryCases,
  searchJiraCases,
  NEEDS_ATTENTION,
  type SyncDirection,
  type SyncCaseFilesOptions,
  type SyncCaseFilesResult,
  type FileSyncResult,
  type PushCasesOptions,
  type SearchJiraCasesOptions,
} from './workspace/jira-job.js';
export { readJiraSite, type JiraSite } from './workspace/jira-site-job.js';
export {
  importConversations,
  countConversations,
  type ImportConversationsOptions,
  type ConversationSourceOptions,
  type ImportJobEvent,
} from './workspace/import-job.js';
export {
  importPromptfoo,
  type ImportPromptfooOptions,
  type ImportPromptfooResult,
  type PromptfooPlan,
  type NotImported,
} from './workspace/promptfoo-job.js';
export { initProject, type InitResult } from './workspace/init-job.js';
export { addCase, type AddCaseOptions, type AddCaseResult } from './workspace/add-case-job.js';
// Review and learning (issue 17): the jobs the front ends use, as one namespace
// (`learning.decideCase`, `learning.recordDecision`, `learning.similarCases`…).
export * as learning from './workspace/learning.js';
export type { DraftCase, FindDraftsResult, DecideCaseInput, DecideCaseResult } from './workspace/review-job.js';
export type { DecisionLog, RecordDecisionInput, DecisionStore } from './workspace/decisions-job.js';
export type { Decision, DecisionKind, RejectReason } from './model/decision.js';
export type { CaseIndexUpdate, SimilarForCriterion } from './workspace/index-job.js';
export type { CaseIndex, IndexedDoc, SimilarHit, SimilarOptions } from './search/case-index.js';
export type { Agreement } from './run/agreement.js';

// ── the model: cases, suites, results, the case-file format ─────────────────────────
export { CriterionIdSchema, JiraKeySchema, type Priority, type Status } from './model/common.js';
export {
  TestCaseSchema,
  ConversationCaseSchema,
  ManualCaseSchema,
  type TestCase,
  type TestCaseInput,
  type ConversationCase,
  type ManualCase,
  type ManualStep,
  type Message,
  type Role,
  type Source,
  type CaseStats,
  type Outcome,
} from './model/case.js';
export { SuiteSchema, type Suite, type SuiteInput } from './model/suite.js';
export {
  AssertionSchema,
  ASSERTION_TYPES,
  ASSERTION_HELP,
  parseAssertionType,
  type Assertion,
  type BaseAssertionType,
} from './model/assertion.js';
export {
  RunResultSchema,
  CaseResultSchema,
  StepStatusSchema,
  type RunResult,
  type RunSummary,
  type CaseResult,
  type AttemptResult,
  type AssertionResult,
  type StepResult,
  type StepStatus,
  type TokenUsage,
  type TurnOutput,
  type VoiceTurn,
  type AudioStats,
} from './model/result.js';
export type { VoiceSettings, AudioCondition } from './model/voice.js';
export { TECHNIQUES, type Technique } from './model/draft-case.js';
export { parseCaseFile, CASE_FILE_SUFFIX, type ParsedCaseFile } from './model/case-file.js';
export type { Span } from './model/yaml-schema.js';
export { CaseFileEditor, YAML_WRITE_OPTIONS } from './model/case-file-editor.js';
export { loadCaseFile, findCaseFiles } from './model/load.js';
export { caseFileJsonSchema } from './model/json-schema.js';
export { ConfigSchema, loadConfig, type CasewrightConfig, type LoadedConfig } from './config/config.js';
export type { LlmConfig, ProviderType } from './config/llm-config.js';
export type { JiraSection } from './config/jira-config.js';

// ── stories and generation ──────────────────────────────────────────────────────────
export type { Story, AcceptanceCriterion } from './generate/story/story.js';
export { parseMarkdownStory } from './generate/story/markdown-story.js';
export { parseJiraIssueStory } from './generate/story/jira-story.js';
export { loadStoryFile } from './generate/story/load-story.js';
export { generateCases, type GenerateResult } from './generate/generate-cases.js';
export type { CaseKind, GenerateCasesOptions } from './generate/generate-options.js';
export { computeCoverage, type CoverageSummary, type CriterionCoverage } from './generate/coverage.js';
export { reviewCases, type ReviewCasesOptions } from './generate/review-cases.js';

// ── running ─────────────────────────────────────────────────────────────────────────
export { runSuites, type RunSuitesOptions, type RunnableSuite } from './run/runner.js';
export { summarize } from './run/aggregate.js';
export type { Unchecked } from './run/unchecked.js';
export type { Target, TargetReply, TargetRequest } from './run/targets/target.js';
export type { Reporter, RunStartInfo } from './run/reporters/reporter.js';
export { createReporters, REPORTER_NAMES, type ReporterName } from './run/reporters/create-reporters.js';
export { htmlReport } from './run/reporters/html-reporter.js';

// ── ports and their core adapters ───────────────────────────────────────────────────
export type * from './llm/language-model.js';
export type * from './llm/model-router.js';
export type * from './llm/audio-model.js';
export { createRouter, type RouterDeps } from './llm/router.js';
export { createPromptRegistry, type PromptRegistry } from './prompts/prompt-registry.js';
export type { KeyScope, KeyStore, StoredKeyInfo } from './keys/key-store.js';
export type { KeyResolver, ResolvedKey } from './keys/key-resolver.js';
export { createFileKeyStore, createMemoryKeyStore } from './keys/file-key-store.js';
export type { BudgetLedger } from './llm/budget.js';
export type { ConversationSource, Conversation, ConversationFilter } from './connectors/conversations/conversation-source.js';
export type { ImportSummary, ImportEvent, ImportProgress, ImportFailure } from './connectors/conversations/import-task.js';
export { parseJiraBody, type JiraRequest, type JiraResponse, type JiraTransport } from './connectors/jira/jira-transport.js';
export { createRestJiraTransport, type RestJiraTransportOptions } from './connectors/jira/rest-transport.js';
export { withJiraRetry, type JiraRetryOptions } from './connectors/jira/retrying-transport.js';
export { createJiraClient, type JiraClient } from './connectors/jira/jira-client.js';
export type { JiraIssue } from './connectors/jira/jira-api.js';
export { adf, type AdfNode } from './connectors/jira/adf.js';
export { CASE_PROPERTY_KEY, RUN_PROPERTY_KEY, recordRunResult } from './connectors/jira/case-mapping.js';
export type { RemoteCase } from './connectors/jira/remote-cases.js';
export {
  pushCases,
  pullCases,
  resolvePullReview,
  type SyncItem,
  type SyncReport,
  type PushStatus,
  type PullStatus,
  type PullReviewState,
} from './connectors/jira/sync.js';
export type { PendingChange } from './connectors/jira/jira-trust.js';
export { resolveIssueType } from './connectors/jira/issue-type.js';
export { fileDefect, type DefectInput, type DefectOutcome } from './connectors/jira/defects.js';
/** Executions on Jira: record a run, file defects for new failures, analytics (docs/executions.md). */
export * as executions from './workspace/executions.js';

// ── errors: each class has its own marker, so `X.isInstance` works across bundles ───
export { type Diagnostic, type Position, formatDiagnostic } from './errors/diagnostic.js';
export { CasewrightError } from './errors/casewright-error.js';
export { UsageError } from './errors/usage-error.js';
export { CaseFileError } from './errors/case-file-error.js';
export { AssertionConfigError } from './errors/assertion-config-error.js';
export { TargetError } from './errors/target-error.js';
export { VoiceError } from './errors/voice-error.js';
export { JudgeError } from './errors/judge-error.js';
export { ConnectorError } from './errors/connector-error.js';
export { PromptError } from './errors/prompt-error.js';
export { GenerationError } from './errors/generation-error.js';
export { LlmCallError, type LlmFailureKind } from './errors/llm-call-error.js';
export { RetryError } from './errors/retry-error.js';
export { BudgetExceededError } from './errors/budget-exceeded-error.js';
export { StructuredOutputError } from './errors/structured-output-error.js';
export { OfflineModeError } from './errors/offline-mode-error.js';
export { UnknownModelError } from './errors/unknown-model-error.js';
export { KeyStoreError } from './errors/key-store-error.js';
export { FileChangedError } from './errors/file-changed-error.js';
export { EncodingError } from './errors/encoding-error.js';
export { JiraError } from './connectors/jira/jira-error.js';

// ── writing files a person also edits: the one atomic, change-checked write ─────────
export { writeFileAtomic, updateFileAtomic, readForUpdate, type FileSnapshot } from './model/atomic-write.js';

export { VERSION } from './version.js';
