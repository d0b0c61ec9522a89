/**
 * Learning from reviews, for the front ends (`import { learning } from '@casewright/core'`):
 * the drafts waiting for a person, the one job that applies and records a decision, the
 * decision store port, similar cases, the workspace's embeddings, and the judge
 * validation queue with its agreement report. One namespace keeps the public surface small.
 */
export { findDraftCases, decideCase, asDecided, caseFromYaml, caseToYaml } from './review-job.js';
export { recordDecision, listDecisions, parseDecisions, caseDiff, DECISIONS_FILE, type DecisionStore } from './decisions-job.js';
export { similarCases, similarAmongCases, updateCaseIndex, CASE_INDEX_FILE } from './index-job.js';
export { REJECT_REASONS, REJECT_REASON_LABELS, DecisionSchema } from '../model/decision.js';
export {
  decideJudgeVerdict,
  judgeAgreementReport,
  judgeCalibration,
  listJudgeQueue,
  queueJudgeVerdicts,
  JUDGE_QUEUE_FILE,
  type DecideJudgeVerdictInput,
  type DecideJudgeVerdictResult,
  type JudgeQueue,
  type JudgeQueueEntry,
} from './judge-queue-job.js';
export {
  decideJudgeVerdictOnJira,
  pullJudgeDecisionsFromJira,
  readJudgeQueueProperty,
  localQueuedVerdict,
  JUDGE_QUEUE_PROPERTY_KEY,
  type DecideOnJiraInput,
  type DecideOnJiraResult,
  type CaseOutcomeChange,
  type PullJudgeDecisionsResult,
  type StoryJudgeQueueProperty,
} from './judge-queue-jira-job.js';
export { judgeAgreement, type JudgeAgreement } from '../run/judge-queue.js';
export type { JiraQueuedVerdict, QueuedVerdict, QueueDecision } from '../model/judge-queue.js';
export { formatJudgeAgreement, formatQueuedVerdict } from './judge-queue-text.js';
export { workspaceEmbedder, type EmbedderChoice, type EmbeddingStats, type WorkspaceEmbedder } from './embeddings-job.js';
