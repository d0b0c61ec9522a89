import type { JobRecord } from '../forge-adapters/app-store.js';

/** Forge stops a consumer after its `timeoutSeconds` (manifest.yml: 900). */
export const CONSUMER_LIMIT_MS = 900_000;
/**
 * A job's own deadline, below the consumer's limit: generation gives the router this
 * total time budget for every model call (retries, waits and fallbacks included), and a
 * save job hands what is left to a new event when it gets this far, so results are
 * always stored before Forge stops the function.
 */
export const JOB_DEADLINE_MS = 780_000;
/** An event may wait in the queue (a backlog, Forge's retries); a job not started by then never will. */
export const QUEUE_WAIT_MS = 15 * 60_000;
/** Time for the platform to deliver, start and stop a function, beyond its limit. */
const GRACE_MS = 60_000;

const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * Why a job that still says queued or running can no longer finish, or undefined when it
 * still can. A consumer Forge stopped (a crash, the time limit) leaves its job `running`
 * forever; the panel must not poll it forever.
 */
export function staleReason(job: Pick<JobRecord, 'state' | 'createdAt' | 'startedAt' | 'kind'>, now: Date): string | undefined {
  const what = job.kind === 'save' ? 'The save' : 'Generation';
  if (job.state === 'queued' && now.getTime() - Date.parse(job.createdAt) > QUEUE_WAIT_MS)
    return `${what} never started: Forge did not run the background job within ${minutes(QUEUE_WAIT_MS)} minutes. Start it again.`;
  if (job.state === 'running') {
    const started = Date.parse(job.startedAt ?? job.createdAt);
    const since = now.getTime() - started;
    if (since > CONSUMER_LIMIT_MS + GRACE_MS)
      return (
        `${what} stopped without finishing: the background job was still marked running ${minutes(since)} minutes after it started, ` +
        `but Forge stops it after ${minutes(CONSUMER_LIMIT_MS)} (it crashed or was stopped). Start it again` +
        (job.kind === 'save' ? '; the cases already saved are found again, not duplicated.' : '.')
      );
  }
  return undefined;
}

/** A job as it is first stored: queued, nothing done yet, created (and updated) `at`. */
export function queuedJob(fields: Pick<JobRecord, 'jobId' | 'kind' | 'story' | 'message'> & Partial<JobRecord>, at: Date): JobRecord {
  const now = at.toISOString();
  return { state: 'queued', progress: 0, cases: [], coverage: [], createdAt: now, updatedAt: now, ...fields };
}
