// What Gemini chat and audio calls share: errors as one `LlmCallError` (Retry-After read from the
// headers the SDK drops, and from the body's RetryInfo), the per-call header hook, the answer text.
import { ApiError, type GenerateContentResponse } from '@google/genai';
import type { LlmCallError } from '../../../errors/llm-call-error.js';
import { httpFailureToError, isDroppedConnection, parseRetryInfo, transportFailureToError } from '../../provider-error.js';

export function googleErrorToLlmError(
  error: unknown,
  provider: string,
  model: string,
  secrets: ReadonlyArray<string | undefined>,
  headers?: Headers,
): LlmCallError {
  if (error instanceof ApiError) {
    // The SDK puts the whole JSON error body in the message.
    let body: unknown = error.message;
    try {
      body = JSON.parse(error.message);
    } catch {
      /* plain text */
    }
    return httpFailureToError({ provider, model, status: error.status, headers, body, retryAfterMs: parseRetryInfo(body), secrets });
  }
  if (error instanceof Error && (error.name === 'AbortError' || /aborted/i.test(error.message))) {
    return transportFailureToError({ provider, model, kind: 'aborted', detail: 'aborted', secrets });
  }
  const detail =
    error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
  const connection = isDroppedConnection(error) || /fetch failed|ECONNREFUSED|ENOTFOUND/i.test(detail);
  return transportFailureToError({ provider, model, kind: connection ? 'connection' : 'malformed-response', detail, secrets });
}

/** A fetch that remembers a failed answer's headers (the SDK drops them; Retry-After lives there). One per call. */
export function headerHook(baseFetch: typeof fetch): { seen: { headers?: Headers }; hook: typeof fetch } {
  const seen: { headers?: Headers } = {};
  const hook: typeof fetch = async (input, init) => {
    const response = await baseFetch(input, init);
    if (!response.ok) seen.headers = response.headers;
    return response;
  };
  return { seen, hook };
}

/** The answer's text: every part of the first candidate but thought summaries. */
export function textOf(response: GenerateContentResponse): string {
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return parts.map((p) => (p.thought ? '' : (p.text ?? ''))).join('');
}
