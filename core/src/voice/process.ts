// Runs the Debian tools of the offline voice pipeline (espeak-ng, sox,
// pocketsphinx) without a shell: arguments are passed as a list, so no text
// from a case is ever interpreted by a shell. A missing tool says how to install it.
import { spawn } from 'node:child_process';
import { VoiceError, type VoiceErrorCode } from '../errors/voice-error.js';

/** The Debian packages each tool comes from (docs/voice.md#installing-the-tools). */
export const VOICE_TOOLS = {
  'espeak-ng': 'espeak-ng',
  sox: 'sox',
  pocketsphinx_continuous: 'pocketsphinx pocketsphinx-en-us',
} as const;
export type VoiceTool = keyof typeof VOICE_TOOLS;

export interface ToolRun {
  stdout: Buffer;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

export interface ToolOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** The error code of a failure (default VOICE_AUDIO). */
  code?: VoiceErrorCode | undefined;
  /** Written to the tool's stdin. */
  input?: string | Buffer | undefined;
}

const MAX_STDOUT = 64 * 1024 * 1024;

/** The error for a tool that is not on PATH: what to install. */
export function missingTool(tool: VoiceTool): VoiceError {
  return new VoiceError(
    'VOICE_TOOL_MISSING',
    `${tool} is not installed; install it with: apt-get install -y ${VOICE_TOOLS[tool]} (see docs/voice.md)`,
  );
}

/** Runs `tool args…`; resolves with its output, or rejects with a `VoiceError` that names the step and the end of stderr. */
export function runTool(tool: VoiceTool, args: readonly string[], options: ToolOptions = {}): Promise<ToolRun> {
  const code = options.code ?? 'VOICE_AUDIO';
  const started = performance.now();
  return new Promise<ToolRun>((resolve, reject) => {
    const child = spawn(tool, args, { stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failure: string | undefined;
    let missing = false;
    const kill = (why: string) => {
      failure ??= why;
      child.kill('SIGKILL');
    };
    const timer = options.timeoutMs ? setTimeout(() => kill(`no result within ${options.timeoutMs} ms`), options.timeoutMs) : undefined;
    const onAbort = () => kill('interrupted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    child.stdout!.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_STDOUT) kill(`more than ${MAX_STDOUT} bytes of output`);
      else chunks.push(chunk);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.stdin?.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => {
      missing = error.code === 'ENOENT';
      failure ??= error.message;
    });
    child.on('close', (exit, signal) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const ms = performance.now() - started;
      if (missing) return reject(missingTool(tool));
      if (failure) return reject(new VoiceError(code, `${tool}: ${failure}`));
      if (exit !== 0) {
        const tail = stderr.trim().split('\n').slice(-3).join(' | ');
        return reject(
          new VoiceError(code, `${tool} exited with ${signal ? `signal ${signal}` : `code ${exit}`}${tail ? `: ${tail}` : ''}`),
        );
      }
      resolve({ stdout: Buffer.concat(chunks), stderr, ms });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
