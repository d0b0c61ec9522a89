import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo, SecretInput } from './io.js';
import { readSecret } from './read-secret.js';

function io(stdin: SecretInput): CliIo & { err: string } {
  const out = { err: '' };
  return Object.assign(out, { stdout: () => undefined, stderr: (t: string) => (out.err += t), cwd: '/', env: {}, isTty: false, stdin });
}

describe('readSecret', () => {
  it('reads the first line of piped stdin', async () => {
    const stdin = new PassThrough();
    stdin.end('sk-piped-key-1234\nignored second line\n');
    expect(await readSecret(io(stdin), 'key: ')).toBe('sk-piped-key-1234');
  });

  it('prompts on a terminal in raw mode without echoing, honours backspace, and restores the mode', async () => {
    const modes: boolean[] = [];
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (m: boolean) => modes.push(m) });
    const cli = io(stdin);
    const pending = readSecret(cli, 'API key for openai: ');
    stdin.write('sk-typed-kez');
    stdin.write('\u007fy\r');
    expect(await pending).toBe('sk-typed-key');
    expect(modes).toEqual([true, false]);
    expect(cli.err).toBe('API key for openai: \n');
  });

  it('refuses an empty answer and a Ctrl-C', async () => {
    const empty = new PassThrough();
    empty.end('\n');
    await expect(readSecret(io(empty), 'key: ')).rejects.toThrow(/no key given/);
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
    const pending = readSecret(io(stdin), 'key: ');
    stdin.write('sk-\u0003');
    await expect(pending).rejects.toThrow('cancelled');
  });
});
