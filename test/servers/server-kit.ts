/**
 * What the local LLM wire servers share: an HTTP server on 127.0.0.1:0, recorded
 * requests, fault scenarios (fixed, a sequence, or a seeded random fault rate), and a
 * programmable reply handler so generation, runner and judge tests can script answers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

/** Fault switches every server understands. */
export type Scenario =
  | 'ok'
  /** 429 with `Retry-After` (seconds). */
  | 'rate-limit'
  /** 429 with `retry-after-ms` (OpenAI, Anthropic) or RetryInfo (Gemini). */
  | 'rate-limit-ms'
  /** 429 that says the account has no quota (not retryable). */
  | 'no-quota'
  | 'server-error'
  | 'unavailable'
  /** Waits `slowMs` before answering (past the client's timeout). */
  | 'slow'
  /** 200 with a body that is not JSON. */
  | 'malformed'
  /** 200 whose answer text is not valid JSON (the structured-output repair path). */
  | 'invalid-json'
  /** 200 whose answer text is JSON of the wrong shape. */
  | 'wrong-shape'
  /** The connection drops part-way through the answer (streams: after the first delta). */
  | 'cut-stream'
  /** Anthropic: an `event: error` (overloaded_error) after the first delta of a 200 stream. */
  | 'stream-error'
  | 'unauthorized';

export interface IncomingChat {
  model: string;
  /** Flattened conversation: system prompt first when there is one. */
  messages: Array<{ role: string; content: string }>;
  /** The structured-output schema requested, if any. */
  jsonSchema?: { name: string; schema: Record<string, unknown> } | undefined;
  stream: boolean;
  /** The request body as sent. */
  body: Record<string, unknown>;
}

/** Returns the answer text (objects are sent as JSON). */
export type ReplyHandler = (
  chat: IncomingChat,
) => string | Record<string, unknown> | unknown[] | Promise<string | Record<string, unknown> | unknown[]>;

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** The scenario this request was answered with. */
  scenario: Scenario;
}

/** What a speech request asks for (OpenAI `/v1/audio/speech`, Gemini `responseModalities: ["AUDIO"]`). */
export interface IncomingSpeech {
  model: string;
  text: string;
  voice: string | undefined;
  speed: number | undefined;
  language: string | undefined;
}

/** Speaks: returns raw 16-bit little-endian mono PCM at 24 kHz, the format both vendors answer with. */
export type SpeechHandler = (speech: IncomingSpeech) => Buffer | Promise<Buffer>;

/** Transcribes the uploaded audio (a WAV file's bytes). */
export type TranscriptionHandler = (audio: Buffer, info: { model: string; language: string | undefined }) => string | Promise<string>;

/** Embeds one text (OpenAI `/v1/embeddings`, Gemini `:batchEmbedContents`). */
export type EmbeddingHandler = (text: string, info: { model: string }) => number[];

/**
 * The default embedding: a bag of words hashed into 64 dimensions (words folded to lower case),
 * so equal word sets give equal vectors and the cosine follows the words two texts share. A test
 * that needs paraphrases to land close passes its own `embed` (a model would; this one cannot).
 */
export function hashedEmbedding(text: string): number[] {
  const v = new Array<number>(64).fill(0);
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    v[(h >>> 0) % 64]! += 1;
  }
  return v;
}

export interface ServerOptions {
  scenario?: Scenario | Scenario[] | undefined;
  /** Embedding endpoints: default `hashedEmbedding`. */
  embed?: EmbeddingHandler | undefined;
  handler?: ReplyHandler | undefined;
  /** Speech endpoints: default espeak-ng (Debian), so the audio is real speech. */
  speak?: SpeechHandler | undefined;
  /** Transcription endpoints: default answers `local transcript (N bytes)`. */
  transcribe?: TranscriptionHandler | undefined;
  /** Random faults for benchmarks: `rate` of requests get one of `kinds` (seeded, reproducible). */
  faults?: { rate: number; kinds: Scenario[]; seed?: number } | undefined;
  slowMs?: number | undefined;
  /** Pause between streamed chunks (default none). */
  chunkDelayMs?: number | undefined;
  retryAfterSeconds?: number | undefined;
  retryAfterMs?: number | undefined;
  /** Keep request bodies in `requests` (off for benchmarks: memory). */
  record?: boolean | undefined;
}

export interface LocalServer {
  url: string;
  requests: RecordedRequest[];
  /** A fixed scenario, or a sequence for the next requests after which the server answers `ok`. */
  setScenario(scenario: Scenario | Scenario[]): void;
  setHandler(handler: ReplyHandler): void;
  setFaults(faults: ServerOptions['faults']): void;
  close(): Promise<void>;
}

/** A small seeded PRNG (mulberry32) so fault runs are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rough token counts for usage fields: about 4 characters a token, at least 1. */
export function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A minimal value that matches a JSON Schema: the default answer to structured requests. */
export function sampleFromSchema(schema: unknown, defs: Record<string, unknown> = {}): unknown {
  const s = (schema ?? {}) as Record<string, unknown>;
  const allDefs = { ...defs, ...((s.$defs ?? s.definitions ?? {}) as Record<string, unknown>) };
  if (typeof s.$ref === 'string') return sampleFromSchema(allDefs[s.$ref.split('/').pop() ?? ''], allDefs);
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const options = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(options) && options.length > 0) return sampleFromSchema(options[0], allDefs);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required as string[] | undefined) ?? Object.keys(props));
      return Object.fromEntries(
        Object.entries(props)
          .filter(([k]) => required.has(k))
          .map(([k, v]) => [k, sampleFromSchema(v, allDefs)]),
      );
    }
    case 'array':
      return Array.from({ length: Math.max(1, (s.minItems as number | undefined) ?? 1) }, () => sampleFromSchema(s.items, allDefs));
    case 'string':
      return typeof s.minLength === 'number' ? 'x'.repeat(Math.max(s.minLength, 4)) : 'text';
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return {};
  }
}

export const defaultHandler: ReplyHandler = (chat) =>
  chat.jsonSchema ? (sampleFromSchema(chat.jsonSchema.schema) as Record<string, unknown>) : `echo: ${chat.messages.at(-1)?.content ?? ''}`;

export async function replyText(handler: ReplyHandler, chat: IncomingChat): Promise<string> {
  const reply = await handler(chat);
  return typeof reply === 'string' ? reply : JSON.stringify(reply);
}

/** Parses a multipart/form-data body with the platform's own parser (undici's `Response.formData`). */
export async function readMultipart(ctx: RouteContext): Promise<FormData> {
  return new Response(ctx.raw, { headers: { 'content-type': String(ctx.req.headers['content-type'] ?? '') } }).formData();
}

/**
 * The default speaker: espeak-ng reads the text (the voice tests install it), and sox turns its
 * WAV into raw 24 kHz 16-bit little-endian mono PCM, what the vendors send.
 */
export const espeakSpeech: SpeechHandler = (speech) => {
  const dir = mkdtempSync(join(tmpdir(), 'speech-server-'));
  try {
    const wav = join(dir, 'speech.wav');
    const spoken = spawnSync('espeak-ng', ['-v', (speech.language ?? 'en-us').toLowerCase(), '-w', wav, '--stdin'], { input: speech.text });
    if (spoken.status !== 0) throw new Error(`espeak-ng failed: ${spoken.stderr?.toString() ?? spoken.error?.message}`);
    const raw = join(dir, 'speech.raw');
    const converted = spawnSync('sox', [wav, '-t', 'raw', '-r', '24000', '-e', 'signed-integer', '-b', '16', '-c', '1', '-L', raw]);
    if (converted.status !== 0) throw new Error(`sox failed: ${converted.stderr?.toString() ?? converted.error?.message}`);
    return readFileSync(raw);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Seconds of a 16-bit PCM WAV (byte rate at offset 28 of its header), for usage fields. */
export function wavSeconds(wav: Buffer): number {
  return wav.length > 44 && wav.toString('ascii', 0, 4) === 'RIFF' ? (wav.length - 44) / wav.readUInt32LE(28) : 0;
}

/** A WAV header in front of 16-bit mono PCM (the local server's `wav` answers). */
export function wavOf(pcm: Buffer, rate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

export const defaultTranscription: TranscriptionHandler = (audio) => `local transcript (${audio.length} bytes)`;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Writes part of a body, then drops the connection. */
export function cutResponse(res: ServerResponse, partial: string, headers: Record<string, string> = {}): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(partial) + 200), ...headers });
  res.write(partial);
  setTimeout(() => res.socket?.destroy(), 5);
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: unknown;
  /** The request body's bytes (multipart uploads are binary). */
  raw: Buffer;
  /** This request as recorded in `requests` (a route may note what a multipart body held). */
  recorded: RecordedRequest | undefined;
  scenario: Scenario;
  handler: ReplyHandler;
  options: ServerOptions;
  /** Resolves after `ms`, or never when the client went away (so nothing is written to a closed socket). */
  wait(ms: number): Promise<boolean>;
}

/** Starts a server whose routes are answered by `route` (which applies the scenario). */
export async function startLocalServer(options: ServerOptions, route: (ctx: RouteContext) => Promise<void>): Promise<LocalServer> {
  let fixed: Scenario = 'ok';
  let sequence: Scenario[] = [];
  let handler = options.handler ?? defaultHandler;
  let faults = options.faults;
  let random = seededRandom(faults?.seed ?? 42);
  const requests: RecordedRequest[] = [];
  const set = (scenario: Scenario | Scenario[]) => {
    if (Array.isArray(scenario)) {
      sequence = [...scenario];
      fixed = 'ok';
    } else {
      sequence = [];
      fixed = scenario;
    }
  };
  set(options.scenario ?? 'ok');

  const next = (): Scenario => {
    if (sequence.length > 0) return sequence.shift() as Scenario;
    if (faults && fixed === 'ok' && random() < faults.rate) return faults.kinds[Math.floor(random() * faults.kinds.length)] ?? 'ok';
    return fixed;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const raw = /^multipart\//.test(String(req.headers['content-type'] ?? '')) ? '' : bytes.toString('utf8');
      let body: unknown = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        /* keep the raw text */
      }
      const scenario = next();
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded =
        options.record !== false
          ? { method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, body, scenario }
          : undefined;
      if (recorded) requests.push(recorded);
      let closed = false;
      res.on('close', () => {
        closed = true;
      });
      const wait = (ms: number) =>
        new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(!closed), ms);
          res.on('close', () => clearTimeout(timer));
        });
      route({ req, res, url, body, raw: bytes, recorded, scenario, handler, options, wait }).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: `test server bug: ${String(error)}` } });
        else res.destroy();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setScenario: set,
    setHandler: (h) => {
      handler = h;
    },
    setFaults: (f) => {
      faults = f;
      random = seededRandom(f?.seed ?? 42);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
