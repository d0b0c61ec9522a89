import { CasewrightError } from './casewright-error.js';

/** Codes of the voice pipeline's failures, as they appear on an `errored` case. */
export type VoiceErrorCode = 'VOICE_TOOL_MISSING' | 'VOICE_SPEECH' | 'VOICE_AUDIO' | 'VOICE_TRANSCRIPTION' | 'VOICE_INPUT';

/**
 * A step of a voice turn failed: a Debian tool is missing, speech or transcription
 * failed, sox could not read or change the audio, or a recording is missing. The case
 * becomes `errored` with the code; the message says which step and what to do.
 */
export class VoiceError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.VoiceError');
  constructor(code: VoiceErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'VoiceError';
  }
}
