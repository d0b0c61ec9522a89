import { UsageError } from '../errors/usage-error.js';
import type { CliIo, SecretInput } from './io.js';

/**
 * Reads a secret without it ever being an argument (argv is visible to every user of
 * the machine through `ps`): from a hidden prompt on a terminal, else the first line of stdin.
 */
export async function readSecret(io: CliIo, prompt: string): Promise<string> {
  const input: SecretInput = io.stdin ?? process.stdin;
  const secret = input.isTTY && input.setRawMode ? await hiddenPrompt(io, input, prompt) : await firstLine(input);
  if (!secret.trim())
    throw new UsageError('no key given (type it at the prompt, or pipe it: `printf %s "$KEY" | casewright keys set <provider>`)');
  return secret.trim();
}

async function firstLine(input: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

function hiddenPrompt(io: CliIo, input: SecretInput, prompt: string): Promise<string> {
  io.stderr(prompt);
  return new Promise((resolve, reject) => {
    let secret = '';
    const done = (error?: Error) => {
      input.setRawMode?.(false);
      input.removeListener('data', onData);
      input.pause();
      io.stderr('\n');
      if (error) reject(error);
      else resolve(secret);
    };
    const onData = (data: Buffer | string) => {
      for (const ch of data.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') secret = secret.slice(0, -1);
        else secret += ch;
      }
    };
    input.setRawMode?.(true);
    input.resume();
    input.on('data', onData);
  });
}
