// The HTML report of a voice run plays the audio beside each transcript: the page links the
// audio files the run kept, relative to the report (so the folder can move as a CI artifact),
// and a real browser (Debian's chromium through playwright-core) loads them.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { htmlReport, type AttemptResult, type RunResult, type VoiceTurn } from '@casewright/core';
import { writeTone } from './helpers/tone.js';

const CHROMIUM = '/usr/bin/chromium';
const dir = mkdtempSync(path.join(tmpdir(), 'voice-report-'));
const audio = path.join(dir, 'audio', 'c0ffee00-0000-4000-8000-000000000001');
mkdirSync(audio, { recursive: true });
const wav = (name: string, seconds: number) => writeTone(path.join(audio, name), { seconds });

const voice = (condition: string, answerSeconds: number): VoiceTurn => ({
  condition,
  inputAudio: wav(`1-${condition}-t1-in.wav`, 1.5),
  speech: 'espeak-ng',
  outputAudio: wav(`1-${condition}-t1-out.wav`, answerSeconds),
  transcription: 'pocketsphinx',
  appText: 'Standard shipping takes 3-5 business days.',
  firstAudioMs: 180,
  totalMs: 950,
  audio: {
    durationMs: answerSeconds * 1000,
    leadingSilenceMs: 40,
    silenceRatio: 0.1,
    clippedRatio: 0,
    peakDb: -3,
    rmsDb: -12,
    sampleRate: 16000,
  },
  timings: { speech: 90, condition: 20, app: 950, analysis: 15, transcription: 800 },
});

const attempt = (condition: string, outcome: AttemptResult['outcome'], transcript: string, seconds: number): AttemptResult => ({
  condition,
  outcome,
  score: outcome === 'passed' ? 1 : 0,
  output: transcript,
  turns: [{ turn: 1, output: transcript, latencyMs: 950, voice: voice(condition, seconds) }],
  assertions: [],
  latencyMs: 950,
});

const clean = attempt('clean', 'passed', 'standard shipping takes three to five business days', 2);
const phone = attempt('phone', 'failed', 'sorry i did not catch that', 1);
const result: RunResult = {
  schemaVersion: 1,
  runId: 'run-voice',
  startedAt: '2026-02-03T07:40:11.000Z',
  finishedAt: '2026-02-03T07:40:20.000Z',
  summary: {
    total: 1,
    passed: 0,
    failed: 1,
    errored: 0,
    skipped: 0,
    flaky: 0,
    durationMs: 9000,
    cost: 0,
    tokenUsage: { input: 0, output: 0, total: 0 },
  },
  cases: [
    {
      caseId: 'c0ffee00-0000-4000-8000-000000000001',
      title: 'Delivery question on a clean line and a phone line',
      kind: 'conversation',
      outcome: 'failed',
      score: 0.5,
      output: phone.output,
      turns: phone.turns,
      assertions: [{ type: 'audio-duration', pass: false, score: 0, reason: 'the answer lasts 1.00 s; outside 1.5..∞ s', weight: 1 }],
      attempts: [clean, phone],
      successRate: 0.5,
      flaky: false,
      conditions: [
        { condition: 'clean', outcome: 'passed', score: 1 },
        { condition: 'phone', outcome: 'failed', score: 0 },
      ],
      durationMs: 9000,
      startedAt: '2026-02-03T07:40:11.000Z',
    },
  ],
};

describe('the HTML report of a voice run', () => {
  it('links the audio relative to the page, and by file: URL when the page lives elsewhere', () => {
    const html = htmlReport(result, 'Voice', { pageDir: dir });
    expect(html).toContain('"inputAudio":"audio/c0ffee00-0000-4000-8000-000000000001/1-clean-t1-in.wav"');
    const elsewhere = htmlReport(result, 'Voice', { pageDir: path.join(tmpdir(), 'other-place') });
    expect(elsewhere).toContain(`"outputAudio":"${pathToFileURL(path.join(audio, '1-phone-t1-out.wav')).href}"`);
  });

  // chromium is installed by the test setup (test/voice/voice-tools.ts).
  it('plays each condition’s audio beside its transcript in a real browser', async () => {
    const page = path.join(dir, 'report.html');
    writeFileSync(page, htmlReport(result, 'Voice', { pageDir: dir }));
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
    });
    try {
      const tab = await browser.newPage();
      await tab.goto(pathToFileURL(page).href);
      // A failed case opens itself; its body is built when it opens.
      await tab.waitForSelector('.cond');
      const conditions = await tab.$$eval('.cond', (nodes) => nodes.map((n) => n.textContent));
      expect(conditions).toEqual(['✓ clean — passed', '✗ phone — failed']);
      const transcripts = await tab.$$eval('.msg.answer', (nodes) => nodes.map((n) => n.firstElementChild?.nextSibling?.textContent));
      expect(transcripts).toEqual(['standard shipping takes three to five business days', 'sorry i did not catch that']);
      // Every player loads its file: the durations are the files' own.
      // The DOM's audio element, as far as this check reads it (the test types are Node's).
      interface Player {
        src: string;
        duration: number;
        preload: string;
        onloadedmetadata: (() => void) | null;
        onerror: (() => void) | null;
        load(): void;
      }
      const durations = await tab.$$eval('audio', (players) =>
        Promise.all(
          (players as unknown as Player[]).map(
            (a) =>
              new Promise<number>((resolve, reject) => {
                a.onloadedmetadata = () => resolve(Math.round(a.duration * 10) / 10);
                a.onerror = () => reject(new Error(`cannot load ${a.src}`));
                a.preload = 'auto';
                a.load();
              }),
          ),
        ),
      );
      expect(durations).toEqual([1.5, 2, 1.5, 1]);
      expect(await tab.textContent('.voice')).toContain('the app heard');
    } finally {
      await browser.close();
    }
  });
});
