// Speech and transcription through the router and the official SDKs (`openai`, `@google/genai`,
// each with its own retries off) against the local servers, which follow the documented shapes:
//   OpenAI speech:        https://platform.openai.com/docs/api-reference/audio/createSpeech
//   OpenAI transcription: https://platform.openai.com/docs/api-reference/audio/createTranscription (multipart/form-data)
//   Gemini speech:        https://ai.google.dev/gemini-api/docs/speech-generation (responseModalities AUDIO, inline PCM)
//   Gemini audio:         https://ai.google.dev/gemini-api/docs/audio (inlineData audio/wav + prompt)
// The router is the only retry loop: 429 with retry-after-ms, 5xx and cut bodies are retried or fall
// back; a bad key is not, and never shows in the error. Every call is priced once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LlmCallError, RetryError, createRouter, type LlmConfig } from '@casewright/core';
import { startGeminiServer } from '../servers/gemini-server.js';
import { startOpenAIServer } from '../servers/openai-server.js';
import { startAnthropicServer } from '../servers/anthropic-server.js';
import { wavOf, type LocalServer } from '../servers/server-kit.js';

const OPENAI_KEY = 'sk-audio-test-key-1234567890';
const GEMINI_KEY = 'gm-audio-test-key-0987654321';
/** One second of a 440 Hz tone as 24 kHz 16-bit PCM: what the servers "speak" here (the e2e tests use espeak-ng). */
const TONE = Buffer.alloc(48_000);
for (let i = 0; i < 24_000; i++) TONE.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24_000)), i * 2);
/** Two seconds of 16 kHz mono WAV to transcribe. */
const UPLOAD = wavOf(Buffer.alloc(64_000), 16_000);

let openai: LocalServer;
let gemini: LocalServer;
let anthropic: LocalServer;
const heard: Array<{ model: string; language: string | undefined; bytes: number }> = [];
beforeAll(async () => {
  const options = {
    retryAfterMs: 30,
    speak: () => TONE,
    transcribe: (audio: Buffer, info: { model: string; language: string | undefined }) => {
      heard.push({ ...info, bytes: audio.length });
      return 'Your order ships today.';
    },
  };
  [openai, gemini, anthropic] = await Promise.all([startOpenAIServer(options), startGeminiServer(options), startAnthropicServer()]);
});
afterAll(() => Promise.all([openai.close(), gemini.close(), anthropic.close()]));
beforeEach(() => {
  for (const s of [openai, gemini]) {
    s.setScenario('ok');
    s.requests.length = 0;
  }
  heard.length = 0;
});

function router(extra: LlmConfig = {}) {
  return createRouter(
    {
      providers: {
        openai: { type: 'openai', baseURL: `${openai.url}/v1` },
        google: { type: 'google', baseURL: gemini.url },
        anthropic: { type: 'anthropic', baseURL: anthropic.url },
      },
      router: { initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 3_000 },
      ...extra,
    },
    { env: { OPENAI_API_KEY: OPENAI_KEY, GEMINI_API_KEY: GEMINI_KEY, ANTHROPIC_API_KEY: 'sk-ant-x' } },
  );
}

describe('OpenAI speech (POST /v1/audio/speech)', () => {
  it('sends the documented JSON body, returns raw 24 kHz PCM, and prices the minutes of speech', async () => {
    const r = router();
    const result = await r.generateSpeech({ model: 'openai:gpt-4o-mini-tts', text: 'Where is my order?', voice: 'coral', speed: 1.2 });
    expect(openai.requests[0]).toMatchObject({ method: 'POST', path: '/v1/audio/speech' });
    expect(openai.requests[0]?.body).toEqual({
      model: 'gpt-4o-mini-tts',
      input: 'Where is my order?',
      voice: 'coral',
      response_format: 'pcm',
      speed: 1.2,
    });
    expect(openai.requests[0]?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(Buffer.from(result.audio).equals(TONE)).toBe(true);
    expect(result).toMatchObject({ mimeType: 'audio/pcm', sampleRate: 24_000, model: 'openai:gpt-4o-mini-tts', attempts: 1 });
    // One second of speech at $0.015 a minute.
    expect(result.cost).toBeCloseTo(0.015 / 60, 10);
    expect(r.stats().costUsd).toBeCloseTo(0.015 / 60, 10);
  });

  it('prices tts-1 by characters', async () => {
    const result = await router().generateSpeech({ model: 'openai:tts-1', text: 'x'.repeat(1000) });
    expect(result.cost).toBeCloseTo((1000 * 15) / 1_000_000, 10);
  });

  it('retries a 429 after its retry-after-ms, and a body cut mid-way', async () => {
    openai.setScenario(['rate-limit-ms', 'cut-stream', 'ok']);
    const r = router();
    const result = await r.generateSpeech({ model: 'openai:gpt-4o-mini-tts', text: 'Hello' });
    expect(result.attempts).toBe(3);
    expect(openai.requests.map((q) => q.scenario)).toEqual(['rate-limit-ms', 'cut-stream', 'ok']);
    // Failed attempts cost nothing; the answer is counted once.
    expect(r.stats()).toMatchObject({ calls: 1, successes: 1, attempts: 3 });
    expect(r.stats().costUsd).toBeCloseTo(result.cost, 12);
  });

  it('falls back along an alias chain when the first provider is down', async () => {
    openai.setScenario('unavailable');
    const r = router({ models: { speech: { model: 'openai:gpt-4o-mini-tts', fallback: ['google:gemini-2.5-flash-preview-tts'] } } });
    const result = await r.generateSpeech({ model: 'speech', text: 'Hello', voice: 'Puck' });
    expect(result.model).toBe('google:gemini-2.5-flash-preview-tts');
    expect(openai.requests.length).toBeGreaterThan(0);
    expect(gemini.requests).toHaveLength(1);
  });

  it('does not retry a bad key, and never shows it', async () => {
    openai.setScenario('unauthorized');
    const error = await router()
      .generateSpeech({ model: 'openai:gpt-4o-mini-tts', text: 'Hello' })
      .catch((e: unknown) => e);
    expect(LlmCallError.isInstance(error) || RetryError.isInstance(error)).toBe(true);
    expect(openai.requests).toHaveLength(1);
    expect(String((error as Error).message)).not.toContain(OPENAI_KEY);
    expect(JSON.stringify(error)).not.toContain(OPENAI_KEY);
  });
});

describe('OpenAI transcription (POST /v1/audio/transcriptions, multipart)', () => {
  it('uploads the WAV as a file part with model and ISO-639-1 language, and prices tokens', async () => {
    const result = await router().transcribe({ model: 'openai:gpt-4o-mini-transcribe', audio: UPLOAD, language: 'en-US', seconds: 2 });
    expect(openai.requests[0]?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(openai.requests[0]?.body).toEqual({
      model: 'gpt-4o-mini-transcribe',
      language: 'en',
      response_format: 'json',
      file: { name: 'turn.wav', type: 'audio/wav', size: UPLOAD.length },
    });
    expect(heard).toEqual([{ model: 'gpt-4o-mini-transcribe', language: 'en', bytes: UPLOAD.length }]);
    expect(result.text).toBe('Your order ships today.');
    // The server bills 20 audio tokens (2 s), 3 text tokens in and the transcript's tokens out.
    expect(result.usage).toMatchObject({ audioInputTokens: 20, inputTokens: 3 });
    const expected = (20 * 3 + 3 * 1.25 + result.usage.outputTokens! * 5) / 1_000_000;
    expect(result.cost).toBeCloseTo(expected, 12);
  });

  it('prices whisper-1 by the minute it reports', async () => {
    const result = await router().transcribe({ model: 'openai:whisper-1', audio: UPLOAD });
    expect(result.usage).toEqual({ seconds: 2 });
    expect(result.cost).toBeCloseTo((2 / 60) * 0.006, 12);
  });

  it('retries a server error, then gives up with what failed', async () => {
    openai.setScenario('server-error');
    const error = await router({ router: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 } })
      .transcribe({ model: 'openai:gpt-4o-mini-transcribe', audio: UPLOAD })
      .catch((e: unknown) => e);
    expect(RetryError.isInstance(error)).toBe(true);
    expect(openai.requests).toHaveLength(3);
    expect((error as Error).message).toMatch(/failed after 3 attempts; last error: .*500/);
  });

  it('reports a malformed answer as retryable', async () => {
    openai.setScenario(['malformed', 'ok']);
    const result = await router().transcribe({ model: 'openai:whisper-1', audio: UPLOAD });
    expect(result.attempts).toBe(2);
  });
});

describe('Gemini speech generation and audio understanding (generateContent)', () => {
  it('asks for AUDIO with the voice and language, and wraps the inline PCM', async () => {
    const result = await router().generateSpeech({
      model: 'google:gemini-2.5-flash-preview-tts',
      text: 'Where is my order?',
      voice: 'Puck',
      language: 'en-US',
    });
    expect(gemini.requests[0]?.path).toBe('/v1beta/models/gemini-2.5-flash-preview-tts:generateContent');
    expect(gemini.requests[0]?.headers['x-goog-api-key']).toBe(GEMINI_KEY);
    expect(gemini.requests[0]?.body).toMatchObject({
      contents: [{ role: 'user', parts: [{ text: 'Where is my order?' }] }],
      generationConfig: {
        responseModalities: ['AUDIO'],
        speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } }, languageCode: 'en-US' },
      },
    });
    expect(Buffer.from(result.audio).equals(TONE)).toBe(true);
    expect(result).toMatchObject({ mimeType: 'audio/pcm', sampleRate: 24_000, speedApplied: true });
    // 25 audio tokens for the second of speech at $10 / 1M, plus the text tokens in at $0.50 / 1M.
    expect(result.usage.audioOutputTokens).toBe(25);
    expect(result.cost).toBeCloseTo((25 * 10 + result.usage.inputTokens! * 0.5) / 1_000_000, 12);
  });

  it('says when it cannot apply a speaking rate (the voice pipeline changes the tempo instead)', async () => {
    const result = await router().generateSpeech({ model: 'google:gemini-2.5-flash-preview-tts', text: 'Hi', speed: 1.5 });
    expect(result.speedApplied).toBe(false);
  });

  it('sends the audio inline with a transcription prompt and prices its audio tokens', async () => {
    const result = await router().transcribe({ model: 'google:gemini-2.5-flash', audio: UPLOAD, language: 'en-GB', seconds: 2 });
    const body = gemini.requests[0]?.body as { contents: Array<{ parts: Array<{ inlineData?: { mimeType: string; data: string } }> }> };
    const part = body.contents[0]?.parts.find((p) => p.inlineData);
    expect(part?.inlineData?.mimeType).toBe('audio/wav');
    expect(Buffer.from(part!.inlineData!.data, 'base64').equals(UPLOAD)).toBe(true);
    expect(JSON.stringify(body)).toContain('The speech is in en-GB.');
    expect(heard[0]).toMatchObject({ model: 'gemini-2.5-flash', language: 'en-GB' });
    expect(result.text).toBe('Your order ships today.');
    expect(result.usage.audioInputTokens).toBe(50);
    const expected = (50 * 1 + result.usage.inputTokens! * 0.3 + result.usage.outputTokens! * 2.5) / 1_000_000;
    expect(result.cost).toBeCloseTo(expected, 12);
  });

  it('retries a 429 with RetryInfo', async () => {
    gemini.setScenario(['rate-limit-ms', 'ok']);
    const result = await router().transcribe({ model: 'google:gemini-2.5-flash', audio: UPLOAD });
    expect(result.attempts).toBe(2);
  });
});

it('a provider without audio models is a configuration error, not retried', async () => {
  const error = await router()
    .generateSpeech({ model: 'anthropic:claude-haiku-4-5', text: 'Hello' })
    .catch((e: unknown) => e);
  expect(LlmCallError.isInstance(error)).toBe(true);
  expect((error as Error).message).toMatch(/provider 'anthropic' \(anthropic\) has no speech models/);
});
