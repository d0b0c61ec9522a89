/**
 * A test recording: a sine tone as a 16 kHz, mono, 16-bit WAV file, made by sox (from Debian;
 * the voice tests install it, see test/voice/voice-tools.ts). A second of it takes sox a few
 * milliseconds, so it is made synchronously, where a test builds its fixtures.
 */
import { execFileSync } from 'node:child_process';

export function writeTone(file: string, { seconds, hertz = 440 }: { seconds: number; hertz?: number }): string {
  execFileSync('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', file, 'synth', String(seconds), 'sine', String(hertz)]);
  return file;
}
