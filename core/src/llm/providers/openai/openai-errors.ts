// The OpenAI SDK's errors as one `LlmCallError`, for chat and audio alike.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { LlmCallError } from '../../../errors/llm-call-error.js';
import { sdkErrorToLlmError } from '../../provider-error.js';

/** Maps whatever the SDK threw into one `LlmCallError`; the key is redacted from anything echoed. */
export function openAIErrorToLlmError(
  error: unknown,
  provider: string,
  model: string,
  secrets: ReadonlyArray<string | undefined>,
): LlmCallError {
  return sdkErrorToLlmError(
    error,
    { APIUserAbortError, APIConnectionTimeoutError, APIConnectionError, APIError },
    { provider, model, secrets },
  );
}
