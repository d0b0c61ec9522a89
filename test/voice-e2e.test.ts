// Voice end to end, as a user runs it: the real CLI in a child process speaks each case
// (espeak-ng, or a provider's speech model), sends the audio to the example voice app it
// starts itself (examples/voice), transcribes the spoken answer (pocketsphinx, or a provider's
// transcription model) and scores it. The provider run goes through the local OpenAI and Gemini
// servers, which follow the documented shapes (see test/servers/openai-server.ts and
// gemini-server.ts): speech https://platform.openai.com/docs/api-reference/audio/createSpeech,
// transcription https://ai.google.dev/gemini-api/docs/audio, judge
// https://platform.openai.com/docs/api-reference/chat/create.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, RunResult } from '@casewright/core';
import { startGeminiServer } from './servers/gemini-server.js';
import { startOpenAIServer } from './servers/openai-server.js';
import type { LocalServer } from './servers/server-kit.js';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;

/** The CLI, asynchronously: the test process serves the provider calls meanwhile. */
function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, main, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const byTitle = (result: RunResult, start: string) => result.cases.find((c) => c.title.startsWith(start)) as CaseResult;
// Every turn runs espeak-ng, sox and pocketsphinx, twice (the app listens too): minutes on a loaded machine.
const SLOW = { timeout: 15 * 60_000 };

describe('voice end to end, offline', SLOW, () => {
  const out = mkdtempSync(path.join(tmpdir(), 'voice-e2e-offline-'));
  let run: Awaited<ReturnType<typeof cli>>;
  let result: RunResult;
  beforeAll(async () => {
    run = await cli(
      [
        'run',
        'examples/voice/',
        '--target',
        'example-voice-app',
        '--reporter',
        'console,json,html',
        '--out',
        out,
        '--concurrency',
        '2',
        '--timeout',
        '600000',
      ],
      root,
    );
    result = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResult;
  }, SLOW.timeout);

  it('runs every example voice case and exits 1 for the one the app fails on purpose (the refund on a phone line)', () => {
    expect(run.stdout).toContain('3 passed, 1 failed of 4');
    expect(run.code).toBe(1);
    const refund = byTitle(result, 'Refund request');
    expect(refund.conditions).toEqual([
      { condition: 'clean', outcome: 'passed', score: 1 },
      { condition: 'phone', outcome: 'failed', score: expect.any(Number) },
      { condition: 'noisy', outcome: 'passed', score: 1 },
    ]);
    expect(refund.assertions.find((a) => !a.pass)?.reason).toMatch(/^the answer lasts \d\.\d\d s; outside 10\.\.∞ s$/);
  });

  it('keeps each turn: what the app heard, its spoken answer, the transcript and the measures', () => {
    const delivery = byTitle(result, 'Delivery time question');
    expect(delivery.outcome).toBe('passed');
    const voice = delivery.turns![0]!.voice!;
    expect(voice).toMatchObject({ condition: 'clean', speech: 'espeak-ng', transcription: 'pocketsphinx' });
    expect(voice.outputAudio).toBe(path.join(out, 'audio', delivery.caseId, '1-clean-t1-out.wav'));
    expect(existsSync(voice.inputAudio) && existsSync(voice.outputAudio)).toBe(true);
    // The example app streams its answer: the first audio arrives before the last.
    expect(voice.firstAudioMs).toBeLessThan(voice.totalMs);
    expect(voice.audio.durationMs).toBeGreaterThan(2000);
    // pocketsphinx hears words, not the right ones: the WER is reported and weighs nothing.
    const wer = delivery.assertions.find((a) => a.type === 'word-error-rate')!;
    expect(wer).toMatchObject({ weight: 0, expected: 'Standard shipping takes 3-5 business days and express shipping 1-2 business days.' });
    expect(wer.actual).toBe(delivery.output);
  });

  it('runs a multi-turn case turn by turn under one session, and a recording instead of speech', () => {
    const multi = byTitle(result, 'Caller corrects');
    expect(multi.outcome).toBe('passed');
    expect(multi.turns).toHaveLength(2);
    expect(multi.turns!.map((t) => path.basename(t.voice!.outputAudio))).toEqual(['1-clean-t1-out.wav', '1-clean-t2-out.wav']);
    const recorded = byTitle(result, 'A recorded caller');
    expect(recorded.outcome).toBe('passed');
    expect(recorded.turns![0]!.voice!.speech).toBe('recording');
  });

  it('writes an HTML report whose players point at the kept audio', () => {
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    const delivery = byTitle(result, 'Delivery time question');
    expect(html).toContain(`"outputAudio":"audio/${delivery.caseId}/1-clean-t1-out.wav"`);
  });
});

describe('voice end to end through the provider servers', SLOW, () => {
  const ANSWER = 'Standard shipping takes 3-5 business days and express shipping 1-2 business days.';
  let openai: LocalServer;
  let gemini: LocalServer;
  const workspace = mkdtempSync(path.join(tmpdir(), 'voice-e2e-providers-'));
  beforeAll(async () => {
    // OpenAI speaks (espeak-ng behind the documented endpoint) and judges; Gemini transcribes like an accurate model would.
    openai = await startOpenAIServer({
      retryAfterMs: 20,
      handler: (chat) =>
        chat.jsonSchema
          ? { results: [{ requirement: 'Gives the standard and the express delivery time', pass: true, reason: 'both given' }] }
          : 'ok',
    });
    gemini = await startGeminiServer({ transcribe: () => ANSWER });
    writeFileSync(
      path.join(workspace, 'casewright.config.yaml'),
      `providers:\n  openai: { type: openai, baseURL: ${openai.url}/v1 }\n  google: { type: google, baseURL: ${gemini.url} }\njudge: openai:gpt-4o-mini\n`,
    );
    writeFileSync(
      path.join(workspace, 'delivery.cases.yaml'),
      `suite: Voice through providers
defaults:
  voice:
    speech: openai:gpt-4o-mini-tts
    voice: alloy
    transcription: google:gemini-2.5-flash
    conditions: [clean, phone]
cases:
  - id: 3c1e0f0e-5a8b-4d7c-9e61-2f4b8a9d0c11
    title: Delivery time question through provider speech and transcription
    kind: conversation
    input:
      messages:
        - role: user
          content: How long does delivery take?
    expected:
      transcript: ${ANSWER}
      requirements:
        - Gives the standard and the express delivery time
      assert:
        - type: word-error-rate
          threshold: 0.1
        - type: cost
          max: 0.01
`,
    );
  }, 60_000);
  afterAll(() => Promise.all([openai.close(), gemini.close()]));

  it('speaks through OpenAI speech, transcribes through Gemini, judges the transcript, and prices every call', async () => {
    // The first speech call is rate limited: the router waits its retry-after-ms and tries again.
    openai.setScenario(['rate-limit-ms']);
    const out = path.join(workspace, 'reports');
    const run = await cli(
      [
        'run',
        '.',
        '--target',
        path.join(root, 'examples/voice/targets/example-voice-app.yaml'),
        '--reporter',
        'console,json',
        '--out',
        out,
        '--concurrency',
        '1',
        '--timeout',
        '600000',
        '--no-cache',
      ],
      workspace,
      { OPENAI_API_KEY: 'sk-voice-e2e-0000000000', GEMINI_API_KEY: 'gm-voice-e2e-0000000000' },
    );
    expect(run.stdout).toContain('1 passed, 0 failed of 1');
    expect(run.code).toBe(0);
    const result = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as RunResult;
    const [only] = result.cases;
    expect(only!.conditions?.map((c) => [c.condition, c.outcome])).toEqual([
      ['clean', 'passed'],
      ['phone', 'passed'],
    ]);
    const voice = only!.attempts![0]!.turns![0]!.voice!;
    expect(voice).toMatchObject({ speech: 'openai:gpt-4o-mini-tts', transcription: 'google:gemini-2.5-flash' });
    // Speech: the documented JSON body, PCM back (the first call answered 429, then retried).
    const speech = openai.requests.filter((r) => r.path === '/v1/audio/speech');
    expect(speech.map((r) => r.scenario)).toEqual(['rate-limit-ms', 'ok', 'ok']);
    expect(speech[1]!.body).toEqual({
      model: 'gpt-4o-mini-tts',
      input: 'How long does delivery take?',
      voice: 'alloy',
      response_format: 'pcm',
    });
    // Transcription: the app's spoken answer, inline, as WAV.
    const listened = gemini.requests.filter((r) => r.path.endsWith('gemini-2.5-flash:generateContent'));
    expect(listened).toHaveLength(2);
    const part = (listened[0]!.body as { contents: Array<{ parts: Array<{ inlineData?: { mimeType: string; data: string } }> }> })
      .contents[0]!.parts[0]!;
    expect(part.inlineData!.mimeType).toBe('audio/wav');
    expect(Buffer.from(part.inlineData!.data, 'base64').toString('ascii', 0, 4)).toBe('RIFF');
    // The judge read the transcript, and said so per requirement.
    const judged = openai.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(JSON.stringify(judged[0]!.body)).toContain(ANSWER);
    expect(only!.assertions.find((a) => a.type === 'llm-judge')?.verdicts?.[0]).toMatchObject({ pass: true });
    expect(only!.assertions.find((a) => a.type === 'word-error-rate')).toMatchObject({ pass: true, score: 1 });
    // Speech (per minute), transcription (audio tokens) and the judge are all priced.
    expect(only!.cost).toBeGreaterThan(0);
    expect(result.summary.cost).toBeCloseTo(only!.cost!, 10);
  });
});
