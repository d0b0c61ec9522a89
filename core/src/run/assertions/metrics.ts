// Measured family: length, latency, cost.
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import type { Handler } from './types.js';

export const length: Handler<'length'> = ({ params, output }) => {
  if (params.min === undefined && params.max === undefined) throw new AssertionConfigError('length needs min, max or both');
  const unit = params.unit ?? 'chars';
  const size = unit === 'words' ? output.split(/\s+/).filter(Boolean).length : [...output.trim()].length;
  const name = unit === 'words' ? 'words' : 'characters';
  const range = `${params.min ?? 0}..${params.max ?? '∞'}`;
  const pass = (params.min === undefined || size >= params.min) && (params.max === undefined || size <= params.max);
  return { pass, score: pass ? 1 : 0, reason: `output has ${size} ${name}; ${pass ? 'within' : 'outside'} ${range}` };
};

export const latency: Handler<'latency'> = ({ params, latencyMs }) => {
  if (latencyMs === undefined) return { pass: false, score: 0, reason: 'no latency was measured for this turn' };
  const ms = Math.round(latencyMs);
  const pass = latencyMs <= params.max;
  return { pass, score: pass ? 1 : 0, reason: `answered in ${ms} ms; ${pass ? 'within' : 'over'} the limit of ${params.max} ms` };
};

export const cost: Handler<'cost'> = ({ params, cost: spent }) => {
  const value = spent ?? 0;
  const pass = value <= params.max;
  const shown = `$${value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}`;
  const note = spent === undefined ? ' (the target reports no cost)' : '';
  return { pass, score: pass ? 1 : 0, reason: `cost ${shown}${note}; ${pass ? 'within' : 'over'} the limit of $${params.max}` };
};
