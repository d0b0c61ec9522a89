import { processIo } from './io.js';
import { runCli } from './program.js';
import { printable } from '../util/printable.js';
import { createSecretMasker, secretsFromEnv } from '../util/secret-masker.js';

// A reader that stops early (`casewright schema | head`) closes the pipe; that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// A promise nobody awaited must not kill a run before it writes its reports: say so, and go on.
process.on('unhandledRejection', (reason) => {
  const message = reason instanceof Error ? reason.message : String(reason);
  process.stderr.write(
    `casewright: internal error (an unhandled rejection, ignored): ${printable(createSecretMasker(secretsFromEnv(process.env)).mask(message), { singleLine: true }).slice(0, 300)}\n`,
  );
});

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  // First Ctrl-C: let long commands stop cleanly and write what they have; second: exit at once.
  if (interrupted) process.exit(130);
  interrupted = true;
  controller.abort(new Error('interrupted (Ctrl-C)'));
});

const code = await runCli(process.argv.slice(2), processIo(), controller.signal);
process.exitCode = code;
