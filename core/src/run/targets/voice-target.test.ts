// The voice target against real apps on 127.0.0.1 and real commands: what it sends (WAV body
// or multipart, session and turn headers), what it accepts back (streamed audio, JSON with
// base64 audio, raw PCM), what it measures (first audio byte vs total) and its errors, which
// never show a header value. Speech is espeak-ng, conditions sox, transcription pocketsphinx.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCondition } from '../../voice/voice-settings.js';
import { createVoiceTarget } from './voice-target.js';
import type { VoiceTargetConfig } from '../../config/target-config.js';
import type { TargetRequest } from './target.js';

let dir: string;
let server: Server;
let base: string;
let tone: Buffer;
let last: { path?: string; headers?: IncomingHttpHeaders; body?: Buffer } = {};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'voice-target-'));
  // The app's "answer": a second of tone after 0.2 s of silence, 16 kHz WAV.
  const answer = path.join(dir, 'answer.wav');
  execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', answer, 'synth', '1', 'sine', '440', 'gain', '-6', 'pad', '0.2', '0']);
  tone = await readFile(answer);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      last = { path: req.url, headers: req.headers, body: Buffer.concat(chunks) };
      const route = req.url?.split('?')[0];
      if (route === '/stream') {
        // The header and the first half now, the rest 400 ms later: the first audio byte comes early.
        res.writeHead(200, { 'content-type': 'audio/wav' });
        res.write(tone.subarray(0, tone.length / 2));
        return void setTimeout(() => res.end(tone.subarray(tone.length / 2)), 400);
      }
      if (route === '/json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ reply: { audio: tone.toString('base64'), text: 'the app says hello' } }));
      }
      if (route === '/pcm') {
        res.writeHead(200, { 'content-type': 'audio/L16;codec=pcm;rate=16000' });
        return void res.end(tone.subarray(44));
      }
      if (route === '/fail') {
        res.writeHead(503, { 'content-type': 'text/plain' });
        return void res.end('overloaded');
      }
      if (route === '/html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<p>hi</p>');
      }
      res.writeHead(200, { 'content-type': 'audio/wav' });
      res.end(tone);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await rm(dir, { recursive: true, force: true });
});

const target = (config: Omit<VoiceTargetConfig, 'type'>, env: Record<string, string> = {}) =>
  createVoiceTarget({ name: 'phone-bot', config: { type: 'voice', ...config }, baseDir: dir, env, router: undefined });

let n = 0;
function request(
  extra: { recording?: string; condition?: Parameters<typeof resolveCondition>[0]; signal?: AbortSignal } = {},
): TargetRequest {
  n++;
  return {
    messages: [
      { role: 'user', content: 'Where is my order?' },
      { role: 'assistant', content: 'Which order?' },
      { role: 'user', content: 'The kettle.' },
      { role: 'user', content: 'Order ten.' },
    ],
    vars: { customer: 'Dana' },
    case: { id: 'c0ffee00-0000-4000-8000-000000000001', title: 'Tracking' },
    turn: 2,
    signal: extra.signal ?? new AbortController().signal,
    voice: {
      settings: [],
      condition: resolveCondition(extra.condition ?? 'clean'),
      session: 'session-1',
      stem: path.join(dir, 'audio', `turn-${n}`),
      ...(extra.recording ? { recording: extra.recording } : {}),
    },
  };
}

// Every turn runs espeak-ng, sox and pocketsphinx: seconds each on a loaded machine.
describe('voice target over HTTP', { timeout: 120_000 }, () => {
  it('sends the spoken turn as a WAV body with session and turn headers, and measures the answer', async () => {
    const req = request();
    const reply = await target({ url: `${base}/voice`, headers: { authorization: 'Bearer ${TOKEN}' } }, { TOKEN: 'secret-token-123' }).call(
      req,
    );
    expect(last.headers).toMatchObject({
      'content-type': 'audio/wav',
      'x-casewright-session': 'session-1',
      'x-casewright-turn': '2',
      'x-casewright-case': 'c0ffee00-0000-4000-8000-000000000001',
      authorization: 'Bearer secret-token-123',
    });
    // The last user turn (two messages) was spoken: a real WAV at the app's rate.
    expect(last.body!.toString('ascii', 0, 4)).toBe('RIFF');
    expect(last.body!.readUInt32LE(24)).toBe(16000);
    const voice = reply.voice!;
    expect(voice).toMatchObject({ condition: 'clean', speech: 'espeak-ng', transcription: 'pocketsphinx' });
    expect(voice.inputAudio).toBe(`${req.voice!.stem}-in.wav`);
    expect(voice.outputAudio).toBe(`${req.voice!.stem}-out.wav`);
    expect((await readFile(voice.outputAudio)).equals(tone)).toBe(true);
    expect(voice.audio.durationMs).toBe(1200);
    expect(voice.audio.leadingSilenceMs).toBeGreaterThan(150);
    expect(voice.audio.leadingSilenceMs).toBeLessThan(260);
    expect(Object.keys(voice.timings).sort()).toEqual(['analysis', 'app', 'condition', 'speech', 'transcription']);
    expect(typeof reply.output).toBe('string');
    expect(reply.latencyMs).toBeGreaterThan(0);
    // Scratch files are gone; the two kept files are there.
    expect(existsSync(`${req.voice!.stem}-said.wav`)).toBe(false);
    expect(existsSync(voice.inputAudio)).toBe(true);
  });

  it('times the first audio byte of a streamed answer apart from its end', async () => {
    const { voice } = await target({ url: `${base}/stream` }).call(request());
    expect(voice!.totalMs - voice!.firstAudioMs).toBeGreaterThanOrEqual(300);
  });

  it('uploads multipart with templated fields, and reads base64 audio and text from a JSON answer', async () => {
    const reply = await target({
      url: `${base}/json`,
      upload: 'multipart',
      audioField: 'speech',
      fields: { session: '{{session}}', caller: '{{vars.customer}}', said: '{{prompt}}' },
      audioPath: 'reply.audio',
      textPath: 'reply.text',
    }).call(request());
    const form = await new Response(last.body, { headers: { 'content-type': String(last.headers!['content-type']) } }).formData();
    expect(form.get('session')).toBe('session-1');
    expect(form.get('caller')).toBe('Dana');
    expect(form.get('said')).toBe('Order ten.');
    const audio = form.get('speech') as File;
    expect(audio.type).toBe('audio/wav');
    expect(audio.name).toBe('turn-2.wav');
    expect(reply.voice).toMatchObject({ appText: 'the app says hello' });
    // The audio inside JSON is usable only when the JSON is complete.
    expect(reply.voice!.firstAudioMs).toBe(reply.voice!.totalMs);
    expect(reply.voice!.audio.durationMs).toBe(1200);
  });

  it('wraps a raw PCM answer in WAV', async () => {
    const { voice } = await target({ url: `${base}/pcm` }).call(request());
    expect(voice!.audio).toMatchObject({ durationMs: 1200, sampleRate: 16000 });
  });

  it('sends what the app hears under a condition, in the app format', async () => {
    const req = request({ condition: 'phone' });
    await target({ url: `${base}/voice`, format: { sampleRate: 8000, encoding: 'mu-law' } }).call(req);
    expect(last.body!.readUInt32LE(24)).toBe(8000);
    // WAVE_FORMAT_MULAW is 7.
    expect(last.body!.readUInt16LE(20)).toBe(7);
  });

  it('sends a recording instead of speech, and says when it is missing', async () => {
    const recording = path.join(dir, 'recording.wav');
    execFileSync('sox', ['-n', '-r', '8000', '-c', '1', recording, 'synth', '0.7', 'sine', '300']);
    const { voice } = await target({ url: `${base}/voice` }).call(request({ recording }));
    expect(voice!.speech).toBe('recording');
    expect(voice!.timings.speech).toBeUndefined();
    await expect(target({ url: `${base}/voice` }).call(request({ recording: path.join(dir, 'nope.wav') }))).rejects.toThrow(
      `input.audio: the recording ${path.join(dir, 'nope.wav')} does not exist`,
    );
  });

  it('reports HTTP errors and non-audio answers without showing header values', async () => {
    const secret = { authorization: 'Bearer ${TOKEN}' };
    await expect(
      target({ url: `${base}/fail?k=\${TOKEN}`, headers: secret }, { TOKEN: 'secret-token-123' }).call(request()),
    ).rejects.toThrow(/^target 'phone-bot': POST http:\/\/127\.0\.0\.1:\d+\/fail\?k=\*\*\* answered HTTP 503: overloaded$/);
    await expect(target({ url: `${base}/html` }).call(request())).rejects.toThrow(
      "target 'phone-bot': the answer is text/html, not audio (or JSON with base64 audio at audioPath)",
    );
  });

  it('stops on abort, and a late abort after the answer does no harm', async () => {
    const controller = new AbortController();
    const pending = target({ url: `${base}/stream` }).call(request({ signal: controller.signal }));
    setTimeout(() => controller.abort(new Error('stop')), 200);
    await expect(pending).rejects.toThrow();
    const late = new AbortController();
    await target({ url: `${base}/voice` }).call(request({ signal: late.signal }));
    late.abort(new Error('too late'));
    await new Promise((r) => setTimeout(r, 100));
  });
});

describe('voice target as a command', { timeout: 120_000 }, () => {
  const script = (code: string) => ({ command: process.execPath, args: ['-e', code, '{{input}}', '{{output}}'] });

  it('runs the program with the input and output paths, and keeps what it prints as the app text', async () => {
    const code =
      "const fs=require('fs');const [i,o]=process.argv.slice(1);fs.copyFileSync(i,o);console.log('copied '+process.env.CASEWRIGHT_TURN+' '+process.env.CASEWRIGHT_SESSION)";
    const req = request();
    const reply = await target(script(code)).call(req);
    expect(reply.voice).toMatchObject({ appText: 'copied 2 session-1', outputAudio: `${req.voice!.stem}-out.wav` });
    expect((await readFile(reply.voice!.outputAudio)).equals(await readFile(reply.voice!.inputAudio))).toBe(true);
    expect(reply.voice!.firstAudioMs).toBe(reply.voice!.totalMs);
  });

  it('says when the program wrote no answer, and passes its failure on', async () => {
    await expect(target(script('0')).call(request())).rejects.toThrow(/exited without writing its answer to \{\{output\}\}/);
    await expect(target(script("console.error('no model');process.exit(4)")).call(request())).rejects.toThrow(
      /exited with code 4: no model$/,
    );
  });
});
