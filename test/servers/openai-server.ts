/**
 * A local server speaking OpenAI chat completions, for the real `openai` SDK.
 * Shapes follow the API reference:
 *   request/response: https://platform.openai.com/docs/api-reference/chat/create
 *   streaming chunks (incl. the final usage chunk with `stream_options.include_usage`):
 *     https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 *   structured outputs (`response_format: {type: 'json_schema', json_schema}`):
 *     https://platform.openai.com/docs/guides/structured-outputs
 *   errors (`{error: {message, type, param, code}}`, 429 `insufficient_quota`, `retry-after-ms`):
 *     https://platform.openai.com/docs/guides/error-codes
 * Also answers Azure OpenAI's `/openai/deployments/{deployment}/chat/completions?api-version=`.
 * Audio:
 *   speech (`POST /v1/audio/speech` {model, input, voice, response_format, speed} → the audio bytes; `pcm` is
 *     raw 24 kHz 16-bit little-endian mono): https://platform.openai.com/docs/api-reference/audio/createSpeech
 *   transcription (`POST /v1/audio/transcriptions`, multipart/form-data with file, model, language,
 *     response_format → `{text, usage}`; usage `{type: 'tokens', input_tokens, input_token_details: {text_tokens,
 *     audio_tokens}, output_tokens, total_tokens}` for gpt-4o-*-transcribe, `{type: 'duration', seconds}` for whisper-1):
 *     https://platform.openai.com/docs/api-reference/audio/createTranscription
 * Embeddings (`POST /v1/embeddings` {model, input: string | string[], encoding_format: 'float' | 'base64'} →
 *   `{object: 'list', data: [{object: 'embedding', index, embedding}], model, usage: {prompt_tokens, total_tokens}}`;
 *   base64 is the little-endian float32 array): https://platform.openai.com/docs/api-reference/embeddings/create
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  cutResponse,
  defaultTranscription,
  hashedEmbedding,
  espeakSpeech,
  readMultipart,
  replyText,
  wavOf,
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

function toChat(body: Record<string, unknown>): IncomingChat {
  const messages = ((body.messages as Array<{ role: string; content: unknown }>) ?? []).map((m) => ({
    role: m.role,
    content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
  }));
  const format = body.response_format as { type?: string; json_schema?: { name: string; schema: Record<string, unknown> } } | undefined;
  return {
    model: String(body.model ?? ''),
    messages,
    jsonSchema:
      format?.type === 'json_schema' && format.json_schema
        ? { name: format.json_schema.name, schema: format.json_schema.schema }
        : undefined,
    stream: body.stream === true,
    body,
  };
}

function errorBody(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

function apiKeyOf(ctx: RouteContext): string {
  const auth = ctx.req.headers.authorization ?? '';
  return (Array.isArray(auth) ? auth[0] : auth).replace(/^Bearer\s+/i, '') || String(ctx.req.headers['api-key'] ?? '');
}

/** Answers a failure scenario; returns false when the scenario is for the success path. */
async function fail(ctx: RouteContext): Promise<boolean> {
  const { res, scenario, options } = ctx;
  switch (scenario) {
    case 'rate-limit':
      sendJson(res, 429, errorBody('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'), {
        'retry-after': String(options.retryAfterSeconds ?? 1),
      });
      return true;
    case 'rate-limit-ms':
      sendJson(res, 429, errorBody('Rate limit reached for tokens', 'tokens', 'rate_limit_exceeded'), {
        'retry-after-ms': String(options.retryAfterMs ?? 20),
      });
      return true;
    case 'no-quota':
      sendJson(
        res,
        429,
        errorBody(
          'You exceeded your current quota, please check your plan and billing details.',
          'insufficient_quota',
          'insufficient_quota',
        ),
      );
      return true;
    case 'server-error':
      sendJson(res, 500, errorBody('The server had an error while processing your request.', 'server_error', null));
      return true;
    case 'unavailable':
      sendJson(res, 503, errorBody('The engine is currently overloaded, please try again later.', 'server_error', null));
      return true;
    case 'unauthorized':
      // Like the real API, the message quotes the key; here in full, so tests prove we redact it.
      sendJson(
        res,
        401,
        errorBody(
          `Incorrect API key provided: ${apiKeyOf(ctx)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          'invalid_request_error',
          'invalid_api_key',
        ),
      );
      return true;
    case 'slow':
      if (!(await ctx.wait(options.slowMs ?? 5_000))) return true;
      return false;
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "chatcmpl-1", "choices": [ {"message": ');
      return true;
    default:
      return false;
  }
}

function usage(chat: IncomingChat, text: string) {
  const prompt = tokens(chat.messages.map((m) => m.content).join('\n'));
  return {
    prompt_tokens: prompt,
    completion_tokens: tokens(text),
    total_tokens: prompt + tokens(text),
    prompt_tokens_details: { cached_tokens: 0 },
  };
}

async function answerText(ctx: RouteContext, chat: IncomingChat): Promise<string> {
  if (ctx.scenario === 'invalid-json') return '{"this is": not json';
  if (ctx.scenario === 'wrong-shape') return JSON.stringify({ unexpected: true });
  return replyText(ctx.handler, chat);
}

function writeSse(res: ServerResponse, data: unknown): void {
  res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

async function chatCompletions(ctx: RouteContext): Promise<void> {
  if (await fail(ctx)) return;
  const chat = toChat((ctx.body ?? {}) as Record<string, unknown>);
  const text = await answerText(ctx, chat);
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const tools = chat.body.tools as Array<{ function: { name: string } }> | undefined;
  if (!chat.stream) {
    const message = tools?.length
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: `call_${randomUUID().slice(0, 8)}`, type: 'function', function: { name: tools[0]?.function.name, arguments: text } },
          ],
          refusal: null,
        }
      : { role: 'assistant', content: text, refusal: null };
    const body = {
      id,
      object: 'chat.completion',
      created,
      model: chat.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: tools?.length ? 'tool_calls' : 'stop' }],
      usage: usage(chat, text),
    };
    if (ctx.scenario === 'cut-stream') return cutResponse(ctx.res, JSON.stringify(body).slice(0, 60));
    return sendJson(ctx.res, 200, body);
  }
  const res = ctx.res;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const base = { id, object: 'chat.completion.chunk', created, model: chat.model, system_fingerprint: 'fp_local' };
  const includeUsage = (chat.body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const pieces = text.match(/.{1,8}/gs) ?? [''];
  writeSse(res, {
    ...base,
    choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    ...(includeUsage ? { usage: null } : {}),
  });
  for (const [i, piece] of pieces.entries()) {
    if (i > 0 && ctx.options.chunkDelayMs && !(await ctx.wait(ctx.options.chunkDelayMs))) return;
    writeSse(res, {
      ...base,
      choices: [{ index: 0, delta: { content: piece }, finish_reason: null }],
      ...(includeUsage ? { usage: null } : {}),
    });
    if (ctx.scenario === 'cut-stream' && i === 0) {
      setTimeout(() => res.socket?.destroy(), 5);
      return;
    }
  }
  writeSse(res, { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], ...(includeUsage ? { usage: null } : {}) });
  if (includeUsage) writeSse(res, { ...base, choices: [], usage: usage(chat, text) });
  writeSse(res, '[DONE]');
  res.end();
}

async function speech(ctx: RouteContext): Promise<void> {
  if (await fail(ctx)) return;
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const missing = ['model', 'input', 'voice'].find((k) => typeof body[k] !== 'string' || body[k] === '');
  if (missing) return sendJson(ctx.res, 400, errorBody(`Missing required parameter: '${missing}'.`, 'invalid_request_error', null));
  const format = (body.response_format as string | undefined) ?? 'mp3';
  if (format !== 'pcm' && format !== 'wav') {
    return sendJson(ctx.res, 400, errorBody(`this local server speaks pcm and wav only, not '${format}'`, 'invalid_request_error', null));
  }
  const speed = body.speed as number | undefined;
  if (speed !== undefined && (speed < 0.25 || speed > 4)) {
    return sendJson(ctx.res, 400, errorBody(`${speed} is greater than the maximum of 4 - 'speed'`, 'invalid_request_error', null));
  }
  const speak = ctx.options.speak ?? espeakSpeech;
  const pcm = await speak({ model: String(body.model), text: String(body.input), voice: String(body.voice), speed, language: undefined });
  const audio = format === 'pcm' ? pcm : wavOf(pcm, 24_000);
  if (ctx.scenario === 'cut-stream') {
    ctx.res.writeHead(200, { 'content-type': 'audio/pcm', 'content-length': String(audio.length) });
    ctx.res.write(audio.subarray(0, Math.floor(audio.length / 3)));
    setTimeout(() => ctx.res.socket?.destroy(), 5);
    return;
  }
  ctx.res.writeHead(200, { 'content-type': format === 'pcm' ? 'audio/pcm' : 'audio/wav', 'content-length': String(audio.length) });
  ctx.res.end(audio);
}

async function transcriptions(ctx: RouteContext): Promise<void> {
  if (await fail(ctx)) return;
  let form: FormData;
  try {
    form = await readMultipart(ctx);
  } catch {
    return sendJson(ctx.res, 400, errorBody('the body must be multipart/form-data', 'invalid_request_error', null));
  }
  const file = form.get('file');
  const model = form.get('model');
  if (!(file instanceof Blob))
    return sendJson(ctx.res, 400, errorBody("Missing required parameter: 'file'.", 'invalid_request_error', null));
  if (typeof model !== 'string' || !model) {
    return sendJson(ctx.res, 400, errorBody("Missing required parameter: 'model'.", 'invalid_request_error', null));
  }
  const audio = Buffer.from(await file.arrayBuffer());
  const language = (form.get('language') as string | null) ?? undefined;
  if (ctx.recorded) {
    ctx.recorded.body = {
      model,
      language,
      response_format: form.get('response_format'),
      file: { name: (file as File).name, type: file.type, size: audio.length },
    };
  }
  if (ctx.scenario === 'malformed') {
    ctx.res.writeHead(200, { 'content-type': 'application/json' });
    return void ctx.res.end('{"text": ');
  }
  const transcribe = ctx.options.transcribe ?? defaultTranscription;
  const text = await transcribe(audio, { model, language });
  const seconds = wavSeconds(audio);
  const usage =
    model === 'whisper-1'
      ? { type: 'duration', seconds: Math.ceil(seconds) }
      : {
          type: 'tokens',
          input_tokens: Math.ceil(seconds * 10) + 3,
          input_token_details: { text_tokens: 3, audio_tokens: Math.ceil(seconds * 10) },
          output_tokens: tokens(text),
          total_tokens: Math.ceil(seconds * 10) + 3 + tokens(text),
        };
  sendJson(ctx.res, 200, { text, usage });
}

async function embeddings(ctx: RouteContext): Promise<void> {
  if (await fail(ctx)) return;
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  const input = typeof body.input === 'string' ? [body.input] : body.input;
  if (typeof body.model !== 'string' || !body.model)
    return sendJson(ctx.res, 400, errorBody("Missing required parameter: 'model'.", 'invalid_request_error', null));
  if (!Array.isArray(input) || input.length === 0 || input.some((t) => typeof t !== 'string' || t === '')) {
    return sendJson(ctx.res, 400, errorBody("'$.input' is invalid. Please check the API reference.", 'invalid_request_error', null));
  }
  if (input.length > 2048)
    return sendJson(ctx.res, 400, errorBody('Too many inputs. The max number of inputs is 2048.', 'invalid_request_error', null));
  if (ctx.scenario === 'malformed') {
    ctx.res.writeHead(200, { 'content-type': 'application/json' });
    return void ctx.res.end('{"object": "list", "data": [');
  }
  const embed = ctx.options.embed ?? hashedEmbedding;
  const base64 = body.encoding_format === 'base64';
  const data = (input as string[]).map((text, index) => {
    const vector = embed(text, { model: body.model as string });
    return {
      object: 'embedding',
      index,
      embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
    };
  });
  const used = (input as string[]).reduce((sum, t) => sum + tokens(t), 0);
  sendJson(ctx.res, 200, { object: 'list', data, model: body.model, usage: { prompt_tokens: used, total_tokens: used } });
}

/** Starts the server; point the SDK at `${url}/v1` (or use `url` as an Azure endpoint). */
export function startOpenAIServer(options: ServerOptions = {}): Promise<LocalServer> {
  return startLocalServer(options, async (ctx) => {
    const path = ctx.url.pathname;
    if (ctx.req.method === 'POST' && /\/chat\/completions$/.test(path)) return chatCompletions(ctx);
    if (ctx.req.method === 'POST' && /\/audio\/speech$/.test(path)) return speech(ctx);
    if (ctx.req.method === 'POST' && /\/audio\/transcriptions$/.test(path)) return transcriptions(ctx);
    if (ctx.req.method === 'POST' && /\/embeddings$/.test(path)) return embeddings(ctx);
    if (ctx.req.method === 'GET' && /\/models$/.test(path))
      return sendJson(ctx.res, 200, { object: 'list', data: [{ id: 'gpt-4.1-mini', object: 'model', created: 0, owned_by: 'local' }] });
    sendJson(ctx.res, 404, errorBody(`Unknown request URL: ${ctx.req.method} ${path}`, 'invalid_request_error', 'unknown_url'));
  });
}
