// Transcribes the app's spoken answer: pocketsphinx offline (after converting
// to the 16 kHz 16-bit mono it needs), or a transcription model through the
// router (OpenAI transcription models, Gemini audio understanding).
import { readFile } from 'node:fs/promises';
import { VoiceError } from '../errors/voice-error.js';
import { pocketsphinx, POCKETSPHINX_FORMAT } from './pocketsphinx.js';
import { convertAudio } from './sox.js';
import type { VoiceCallContext } from './speech.js';
import { OFFLINE_TRANSCRIPTION, type ResolvedVoiceSettings } from './voice-settings.js';

export interface HeardAudio {
  text: string;
  /** `pocketsphinx` or the `provider:model` that answered. */
  engine: string;
  /** Milliseconds spent waiting: sox and pocketsphinx, or the provider call. */
  ms: number;
  cost?: number | undefined;
  warnings: string[];
}

/** What the analysis already knows about the file, so nothing is converted twice. */
export interface AudioFacts {
  durationMs: number;
  sampleRate: number;
  encoding: string;
  channels: number;
}

const isPcm16 = (facts: AudioFacts) => /16-bit Signed Integer PCM/i.test(facts.encoding) && facts.channels === 1;

/** Transcribes the audio file `file` (any format sox reads). `scratch` is a path for a converted copy. */
export async function transcribeAudio(
  file: string,
  facts: AudioFacts,
  settings: ResolvedVoiceSettings,
  scratch: string,
  ctx: VoiceCallContext,
): Promise<HeardAudio> {
  const wav = file.endsWith('.wav');
  if (settings.transcription === OFFLINE_TRANSCRIPTION) {
    const warnings: string[] = [];
    if (!/^en\b/i.test(settings.language)) {
      warnings.push(`pocketsphinx has only the US English model; a ${settings.language} transcript is not meaningful`);
    }
    let ms = 0;
    let input = file;
    if (!wav || !isPcm16(facts) || facts.sampleRate !== POCKETSPHINX_FORMAT.sampleRate) {
      ms += await convertAudio(file, scratch, POCKETSPHINX_FORMAT, { signal: ctx.signal, code: 'VOICE_TRANSCRIPTION' });
      input = scratch;
    }
    const heard = await pocketsphinx(input, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
    return { text: heard.text, engine: OFFLINE_TRANSCRIPTION, ms: ms + heard.ms, warnings };
  }
  if (!ctx.router) {
    throw new VoiceError(
      'VOICE_TRANSCRIPTION',
      `transcription '${settings.transcription}' needs a provider: configure it in casewright.config.yaml or set its API key (or use transcription: pocketsphinx)`,
    );
  }
  let ms = 0;
  let input = file;
  if (!wav) {
    ms += await convertAudio(file, scratch, { sampleRate: facts.sampleRate || 16000, encoding: 'pcm16' }, { signal: ctx.signal });
    input = scratch;
  }
  const result = await ctx.router.transcribe({
    model: settings.transcription,
    audio: await readFile(input),
    seconds: facts.durationMs / 1000,
    language: settings.language,
    abortSignal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
  });
  return { text: result.text, engine: result.model, ms: ms + result.latencyMs, cost: result.cost, warnings: result.warnings };
}
