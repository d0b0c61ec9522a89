import type { Method } from 'got';
import { UsageError } from '../../errors/usage-error.js';
import { JiraError } from './jira-error.js';
import { parseJiraBody, type JiraRequest, type JiraResponse, type JiraTransport } from './jira-transport.js';

export interface RestJiraTransportOptions {
  /** The site, e.g. `https://acme.atlassian.net` (or a local server in tests). */
  baseUrl: string;
  /** The Atlassian account email the API token belongs to. */
  email: string;
  /** An Atlassian API token. Sent as basic auth; never logged or put in an error. */
  apiToken: string;
  /** Per-request timeout; default 30 s. */
  timeoutMs?: number;
}

/**
 * `JiraTransport` over REST with an API token (basic auth email:token), as the
 * Jira Cloud docs describe under "Basic auth for REST APIs". Retries are off:
 * a caller that wants them wraps the transport.
 */
export function createRestJiraTransport(options: RestJiraTransportOptions): JiraTransport {
  let base: URL | undefined;
  try {
    base = new URL(options.baseUrl);
  } catch {
    base = undefined;
  }
  if (!base || (base.protocol !== 'https:' && base.protocol !== 'http:'))
    throw new UsageError(`Jira site "${options.baseUrl}" is not a URL; expected e.g. https://acme.atlassian.net`);
  if (!options.email) throw new UsageError('Jira email is missing: set jira.email in casewright.config.yaml or JIRA_EMAIL');
  if (!options.apiToken) throw new UsageError('Jira API token is missing: set JIRA_API_TOKEN');
  const authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  const site: URL = base;
  const prefix = site.pathname.replace(/\/+$/, '');

  return {
    async request(request: JiraRequest): Promise<JiraResponse> {
      const url = new URL(`${prefix}${request.path}`, site);
      const searchParams: Record<string, string | number | boolean> = {};
      for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) searchParams[k] = v;
      const multipart = request.body instanceof FormData;
      let response;
      try {
        // got loads on the first call: commands that never talk to Jira do not pay for it.
        const { default: got } = await import('got');
        response = await got(url, {
          method: request.method as Method,
          searchParams,
          headers: {
            ...request.headers,
            authorization,
            accept: 'application/json',
            ...(request.body !== undefined && !multipart ? { 'content-type': 'application/json' } : {}),
          },
          // got encodes a FormData itself (multipart/form-data with its boundary).
          body: multipart ? (request.body as FormData) : request.body !== undefined ? JSON.stringify(request.body) : undefined,
          throwHttpErrors: false,
          retry: { limit: 0 },
          timeout: { request: options.timeoutMs ?? 30_000 },
          responseType: 'text',
          followRedirect: false,
          ...(request.signal ? { signal: request.signal } : {}),
        });
      } catch (error) {
        // got's RequestError keeps the request options (with the Authorization
        // header) on itself: keep only its code, never the object.
        const code = (error as { code?: unknown }).code;
        throw new JiraError({
          status: 0,
          method: request.method,
          path: request.path,
          message: `Jira ${request.method} ${request.path} on ${site.host} did not answer (${typeof code === 'string' ? code : 'network error'})`,
        });
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
      const body = parseJiraBody(response.body);
      return { status: response.statusCode, headers, body };
    },
  };
}
