/**
 * A local server speaking the Anthropic Messages API, for the real `@anthropic-ai/sdk`.
 * Shapes follow the API reference:
 *   request/response, tool use, usage: https://docs.anthropic.com/en/api/messages
 *   SSE events (message_start, content_block_start/delta/stop, message_delta, message_stop, ping):
 *     https://docs.anthropic.com/en/docs/build-with-claude/streaming
 *   errors (`{type: 'error', error: {type, message}}`, 429 with `retry-after`, 529 overloaded):
 *     https://docs.anthropic.com/en/api/errors and https://docs.anthropic.com/en/api/rate-limits
 *   an error inside a 200 stream (`event: error`, e.g. overloaded_error during high usage):
 *     "Error events" in https://docs.anthropic.com/en/docs/build-with-claude/streaming
 * Structured output arrives as one forced tool; the handler's answer becomes its `input`.
 */
import { randomUUID } from 'node:crypto';
import {
  cutResponse,
  replyText,
  sendJson,
  startLocalServer,
  tokens,
  type IncomingChat,
  type LocalServer,
  type RouteContext,
  type ServerOptions,
} from './server-kit.js';

export type { LocalServer, ServerOptions, Scenario, ReplyHandler, IncomingChat } from './server-kit.js';

function flatten(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((b: { text?: string }) => b.text ?? JSON.stringify(b)).join('');
  return JSON.stringify(content);
}

function toChat(body: Record<string, unknown>): IncomingChat {
  const messages = ((body.messages as Array<{ role: string; content: unknown }>) ?? []).map((m) => ({
    role: m.role,
    content: flatten(m.content),
  }));
  if (body.system) messages.unshift({ role: 'system', content: flatten(body.system) });
  const tools = body.tools as Array<{ name: string; input_schema: Record<string, unknown> }> | undefined;
  const choice = body.tool_choice as { type?: string; name?: string } | undefined;
  const forced = choice?.type === 'tool' ? tools?.find((t) => t.name === choice.name) : undefined;
  return {
    model: String(body.model ?? ''),
    messages,
    jsonSchema: forced ? { name: forced.name, schema: forced.input_schema } : undefined,
    stream: body.stream === true,
    body,
  };
}

const errorBody = (type: string, message: string) => ({
  type: 'error',
  error: { type, message },
  request_id: `req_${randomUUID().slice(0, 12)}`,
});

async function fail(ctx: RouteContext): Promise<boolean> {
  const { res, scenario, options } = ctx;
  switch (scenario) {
    case 'rate-limit':
      sendJson(res, 429, errorBody('rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'), {
        'retry-after': String(options.retryAfterSeconds ?? 1),
      });
      return true;
    case 'rate-limit-ms':
      sendJson(res, 429, errorBody('rate_limit_error', 'Number of requests has exceeded your rate limit'), {
        'retry-after-ms': String(options.retryAfterMs ?? 20),
        'retry-after': '1',
      });
      return true;
    case 'no-quota':
      sendJson(
        res,
        400,
        errorBody(
          'invalid_request_error',
          'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
        ),
      );
      return true;
    case 'server-error':
      sendJson(res, 500, errorBody('api_error', 'Internal server error'));
      return true;
    case 'unavailable':
      sendJson(res, 529, errorBody('overloaded_error', 'Overloaded'));
      return true;
    case 'unauthorized':
      // Echo the key back (as some gateways do) so tests prove it is redacted. The SDK since
      // 1.0 sends it as `Authorization: Bearer`; older clients use `x-api-key`.
      sendJson(
        res,
        401,
        errorBody(
          'authentication_error',
          `invalid x-api-key: ${String(ctx.req.headers['x-api-key'] ?? ctx.req.headers.authorization ?? '').replace(/^Bearer\s+/i, '')}`,
        ),
      );
      return true;
    case 'slow':
      return !(await ctx.wait(options.slowMs ?? 5_000));
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "msg_1", "type": "message", "content": [');
      return true;
    default:
      return false;
  }
}

function usage(chat: IncomingChat, text: string) {
  return {
    input_tokens: tokens(chat.messages.map((m) => m.content).join('\n')),
    output_tokens: tokens(text),
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}

function sse(res: RouteContext['res'], event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

async function messages(ctx: RouteContext): Promise<void> {
  if (await fail(ctx)) return;
  const chat = toChat((ctx.body ?? {}) as Record<string, unknown>);
  let text =
    ctx.scenario === 'invalid-json'
      ? '{"this is": not json'
      : ctx.scenario === 'wrong-shape'
        ? '{"unexpected": true}'
        : await replyText(ctx.handler, chat);
  let input: unknown;
  if (chat.jsonSchema && ctx.scenario !== 'invalid-json') {
    try {
      input = JSON.parse(text);
    } catch {
      input = undefined; // the model "answered in prose": a text block instead of the tool call
    }
  }
  const id = `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
  const content =
    input !== undefined && chat.jsonSchema
      ? [{ type: 'tool_use', id: `toolu_${randomUUID().slice(0, 12)}`, name: chat.jsonSchema.name, input }]
      : [{ type: 'text', text }];
  const stopReason = input !== undefined ? 'tool_use' : 'end_turn';
  if (!chat.stream) {
    const body = {
      id,
      type: 'message',
      role: 'assistant',
      model: chat.model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: usage(chat, text),
    };
    if (ctx.scenario === 'cut-stream') return cutResponse(ctx.res, JSON.stringify(body).slice(0, 60));
    return sendJson(ctx.res, 200, body, { 'request-id': `req_${id}` });
  }
  if (input !== undefined) text = JSON.stringify(input);
  const res = ctx.res;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const u = usage(chat, text);
  sse(res, 'message_start', {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model: chat.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...u, output_tokens: 1 },
    },
  });
  sse(res, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
  sse(res, 'ping', { type: 'ping' });
  const pieces = text.match(/.{1,8}/gs) ?? [''];
  for (const [i, piece] of pieces.entries()) {
    sse(res, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
    if (ctx.scenario === 'cut-stream' && i === 0) {
      setTimeout(() => res.socket?.destroy(), 5);
      return;
    }
    if (ctx.scenario === 'stream-error' && i === 0) {
      sse(res, 'error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
      res.end();
      return;
    }
  }
  sse(res, 'content_block_stop', { type: 'content_block_stop', index: 0 });
  sse(res, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn', stop_sequence: null },
    usage: { output_tokens: u.output_tokens },
  });
  sse(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

/** Starts the server; point the SDK's `baseURL` at `url`. */
export function startAnthropicServer(options: ServerOptions = {}): Promise<LocalServer> {
  return startLocalServer(options, async (ctx) => {
    if (ctx.req.method === 'POST' && ctx.url.pathname === '/v1/messages') return messages(ctx);
    sendJson(ctx.res, 404, errorBody('not_found_error', `Not found: ${ctx.url.pathname}`));
  });
}
