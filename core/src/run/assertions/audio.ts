// Audio family: checks on the spoken answer of a voice turn, from the sox
// statistics the voice target measured (duration, leading silence, silence
// ratio, clipping). On a text turn there is no audio: the check is skipped, so
// the same case can also run against a text target.
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import type { VoiceTurn } from '../../model/result.js';
import type { HandlerResult, SyncHandler } from './types.js';

const NOT_VOICE: HandlerResult = { pass: true, score: 1, reason: 'not a voice turn: no audio to check', skipped: true };
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const percent = (ratio: number) => `${(ratio * 100).toFixed(ratio < 0.01 ? 2 : 1)}%`;

function verdict(voice: VoiceTurn | undefined, check: (voice: VoiceTurn) => { pass: boolean; reason: string }): HandlerResult {
  if (!voice) return NOT_VOICE;
  const { pass, reason } = check(voice);
  return { pass, score: pass ? 1 : 0, reason };
}

export const audioDuration: SyncHandler<'audio-duration'> = ({ params, voice }) => {
  if (params.min === undefined && params.max === undefined) throw new AssertionConfigError('audio-duration needs min, max or both');
  return verdict(voice, ({ audio }) => {
    const s = audio.durationMs / 1000;
    const pass = (params.min === undefined || s >= params.min) && (params.max === undefined || s <= params.max);
    return {
      pass,
      reason: `the answer lasts ${seconds(audio.durationMs)}; ${pass ? 'within' : 'outside'} ${params.min ?? 0}..${params.max ?? '∞'} s`,
    };
  });
};

export const leadingSilence: SyncHandler<'leading-silence'> = ({ params, voice }) =>
  verdict(voice, ({ audio }) => {
    const pass = audio.leadingSilenceMs <= params.max;
    return {
      pass,
      reason: `${Math.round(audio.leadingSilenceMs)} ms of silence before the answer; ${pass ? 'within' : 'over'} the limit of ${params.max} ms`,
    };
  });

export const silenceRatio: SyncHandler<'silence-ratio'> = ({ params, voice }) =>
  verdict(voice, ({ audio }) => {
    const pass = audio.silenceRatio <= params.max;
    return { pass, reason: `${percent(audio.silenceRatio)} of the answer is silence; ${pass ? 'within' : 'over'} ${percent(params.max)}` };
  });

export const clipping: SyncHandler<'clipping'> = ({ params, voice }) =>
  verdict(voice, ({ audio }) => {
    const max = params.max ?? 0.001;
    const pass = audio.clippedRatio <= max;
    return { pass, reason: `${percent(audio.clippedRatio)} of the samples are clipped; ${pass ? 'within' : 'over'} ${percent(max)}` };
  });
