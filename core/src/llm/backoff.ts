/** Exponential backoff with jitter, and an abortable sleep. */

export interface BackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
  /** 0..1, from `Math.random` unless a test injects one. */
  random?: () => number;
}

/**
 * The wait before retry number `retry` (0-based): `initial * 2^retry`, capped, with "equal
 * jitter" (half fixed, half random) so a burst of clients does not retry in lock-step.
 */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const base = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** retry);
  const random = options.random ?? Math.random;
  return Math.round(base / 2 + (base / 2) * random());
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
