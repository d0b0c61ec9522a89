// The command target with real child processes (node -e): JSON on stdin, the answer on stdout.
import { describe, expect, it } from 'vitest';
import { createCommandTarget } from './command-target.js';
import { startApp } from './app-process.js';

const request = (signal = new AbortController().signal) => ({
  messages: [{ role: 'user' as const, content: 'hello' }],
  vars: { lang: 'en' },
  case: { id: 'c1', title: 'Greets' },
  turn: 1,
  signal,
});

const node = (code: string, timeoutMs?: number) =>
  createCommandTarget({
    name: 'bot',
    config: { type: 'command', command: process.execPath, args: ['-e', code], ...(timeoutMs ? { timeoutMs } : {}) },
    baseDir: '.',
    env: {},
  });

const ECHO =
  "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const r=JSON.parse(s);process.stdout.write('  '+r.case.id+' '+r.turn+' '+r.vars.lang+' '+r.messages[0].content+'\\n')})";

describe('command target', () => {
  it('passes the case as JSON on stdin and returns stdout, trimmed', async () => {
    expect((await node(ECHO).call(request())).output).toBe('c1 1 en hello');
  });

  it('runs a command line through the shell when no args are given', async () => {
    const target = createCommandTarget({ name: 'sh', config: { type: 'command', command: 'echo shell answer' }, baseDir: '.', env: {} });
    expect((await target.call(request())).output).toBe('shell answer');
  });

  it('reports a non-zero exit with the end of stderr', async () => {
    await expect(node("console.error('model file missing'); process.exit(3)").call(request())).rejects.toThrow(
      /^target 'bot': .* exited with code 3: model file missing$/,
    );
  });

  it('kills a program that does not answer in time', async () => {
    await expect(node('setTimeout(() => {}, 10000)', 150).call(request())).rejects.toThrow(/: no answer within 150 ms$/);
  });

  it('kills the program on abort', async () => {
    const controller = new AbortController();
    const pending = node('setTimeout(() => {}, 10000)').call(request(controller.signal));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow(/: interrupted$/);
  });
});

describe('startApp (start: in an http target)', () => {
  it('starts the app with PORT, waits for readyUrl, and stops it', async () => {
    const server = "require('http').createServer((q,s)=>s.end('ok')).listen(process.env.PORT,'127.0.0.1')";
    const app = await startApp(
      { command: `"${process.execPath}" -e "${server}"`, readyUrl: 'http://127.0.0.1:${PORT}/health' },
      '.',
      process.env,
      new AbortController().signal,
    );
    expect(await (await fetch(`http://127.0.0.1:${app.port}/`)).text()).toBe('ok');
    await app.stop();
    await expect(fetch(`http://127.0.0.1:${app.port}/`)).rejects.toThrow();
  });

  it('reports an app that exits before it is ready, with its output', async () => {
    await expect(
      startApp(
        { command: `"${process.execPath}" -e "console.error('EADDRINUSE'); process.exit(1)"`, readyUrl: 'http://127.0.0.1:${PORT}/' },
        '.',
        process.env,
        new AbortController().signal,
      ),
    ).rejects.toThrow(/exited with code 1 before it was ready; its last output: EADDRINUSE/);
  });
});
