// The OpenAI SDK's errors as one `LlmCallError`, for chat and audio alike.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { LlmCallError } from '../../../errors/llm-call-error.js';
import { httpFailureToError, isDroppedConnection, transportFailureToError } from '../../provider-error.js';

/** Maps whatever the SDK threw into one `LlmCallError`; the key is redacted from anything echoed. */
export function openAIErrorToLlmError(
  error: unknown,
  provider: string,
  model: string,
  secrets: ReadonlyArray<string | undefined>,
): LlmCallError {
  if (error instanceof APIUserAbortError) return transportFailureToError({ provider, model, kind: 'aborted', detail: 'aborted', secrets });
  if (error instanceof APIConnectionTimeoutError)
    return transportFailureToError({ provider, model, kind: 'timeout', detail: error.message, secrets });
  if (error instanceof APIConnectionError) {
    const cause = (error.cause as { message?: string } | undefined)?.message;
    return transportFailureToError({
      provider,
      model,
      kind: 'connection',
      detail: cause ? `${error.message} (${cause})` : error.message,
      secrets,
    });
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return httpFailureToError({
      provider,
      model,
      status: error.status,
      headers: error.headers,
      body: error.error ?? error.message,
      secrets,
    });
  }
  if (error instanceof Error && error.name === 'AbortError')
    return transportFailureToError({ provider, model, kind: 'aborted', detail: 'aborted', secrets });
  const detail = error instanceof Error ? error.message : String(error);
  return transportFailureToError({
    provider,
    model,
    kind: isDroppedConnection(error) ? 'connection' : 'malformed-response',
    detail,
    secrets,
  });
}
