// command target: a local program reads the request as JSON on stdin and writes the answer to stdout.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { TargetError } from '../../errors/target-error.js';
import type { CommandTargetConfig } from '../../config/target-config.js';
import type { Target, TargetReply, TargetRequest } from './target.js';
import { createSecretMasker, type SecretMasker } from '../../util/secret-masker.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 5 * 1024 * 1024;

export interface CommandTargetOptions {
  name: string;
  config: CommandTargetConfig;
  baseDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Masks secrets in every message (a crashing program may print its environment). */
  secrets?: SecretMasker | undefined;
}

/**
 * Creates a command target. The program gets `{case, turn, messages, vars}` as
 * JSON on stdin; its stdout (trimmed) is the answer. A non-zero exit, a timeout
 * or an abort (Ctrl-C) kills it and becomes a `TargetError`.
 */
export function createCommandTarget(options: CommandTargetOptions): Target {
  const { config, name } = options;
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cwd = path.resolve(options.baseDir, config.cwd ?? '.');
  const shown = [config.command, ...(config.args ?? [])].join(' ');
  const masker = options.secrets ?? createSecretMasker();
  // Values the target file puts into the program's environment may be credentials.
  masker.add(...Object.values(config.env ?? {}));
  const clean = (text: string) => masker.mask(text);
  return {
    name,
    type: 'command',
    call(request: TargetRequest): Promise<TargetReply> {
      const input = JSON.stringify({ case: request.case, turn: request.turn, messages: request.messages, vars: request.vars });
      const started = performance.now();
      return new Promise<TargetReply>((resolve, reject) => {
        const child = spawn(config.command, config.args ?? [], {
          cwd,
          shell: config.args === undefined,
          env: { ...process.env, ...options.env, ...config.env } as NodeJS.ProcessEnv,
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        let bytes = 0;
        let failure: string | undefined;
        const kill = (why: string) => {
          failure ??= why;
          child.kill('SIGKILL');
        };
        const timer = setTimeout(() => kill(`no answer within ${timeout} ms`), timeout);
        const onAbort = () => kill('interrupted');
        request.signal.addEventListener('abort', onAbort, { once: true });
        if (request.signal.aborted) onAbort();
        child.stdout.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > MAX_OUTPUT_BYTES) kill(`more than ${MAX_OUTPUT_BYTES} bytes of output`);
          else stdout += chunk.toString();
        });
        child.stderr.on('data', (chunk: Buffer) => {
          stderr = (stderr + chunk.toString()).slice(-1000);
        });
        child.stdin.on('error', () => {
          // The program may exit without reading stdin; its exit code tells what happened.
        });
        child.on('error', (error) => {
          failure ??= error.message;
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          request.signal.removeEventListener('abort', onAbort);
          const latencyMs = performance.now() - started;
          if (failure) return reject(new TargetError(clean(`target '${name}': ${shown}: ${failure}`), { code: 'TARGET_COMMAND' }));
          if (code !== 0) {
            const tail = stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' | ')}` : '';
            return reject(
              new TargetError(clean(`target '${name}': ${shown} exited with ${signal ? `signal ${signal}` : `code ${code}`}${tail}`), {
                code: 'TARGET_COMMAND',
              }),
            );
          }
          resolve({ output: stdout.trim(), latencyMs });
        });
        child.stdin.end(input);
      });
    },
  };
}
