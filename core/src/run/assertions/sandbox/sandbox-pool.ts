/**
 * Runs user-supplied assertion code in separate Node processes, never in the
 * runner. A small pool of workers is reused across assertions (a fresh `vm`
 * context per evaluation, frozen intrinsics and no code generation from strings
 * in the worker's own realm, so one evaluation cannot leave anything behind for
 * the next); a worker that hangs, crashes, runs out of memory or is aborted is
 * killed and replaced. Whatever the code does, `evaluate` resolves with data.
 *
 * Limits: Node 20's permission model (`--experimental-permission`, `--permission`
 * from Node 22) forbids child processes, worker threads, native addons and every
 * file read and write; it cannot forbid the network, so the worker also drops
 * `fetch` and friends and gives the code no way to reach a module loader.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { WORKER_SOURCE } from './worker-source.js';

export interface SandboxRequest {
  /** A JavaScript program whose completion value is the result (an expression wrapped by the caller). */
  source: string;
  /** CPU time the code may run inside the worker. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export type SandboxResult =
  | { status: 'value'; value: boolean | number }
  /** A string result (the first 1000 characters). */
  | { status: 'text'; text: string }
  | { status: 'other'; shown: string }
  | { status: 'compile'; message: string }
  | { status: 'threw'; message: string }
  | { status: 'timeout' }
  /** The worker was killed: it overran the wall clock, its memory cap, or crashed. */
  | { status: 'killed'; message: string }
  | { status: 'aborted' };

export interface SandboxOptions {
  /** Worker processes at most (default: the number of CPUs, 1–4). */
  size?: number | undefined;
  /** Memory cap per worker in MB (default 128): V8's heap limit plus an RSS watchdog on Linux. */
  memoryMb?: number | undefined;
  /** Extra wall-clock time over `timeoutMs` before a worker is killed (default 2000 ms). */
  graceMs?: number | undefined;
}

export interface AssertionSandbox {
  evaluate(request: SandboxRequest): Promise<SandboxResult>;
  /** Kills every worker. The sandbox starts new ones if used again. */
  close(): Promise<void>;
}

function permissionFlag(): string {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 22 ? '--permission' : '--experimental-permission';
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  busy: boolean;
  dead: boolean;
  stderr: string;
  onReply?: ((reply: unknown) => void) | undefined;
  onExit?: ((why: string) => void) | undefined;
}

async function rssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status);
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Creates a pool of sandbox workers (started on first use; idle workers never keep the process alive). */
export function createAssertionSandbox(options: SandboxOptions = {}): AssertionSandbox {
  const size = Math.max(1, options.size ?? Math.min(4, availableParallelism()));
  const memoryMb = options.memoryMb ?? 128;
  const graceMs = options.graceMs ?? 2000;
  const workers: Worker[] = [];
  const waiting: Array<(worker: Worker) => void> = [];
  let nextId = 1;

  function start(): Worker {
    const child = spawn(
      process.execPath,
      [
        permissionFlag(),
        '--disallow-code-generation-from-strings',
        '--frozen-intrinsics',
        `--max-old-space-size=${memoryMb}`,
        '--no-warnings',
        '--input-type=module',
        '-e',
        WORKER_SOURCE,
      ],
      // No environment: nothing the runner knows (keys, tokens) is in the worker's reach.
      { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {} },
    );
    const worker: Worker = { child, busy: false, dead: false, stderr: '', ready: Promise.resolve() };
    worker.ready = new Promise<void>((resolve, reject) => {
      child.once('message', (m: { status?: string }) =>
        m?.status === 'ready' ? resolve() : reject(new Error('the sandbox did not start')),
      );
      child.once('exit', () =>
        reject(new Error(`the sandbox worker did not start${worker.stderr ? `: ${worker.stderr.trim().slice(-300)}` : ''}`)),
      );
    });
    worker.ready.catch(() => undefined);
    child.stderr?.on('data', (chunk: Buffer) => {
      worker.stderr = (worker.stderr + chunk.toString()).slice(-2000);
    });
    child.on('message', (m: unknown) => worker.onReply?.(m));
    child.on('exit', (code, signal) => {
      worker.dead = true;
      const index = workers.indexOf(worker);
      if (index >= 0) workers.splice(index, 1);
      const oom = /heap out of memory|Allocation failed/i.test(worker.stderr);
      worker.onExit?.(oom ? `ran out of memory (cap ${memoryMb} MB)` : `the sandbox worker exited (${signal ?? `code ${code}`})`);
      // Someone may be waiting for a free worker: a new one can start now.
      const next = waiting.shift();
      if (next) next(claim());
    });
    child.on('error', () => undefined);
    idle(worker);
    workers.push(worker);
    return worker;
  }

  // An idle worker must not keep the runner's process alive; a busy one must.
  type Handle = { ref?: () => void; unref?: () => void } | null | undefined;
  const handles = (worker: Worker): Handle[] => [worker.child, worker.child.channel as Handle, worker.child.stderr as Handle];
  function idle(worker: Worker) {
    for (const h of handles(worker)) h?.unref?.();
  }
  function busy(worker: Worker) {
    for (const h of handles(worker)) h?.ref?.();
  }

  function claim(): Worker {
    const free = workers.find((w) => !w.busy && !w.dead);
    const worker = free ?? start();
    worker.busy = true;
    busy(worker);
    return worker;
  }

  function acquire(): Promise<Worker> {
    const free = workers.find((w) => !w.busy && !w.dead);
    if (free || workers.length < size) return Promise.resolve(claim());
    return new Promise((resolve) => waiting.push(resolve));
  }

  function release(worker: Worker) {
    worker.busy = false;
    worker.onReply = undefined;
    worker.onExit = undefined;
    if (worker.dead) return;
    const next = waiting.shift();
    if (next) {
      worker.busy = true;
      next(worker);
    } else idle(worker);
  }

  const kill = (worker: Worker) => {
    worker.dead = true;
    worker.child.kill('SIGKILL');
  };

  async function evaluate(request: SandboxRequest): Promise<SandboxResult> {
    if (request.signal?.aborted) return { status: 'aborted' };
    const worker = await acquire();
    try {
      await worker.ready;
    } catch (error) {
      kill(worker);
      release(worker);
      return { status: 'killed', message: (error as Error).message };
    }
    const id = nextId++;
    return new Promise<SandboxResult>((resolve) => {
      let settled = false;
      let watchdog: NodeJS.Timeout | undefined;
      const finish = (result: SandboxResult, killWorker = false) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        if (watchdog) clearInterval(watchdog);
        request.signal?.removeEventListener('abort', onAbort);
        if (killWorker) kill(worker);
        release(worker);
        resolve(result);
      };
      const deadline = setTimeout(
        () => finish({ status: 'killed', message: `did not finish within ${request.timeoutMs} ms (stopped)` }, true),
        request.timeoutMs + graceMs,
      );
      const onAbort = () => finish({ status: 'aborted' }, true);
      request.signal?.addEventListener('abort', onAbort, { once: true });
      if (process.platform === 'linux' && worker.child.pid !== undefined) {
        const pid = worker.child.pid;
        // Buffers and typed arrays live outside V8's heap limit: watch the whole process.
        watchdog = setInterval(() => {
          void rssMb(pid).then((mb) => {
            if (mb !== undefined && mb > memoryMb * 2 + 64)
              finish({ status: 'killed', message: `ran out of memory (cap ${memoryMb} MB)` }, true);
          });
        }, 50);
      }
      worker.onExit = (why) => finish({ status: 'killed', message: why });
      worker.onReply = (reply) => {
        const r = reply as { id?: unknown; status?: unknown; value?: unknown; shown?: unknown; text?: unknown; message?: unknown };
        if (r?.id !== id) return;
        const text = (v: unknown) => (typeof v === 'string' ? v : String(v));
        switch (r.status) {
          case 'value':
            return finish(
              typeof r.value === 'boolean' || typeof r.value === 'number'
                ? { status: 'value', value: r.value }
                : { status: 'other', shown: 'an unexpected value' },
            );
          case 'text':
            return finish({ status: 'text', text: text(r.text) });
          case 'other':
            return finish({ status: 'other', shown: text(r.shown) });
          case 'compile':
          case 'threw':
            return finish({ status: r.status, message: text(r.message) });
          case 'timeout':
            return finish({ status: 'timeout' });
          default:
            return finish({ status: 'killed', message: 'the sandbox answered something unexpected' }, true);
        }
      };
      worker.child.send({ id, source: request.source, timeoutMs: request.timeoutMs }, (error) => {
        if (error) finish({ status: 'killed', message: `the sandbox worker is gone: ${error.message}` }, true);
      });
    });
  }

  return {
    evaluate,
    async close() {
      const all = [...workers];
      await Promise.all(
        all.map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
              w.child.once('exit', () => resolve());
              kill(w);
            }),
        ),
      );
    },
  };
}

let shared: AssertionSandbox | undefined;

/** The process-wide sandbox the `javascript` assertion uses (workers start on first use). */
export function sharedAssertionSandbox(): AssertionSandbox {
  return (shared ??= createAssertionSandbox());
}
