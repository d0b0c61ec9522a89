// Offline transcription: Debian's pocketsphinx (0.8, `pocketsphinx_continuous`)
// with its US English model (`pocketsphinx-en-us`). It needs 16 kHz 16-bit mono
// audio. Its accuracy on synthetic speech is low (docs/voice.md#limits): it
// proves the pipeline works, it is not a verdict on the app's speech.
import { runTool, type ToolOptions } from './process.js';

/** The audio format pocketsphinx's acoustic model was trained on. */
export const POCKETSPHINX_FORMAT = { sampleRate: 16000, encoding: 'pcm16' } as const;

/** Transcribes a 16 kHz 16-bit mono WAV file; continuous mode prints one line per stretch of speech. */
export async function pocketsphinx(file: string, options: ToolOptions = {}): Promise<{ text: string; ms: number }> {
  const run = await runTool('pocketsphinx_continuous', ['-infile', file, '-logfn', '/dev/null'], {
    ...options,
    code: 'VOICE_TRANSCRIPTION',
  });
  const text = run.stdout
    .toString('utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
  return { text, ms: run.ms };
}
