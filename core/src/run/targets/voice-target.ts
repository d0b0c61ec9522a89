// voice target: one turn is spoken (espeak-ng, a speech model, or a recording),
// put through the attempt's audio condition (sox), sent to the app under test
// (HTTP or a command), and the app's spoken answer is measured (sox) and
// transcribed (pocketsphinx or a transcription model). The transcript is the
// turn's output, so every text assertion and judge applies; the audio files,
// timings and measures ride along for the audio checks and the reports.
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModelRouter } from '../../llm/model-router.js';
import type { SecretMasker } from '../../util/secret-masker.js';
import type { VoiceTurn } from '../../model/result.js';
import { TargetError } from '../../errors/target-error.js';
import { VoiceError } from '../../errors/voice-error.js';
import { analyzeAudio, applyCondition, DEFAULT_FORMAT, type AudioFormat } from '../../voice/sox.js';
import { speakText } from '../../voice/speech.js';
import { transcribeAudio } from '../../voice/transcription.js';
import { resolveVoiceSettings } from '../../voice/voice-settings.js';
import { createExchange } from './voice-exchange.js';
import type { VoiceTargetConfig } from '../../config/target-config.js';
import type { Target, TargetReply, TargetRequest } from './target.js';

export interface VoiceTargetOptions {
  name: string;
  config: VoiceTargetConfig;
  /** The directory of the file that declares the target (cwd and start.cwd are relative to it). */
  baseDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Routes provider speech and transcription; without it only espeak-ng and pocketsphinx work. */
  router: ModelRouter | undefined;
  /** Learns the target's secrets (header values, `${ENV}` values) and masks every message it produces. */
  secrets?: SecretMasker | undefined;
}

/** The user's turn as it is spoken: consecutive user messages at the end, as one utterance. */
function userTurnText(request: TargetRequest): string {
  const said: string[] = [];
  for (let i = request.messages.length - 1; i >= 0 && request.messages[i]!.role === 'user'; i--) said.unshift(request.messages[i]!.content);
  return said.join(' ');
}

const sum = (...values: Array<number | undefined>) => {
  const present = values.filter((v): v is number => v !== undefined);
  return present.length ? present.reduce((a, b) => a + b, 0) : undefined;
};

/** Creates a voice target (see docs/voice.md). */
export function createVoiceTarget(options: VoiceTargetOptions): Target {
  const { config, name, router } = options;
  const format: AudioFormat = {
    sampleRate: config.format?.sampleRate ?? DEFAULT_FORMAT.sampleRate,
    encoding: config.format?.encoding ?? 'pcm16',
  };
  const exchange = createExchange(options);
  return {
    name,
    type: 'voice',
    voice: config.voice,
    start: exchange.start?.bind(exchange),
    stop: exchange.stop?.bind(exchange),
    async call(request: TargetRequest): Promise<TargetReply> {
      const turn = request.voice;
      if (!turn) throw new TargetError(`target '${name}': a voice target needs the voice part of the request (runSuites provides it)`);
      const settings = resolveVoiceSettings(...turn.settings, config.voice);
      // Speech, sox and transcription are bounded by the attempt (--timeout); timeoutMs is the app's.
      const ctx = { router, signal: request.signal };
      await mkdir(path.dirname(turn.stem), { recursive: true });
      const timings: Record<string, number> = {};
      const warnings: string[] = [];
      const said = `${turn.stem}-said.wav`;
      const inputAudio = `${turn.stem}-in.wav`;
      const scratch = `${turn.stem}-asr.wav`;
      try {
        let source = turn.recording;
        let speech = 'recording';
        if (source !== undefined && !(await stat(source).catch(() => undefined))?.isFile()) {
          throw new VoiceError('VOICE_INPUT', `input.audio: the recording ${source} does not exist`);
        }
        let speechCost: number | undefined;
        if (source === undefined) {
          const text = userTurnText(request);
          if (!text.trim()) throw new VoiceError('VOICE_INPUT', `turn ${request.turn} has no user text to speak`);
          const spoken = await speakText(text, settings, said, ctx);
          timings.speech = spoken.ms;
          speech = spoken.engine;
          speechCost = spoken.cost;
          warnings.push(...spoken.warnings);
          source = said;
        }
        timings.condition = await applyCondition(source, inputAudio, turn.condition, format, { signal: request.signal });
        const answer = await exchange.send(inputAudio, turn.stem, request, turn.session);
        timings.app = answer.totalMs;
        const measured = await analyzeAudio(answer.file, { signal: request.signal });
        timings.analysis = measured.ms + answer.soxMs;
        const heard = await transcribeAudio(answer.file, measured, settings, scratch, ctx);
        timings.transcription = heard.ms;
        warnings.push(...heard.warnings);
        const { ms: _ms, encoding: _encoding, channels: _channels, ...audio } = measured;
        const voice: VoiceTurn = {
          condition: turn.condition.name,
          inputAudio,
          speech,
          outputAudio: answer.file,
          transcription: heard.engine,
          ...(answer.appText !== undefined ? { appText: answer.appText } : {}),
          firstAudioMs: Math.round(answer.firstAudioMs),
          totalMs: Math.round(answer.totalMs),
          audio,
          timings: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])),
          ...(warnings.length ? { warnings: [...new Set(warnings)] } : {}),
        };
        const cost = sum(speechCost, heard.cost);
        return { output: heard.text, latencyMs: answer.totalMs, voice, ...(cost !== undefined ? { cost } : {}) };
      } finally {
        await Promise.all([rm(said, { force: true }), rm(scratch, { force: true })]);
      }
    },
  };
}
