// The example voice app's ear and mouth: pocketsphinx with the phrase grammar
// hears the caller, the example rules answer, espeak-ng speaks the answer.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answer } from '../../app/rules.mjs';
import { grammar, phraseOf } from './phrases.mjs';

const dir = mkdtempSync(join(tmpdir(), 'acme-voice-'));
const grammarFile = join(dir, 'acme.gram');
writeFileSync(grammarFile, grammar());
export const SORRY = "Sorry, I didn't catch that. Could you say it again?";

function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.error?.message}`);
  return result.stdout;
}

/** What the caller said in a WAV file (any rate: converted to the 16 kHz pocketsphinx needs). */
export function listen(wavFile) {
  const pcm = `${wavFile}.16k.wav`;
  run('sox', [wavFile, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', pcm]);
  // No voice-activity cut and wide beams: phone-band audio (no energy above 3.4 kHz) otherwise finds no path through the grammar.
  const options = ['-remove_silence', 'no', '-beam', '1e-120', '-pbeam', '1e-120', '-wbeam', '1e-100', '-logfn', '/dev/null'];
  const words = run('pocketsphinx_continuous', ['-infile', pcm, '-jsgf', grammarFile, ...options])
    .split('\n')
    .join(' ');
  return phraseOf(words);
}

/** The app's answer to the conversation so far (the caller's turn already appended). */
export function reply(history) {
  const said = history.at(-1)?.content;
  return said ? answer(history) : SORRY;
}

/** espeak-ng speaking `text`: a child process whose stdout is a WAV stream, written as it is synthesised. */
export function speak(text) {
  const child = spawn('espeak-ng', ['-v', 'en-us', '--stdout', '--stdin'], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(text);
  return child.stdout;
}
