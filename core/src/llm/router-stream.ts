/**
 * Routed streaming: the engine retries and falls back until a model yields its first
 * part; from then on the stream is the caller's, and a cut fails the stream.
 */
import { LlmCallError } from '../errors/llm-call-error.js';
import { RetryError } from '../errors/retry-error.js';
import type { CallEngine } from './call-engine.js';
import type { LanguageModelCallOptions, StreamPart, TokenCounts } from './language-model.js';
import type { RoutedCallRequest, RoutedStreamPart } from './model-router.js';
import type { ModelRef, ResolvedModel } from './registry.js';

export interface StreamInput {
  engine: CallEngine;
  resolved: ResolvedModel;
  options: Omit<LanguageModelCallOptions, 'abortSignal'>;
  request: RoutedCallRequest;
  now: () => number;
  checkBudget: () => Promise<void>;
  account: (ref: ModelRef, usage: TokenCounts, warnings: string[]) => Promise<number>;
  count: (ok: boolean, attempts: number) => void;
}

export async function* streamRouted(input: StreamInput): AsyncGenerator<RoutedStreamPart> {
  await input.checkBudget();
  const started = input.now();
  let outcome;
  try {
    outcome = await input.engine.run(
      {
        chain: input.resolved.chain,
        options: input.options,
        abortSignal: input.request.abortSignal,
        timeoutMs: input.request.timeoutMs,
        scope: input.request.scope,
        holdSignal: true,
      },
      async (model, options) => {
        if (!model.stream) {
          // A provider without streaming still answers: one delta with the whole text.
          const result = await model.generate(options);
          const parts: StreamPart[] = [
            { type: 'text-delta', text: result.text },
            { type: 'finish', finishReason: result.finishReason, usage: result.usage },
          ];
          const iterator = parts[Symbol.iterator]();
          return { iterator: { next: async () => iterator.next() } as AsyncIterator<StreamPart>, first: iterator.next() };
        }
        const iterator = model.stream(options)[Symbol.asyncIterator]();
        const first = await iterator.next();
        return { iterator, first };
      },
    );
  } catch (error) {
    input.count(false, (error as { errors?: unknown[] }).errors?.length ?? 1);
    throw error;
  }
  const { ref, attempts } = outcome;
  let { first: step } = outcome.value;
  const { iterator } = outcome.value;
  let text = '';
  let finished = false;
  try {
    while (!step.done) {
      const part = step.value;
      if (part.type === 'text-delta') {
        text += part.text;
        yield part;
      } else {
        const warnings: string[] = [];
        const cost = await input.account(ref, part.usage, warnings);
        input.count(true, attempts);
        finished = true;
        yield {
          type: 'finish',
          result: {
            text,
            finishReason: part.finishReason,
            usage: part.usage,
            cost,
            latencyMs: input.now() - started,
            attempts,
            model: ref.id,
            cached: false,
            warnings,
          },
        };
        return;
      }
      step = await iterator.next();
    }
  } catch (error) {
    finished = true;
    input.count(false, attempts);
    // The SDK reports a cancelled body read as a connection error; say what happened.
    if (input.request.abortSignal?.aborted)
      throw new RetryError({ reason: 'aborted', message: `the stream from ${ref.id} was cancelled`, errors: [error] });
    throw error;
  } finally {
    outcome.release();
    // The consumer stopped early (break): close the provider's stream so its connection is freed.
    if (!finished && !step.done) {
      input.count(false, attempts);
      await iterator.return?.().catch(() => undefined);
    }
  }
  input.count(false, attempts);
  throw new LlmCallError({
    provider: ref.provider,
    model: ref.model,
    kind: 'connection',
    isRetryable: true,
    message: `${ref.id}: the stream ended without a finish`,
  });
}
