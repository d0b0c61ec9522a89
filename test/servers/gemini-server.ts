/**
 * A local server speaking the Gemini API (generativelanguage v1beta), for the real `@google/genai` SDK.
 * Shapes follow the API reference:
 *   generateContent / streamGenerateContent (`?alt=sse`), candidates, usageMetadata:
 *     https://ai.google.dev/api/generate-content
 *   structured output (`generationConfig.responseMimeType` + `responseJsonSchema`):
 *     https://ai.google.dev/gemini-api/docs/structured-output
 *   errors (`{error: {code, message, status, details}}`, 429 RESOURCE_EXHAUSTED with
 *   `google.rpc.RetryInfo.retryDelay`; a bad key is 400 INVALID_ARGUMENT / API_KEY_INVALID):
 *     https://ai.google.dev/gemini-api/docs/troubleshooting and https://cloud.google.com/apis/design/errors
 *   speech generation (`generationConfig.responseModalities: ["AUDIO"]`, `speechConfig.voiceConfig.prebuiltVoiceConfig
 *   .voiceName`, `languageCode`; the answer part is `inlineData {mimeType: "audio/L16;codec=pcm;rate=24000", data}` and
 *   `usageMetadata.candidatesTokensDetails` counts AUDIO tokens): https://ai.google.dev/gemini-api/docs/speech-generation
 *   audio understanding (a user part `inlineData {mimeType: "audio/wav", data}` beside the text prompt; audio is
 *   25 tokens a second, reported under `usageMetadata.promptTokensDetails` as AUDIO): https://ai.google.dev/gemini-api/docs/audio
 *   embeddings (`POST /v1beta/models/{model}:batchEmbedContents` `{requests: [{model: "models/{model}", content: {parts:
 *   [{text}]}, taskType?, outputDimensionality?}]}` → `{embeddings: [{values}]}`, at most 100 requests; `:embedContent`
 *   `{content}` → `{embedding: {values}}`): https://ai.google.dev/api/embeddings
 */
import {
  cutResponse,
  defaultTranscription,
  hashedEmbedding,
  espeakSpeech,
  replyText,
  wavSeconds,
  sendJson,
  startLocalServer,
  tokens,
  type IncomingChat,
  type LocalServer,
  type RouteContext,
  type ServerOptions,
} from './server-kit.js';

export type { LocalServer, ServerOptions, Scenario, ReplyHandler, IncomingChat } from './server-kit.js';

interface Content {
  role?: string;
  parts?: Array<{ text?: string; inlineData?: { mimeType?: string; data?: string } }>;
}

/** Gemini counts 25 tokens per second of audio. */
const AUDIO_TOKENS_PER_SECOND = 25;

function textOfContent(c: Content | string | undefined): string {
  if (!c) return '';
  if (typeof c === 'string') return c;
  return (c.parts ?? []).map((p) => p.text ?? '').join('');
}

function toChat(model: string, body: Record<string, unknown>, stream: boolean): IncomingChat {
  const messages = ((body.contents as Content[]) ?? []).map((c) => ({
    role: c.role === 'model' ? 'assistant' : 'user',
    content: textOfContent(c),
  }));
  const system = body.systemInstruction as Content | string | undefined;
  if (system) messages.unshift({ role: 'system', content: textOfContent(system) });
  const config = (body.generationConfig ?? {}) as {
    responseMimeType?: string;
    responseJsonSchema?: Record<string, unknown>;
    responseSchema?: Record<string, unknown>;
  };
  const schema = config.responseJsonSchema ?? config.responseSchema;
  return {
    model,
    messages,
    jsonSchema: config.responseMimeType === 'application/json' && schema ? { name: 'response', schema } : undefined,
    stream,
    body,
  };
}

const errorBody = (code: number, status: string, message: string, details: unknown[] = []) => ({
  error: { code, message, status, details },
});

async function fail(ctx: RouteContext): Promise<boolean> {
  const { res, scenario, options } = ctx;
  switch (scenario) {
    case 'rate-limit':
      sendJson(res, 429, errorBody(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).'), {
        'retry-after': String(options.retryAfterSeconds ?? 1),
      });
      return true;
    case 'rate-limit-ms': {
      const seconds = (options.retryAfterMs ?? 20) / 1000;
      sendJson(
        res,
        429,
        errorBody(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current rate limit.', [
          {
            '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
            violations: [
              {
                quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
                quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
              },
            ],
          },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` },
        ]),
      );
      return true;
    }
    case 'no-quota':
      sendJson(
        res,
        429,
        errorBody(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.'),
      );
      return true;
    case 'server-error':
      sendJson(res, 500, errorBody(500, 'INTERNAL', 'An internal error has occurred.'));
      return true;
    case 'unavailable':
      sendJson(res, 503, errorBody(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'));
      return true;
    case 'unauthorized': {
      const key = String(ctx.req.headers['x-goog-api-key'] ?? ctx.url.searchParams.get('key') ?? '');
      sendJson(
        res,
        400,
        errorBody(400, 'INVALID_ARGUMENT', `API key not valid. Please pass a valid API key. (${key})`, [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'API_KEY_INVALID',
            domain: 'googleapis.com',
            metadata: { service: 'generativelanguage.googleapis.com' },
          },
        ]),
      );
      return true;
    }
    case 'slow':
      return !(await ctx.wait(options.slowMs ?? 5_000));
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"candidates": [ {"content": ');
      return true;
    default:
      return false;
  }
}

function usageMetadata(chat: IncomingChat, text: string) {
  const prompt = tokens(chat.messages.map((m) => m.content).join('\n'));
  return { promptTokenCount: prompt, candidatesTokenCount: tokens(text), totalTokenCount: prompt + tokens(text) };
}

/** Speech generation: the text of the contents spoken, as base64 PCM. */
async function speak(ctx: RouteContext, model: string, body: Record<string, unknown>): Promise<void> {
  const config = (body.generationConfig ?? {}) as {
    speechConfig?: { voiceConfig?: { prebuiltVoiceConfig?: { voiceName?: string } }; languageCode?: string };
  };
  const text = ((body.contents as Content[]) ?? []).map(textOfContent).join('\n');
  if (!text) return sendJson(ctx.res, 400, errorBody(400, 'INVALID_ARGUMENT', 'contents must hold the text to speak'));
  const pcm = await (ctx.options.speak ?? espeakSpeech)({
    model,
    text,
    voice: config.speechConfig?.voiceConfig?.prebuiltVoiceConfig?.voiceName,
    speed: undefined,
    language: config.speechConfig?.languageCode,
  });
  const audioTokens = Math.ceil((pcm.length / 48_000) * AUDIO_TOKENS_PER_SECOND);
  const body200 = {
    candidates: [
      {
        content: { parts: [{ inlineData: { mimeType: 'audio/L16;codec=pcm;rate=24000', data: pcm.toString('base64') } }], role: 'model' },
        finishReason: 'STOP',
        index: 0,
      },
    ],
    usageMetadata: {
      promptTokenCount: tokens(text),
      candidatesTokenCount: audioTokens,
      totalTokenCount: tokens(text) + audioTokens,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: tokens(text) }],
      candidatesTokensDetails: [{ modality: 'AUDIO', tokenCount: audioTokens }],
    },
    modelVersion: model,
    responseId: 'local',
  };
  if (ctx.scenario === 'cut-stream') return cutResponse(ctx.res, JSON.stringify(body200).slice(0, 200));
  sendJson(ctx.res, 200, body200);
}

/** Audio understanding: the inline audio transcribed by the server's handler. */
async function listen(ctx: RouteContext, model: string, body: Record<string, unknown>, audio: Buffer): Promise<void> {
  const prompt = ((body.contents as Content[]) ?? []).map(textOfContent).join('\n');
  const language = /The speech is in ([\w-]+)\./.exec(prompt)?.[1];
  const text = await (ctx.options.transcribe ?? defaultTranscription)(audio, { model, language });
  const seconds = wavSeconds(audio);
  const audioTokens = Math.ceil(seconds * AUDIO_TOKENS_PER_SECOND);
  const body200 = {
    candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata: {
      promptTokenCount: tokens(prompt) + audioTokens,
      candidatesTokenCount: tokens(text),
      totalTokenCount: tokens(prompt) + audioTokens + tokens(text),
      promptTokensDetails: [
        { modality: 'TEXT', tokenCount: tokens(prompt) },
        { modality: 'AUDIO', tokenCount: audioTokens },
      ],
    },
    modelVersion: model,
    responseId: 'local',
  };
  if (ctx.scenario === 'cut-stream') return cutResponse(ctx.res, JSON.stringify(body200).slice(0, 60));
  sendJson(ctx.res, 200, body200);
}

async function generate(ctx: RouteContext, model: string, stream: boolean): Promise<void> {
  if (await fail(ctx)) return;
  const raw = (ctx.body ?? {}) as Record<string, unknown>;
  const modalities = ((raw.generationConfig ?? {}) as { responseModalities?: string[] }).responseModalities ?? [];
  if (!stream && modalities.includes('AUDIO')) return speak(ctx, model, raw);
  const inline = ((raw.contents as Content[]) ?? [])
    .flatMap((c) => c.parts ?? [])
    .find((p) => p.inlineData?.mimeType?.startsWith('audio/'));
  if (!stream && inline?.inlineData?.data) return listen(ctx, model, raw, Buffer.from(inline.inlineData.data, 'base64'));
  const chat = toChat(model, (ctx.body ?? {}) as Record<string, unknown>, stream);
  const text =
    ctx.scenario === 'invalid-json'
      ? '{"this is": not json'
      : ctx.scenario === 'wrong-shape'
        ? '{"unexpected": true}'
        : await replyText(ctx.handler, chat);
  const candidate = (t: string, finish?: string) => ({
    content: { parts: [{ text: t }], role: 'model' },
    ...(finish ? { finishReason: finish } : {}),
    index: 0,
  });
  if (!stream) {
    const body = {
      candidates: [candidate(text, 'STOP')],
      usageMetadata: usageMetadata(chat, text),
      modelVersion: model,
      responseId: 'local',
    };
    if (ctx.scenario === 'cut-stream') return cutResponse(ctx.res, JSON.stringify(body).slice(0, 60));
    return sendJson(ctx.res, 200, body);
  }
  const res = ctx.res;
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const pieces = text.match(/.{1,8}/gs) ?? [''];
  for (const [i, piece] of pieces.entries()) {
    const last = i === pieces.length - 1;
    const chunk = {
      candidates: [candidate(piece, last ? 'STOP' : undefined)],
      modelVersion: model,
      ...(last ? { usageMetadata: usageMetadata(chat, text) } : {}),
    };
    res.write(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
    if (ctx.scenario === 'cut-stream' && i === 0) {
      setTimeout(() => res.socket?.destroy(), 5);
      return;
    }
  }
  res.end();
}

function partsText(content: unknown): string {
  const parts = (content as { parts?: Array<{ text?: unknown }> } | undefined)?.parts ?? [];
  return parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
}

async function embed(ctx: RouteContext, model: string, batch: boolean): Promise<void> {
  if (await fail(ctx)) return;
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const requests = batch ? (body.requests as Array<Record<string, unknown>> | undefined) : [body];
  if (!Array.isArray(requests) || requests.length === 0)
    return sendJson(ctx.res, 400, errorBody(400, 'INVALID_ARGUMENT', '* BatchEmbedContentsRequest.requests: contents is not specified'));
  if (requests.length > 100) {
    return sendJson(
      ctx.res,
      400,
      errorBody(400, 'INVALID_ARGUMENT', '* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch'),
    );
  }
  const texts = requests.map((r) => partsText(r.content));
  const wrongModel = requests.find((r) => r.model !== undefined && r.model !== `models/${model}`);
  if (wrongModel || texts.some((t) => t === '')) {
    const why = wrongModel ? `model ${String(wrongModel.model)} does not match the URL's models/${model}` : 'content is empty';
    return sendJson(ctx.res, 400, errorBody(400, 'INVALID_ARGUMENT', `* BatchEmbedContentsRequest.requests: ${why}`));
  }
  if (ctx.scenario === 'malformed') {
    ctx.res.writeHead(200, { 'content-type': 'application/json' });
    return void ctx.res.end('{"embeddings": [');
  }
  const fn = ctx.options.embed ?? hashedEmbedding;
  const values = texts.map((t) => ({ values: fn(t, { model }) }));
  sendJson(ctx.res, 200, batch ? { embeddings: values } : { embedding: values[0] });
}

/** Starts the server; point the SDK's `httpOptions.baseUrl` at `url`. */
export function startGeminiServer(options: ServerOptions = {}): Promise<LocalServer> {
  return startLocalServer(options, async (ctx) => {
    const match = /^\/v1beta\/models\/([^:]+):(generateContent|streamGenerateContent)$/.exec(ctx.url.pathname);
    if (ctx.req.method === 'POST' && match) return generate(ctx, decodeURIComponent(match[1] ?? ''), match[2] === 'streamGenerateContent');
    const embedding = /^\/v1beta\/models\/([^:]+):(embedContent|batchEmbedContents)$/.exec(ctx.url.pathname);
    if (ctx.req.method === 'POST' && embedding)
      return embed(ctx, decodeURIComponent(embedding[1] ?? ''), embedding[2] === 'batchEmbedContents');
    sendJson(ctx.res, 404, errorBody(404, 'NOT_FOUND', `Not found: ${ctx.url.pathname}`));
  });
}
