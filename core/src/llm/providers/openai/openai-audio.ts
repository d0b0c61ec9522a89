/**
 * OpenAI speech and transcription over the official `openai` SDK (same client,
 * `maxRetries: 0`). Wire shapes:
 *   speech: https://platform.openai.com/docs/api-reference/audio/createSpeech
 *     (`POST /v1/audio/speech` {model, input, voice, response_format, speed}; the body is the audio;
 *     `pcm` is raw 24 kHz 16-bit little-endian mono, so its duration is exact without parsing a header)
 *   transcription: https://platform.openai.com/docs/api-reference/audio/createTranscription
 *     (`POST /v1/audio/transcriptions`, multipart/form-data: file, model, language, response_format;
 *     answers `{text, usage}` with usage `{type: 'tokens', input_tokens, input_token_details, output_tokens}`
 *     for the gpt-4o models or `{type: 'duration', seconds}` for whisper-1)
 */
import { toFile, type OpenAI } from 'openai';
import type { SpeechModel, SpeechResult, TranscriptionModel, TranscriptionResult, AudioUsage } from '../../audio-model.js';
import { transportFailureToError } from '../../provider-error.js';
import { openAIErrorToLlmError } from './openai-errors.js';

const PCM_RATE = 24_000;
const DEFAULT_VOICE = 'alloy';

export function createOpenAISpeechModel(
  client: OpenAI,
  provider: string,
  modelId: string,
  secrets: ReadonlyArray<string | undefined>,
): SpeechModel {
  return {
    provider,
    modelId,
    async generate(options): Promise<SpeechResult> {
      let audio: Uint8Array;
      try {
        const response = await client.audio.speech.create(
          {
            model: modelId,
            input: options.text,
            voice: options.voice ?? DEFAULT_VOICE,
            response_format: 'pcm',
            ...(options.speed !== undefined && options.speed !== 1 ? { speed: options.speed } : {}),
          },
          { signal: options.abortSignal },
        );
        audio = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        throw openAIErrorToLlmError(error, provider, modelId, secrets);
      }
      if (audio.byteLength === 0) {
        throw transportFailureToError({
          provider,
          model: modelId,
          kind: 'malformed-response',
          detail: 'the speech answer is empty',
          secrets,
        });
      }
      return {
        audio,
        mimeType: 'audio/pcm',
        sampleRate: PCM_RATE,
        // OpenAI infers the language from the text; the speech call reports no usage, so the bill is estimated from its output.
        usage: { characters: options.text.length, seconds: audio.byteLength / (PCM_RATE * 2) },
        warnings: [],
        speedApplied: true,
      };
    },
  };
}

interface TranscriptionUsage {
  type?: string;
  seconds?: number;
  input_tokens?: number;
  output_tokens?: number;
  input_token_details?: { audio_tokens?: number; text_tokens?: number };
}

function transcriptionUsage(usage: TranscriptionUsage | undefined, seconds: number | undefined): AudioUsage {
  if (usage?.type === 'tokens') {
    const audioTokens = usage.input_token_details?.audio_tokens;
    return {
      inputTokens: audioTokens !== undefined ? (usage.input_token_details?.text_tokens ?? 0) : (usage.input_tokens ?? 0),
      audioInputTokens: audioTokens,
      outputTokens: usage.output_tokens ?? 0,
      seconds,
    };
  }
  return { seconds: usage?.type === 'duration' && typeof usage.seconds === 'number' ? usage.seconds : seconds };
}

export function createOpenAITranscriptionModel(
  client: OpenAI,
  provider: string,
  modelId: string,
  secrets: ReadonlyArray<string | undefined>,
): TranscriptionModel {
  return {
    provider,
    modelId,
    async transcribe(options): Promise<TranscriptionResult> {
      let result: { text?: unknown; usage?: TranscriptionUsage };
      try {
        result = (await client.audio.transcriptions.create(
          {
            file: await toFile(options.audio, 'turn.wav', { type: 'audio/wav' }),
            model: modelId,
            response_format: 'json',
            // ISO-639-1, the part of the tag before the region.
            ...(options.language ? { language: options.language.split('-')[0]!.toLowerCase() } : {}),
          },
          { signal: options.abortSignal },
        )) as typeof result;
      } catch (error) {
        throw openAIErrorToLlmError(error, provider, modelId, secrets);
      }
      if (typeof result?.text !== 'string') {
        throw transportFailureToError({
          provider,
          model: modelId,
          kind: 'malformed-response',
          detail: 'the transcription has no text',
          secrets,
        });
      }
      return { text: result.text.trim(), usage: transcriptionUsage(result.usage, options.seconds), warnings: [] };
    },
  };
}
