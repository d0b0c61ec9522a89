// Public API of core/src/workspace: the jobs every front end runs.
export { openWorkspace, JIRA_TOKEN_ENV, JIRA_KEY_NAME, type Workspace, type WorkspaceOptions, type WorkspaceLogger } from './workspace.js';
export { readStory, checkJiraKey, projectKeyOf, criteriaHashOf, type StoryInput, type ReadStoryOptions } from './story-job.js';
export {
  generate,
  generateIntoCaseFile,
  defaultCaseFileFor,
  type GenerateOptions,
  type GenerateProgress,
  type GenerateIntoCaseFileOptions,
  type GenerateIntoCaseFileResult,
} from './generate-job.js';
export { runCaseFiles, type RunCaseFilesOptions, type RunCaseFilesResult } from './run-job.js';
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
} from './jira-job.js';
export {
  importConversations,
  countConversations,
  type ImportConversationsOptions,
  type ConversationSourceOptions,
  type ImportJobEvent,
} from './import-job.js';
