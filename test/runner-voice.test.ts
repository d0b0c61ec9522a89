// runSuites with voice cases against a real voice target (command mode: a program that answers
// with what it heard) and a real text target: one attempt per audio condition, in the declared
// order, the case passing only under every condition; the turn audio kept in `audioDir`; and a
// voice case run against a text target running as text, its audio checks skipped.
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConversationCase } from '@casewright/core/testing';
import { runSuites, type Suite } from '@casewright/core';
import { createHttpTarget } from '../core/src/run/targets/http-target.js';
import { createVoiceTarget } from '../core/src/run/targets/voice-target.js';

// The app repeats what it heard: its answer lasts as long as the caller's turn.
const echo = createVoiceTarget({
  name: 'echo-voice',
  config: {
    type: 'voice',
    command: process.execPath,
    args: ['-e', "require('fs').copyFileSync(process.argv[1], process.argv[2])", '{{input}}', '{{output}}'],
  },
  baseDir: '.',
  env: {},
  router: undefined,
});

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ answer: 'Your order ships today.' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const voiceCase = buildConversationCase({
  id: '5e0c1d2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a',
  title: 'A long question is answered at length under every condition',
  voice: { conditions: ['clean', { name: 'fast', speed: 1.6 }, 'phone'] },
  input: { messages: [{ role: 'user', content: 'Where is my order? I ordered it three weeks ago and it has still not arrived.' }] },
  expected: {
    requirements: [],
    assert: [
      { type: 'audio-duration', min: 3 },
      { type: 'leading-silence', max: 1000 },
    ],
  },
});
const suite = (extra: Partial<Suite> = {}): Suite => ({ suite: 'Voice', cases: [voiceCase], ...extra });

describe('runSuites with voice cases', { timeout: 600_000 }, () => {
  it('runs one attempt per condition, in the declared order, and fails the case when one condition fails', async () => {
    const audioDir = mkdtempSync(path.join(tmpdir(), 'runner-voice-'));
    const result = await runSuites({ suites: [{ file: 'voice.cases.yaml', suite: suite() }], target: echo, audioDir, concurrency: 3 });
    const [only] = result.cases;
    expect(only!.outcome).toBe('failed');
    // At 1.6 times the tempo the question (and so the echo) is under three seconds.
    expect(only!.conditions).toEqual([
      { condition: 'clean', outcome: 'passed', score: 1 },
      { condition: 'fast', outcome: 'failed', score: 0.5 },
      { condition: 'phone', outcome: 'passed', score: 1 },
    ]);
    expect(only!.attempts!.map((a) => a.condition)).toEqual(['clean', 'fast', 'phone']);
    expect(only!.flaky).toBe(false);
    // The failing attempt is the one shown, with its audio kept under audioDir.
    expect(only!.turns![0]!.voice).toMatchObject({
      condition: 'fast',
      inputAudio: path.join(audioDir, voiceCase.id, '1-fast-t1-in.wav'),
      outputAudio: path.join(audioDir, voiceCase.id, '1-fast-t1-out.wav'),
    });
    expect(only!.assertions.find((a) => !a.pass)?.reason).toMatch(/^the answer lasts \d\.\d\d s; outside 3\.\.∞ s$/);
  });

  it('repeats each condition and keeps the attempts apart', async () => {
    const one = suite({ defaults: { voice: { conditions: ['clean', 'noisy'] } } });
    const result = await runSuites({
      suites: [{ file: 'voice.cases.yaml', suite: { ...one, cases: [{ ...voiceCase, voice: undefined }] } }],
      target: echo,
      repeat: 2,
    });
    const [only] = result.cases;
    expect(only!.attempts!.map((a) => a.condition)).toEqual(['clean', 'clean', 'noisy', 'noisy']);
    // An errored attempt says why (a fresh-clone run at load 14 saw 'errored' with no reason shown).
    expect(only!.conditions, JSON.stringify(only!.attempts!.map((a) => a.error ?? null))).toEqual([
      { condition: 'clean', outcome: 'passed', score: 1, successRate: 1 },
      { condition: 'noisy', outcome: 'passed', score: 1, successRate: 1 },
    ]);
    expect(only!.outcome).toBe('passed');
  });

  it('runs a voice case against a text target as text: no conditions, audio checks skipped', async () => {
    const text = createHttpTarget({ name: 'text', config: { type: 'http', url, responsePath: 'answer' }, baseDir: '.', env: {} });
    const result = await runSuites({ suites: [{ file: 'voice.cases.yaml', suite: suite() }], target: text });
    const [only] = result.cases;
    expect(only!.attempts).toBeUndefined();
    expect(only!.conditions).toBeUndefined();
    expect(only!.assertions.map((a) => [a.type, a.skipped])).toEqual([
      ['audio-duration', true],
      ['leading-silence', true],
    ]);
    expect(only!.outcome).toBe('skipped');
  });
});
