// Measured family: length, latency, cost.
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import type { SyncHandler } from './types.js';

export const length: SyncHandler<'length'> = ({ params, output }) => {
  if (params.min === undefined && params.max === undefined) throw new AssertionConfigError('length needs min, max or both');
  const unit = params.unit ?? 'chars';
  const size = unit === 'words' ? output.split(/\s+/).filter(Boolean).length : [...output.trim()].length;
  const name = unit === 'words' ? 'words' : 'characters';
  const range = `${params.min ?? 0}..${params.max ?? '∞'}`;
  const pass = (params.min === undefined || size >= params.min) && (params.max === undefined || size <= params.max);
  return { pass, score: pass ? 1 : 0, reason: `output has ${size} ${name}; ${pass ? 'within' : 'outside'} ${range}` };
};

export const latency: SyncHandler<'latency'> = ({ params, latencyMs, voice }) => {
  if (params.max === undefined && params.firstAudio === undefined) throw new AssertionConfigError('latency needs max, firstAudio or both');
  const parts: string[] = [];
  let pass = true;
  if (params.firstAudio !== undefined) {
    if (!voice) {
      // The same case may run against a text target (`--target`): the limit does not apply there.
      if (params.max === undefined) return { pass: true, score: 1, reason: 'not a voice turn: no time to first audio', skipped: true };
    } else {
      const ok = voice.firstAudioMs <= params.firstAudio;
      pass &&= ok;
      parts.push(`first audio after ${Math.round(voice.firstAudioMs)} ms; ${ok ? 'within' : 'over'} the limit of ${params.firstAudio} ms`);
    }
  }
  if (params.max !== undefined) {
    if (latencyMs === undefined) return { pass: false, score: 0, reason: 'no latency was measured for this turn' };
    const ok = latencyMs <= params.max;
    pass &&= ok;
    parts.push(`answered in ${Math.round(latencyMs)} ms; ${ok ? 'within' : 'over'} the limit of ${params.max} ms`);
  }
  return { pass, score: pass ? 1 : 0, reason: parts.join('; ') };
};

export const cost: SyncHandler<'cost'> = ({ params, cost: spent }) => {
  const value = spent ?? 0;
  const pass = value <= params.max;
  const shown = `$${value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}`;
  const note = spent === undefined ? ' (the target reports no cost)' : '';
  return { pass, score: pass ? 1 : 0, reason: `cost ${shown}${note}; ${pass ? 'within' : 'over'} the limit of $${params.max}` };
};
