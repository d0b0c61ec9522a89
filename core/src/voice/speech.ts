// Speaks the user's turn: espeak-ng offline, or a speech model through the
// router (OpenAI speech, Gemini speech generation) with its retries, fallback
// and pricing. The result is always a WAV file.
import { writeFile } from 'node:fs/promises';
import { VoiceError } from '../errors/voice-error.js';
import type { ModelRouter } from '../llm/model-router.js';
import { espeak } from './espeak.js';
import { pcmToWav } from './sox.js';
import { runTool } from './process.js';
import { OFFLINE_SPEECH, type ResolvedVoiceSettings } from './voice-settings.js';

export interface SpokenText {
  /** `espeak-ng` or the `provider:model` that answered. */
  engine: string;
  /** Milliseconds spent waiting: the espeak-ng process, or the provider call and sox. */
  ms: number;
  cost?: number | undefined;
  warnings: string[];
}

export interface VoiceCallContext {
  router: ModelRouter | undefined;
  signal: AbortSignal;
  timeoutMs?: number | undefined;
}

/** Speaks `text` into the WAV file `output`. */
export async function speakText(text: string, settings: ResolvedVoiceSettings, output: string, ctx: VoiceCallContext): Promise<SpokenText> {
  if (settings.speech === OFFLINE_SPEECH) {
    const ms = await espeak(text, output, settings, { signal: ctx.signal, timeoutMs: ctx.timeoutMs });
    return { engine: OFFLINE_SPEECH, ms, warnings: [] };
  }
  if (!ctx.router) {
    throw new VoiceError(
      'VOICE_SPEECH',
      `speech '${settings.speech}' needs a provider: configure it in casewright.config.yaml or set its API key (or use speech: espeak-ng)`,
    );
  }
  const result = await ctx.router.generateSpeech({
    model: settings.speech,
    text,
    voice: settings.voice,
    speed: settings.speed,
    language: settings.language,
    abortSignal: ctx.signal,
    timeoutMs: ctx.timeoutMs,
  });
  // A provider without a speaking rate gets its tempo changed by sox, so `speed` means the same everywhere.
  const tempo = result.speedApplied ? undefined : settings.speed;
  const audio = Buffer.from(result.audio);
  const soxMs =
    result.mimeType === 'audio/pcm'
      ? await pcmToWav(audio, result.sampleRate ?? 24_000, output, { signal: ctx.signal, tempo, code: 'VOICE_SPEECH' })
      : await saveWav(audio, output, tempo, ctx.signal);
  return { engine: result.model, ms: result.latencyMs + soxMs, cost: result.cost, warnings: result.warnings };
}

async function saveWav(wav: Buffer, output: string, tempo: number | undefined, signal: AbortSignal): Promise<number> {
  if (tempo === undefined || tempo === 1) {
    await writeFile(output, wav);
    return 0;
  }
  return (await runTool('sox', ['-t', 'wav', '-', output, 'tempo', '-s', String(tempo)], { signal, input: wav, code: 'VOICE_SPEECH' })).ms;
}
