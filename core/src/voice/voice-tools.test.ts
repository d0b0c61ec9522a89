// The offline voice pipeline against the real Debian tools (installed by the vitest global
// setup, test/voice/global-setup.ts): sox measures and conditions, espeak-ng speech,
// pocketsphinx transcription. Audio is generated with sox, so every expected value is known.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VoiceError } from '../errors/voice-error.js';
import type { AudioCondition } from '../model/voice.js';
import { espeak, espeakVoices } from './espeak.js';
import { pocketsphinx } from './pocketsphinx.js';
import { runTool } from './process.js';
import { analyzeAudio, applyCondition, convertAudio, parseStats, type AudioFormat } from './sox.js';
import { conditionName, resolveCondition, resolveVoiceSettings } from './voice-settings.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'voice-tools-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const f = (name: string) => path.join(dir, name);
const PCM16: AudioFormat = { sampleRate: 16000, encoding: 'pcm16' };

/** `lead` s of silence, `tone` s of a sine at `hz` (amplitude `gain` dB), `tail` s of silence, 16 kHz mono. */
async function tone(name: string, { lead = 0, tone: seconds = 1, tail = 0, hz = 440, gain = -6 } = {}): Promise<string> {
  await runTool('sox', [
    '-n',
    '-r',
    '16000',
    '-c',
    '1',
    '-b',
    '16',
    f(name),
    'synth',
    String(seconds),
    'sine',
    String(hz),
    'gain',
    String(gain),
    'pad',
    String(lead),
    String(tail),
  ]);
  return f(name);
}

/** One second of (dithered) silence. */
async function silence(name: string): Promise<string> {
  await runTool('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', f(name), 'trim', '0', '1']);
  return f(name);
}

async function rmsDb(file: string): Promise<number> {
  const run = await runTool('sox', [file, '-n', 'stats']);
  return parseStats(run.stderr)[0]!['RMS lev dB']!;
}

describe('analyzeAudio (sox stats)', () => {
  it('measures duration, leading silence and the share of silence', async () => {
    const stats = await analyzeAudio(await tone('lead.wav', { lead: 0.5, tone: 1, tail: 0.5 }));
    expect(stats.durationMs).toBe(2000);
    expect(stats.sampleRate).toBe(16000);
    expect(stats.leadingSilenceMs).toBeGreaterThan(450);
    expect(stats.leadingSilenceMs).toBeLessThan(560);
    expect(stats.silenceRatio).toBeGreaterThan(0.45);
    expect(stats.silenceRatio).toBeLessThan(0.55);
    expect(stats.clippedRatio).toBe(0);
    expect(stats.peakDb).toBeCloseTo(-6, 0);
  });

  it('finds clipping: samples flat at the peak', async () => {
    const clean = await tone('clean.wav');
    // An overloaded chain: the voice driven 12 dB past full scale.
    await runTool('sox', [clean, f('clipped.wav'), 'gain', '12']);
    expect((await analyzeAudio(clean)).clippedRatio).toBe(0);
    expect((await analyzeAudio(f('clipped.wav'))).clippedRatio).toBeGreaterThan(0.3);
  });

  it('reports a silent answer as all silence, and its dither as no clipping', async () => {
    const stats = await analyzeAudio(await silence('silent-analysis.wav'));
    expect(stats).toMatchObject({ durationMs: 1000, leadingSilenceMs: 1000, silenceRatio: 1, clippedRatio: 0 });
    expect(stats.peakDb).toBeLessThan(-60);
  });

  it('says which file it could not read', async () => {
    await expect(analyzeAudio(f('missing.wav'))).rejects.toThrow(VoiceError);
  });
});

describe('applyCondition (sox)', { timeout: 60_000 }, () => {
  it('mixes noise at the signal-to-noise ratio asked for', async () => {
    const input = await tone('snr-in.wav', { tone: 3 });
    const before = await rmsDb(input);
    await applyCondition(input, f('snr0.wav'), resolveCondition({ noise: 0 }), PCM16);
    await applyCondition(input, f('snr20.wav'), resolveCondition({ noise: { snr: 20, color: 'white' } }), PCM16);
    // Equal noise and signal power add 3 dB; noise 20 dB down adds about 0.04 dB.
    expect((await rmsDb(f('snr0.wav'))) - before).toBeCloseTo(3, 0);
    expect(Math.abs((await rmsDb(f('snr20.wav'))) - before)).toBeLessThan(0.3);
    expect((await analyzeAudio(f('snr0.wav'))).durationMs).toBe(3000);
  });

  it('puts the phone line in: the 300–3400 Hz band, 8 kHz μ-law, then the app format', async () => {
    const low = await tone('1k.wav', { hz: 1000 });
    const high = await tone('5k.wav', { hz: 5000 });
    const phone = resolveCondition('phone');
    await applyCondition(low, f('1k-phone.wav'), phone, PCM16);
    await applyCondition(high, f('5k-phone.wav'), phone, PCM16);
    expect((await rmsDb(f('1k-phone.wav'))) - (await rmsDb(low))).toBeGreaterThan(-2);
    expect((await rmsDb(f('5k-phone.wav'))) - (await rmsDb(high))).toBeLessThan(-30);
    const kept = await analyzeAudio(f('1k-phone.wav'));
    expect(kept.sampleRate).toBe(16000);
    await applyCondition(low, f('1k-ulaw.wav'), phone, { sampleRate: 8000, encoding: 'mu-law' });
    const line = await analyzeAudio(f('1k-ulaw.wav'));
    expect(line.sampleRate).toBe(8000);
    expect(line.encoding).toMatch(/u-law/i);
  });

  it('changes tempo without changing length otherwise, and drives into clipping', async () => {
    const input = await tone('tempo-in.wav', { tone: 3 });
    await applyCondition(input, f('fast.wav'), resolveCondition({ speed: 1.5 }), PCM16);
    expect((await analyzeAudio(f('fast.wav'))).durationMs).toBeCloseTo(2000, -2);
    await applyCondition(input, f('hot.wav'), resolveCondition({ clip: 12 }), PCM16);
    expect((await analyzeAudio(f('hot.wav'))).clippedRatio).toBeGreaterThan(0.1);
  });
});

describe('conditions and settings', () => {
  it.each<[AudioCondition, string]>([
    ['clean', 'clean'],
    [{ noise: 10 }, 'noise-10db'],
    [{ noise: { snr: 5, color: 'white' }, phone: true }, 'white-noise-5db+phone'],
    [{ speed: 1.3, pitch: -200 }, 'speed-1.3+pitch-200'],
    [{ name: 'cafe', noise: 10 }, 'cafe'],
  ])('%o is named %s', (condition, name) => {
    expect(conditionName(condition)).toBe(name);
  });

  it('merges settings field by field, most specific first, and names duplicate conditions apart', () => {
    const settings = resolveVoiceSettings(
      { voice: 'en-gb' },
      { speed: 1.2, conditions: ['clean', 'phone', 'phone'] },
      { speech: 'openai:tts-1' },
    );
    expect(settings).toMatchObject({
      speech: 'openai:tts-1',
      voice: 'en-gb',
      speed: 1.2,
      language: 'en-US',
      transcription: 'pocketsphinx',
    });
    expect(settings.conditions.map((c) => c.name)).toEqual(['clean', 'phone', 'phone-2']);
    expect(resolveVoiceSettings().conditions).toEqual([{ name: 'clean' }]);
  });
});

describe('espeak-ng', { timeout: 60_000 }, () => {
  it('picks a voice from the language, falling back to the primary language', () => {
    expect(espeakVoices('en-US', undefined)).toEqual(['en-us', 'en']);
    expect(espeakVoices('de', undefined)).toEqual(['de']);
    expect(espeakVoices('en-US', 'en-gb+f3')).toEqual(['en-gb+f3']);
  });

  it('speaks into a WAV, faster with a higher speed', async () => {
    const settings = { language: 'en-US', voice: undefined, speed: 1 };
    await espeak('Where is my order? It was due yesterday.', f('said.wav'), settings);
    await espeak('Where is my order? It was due yesterday.', f('said-fast.wav'), { ...settings, speed: 2 });
    const normal = await analyzeAudio(f('said.wav'));
    const fast = await analyzeAudio(f('said-fast.wav'));
    expect(normal.durationMs).toBeGreaterThan(1500);
    expect(fast.durationMs).toBeLessThan(normal.durationMs * 0.7);
    expect(normal.silenceRatio).toBeLessThan(0.5);
  });

  it('falls back from a regional tag espeak-ng does not know, and says when there is no voice at all', async () => {
    await espeak('Guten Tag', f('de.wav'), { language: 'de-DE', voice: undefined, speed: 1 });
    expect((await analyzeAudio(f('de.wav'))).durationMs).toBeGreaterThan(300);
    await expect(espeak('x', f('x.wav'), { language: 'en', voice: 'xx-nothing', speed: 1 })).rejects.toThrow(
      "espeak-ng has no voice 'xx-nothing' (list them with: espeak-ng --voices)",
    );
  });
});

describe('pocketsphinx', { timeout: 120_000 }, () => {
  it('transcribes 16 kHz speech (low accuracy on synthetic speech: words come back, not necessarily the right ones)', async () => {
    await espeak('Your order will arrive tomorrow morning.', f('answer.wav'), { language: 'en-US', voice: undefined, speed: 1 });
    await convertAudio(f('answer.wav'), f('answer16.wav'), PCM16);
    const heard = await pocketsphinx(f('answer16.wav'));
    expect(heard.text.split(' ').length).toBeGreaterThan(1);
    expect(heard.text).toMatch(/^[a-z' ]+$/);
  });

  it('hears nothing in silence', async () => {
    expect((await pocketsphinx(await silence('silent-asr.wav'))).text).toBe('');
  });
});

it('a missing tool says what to install', async () => {
  const saved = process.env.PATH;
  process.env.PATH = dir; // nothing there
  try {
    const error = await runTool('pocketsphinx_continuous', ['-infile', 'x.wav']).catch((e: unknown) => e);
    expect(VoiceError.isInstance(error) && error.code).toBe('VOICE_TOOL_MISSING');
    expect((error as Error).message).toBe(
      'pocketsphinx_continuous is not installed; install it with: apt-get install -y pocketsphinx pocketsphinx-en-us (see docs/voice.md)',
    );
  } finally {
    process.env.PATH = saved;
  }
});
