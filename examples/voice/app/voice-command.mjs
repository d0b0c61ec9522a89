// The example voice app as a command (the voice target's command mode):
//   node voice-command.mjs <input.wav> <output.wav>
// reads the caller's turn, writes the spoken answer, and prints the answer's text.
// The conversation is kept per CASEWRIGHT_SESSION in a file under the temp dir.
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { listen, reply, speak } from './voice.mjs';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: voice-command.mjs <input.wav> <output.wav>');
  process.exit(2);
}
const state = join(tmpdir(), `acme-voice-session-${(process.env.CASEWRIGHT_SESSION ?? 'default').replace(/[^\w.-]/g, '_')}.json`);
const history = existsSync(state) ? JSON.parse(readFileSync(state, 'utf8')) : [];
const heard = listen(input);
if (heard) history.push({ role: 'user', content: heard });
const text = reply(heard ? history : []);
history.push({ role: 'assistant', content: text });
writeFileSync(state, JSON.stringify(history.slice(-20)));
await pipeline(speak(text), createWriteStream(output));
console.log(text);
