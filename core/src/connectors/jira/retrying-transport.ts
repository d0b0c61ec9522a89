import { CasewrightError } from '../../errors/casewright-error.js';
import { JiraError } from './jira-error.js';
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

/** Methods that may be sent again after a network failure: repeating them changes nothing. */
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);

/**
 * What every Jira transport goes through (REST with a token for the CLI and the editor,
 * `requestJira` in Forge): retries what Jira Cloud asks to be retried — 429 (rate
 * limited) and 503, honouring `Retry-After` (seconds), as
 * https://developer.atlassian.com/cloud/jira/platform/rate-limiting/ describes — and
 * network failures of idempotent calls. A failure of the transport itself always
 * surfaces as a `JiraError` (status 0) whose message names the call, never the
 * underlying error object (it may hold request headers). Other answers pass through.
 */
export function withJiraRetry(transport: JiraTransport, options: JiraRetryOptions = {}): JiraTransport {
  const retries = options.retries ?? 3;
  const initial = options.initialDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return {
    async request(request: JiraRequest): Promise<JiraResponse> {
      for (let attempt = 0; ; attempt++) {
        let response: JiraResponse;
        try {
          response = await transport.request(request);
        } catch (error) {
          const failure = asJiraError(error, request);
          const retryable = failure.status === 0 && IDEMPOTENT.has(request.method) && !request.signal?.aborted;
          if (!retryable || attempt >= retries) throw failure;
          await sleep(Math.min(initial * 2 ** attempt, max));
          continue;
        }
        if ((response.status !== 429 && response.status !== 503) || attempt >= retries || request.signal?.aborted) return response;
        const header = Number(response.headers['retry-after']);
        const wait = Number.isFinite(header) && header >= 0 ? header * 1000 : initial * 2 ** attempt;
        await sleep(Math.min(wait, max));
      }
    },
  };
}

function asJiraError(error: unknown, request: JiraRequest): JiraError {
  if (JiraError.isInstance(error)) return error;
  if (CasewrightError.isInstance(error)) throw error;
  const code = (error as { code?: unknown } | undefined)?.code;
  const name = error instanceof Error ? error.name : 'error';
  return new JiraError({
    status: 0,
    method: request.method,
    path: request.path,
    message: `Jira ${request.method} ${request.path} did not answer (${typeof code === 'string' ? code : name})`,
  });
}
