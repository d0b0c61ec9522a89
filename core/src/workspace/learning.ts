/**
 * The learning jobs, for the front ends (exported from the public surface as `learning`):
 * the judge validation queue and its agreement report, and the workspace's embeddings.
 */
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
export { workspaceEmbedder, type EmbedderChoice, type EmbeddingStats, type WorkspaceEmbedder } from './embeddings-job.js';
