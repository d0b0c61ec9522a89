// Resolves a case's voice settings (case > file defaults > target > built-in
// defaults, field by field) and its audio conditions into named specs.
import type { AudioCondition, VoiceSettings } from '../model/voice.js';
import type { ResolvedCondition } from './sox.js';

/** The engines that need no key and no network. */
export const OFFLINE_SPEECH = 'espeak-ng';
export const OFFLINE_TRANSCRIPTION = 'pocketsphinx';

export interface ResolvedVoiceSettings {
  speech: string;
  voice: string | undefined;
  speed: number;
  language: string;
  transcription: string;
  conditions: ResolvedCondition[];
}

const PRESETS: Readonly<Record<'clean' | 'phone' | 'noisy', Readonly<ResolvedCondition>>> = {
  clean: { name: 'clean' },
  phone: { name: 'phone', phone: true },
  noisy: { name: 'noisy', noise: { snr: 10, color: 'pink' } },
};

/** A readable name made from a condition's settings: `noise-10db+phone`, `speed-1.3`. */
export function conditionName(condition: AudioCondition): string {
  if (typeof condition === 'string') return condition;
  if (condition.name) return condition.name;
  const parts: string[] = [];
  if (condition.noise !== undefined) {
    const noise = typeof condition.noise === 'number' ? { snr: condition.noise } : condition.noise;
    parts.push(`${noise.color && noise.color !== 'pink' ? `${noise.color}-` : ''}noise-${noise.snr}db`);
  }
  if (condition.phone) parts.push('phone');
  if (condition.speed !== undefined) parts.push(`speed-${condition.speed}`);
  if (condition.pitch !== undefined) parts.push(`pitch${condition.pitch > 0 ? '+' : ''}${condition.pitch}`);
  if (condition.clip !== undefined) parts.push(`clip-${condition.clip}db`);
  return parts.join('+') || 'clean';
}

export function resolveCondition(condition: AudioCondition): ResolvedCondition {
  return typeof condition === 'string' ? { ...PRESETS[condition] } : { ...condition, name: conditionName(condition) };
}

/** Merges voice settings, most specific first; every field falls back on its own. */
export function resolveVoiceSettings(...layers: ReadonlyArray<VoiceSettings | undefined>): ResolvedVoiceSettings {
  const pick = <K extends keyof VoiceSettings>(key: K): VoiceSettings[K] => layers.find((l) => l?.[key] !== undefined)?.[key];
  const conditions = (pick('conditions') ?? ['clean']).map(resolveCondition);
  // Two conditions with the same name would write over each other's audio and be indistinguishable in reports.
  const seen = new Map<string, number>();
  for (const c of conditions) {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    if (n > 1) c.name = `${c.name}-${n}`;
  }
  return {
    speech: pick('speech') ?? OFFLINE_SPEECH,
    voice: pick('voice'),
    speed: pick('speed') ?? 1,
    language: pick('language') ?? 'en-US',
    transcription: pick('transcription') ?? OFFLINE_TRANSCRIPTION,
    conditions,
  };
}
