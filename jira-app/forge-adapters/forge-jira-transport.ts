import { asApp, asUser, assumeTrustedRoute, type RequestProductMethod } from '@forge/api';
import { parseJiraBody, type JiraRequest, type JiraResponse, type JiraTransport } from '@casewright/core';

/**
 * A `FormData` as the bytes and `Content-Type` (with its boundary) of its `multipart/form-data`
 * encoding, made by the runtime's own Fetch API (`Response`).
 */
async function encodeFormData(form: FormData): Promise<{ body: ArrayBuffer; contentType: string }> {
  const encoded = new Response(form);
  return { body: await encoded.arrayBuffer(), contentType: encoded.headers.get('content-type') ?? 'multipart/form-data' };
}

/** The part of `@forge/api` the transport needs (asUser/asApp requestJira). */
export interface ForgeRequester {
  requestJira: RequestProductMethod;
}

/**
 * `JiraTransport` over Forge's `requestJira`: `asUser` for what the person
 * viewing the panel may see and do (Jira permissions apply), `asApp` for
 * background work in the generation consumer.
 */
export function createForgeJiraTransport(as: 'user' | 'app', requester?: ForgeRequester): JiraTransport {
  const client = (): ForgeRequester => requester ?? (as === 'user' ? asUser() : asApp());
  return {
    async request(request: JiraRequest): Promise<JiraResponse> {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) params.set(k, String(v));
      const qs = params.toString();
      // Paths come from core's Jira client, which encodes every variable part itself.
      const route = assumeTrustedRoute(`${request.path}${qs ? `?${qs}` : ''}`);
      // A FormData (attachments) goes as the bytes of its multipart/form-data encoding with its
      // boundary: requestJira's declared body types are ArrayBuffer, string and URLSearchParams.
      const multipart = request.body instanceof FormData ? await encodeFormData(request.body) : undefined;
      const response = await client().requestJira(route, {
        method: request.method,
        headers: {
          ...request.headers,
          Accept: 'application/json',
          ...(multipart
            ? { 'Content-Type': multipart.contentType }
            : request.body !== undefined
              ? { 'Content-Type': 'application/json' }
              : {}),
        },
        ...(multipart ? { body: multipart.body } : request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => (headers[key] = value));
      const text = await response.text();
      const body = parseJiraBody(text);
      return { status: response.status, headers, body };
    },
  };
}
