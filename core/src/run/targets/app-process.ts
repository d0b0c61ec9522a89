// Starts the app under test for a run (`start:` in an http target) and stops it
// afterwards, so a user needs no second terminal. The app gets a free port in
// PORT; `${PORT}` in the target's url and readyUrl is replaced with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { TargetError } from '../../errors/target-error.js';
import type { StartSpec } from '../../config/target-config.js';

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RunningApp {
  port: number;
  stop(): Promise<void>;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // The app runs in its own process group (detached), so the shell and its children stop together.
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts `spec.command` in `cwd` with `PORT` set, polls `spec.readyUrl` until it answers 2xx, and returns a handle to stop it.
 * Throws `TargetError` (with the app's last output) when it exits early or is not ready in time.
 */
export async function startApp(
  spec: StartSpec,
  cwd: string,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
  /** Masks secrets in what the app printed (it may print its own keys) and in messages. */
  clean: (text: string) => string = (t) => t,
): Promise<RunningApp> {
  const port = await freePort();
  const child = spawn(spec.command, {
    cwd,
    shell: true,
    detached: process.platform !== 'win32',
    env: { ...env, ...spec.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);
  let exited: string | undefined;
  child.once('exit', (code, sig) => {
    exited = sig ? `signal ${sig}` : `code ${code}`;
  });
  child.once('error', (error) => {
    exited = error.message;
  });

  const stop = async () => {
    process.removeListener('exit', onExit);
    if (exited !== undefined) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  };

  const readyUrl = spec.readyUrl.replaceAll('${PORT}', String(port));
  const deadline = Date.now() + (spec.readyTimeoutMs ?? 15_000);
  for (;;) {
    if (signal.aborted) {
      await stop();
      throw new TargetError('interrupted while starting the app under test');
    }
    if (exited !== undefined) {
      throw new TargetError(
        clean(
          `the app under test (${spec.command}) exited with ${exited} before it was ready${log ? `; its last output: ${log.trim().slice(-500)}` : ''}`,
        ),
        { code: 'TARGET_START' },
      );
    }
    try {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.ok) return { port, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new TargetError(
        clean(`the app under test (${spec.command}) did not answer ${readyUrl} within ${spec.readyTimeoutMs ?? 15_000} ms`),
        {
          code: 'TARGET_START',
        },
      );
    }
    await sleep(100);
  }
}
