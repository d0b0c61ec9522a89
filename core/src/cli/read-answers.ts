import { createInterface } from 'node:readline';
import type { CliIo } from './io.js';

/**
 * Asks questions one line at a time on stderr and reads the answers from stdin (a
 * terminal or a pipe). At the end of the input every further question is answered
 * with `undefined`, so a command run without a person never decides by itself.
 */
export function createAsker(io: CliIo): { ask(question: string): Promise<string | undefined>; close(): void } {
  const input = io.stdin ?? process.stdin;
  const rl = createInterface({ input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  let ended = false;
  return {
    async ask(question) {
      io.stderr(question);
      if (ended) return undefined;
      const next = await lines.next();
      if (next.done) {
        ended = true;
        io.stderr('\n');
        return undefined;
      }
      return String(next.value).trim();
    },
    close: () => rl.close(),
  };
}
