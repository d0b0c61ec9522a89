/**
 * Gemini speech generation and audio understanding over the official `@google/genai`
 * SDK (same client, no `retryOptions`). Wire shapes:
 *   speech: https://ai.google.dev/gemini-api/docs/speech-generation — `generateContent` with
 *     `generationConfig.responseModalities: ["AUDIO"]` and `speechConfig.voiceConfig.prebuiltVoiceConfig.voiceName`
 *     (+ `languageCode`); the answer's part is `inlineData {mimeType: "audio/L16;codec=pcm;rate=24000", data}`
 *     (base64 16-bit little-endian mono PCM); `usageMetadata.candidatesTokenCount` counts audio tokens.
 *   transcription: https://ai.google.dev/gemini-api/docs/audio — `generateContent` with an
 *     `inlineData {mimeType: "audio/wav", data}` part (inline up to 20 MB) and a text prompt;
 *     `usageMetadata.promptTokensDetails` splits the prompt into TEXT and AUDIO tokens.
 */
import type { GenerateContentResponse, GoogleGenAI, Modality } from '@google/genai';
import type { SpeechModel, SpeechResult, TranscriptionModel, TranscriptionResult } from '../../audio-model.js';
import { LlmCallError } from '../../../errors/llm-call-error.js';
import { transportFailureToError } from '../../provider-error.js';
import { googleErrorToLlmError, headerHook, textOf } from './google-common.js';

const DEFAULT_VOICE = 'Kore';
const MAX_INLINE_BYTES = 20 * 1024 * 1024;

function rateOf(mimeType: string | undefined): number | undefined {
  const match = /rate=(\d+)/.exec(mimeType ?? '');
  return match ? Number(match[1]) : undefined;
}

function modalityTokens(details: Array<{ modality?: string; tokenCount?: number }> | undefined, modality: string): number | undefined {
  const found = (details ?? []).filter((d) => d.modality === modality);
  return found.length ? found.reduce((sum, d) => sum + (d.tokenCount ?? 0), 0) : undefined;
}

export function createGeminiSpeechModel(
  client: GoogleGenAI,
  baseFetch: typeof fetch,
  provider: string,
  modelId: string,
  secrets: ReadonlyArray<string | undefined>,
): SpeechModel {
  return {
    provider,
    modelId,
    async generate(options): Promise<SpeechResult> {
      const { seen, hook } = headerHook(baseFetch);
      let response: GenerateContentResponse;
      try {
        response = await client.models.generateContent({
          model: modelId,
          contents: [{ role: 'user', parts: [{ text: options.text }] }],
          config: {
            abortSignal: options.abortSignal,
            httpOptions: { fetch: hook },
            // The enum's value; a type import keeps the SDK out of the bundle until a Gemini call.
            responseModalities: ['AUDIO' as Modality],
            speechConfig: {
              voiceConfig: { prebuiltVoiceConfig: { voiceName: options.voice ?? DEFAULT_VOICE } },
              ...(options.language ? { languageCode: options.language } : {}),
            },
          },
        });
      } catch (error) {
        throw googleErrorToLlmError(error, provider, modelId, secrets, seen.headers);
      }
      const part = response?.candidates?.[0]?.content?.parts?.find((p) => p.inlineData?.data);
      const data = part?.inlineData?.data;
      if (!data) {
        const blocked = response?.promptFeedback?.blockReason;
        throw transportFailureToError({
          provider,
          model: modelId,
          kind: 'malformed-response',
          detail: blocked ? `the prompt was blocked: ${blocked}` : 'the answer has no audio',
          secrets,
        });
      }
      const audio = new Uint8Array(Buffer.from(data, 'base64'));
      const sampleRate = rateOf(part.inlineData?.mimeType) ?? 24_000;
      const usage = response.usageMetadata;
      return {
        audio,
        mimeType: /wav/i.test(part.inlineData?.mimeType ?? '') ? 'audio/wav' : 'audio/pcm',
        sampleRate,
        usage: {
          inputTokens: usage?.promptTokenCount ?? 0,
          audioOutputTokens: modalityTokens(usage?.candidatesTokensDetails, 'AUDIO') ?? usage?.candidatesTokenCount ?? 0,
          seconds: audio.byteLength / (sampleRate * 2),
        },
        // Gemini speech has no rate parameter; the caller changes the tempo.
        warnings: [],
        speedApplied: options.speed === undefined || options.speed === 1,
      };
    },
  };
}

export function createGeminiTranscriptionModel(
  client: GoogleGenAI,
  baseFetch: typeof fetch,
  provider: string,
  modelId: string,
  secrets: ReadonlyArray<string | undefined>,
): TranscriptionModel {
  return {
    provider,
    modelId,
    async transcribe(options): Promise<TranscriptionResult> {
      if (options.audio.byteLength > MAX_INLINE_BYTES) {
        throw new LlmCallError({
          provider,
          model: modelId,
          kind: 'bad-request',
          isRetryable: false,
          message: `${provider}:${modelId}: the audio is ${options.audio.byteLength} bytes; Gemini takes at most ${MAX_INLINE_BYTES} inline`,
        });
      }
      const { seen, hook } = headerHook(baseFetch);
      const language = options.language ? ` The speech is in ${options.language}.` : '';
      let response: GenerateContentResponse;
      try {
        response = await client.models.generateContent({
          model: modelId,
          contents: [
            {
              role: 'user',
              parts: [
                { inlineData: { mimeType: 'audio/wav', data: Buffer.from(options.audio).toString('base64') } },
                {
                  text: `Transcribe the speech in this audio word for word.${language} Answer with the transcript only: no timestamps, no speaker labels, no comments. If there is no speech, answer with nothing.`,
                },
              ],
            },
          ],
          config: { abortSignal: options.abortSignal, httpOptions: { fetch: hook }, temperature: 0 },
        });
      } catch (error) {
        throw googleErrorToLlmError(error, provider, modelId, secrets, seen.headers);
      }
      const candidate = response?.candidates?.[0];
      if (!candidate) {
        throw transportFailureToError({
          provider,
          model: modelId,
          kind: 'malformed-response',
          detail: 'the answer has no candidates',
          secrets,
        });
      }
      const text = textOf(response);
      const usage = response.usageMetadata;
      const audioTokens = modalityTokens(usage?.promptTokensDetails, 'AUDIO');
      return {
        text: text.trim(),
        usage: {
          inputTokens: (usage?.promptTokenCount ?? 0) - (audioTokens ?? 0),
          audioInputTokens: audioTokens,
          outputTokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
          seconds: options.seconds,
        },
        warnings: [],
      };
    },
  };
}
