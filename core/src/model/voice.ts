import { z } from 'zod';

/**
 * How the user's turn is spoken and the answer heard, for cases run against a
 * `voice` target (see docs/voice.md). Set per case (`voice:`), per file
 * (`defaults.voice`) or on the target; the most specific wins, field by field.
 */

/** Named conditions: `clean` (as synthesised), `phone` (telephone band, 8 kHz, μ-law), `noisy` (pink noise at 10 dB SNR). */
export const CONDITION_PRESETS = ['clean', 'phone', 'noisy'] as const;
export type ConditionPreset = (typeof CONDITION_PRESETS)[number];

export const NoiseSchema = z
  .strictObject({
    snr: z.number().min(-10).max(60).describe('Signal-to-noise ratio in dB: 20 is a quiet room, 10 a busy café, 0 as loud as the voice.'),
    color: z.enum(['white', 'pink', 'brown']).optional().describe('Noise colour (default pink, closest to room noise).'),
  })
  .describe('Background noise mixed in at a signal-to-noise ratio.');
export type Noise = z.infer<typeof NoiseSchema>;

export const AudioConditionSpecSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, { message: 'must be one word (letters, digits, - _ .)' })
      .max(40)
      .optional()
      .describe('The name shown in reports (default: made from the settings, e.g. noise-10db+phone).'),
    noise: z
      .union([z.number().min(-10).max(60), NoiseSchema])
      .optional()
      .describe('Noise at this SNR in dB (or {snr, color}).'),
    phone: z.boolean().optional().describe('Telephone line: 300–3400 Hz band, 8 kHz, μ-law (G.711).'),
    speed: z.number().min(0.5).max(2).optional().describe('Tempo factor without changing pitch (1.25 = a quarter faster).'),
    pitch: z.number().int().min(-1200).max(1200).optional().describe('Pitch shift in cents (100 = one semitone up).'),
    clip: z
      .number()
      .min(0)
      .max(40)
      .optional()
      .describe('Overdrive by this many dB into clipping, then back to the original level (an overloaded microphone).'),
  })
  .describe('How the audio the app hears is degraded.');
export type AudioConditionSpec = z.infer<typeof AudioConditionSpecSchema>;

export const AudioConditionSchema = z
  .union([z.enum(CONDITION_PRESETS), AudioConditionSpecSchema])
  .describe('An audio condition: clean, phone, noisy, or {noise, phone, speed, pitch, clip}.');
export type AudioCondition = z.infer<typeof AudioConditionSchema>;

/** `espeak-ng`, `pocketsphinx`, or a `provider:model` id / alias routed through the providers. */
const engine = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9_.-]+(:[^\s]+)?$/, { message: "must be 'espeak-ng', 'pocketsphinx' or 'provider:model'" });

export const VoiceSettingsSchema = z
  .strictObject({
    speech: engine
      .optional()
      .describe("Who speaks the user's turn: espeak-ng (offline, default) or a model such as openai:gpt-4o-mini-tts."),
    voice: z.string().min(1).optional().describe('Voice name: espeak-ng en-us+f3, OpenAI alloy, Gemini Kore, …'),
    speed: z.number().min(0.25).max(4).optional().describe('Speaking rate (1 = normal).'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a language tag such as en or en-US' })
      .optional()
      .describe('Language of the conversation (BCP 47, e.g. en-US): picks the espeak-ng voice, and tells the transcriber.'),
    transcription: engine
      .optional()
      .describe('Who transcribes the answer: pocketsphinx (offline, default) or a model such as openai:gpt-4o-mini-transcribe.'),
    conditions: z
      .array(AudioConditionSchema)
      .min(1, { message: 'needs at least one condition' })
      .optional()
      .describe('Run the case once per condition (default: [clean]).'),
  })
  .describe('Voice settings: how the user turn is spoken and the answer transcribed (voice targets only).');
export type VoiceSettings = z.infer<typeof VoiceSettingsSchema>;
