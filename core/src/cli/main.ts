import { processIo } from './io.js';
import { runCli } from './program.js';

// A reader that stops early (`casewright schema | head`) closes the pipe; that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

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
