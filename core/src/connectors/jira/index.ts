export * from './jira-transport.js';
export { JiraError } from './jira-error.js';
export { createRestJiraTransport, type RestJiraTransportOptions } from './rest-transport.js';
export { withJiraRetry, type JiraRetryOptions } from './retrying-transport.js';
export { createJiraClient, type JiraClient, type GetIssueOptions, type SearchOptions } from './jira-client.js';
export * from './jira-api.js';
export { adf, adfText, type AdfNode } from './adf.js';
export {
  CASE_PROPERTY_KEY,
  RUN_PROPERTY_KEY,
  CASE_LABEL,
  CasePropertySchema,
  RunPropertySchema,
  caseToAdf,
  caseToFields,
  caseProperty,
  caseEditable,
  issueEditable,
  applyEditable,
  hashOf,
  recordRunResult,
  type CaseProperty,
  type RunProperty,
  type EditableCase,
} from './case-mapping.js';
export { toRemoteCase, getRemoteCase, storyRemoteCases, findRemoteCasesById, type RemoteCase } from './remote-cases.js';
export { pushCases, pullCases, type SyncTarget, type SyncItem, type SyncReport, type PushStatus, type PullStatus } from './sync.js';
export { resolveIssueType } from './issue-type.js';
export { fileDefect, findOpenDefect, DEFECT_PROPERTY_KEY, DEFECT_LABEL, type DefectInput, type DefectOutcome } from './defects.js';
