// Everything the voice pipeline does to audio goes through sox: format
// conversion, the audio conditions (noise at an SNR, telephone band, tempo,
// pitch, clipping) and the measures of a spoken answer (duration, leading
// silence, silence ratio, clipping), read from its `stats` effect.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { AudioStats } from '../model/result.js';
import type { AudioConditionSpec, Noise } from '../model/voice.js';
import { VoiceError } from '../errors/voice-error.js';
import { runTool, type ToolOptions } from './process.js';

/** The audio an app takes: WAV at a sample rate, 16-bit PCM or G.711 μ-law / A-law, mono. */
export interface AudioFormat {
  sampleRate: number;
  encoding: 'pcm16' | 'mu-law' | 'a-law';
}

export const DEFAULT_FORMAT: AudioFormat = { sampleRate: 16000, encoding: 'pcm16' };

/** What a sound must exceed to count as sound, and how long a gap must last to count as silence. */
const SILENCE_THRESHOLD = '-45d';
const SILENCE_MIN_S = '0.05';
/** Digital silence has no level: reported as this many dB. */
const FLOOR_DB = -120;
/** Flat tops quieter than this are dither or hum, not a clipped voice. */
const CLIP_FLOOR_DB = -20;

/** sox output options for a format (`-r 16000 -e signed -b 16 -c 1`). */
export function formatOptions(format: AudioFormat): string[] {
  const encoding =
    format.encoding === 'pcm16'
      ? ['-e', 'signed-integer', '-b', '16']
      : ['-e', format.encoding === 'mu-law' ? 'u-law' : 'a-law', '-b', '8'];
  return ['-r', String(format.sampleRate), ...encoding, '-c', '1'];
}

function number(text: string): number {
  const match = /^(-?[\d.]+|-?inf)([kM]?)$/.exec(text.trim());
  if (!match) return Number.NaN;
  if (match[1]!.endsWith('inf')) return match[1]!.startsWith('-') ? -Infinity : Infinity;
  return Number(match[1]) * (match[2] === 'k' ? 1e3 : match[2] === 'M' ? 1e6 : 1);
}

/** The blocks printed by each `stats` effect of one sox run, in order: `{ 'RMS lev dB': -20.1, 'Length s': 3.2, … }`. */
export function parseStats(stderr: string): Record<string, number>[] {
  const blocks: Record<string, number>[] = [];
  let current: Record<string, number> | undefined;
  for (const line of stderr.split('\n')) {
    const match =
      /^(DC offset|Min level|Max level|Pk lev dB|RMS lev dB|RMS Pk dB|RMS Tr dB|Crest factor|Flat factor|Pk count|Bit-depth|Num samples|Length s|Scale max|Window s)\s+(\S+)/.exec(
        line,
      );
    if (!match) continue;
    if (match[1] === 'DC offset' || !current) blocks.push((current = {}));
    current[match[1]!] = number(match[2]!);
  }
  return blocks;
}

/** Sample rate and exact sample count from sox's `-V3` file header (the stats block rounds them). */
function parseHeader(stderr: string): { sampleRate: number; samples: number; encoding: string; channels: number } {
  const rate = /Sample Rate\s*:\s*(\d+)/.exec(stderr);
  const samples = /Duration\s*:[^=]*=\s*(\d+) samples/.exec(stderr);
  const encoding = /Sample Encoding\s*:\s*(.+)/.exec(stderr);
  const channels = /Channels\s*:\s*(\d+)/.exec(stderr);
  return {
    sampleRate: rate ? Number(rate[1]) : 0,
    samples: samples ? Number(samples[1]) : 0,
    encoding: encoding?.[1]?.trim() ?? '',
    channels: channels ? Number(channels[1]) : 1,
  };
}

const db = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? FLOOR_DB : Math.max(FLOOR_DB, value));
const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Measures a spoken answer in one sox run: the whole file, then without leading silence, then without any silence. */
export async function analyzeAudio(
  file: string,
  options: ToolOptions = {},
): Promise<AudioStats & { encoding: string; channels: number; ms: number }> {
  const run = await runTool(
    'sox',
    [
      '-V3',
      file,
      '-n',
      'stats',
      'silence',
      '1',
      SILENCE_MIN_S,
      SILENCE_THRESHOLD,
      'stats',
      'silence',
      '1',
      SILENCE_MIN_S,
      SILENCE_THRESHOLD,
      '-1',
      SILENCE_MIN_S,
      SILENCE_THRESHOLD,
      'stats',
    ],
    options,
  );
  const header = parseHeader(run.stderr);
  const [whole, trimmed, speech] = parseStats(run.stderr);
  if (!whole || header.sampleRate === 0)
    throw new VoiceError('VOICE_AUDIO', `sox could not read ${path.basename(file)}: ${run.stderr.trim().slice(-300)}`);
  const length = whole['Length s'] ?? header.samples / header.sampleRate;
  // `stats` prints "no audio" and no block when an effect before it left nothing: all of it was silence.
  const afterLead = trimmed?.['Length s'] ?? 0;
  const sound = speech?.['Length s'] ?? 0;
  const samples = header.samples || Math.round(length * header.sampleRate);
  // Samples at the peak in runs (flat tops) are clipped; a natural peak is a sample or two. Near-silence
  // (dither) also sits at its tiny peak, so a peak below CLIP_FLOOR_DB is never clipping.
  const flat = (whole['Flat factor'] ?? 0) > 0 && (whole['Pk lev dB'] ?? -Infinity) > CLIP_FLOOR_DB;
  const clipped = flat && samples > 0 ? Math.min(1, (whole['Pk count'] ?? 0) / samples) : 0;
  return {
    durationMs: round(length * 1000, 1),
    leadingSilenceMs: round(Math.max(0, length - afterLead) * 1000, 1),
    silenceRatio: length > 0 ? round(Math.min(1, Math.max(0, 1 - sound / length))) : 1,
    clippedRatio: round(clipped, 6),
    peakDb: db(whole['Pk lev dB']),
    rmsDb: db(whole['RMS lev dB']),
    sampleRate: header.sampleRate,
    encoding: header.encoding,
    channels: header.channels,
    ms: run.ms,
  };
}

/** Converts any file sox reads into a WAV of `format`. */
export async function convertAudio(input: string, output: string, format: AudioFormat, options: ToolOptions = {}): Promise<number> {
  return (await runTool('sox', [input, ...formatOptions(format), output], options)).ms;
}

/** Wraps raw 16-bit little-endian mono PCM (provider speech, PCM answers) in a WAV file, optionally changing its tempo. */
export async function pcmToWav(
  pcm: Buffer,
  sampleRate: number,
  output: string,
  options: ToolOptions & { tempo?: number | undefined } = {},
): Promise<number> {
  const tempo = options.tempo !== undefined && options.tempo !== 1 ? ['tempo', '-s', String(options.tempo)] : [];
  const args = ['-t', 'raw', '-r', String(sampleRate), '-e', 'signed-integer', '-b', '16', '-c', '1', '-L', '-', output, ...tempo];
  return (await runTool('sox', args, { ...options, input: pcm })).ms;
}

/** The RMS level of each noise colour at a sample rate, measured once per process (the noise is seeded: -R). */
const noiseLevels = new Map<string, Promise<number>>();

function noiseLevel(color: NonNullable<Noise['color']>, sampleRate: number, options: ToolOptions): Promise<number> {
  const key = `${color}|${sampleRate}`;
  let level = noiseLevels.get(key);
  if (!level) {
    level = runTool('sox', ['-R', '-n', '-r', String(sampleRate), '-c', '1', '-n', 'synth', '10', `${color}noise`, 'stats'], options).then(
      (run) => db(parseStats(run.stderr)[0]?.['RMS lev dB']),
    );
    level.catch(() => noiseLevels.delete(key));
    noiseLevels.set(key, level);
  }
  return level;
}

/** The condition as a spec (presets expanded). */
export type ResolvedCondition = AudioConditionSpec & { name: string };

/**
 * Applies an audio condition to `input` and writes what the app hears to `output` in `format`:
 * tempo and pitch (the speaker), noise at an SNR against the level of the whole utterance (the
 * room), overdrive into clipping (the microphone), then the telephone band at 8 kHz μ-law (the line).
 * Returns the milliseconds spent in sox.
 */
export async function applyCondition(
  input: string,
  output: string,
  condition: ResolvedCondition,
  format: AudioFormat,
  options: ToolOptions = {},
): Promise<number> {
  let ms = 0;
  const speaker = [
    ...(condition.speed !== undefined && condition.speed !== 1 ? ['tempo', '-s', String(condition.speed)] : []),
    ...(condition.pitch ? ['pitch', String(condition.pitch)] : []),
  ];
  const overdrive = condition.clip ? ['gain', String(condition.clip), 'gain', String(-condition.clip)] : [];
  // No dither after overdrive: the clipped plateaus stay flat, as they would from a real clipped microphone.
  const global = condition.clip ? ['-D'] : [];
  const line = condition.phone ? ['sinc', '300-3400'] : [];
  const lineFormat: AudioFormat = { sampleRate: 8000, encoding: 'mu-law' };
  const phoneIsFinal = condition.phone && format.sampleRate === 8000 && format.encoding === 'mu-law';
  const stageFormat = condition.phone && !phoneIsFinal ? lineFormat : format;
  const stage = condition.phone && !phoneIsFinal ? `${output}.line.wav` : output;
  const noise = typeof condition.noise === 'number' ? { snr: condition.noise } : condition.noise;

  if (noise) {
    // The speaker's changes first, measuring the level the noise is set against.
    const voiced = `${output}.voice.wav`;
    const measured = await runTool(
      'sox',
      [input, '-r', String(format.sampleRate), '-c', '1', '-b', '16', voiced, ...speaker, 'stats'],
      options,
    );
    ms += measured.ms;
    const stats = parseStats(measured.stderr)[0] ?? {};
    const signalDb = db(stats['RMS lev dB']);
    const seconds = stats['Length s'] ?? 0;
    const color = noise.color ?? 'pink';
    const gain = 10 ** ((signalDb - noise.snr - (await noiseLevel(color, format.sampleRate, options))) / 20);
    // The noise comes from a second sox through a pipe: seeded (-R), as long as the voice, never a file.
    const generator = `|sox -R -n -r ${format.sampleRate} -c 1 -b 16 -t wav - synth ${seconds} ${color}noise`;
    const mixed = await runTool(
      'sox',
      [
        ...global,
        '-m',
        '-v',
        '1',
        voiced,
        '-v',
        gain.toFixed(6),
        generator,
        ...formatOptions(stageFormat),
        stage,
        'trim',
        '0',
        String(seconds),
        ...overdrive,
        ...line,
      ],
      options,
    );
    ms += mixed.ms;
  } else {
    ms += (await runTool('sox', [...global, input, ...formatOptions(stageFormat), stage, ...speaker, ...overdrive, ...line], options)).ms;
  }
  if (stage !== output) ms += await convertAudio(stage, output, format, options);
  await Promise.all([rm(`${output}.voice.wav`, { force: true }), rm(`${output}.line.wav`, { force: true })]);
  return ms;
}
