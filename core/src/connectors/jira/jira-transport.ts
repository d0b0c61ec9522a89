/**
 * How the Jira client reaches Jira. The client logic (JQL paging, mapping,
 * links, properties, sync) is written once over this port; the CLI uses REST
 * with an API token, the Forge app `requestJira`, the extension REST too.
 */
export interface JiraRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A path under the site, e.g. `/rest/api/3/issue/SHOP-1`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined> | undefined;
  /** JSON (sent as `application/json`), or a `FormData` sent as `multipart/form-data` (attachments). */
  body?: unknown;
  /** Headers an operation needs beside the transport's own, e.g. `X-Atlassian-Token: no-check` for attachments. */
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
}

export interface JiraResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or undefined for 204 / empty bodies. */
  body: unknown;
}

export interface JiraTransport {
  request(request: JiraRequest): Promise<JiraResponse>;
}

/** A Jira response body as the transports return it: parsed JSON, the raw text when it is not JSON, undefined when empty. */
export function parseJiraBody(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
