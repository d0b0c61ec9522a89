/**
 * The speech and transcription ports, beside the LanguageModel port: each
 * `providers/<vendor>/` folder that can speak or listen implements them over the
 * vendor's official SDK. Providers never retry; the router does.
 */

/** What an audio call used, in the units the vendor bills: tokens, seconds of audio or characters. */
export interface AudioUsage {
  /** Text tokens in (the text spoken, or a transcription prompt). */
  inputTokens?: number | undefined;
  /** Text tokens out (the transcript). */
  outputTokens?: number | undefined;
  audioInputTokens?: number | undefined;
  audioOutputTokens?: number | undefined;
  /** Seconds of audio (the audio transcribed, or the speech produced). */
  seconds?: number | undefined;
  /** Characters of text spoken. */
  characters?: number | undefined;
}

export interface SpeechCallOptions {
  text: string;
  /** Vendor voice name (OpenAI `alloy`, Gemini `Kore`); a vendor default when absent. */
  voice?: string | undefined;
  /** 1 = normal. */
  speed?: number | undefined;
  /** BCP 47 tag, e.g. `en-US`. */
  language?: string | undefined;
  abortSignal?: AbortSignal | undefined;
}

/** Synthesised speech: audio bytes and what they are. */
export interface SpeechResult {
  audio: Uint8Array;
  /** `audio/wav`, or `audio/pcm` (raw 16-bit little-endian, mono) with `sampleRate`. */
  mimeType: 'audio/wav' | 'audio/pcm';
  sampleRate?: number | undefined;
  usage: AudioUsage;
  /** Settings the provider does not support (ignored, not fatal). */
  warnings: string[];
  /** False when the provider has no speaking rate: the caller changes the tempo itself. */
  speedApplied: boolean;
}

export interface TranscriptionCallOptions {
  /** A WAV file's bytes. */
  audio: Uint8Array;
  /** Its duration, when the caller knows it (usage of providers that report none). */
  seconds?: number | undefined;
  /** BCP 47 tag of the speech, e.g. `en-US`. */
  language?: string | undefined;
  abortSignal?: AbortSignal | undefined;
}

export interface TranscriptionResult {
  text: string;
  usage: AudioUsage;
  warnings: string[];
}

export interface SpeechModel {
  readonly provider: string;
  readonly modelId: string;
  generate(options: SpeechCallOptions): Promise<SpeechResult>;
}

export interface TranscriptionModel {
  readonly provider: string;
  readonly modelId: string;
  transcribe(options: TranscriptionCallOptions): Promise<TranscriptionResult>;
}
