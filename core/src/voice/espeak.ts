// Offline speech: Debian's espeak-ng speaks the user's turn into a WAV file
// (22.05 kHz, 16-bit mono). The text goes in on stdin, never as an argument.
import { VoiceError } from '../errors/voice-error.js';
import { runTool, type ToolOptions } from './process.js';

/** espeak-ng's default rate in words per minute; `speed: 1` in the voice settings. */
const BASE_WPM = 175;

/** The espeak-ng voice for a language tag: `en-US` → `en-us`, `de-DE` → `de` (when espeak-ng has no `de-de`). */
export function espeakVoices(language: string, voice: string | undefined): string[] {
  if (voice) return [voice];
  const tag = language.toLowerCase();
  const primary = tag.split('-')[0]!;
  return tag === primary ? [tag] : [tag, primary];
}

/** Speaks `text` into `output` (WAV). Returns the milliseconds espeak-ng ran. */
export async function espeak(
  text: string,
  output: string,
  settings: { language: string; voice: string | undefined; speed: number },
  options: ToolOptions = {},
): Promise<number> {
  const wpm = String(Math.round(Math.min(450, Math.max(80, BASE_WPM * settings.speed))));
  const voices = espeakVoices(settings.language, settings.voice);
  for (const voice of voices) {
    try {
      return (
        await runTool('espeak-ng', ['-v', voice, '-s', wpm, '-w', output, '--stdin'], { ...options, code: 'VOICE_SPEECH', input: text })
      ).ms;
    } catch (error) {
      // An unknown regional voice falls back to the language's own voice; anything else is a failure.
      if (!/voice does not exist/i.test((error as Error).message)) throw error;
    }
  }
  throw new VoiceError('VOICE_SPEECH', `espeak-ng has no voice '${voices.join("' or '")}' (list them with: espeak-ng --voices)`);
}
