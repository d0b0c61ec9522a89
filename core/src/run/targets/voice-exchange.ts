// How a voice target hands audio to the app under test and gets its spoken
// answer back: over HTTP (the WAV as the request body or a multipart upload;
// audio, or JSON with base64 audio, back) or through a local command (reads a
// WAV file, writes one). Each exchange writes the answer's audio to a file and
// says when its first byte arrived.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { TargetError } from '../../errors/target-error.js';
import { UsageError } from '../../errors/usage-error.js';
import { pcmToWav } from '../../voice/sox.js';
import { createCommandTarget } from './command-target.js';
import { createAppUnderTest, createHttpEndpoint } from './http-endpoint.js';
import { parseResponsePath, readPath } from './response-path.js';
import type { SecretMasker } from '../../util/secret-masker.js';
import type { VoiceTargetConfig } from '../../config/target-config.js';
import type { TargetRequest } from './target.js';

const DEFAULT_TIMEOUT_MS = 30_000;

/** The app's answer, saved. */
export interface ExchangeResult {
  /** The answer's audio file (`<stem>-out.wav`, or `.mp3`/`.ogg`/`.flac` as the app sent it). */
  file: string;
  /** Milliseconds from sending to the first byte of audio, and to the end of the answer. */
  firstAudioMs: number;
  totalMs: number;
  /** Text the app sent beside its audio (JSON `textPath`, or a command's stdout). */
  appText?: string | undefined;
  /** Milliseconds spent converting a raw PCM answer to WAV. */
  soxMs: number;
}

export interface Exchange {
  start?(signal: AbortSignal): Promise<void>;
  stop?(): Promise<void>;
  send(inputWav: string, stem: string, request: TargetRequest, session: string): Promise<ExchangeResult>;
}

export interface ExchangeOptions {
  name: string;
  config: VoiceTargetConfig;
  baseDir: string;
  env: Readonly<Record<string, string | undefined>>;
  secrets?: SecretMasker | undefined;
}

/** The file extension for an audio content type; raw PCM is converted to WAV. */
function audioKind(contentType: string): { ext: string; pcmRate?: number } | undefined {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const rate = /rate=(\d+)/i.exec(contentType)?.[1];
  if (type === 'audio/pcm' || type === 'audio/l16') return { ext: '.wav', pcmRate: rate ? Number(rate) : 24_000 };
  if (/^audio\/(wav|wave|x-wav|vnd\.wave)$/.test(type) || type === 'application/octet-stream') return { ext: '.wav' };
  if (type === 'audio/mpeg' || type === 'audio/mp3') return { ext: '.mp3' };
  if (type === 'audio/ogg' || type === 'audio/opus') return { ext: '.ogg' };
  if (type === 'audio/flac' || type === 'audio/x-flac') return { ext: '.flac' };
  return undefined;
}

async function saveAudio(bytes: Buffer, contentType: string, stem: string, signal: AbortSignal): Promise<{ file: string; soxMs: number }> {
  const kind = audioKind(contentType) ?? { ext: '.wav' };
  const file = `${stem}-out${kind.ext}`;
  if (kind.pcmRate) return { file, soxMs: await pcmToWav(bytes, kind.pcmRate, file, { signal }) };
  await writeFile(file, bytes);
  return { file, soxMs: 0 };
}

/** Base64 audio, or a `data:audio/…;base64,` URL. */
function decodeAudio(value: string): { bytes: Buffer; contentType: string } {
  const dataUrl = /^data:([^;,]+(?:;[^;,]+)*?)(;base64)?,/.exec(value);
  if (dataUrl) return { bytes: Buffer.from(value.slice(dataUrl[0].length), 'base64'), contentType: dataUrl[1]! };
  return { bytes: Buffer.from(value, 'base64'), contentType: 'audio/wav' };
}

function httpExchange(options: ExchangeOptions, url: string): Exchange {
  const { config, name } = options;
  const where = `target '${name}'`;
  const endpoint = createHttpEndpoint({
    where,
    url,
    headers: config.headers,
    start: config.start,
    baseDir: options.baseDir,
    env: options.env,
    secrets: options.secrets,
  });
  // handlebars loads with the first multipart request that has fields to render.
  let compiled: Promise<Array<readonly [string, (scope: object) => string]>> | undefined;
  const fieldsOf = () =>
    (compiled ??= (async () => {
      const entries = Object.entries(config.fields ?? {});
      if (entries.length === 0) return [];
      const hb = (await import('handlebars')).default.create();
      hb.registerHelper('json', (value: unknown) => JSON.stringify(value));
      return entries.map(([key, template]) => {
        try {
          return [key, hb.compile(template, { noEscape: true, strict: true })] as const;
        } catch (error) {
          throw new UsageError(`${where}: field '${key}' does not compile: ${(error as Error).message}`);
        }
      });
    })());
  const audioPath = parseResponsePath(config.audioPath ?? 'audio');
  const textPath = config.textPath ? parseResponsePath(config.textPath) : undefined;
  const method = config.method ?? 'POST';
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fail = (message: string, code = 'TARGET_HTTP') => new TargetError(endpoint.mask(`${where}: ${message}`), { code });

  return {
    start: (signal) => endpoint.start(signal),
    stop: () => endpoint.stop(),
    async send(inputWav, stem, request, session) {
      const resolved = endpoint.url();
      const audio = await readFile(inputWav);
      const turnHeaders = {
        ...endpoint.headers,
        accept: 'audio/wav, audio/*;q=0.9, application/json;q=0.8',
        'x-casewright-session': session,
        'x-casewright-turn': String(request.turn),
        'x-casewright-case': request.case.id,
      };
      let body: Buffer | FormData;
      if (config.upload === 'multipart') {
        const form = new FormData();
        const lastUser = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
        const scope = { case: request.case, turn: request.turn, session, prompt: lastUser, vars: request.vars, messages: request.messages };
        for (const [key, render] of await fieldsOf()) {
          try {
            form.append(key, render(scope));
          } catch (error) {
            throw fail(`field '${key}' failed: ${(error as Error).message}`);
          }
        }
        form.append(config.audioField ?? 'audio', new Blob([audio], { type: 'audio/wav' }), `turn-${request.turn}.wav`);
        body = form;
      } else {
        body = audio;
        Object.assign(turnHeaders, { 'content-type': 'audio/wav' });
      }
      const got = await endpoint.http();
      // got keeps listening to the signal it was given after the answer is complete, and a late abort
      // (the attempt's timeout, during transcription) would then throw from a finished stream. So it
      // gets a signal of its own, linked to the attempt's only while the request is in flight.
      const inFlight = new AbortController();
      const onAbort = () => inFlight.abort(request.signal.reason);
      request.signal.addEventListener('abort', onAbort, { once: true });
      if (request.signal.aborted) onAbort();
      const started = performance.now();
      let firstByte: number | undefined;
      const chunks: Buffer[] = [];
      let status = 0;
      let contentType = '';
      try {
        const stream = got.stream(resolved, { method, headers: turnHeaders, body, timeout: { request: timeout }, signal: inFlight.signal });
        stream.on('error', () => undefined);
        stream.once('response', (response: { statusCode: number; headers: Record<string, string | string[] | undefined> }) => {
          status = response.statusCode;
          contentType = String(response.headers['content-type'] ?? '');
        });
        for await (const chunk of stream) {
          firstByte ??= performance.now();
          chunks.push(chunk as Buffer);
        }
      } catch (error) {
        const err = error as Error & { code?: string };
        const what = err.name === 'TimeoutError' || err.code === 'ETIMEDOUT' ? `no answer within ${timeout} ms` : err.message;
        throw fail(`${method} ${resolved} failed: ${what}`);
      } finally {
        request.signal.removeEventListener('abort', onAbort);
      }
      const totalMs = performance.now() - started;
      const bytes = Buffer.concat(chunks);
      if (status < 200 || status >= 300)
        throw fail(`${method} ${resolved} answered HTTP ${status}: ${bytes.toString('utf8').slice(0, 300)}`);
      if (/json/i.test(contentType)) {
        let json: unknown;
        try {
          json = JSON.parse(bytes.toString('utf8'));
        } catch {
          throw fail(`the answer says it is JSON but is not: ${bytes.toString('utf8').slice(0, 200)}`, 'TARGET_RESPONSE');
        }
        const encoded = readPath(json, audioPath);
        if (typeof encoded !== 'string' || encoded === '') {
          throw fail(
            `no base64 audio at '${config.audioPath ?? 'audio'}' in the JSON answer: ${bytes.toString('utf8').slice(0, 200)}`,
            'TARGET_RESPONSE',
          );
        }
        const text = textPath ? readPath(json, textPath) : undefined;
        const decoded = decodeAudio(encoded);
        const saved = await saveAudio(decoded.bytes, decoded.contentType, stem, request.signal);
        // The audio is usable only once the whole JSON has arrived.
        return { ...saved, firstAudioMs: totalMs, totalMs, ...(typeof text === 'string' ? { appText: text } : {}) };
      }
      if (bytes.length === 0) throw fail(`${method} ${resolved} answered without audio`, 'TARGET_RESPONSE');
      if (!audioKind(contentType) && contentType !== '') {
        throw fail(`the answer is ${contentType}, not audio (or JSON with base64 audio at audioPath)`, 'TARGET_RESPONSE');
      }
      const saved = await saveAudio(bytes, contentType, stem, request.signal);
      return { ...saved, firstAudioMs: (firstByte ?? performance.now()) - started, totalMs };
    },
  };
}

/** `'…'` for a POSIX shell. */
const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

function commandExchange(options: ExchangeOptions, command: string): Exchange {
  const { config, name } = options;
  const clean = (text: string) => options.secrets?.mask(text) ?? text;
  const app = createAppUnderTest({ start: config.start, baseDir: options.baseDir, env: options.env, clean });
  return {
    start: (signal) => app.start(signal),
    stop: () => app.stop(),
    async send(inputWav, stem, request, session) {
      const output = `${stem}-out.wav`;
      const fill = (text: string, quote: (v: string) => string) =>
        text.replaceAll('{{input}}', quote(inputWav)).replaceAll('{{output}}', quote(output));
      // The command target runs the program (JSON on stdin, abort, timeout, stderr in errors); the paths go in args and env.
      const target = createCommandTarget({
        name,
        config: {
          type: 'command',
          command: config.args === undefined ? fill(command, shellQuote) : command,
          ...(config.args !== undefined ? { args: config.args.map((a) => fill(a, (v) => v)) } : {}),
          ...(config.cwd !== undefined ? { cwd: config.cwd } : {}),
          // config.env may hold credentials: the command target adds its values to the run's masker.
          ...(config.env !== undefined ? { env: config.env } : {}),
          ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
        },
        baseDir: options.baseDir,
        // The turn's paths and session are no secrets: given as the run's env, they stay readable in results.
        env: {
          ...options.env,
          CASEWRIGHT_INPUT_WAV: inputWav,
          CASEWRIGHT_OUTPUT_WAV: output,
          CASEWRIGHT_SESSION: session,
          CASEWRIGHT_TURN: String(request.turn),
        },
        secrets: options.secrets,
      });
      const reply = await target.call(request);
      const written = await stat(output).catch(() => undefined);
      if (!written || written.size === 0) {
        throw new TargetError(`target '${name}': ${command} exited without writing its answer to {{output}} (${output})`, {
          code: 'TARGET_COMMAND',
        });
      }
      // A command hands its answer over when it exits: the first audio is the whole answer.
      return {
        file: output,
        firstAudioMs: reply.latencyMs,
        totalMs: reply.latencyMs,
        soxMs: 0,
        ...(reply.output ? { appText: reply.output } : {}),
      };
    },
  };
}

/** The exchange a voice target's config describes (`url` or `command`). */
export function createExchange(options: ExchangeOptions): Exchange {
  const { config } = options;
  if (config.url !== undefined) return httpExchange(options, config.url);
  if (config.command !== undefined) return commandExchange(options, config.command);
  throw new UsageError(`target '${options.name}': a voice target needs url or command`);
}
