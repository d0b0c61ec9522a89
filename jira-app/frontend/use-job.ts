import { useCallback, useEffect, useState } from 'react';
import type { JobView } from '../shared/api.js';
import type { Call } from './common.js';

/** Consecutive failed checks after which the panel stops and says so. */
export const MAX_POLL_FAILURES = 6;

export interface JobPoll {
  job: JobView | undefined;
  /** A check failed; the panel says why and when it tries again. */
  trouble: string | undefined;
  /** Checking stopped (the job is gone, or too many checks failed); `retry` starts again. */
  stopped: string | undefined;
  retry(): void;
}

const seconds = (ms: number) => `${Math.max(1, Math.round(ms / 1000))} s`;

/**
 * Follows a job by polling `getJob`: at once, then less often the longer it runs (×1.5
 * up to `maxMs`). A failed check is not the end: the panel says what happened and tries
 * again with a growing pause; only after MAX_POLL_FAILURES in a row does it stop, saying
 * so, with a way to try again. Stops by itself when the job is done or failed.
 */
export function useJob(call: Call, jobId: string | undefined, { pollMs = 1500, maxMs = 15_000 } = {}): JobPoll {
  const [state, setState] = useState<Omit<JobPoll, 'retry'>>({ job: undefined, trouble: undefined, stopped: undefined });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    setState((s) => ({ job: s.job?.jobId === jobId ? s.job : undefined, trouble: undefined, stopped: undefined }));
    if (!jobId) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let delay = pollMs;
    let failures = 0;
    const tick = async () => {
      const r = await call<JobView>('getJob', { jobId });
      if (!live) return;
      if (r.ok) {
        failures = 0;
        setState({ job: r.data, trouble: undefined, stopped: undefined });
        if (r.data.state === 'done' || r.data.state === 'failed') return;
        delay = Math.min(delay * 1.5, maxMs);
      } else {
        failures++;
        if (r.error.code === 'NOT_FOUND' || failures >= MAX_POLL_FAILURES) {
          const why =
            r.error.code === 'NOT_FOUND' ? r.error.message : `${failures} checks in a row failed; the last said: ${r.error.message}`;
          setState((s) => ({ ...s, trouble: undefined, stopped: `Stopped checking the job's progress. ${why}` }));
          return;
        }
        delay = Math.min(pollMs * 2 ** failures, maxMs);
        setState((s) => ({ ...s, trouble: `Could not check the job's progress (${r.error.message}). Trying again in ${seconds(delay)}.` }));
      }
      timer = setTimeout(() => void tick(), delay);
    };
    timer = setTimeout(() => void tick(), 0);
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [call, jobId, pollMs, maxMs, attempt]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { ...state, retry };
}
