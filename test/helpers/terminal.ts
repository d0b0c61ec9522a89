// A real terminal for interactive CLI tests: tmux runs the command in a pseudo-terminal, the
// test types keys into it (send-keys) and reads the screen (capture-pane), as a person would.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export interface Terminal {
  /** Runs `command` in a new session (160×50) in `cwd` with these environment variables. */
  start(command: string, cwd: string, env?: Record<string, string>): void;
  screen(): string;
  keys(...keys: string[]): void;
  type(text: string): void;
  /** Waits until the screen shows `text` (no fixed sleeps: the machine may be busy). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Waits until the screen shows `text` at least `n` times (a repeated prompt). */
  waitForNth(text: string, n: number): Promise<void>;
  close(): void;
}

export function createTerminal(scratch: string, session: string): Terminal {
  const socket = path.join(scratch, 'tmux.sock');
  const tmux = (...args: string[]) => {
    const result = spawnSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-200', '-t', session);
  const count = (text: string) => screen().split(text).length - 1;
  return {
    start(command, cwd, env = {}) {
      const vars = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
      tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '50', '-c', cwd, ...vars, command);
    },
    screen,
    keys: (...k) => void tmux('send-keys', '-t', session, ...k),
    type: (text) => void tmux('send-keys', '-t', session, '-l', text),
    async waitFor(text, timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const now = screen();
        if (typeof text === 'string' ? now.includes(text) : text.test(now)) return now;
        if (Date.now() > until) throw new Error(`the terminal never showed ${String(text)}; it shows:\n${now}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async waitForNth(text, n) {
      const until = Date.now() + 60_000;
      while (count(text) < n) {
        if (Date.now() > until) throw new Error(`expected ${n}× ${text}; the terminal shows:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () => void spawnSync('tmux', ['-S', socket, 'kill-server']),
  };
}
