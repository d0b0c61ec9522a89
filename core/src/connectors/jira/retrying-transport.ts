import type { JiraRequest, JiraResponse, JiraTransport } from './jira-transport.js';

export interface JiraRetryOptions {
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First backoff when Jira sends no Retry-After (default 1000 ms, doubled each time). */
  initialDelayMs?: number;
  /** Never wait longer than this for one retry (default 30 s). */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Retries what Jira Cloud asks to be retried: 429 (rate limited) and 503, honouring
 * `Retry-After` (seconds), as https://developer.atlassian.com/cloud/jira/platform/rate-limiting/
 * describes. Other answers, including other errors, pass through at once.
 */
export function withJiraRetry(transport: JiraTransport, options: JiraRetryOptions = {}): JiraTransport {
  const retries = options.retries ?? 3;
  const initial = options.initialDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    async request(request: JiraRequest): Promise<JiraResponse> {
      for (let attempt = 0; ; attempt++) {
        const response = await transport.request(request);
        if ((response.status !== 429 && response.status !== 503) || attempt >= retries || request.signal?.aborted) return response;
        const header = Number(response.headers['retry-after']);
        const wait = Number.isFinite(header) && header >= 0 ? header * 1000 : initial * 2 ** attempt;
        await sleep(Math.min(wait, max));
      }
    },
  };
}
