import { parseJiraBody, type JiraRequest, type JiraResponse, type JiraTransport } from '@casewright/core';

export interface JiraRestOptions {
  /** e.g. https://acme.atlassian.net (no trailing slash needed). */
  site: string;
  email: string;
  apiToken: string;
  fetch?: typeof fetch;
}

/**
 * Core's `JiraTransport` over Jira Cloud REST with an API token (HTTP basic auth with the
 * account e-mail, as https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/
 * describes). The token only ever goes into the Authorization header; errors carry the
 * status and path, never the header.
 */
export function createJiraRestTransport(options: JiraRestOptions): JiraTransport {
  const site = options.site.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(site))
    throw new Error(`casewright.jira.site must be a URL such as https://acme.atlassian.net; found '${options.site}'`);
  const auth = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  const doFetch = options.fetch ?? fetch;
  return {
    async request(request: JiraRequest): Promise<JiraResponse> {
      const url = new URL(site + request.path);
      for (const [key, value] of Object.entries(request.query ?? {})) {
        if (value !== undefined) url.searchParams.set(key, String(value));
      }
      const response = await doFetch(url, {
        method: request.method,
        headers: {
          authorization: auth,
          accept: 'application/json',
          ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
        signal: request.signal,
      });
      const text = await response.text();
      const body = parseJiraBody(text);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => (headers[key] = value));
      return { status: response.status, headers, body };
    },
  };
}
