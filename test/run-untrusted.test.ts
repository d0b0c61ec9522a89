/**
 * `casewright run` against hostile input, as a user runs it (the CLI in a child
 * process, real files, local servers on 127.0.0.1): hostile javascript assertions
 * never take the run down and the reports are still written; a canary key never
 * reaches any report, `last-run.json`, stdout or stderr on any error path of any
 * target type; outputs are checked before anything runs; `--repeat` is bounded;
 * titles cannot drive the terminal or break a pull-request comment.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIServer, type LocalServer } from './servers/openai-server.js';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const CANARY = 'sk-canary-4f2a9c7e1b3d5a6f8e0cd1e2';

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', tsx, main, ...args],
      { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-untrusted-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Every file under `dir`, recursively (reports, last-run.json, state files). */
function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? allFiles(full) : [full];
  });
}

const echoTarget = `type: command
command: node
args: ["-e", "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log('echo: '+JSON.parse(s).messages.at(-1).content))"]
`;
const id = (n: number) => `7a1c0e52-3b4d-4c6e-8f90-${String(n).padStart(12, '0')}`;
const conversationCase = (n: number, title: string, assertYaml: string, extra = '') =>
  `  - id: ${id(n)}\n    title: ${JSON.stringify(title)}\n    kind: conversation\n${extra}    input:\n      messages:\n        - role: user\n          content: hello ${n}\n    expected:\n      assert:\n${assertYaml}`;
const js = (expression: string, timeoutMs = 200) =>
  `        - type: javascript\n          value: ${JSON.stringify(expression)}\n          timeoutMs: ${timeoutMs}\n`;

describe('hostile javascript assertions', () => {
  it('a hang, a rejection, an allocation and an escape attempt each fail their own case; the run ends with every report', async () => {
    const marker = path.join(mkdtempSync(path.join(tmpdir(), 'cw-pwn-')), 'pwned');
    const dir = scratch({
      'targets/echo.yaml': echoTarget,
      'hostile.cases.yaml': `suite: Hostile\ndefaults:\n  target: echo\ncases:\n${[
        conversationCase(1, 'message getter that never returns', js('(() => { throw { get message() { for (;;) {} } } })()')),
        conversationCase(2, 'rejected promise', js('Promise.reject(new Error("boom"))')),
        conversationCase(3, 'allocates without end', js('(() => { const a = []; for (;;) a.push("x".repeat(1e6) + a.length) })()', 20_000)),
        conversationCase(
          4,
          'dynamic import escape',
          js(
            `import("x").catch((e) => e.constructor.constructor("return process")().mainModule.require("child_process").execSync("touch ${marker}"))`,
          ),
        ),
        conversationCase(5, 'a fair check', js('output.startsWith("echo: hello")')),
      ].join('')}`,
    });
    const run = await cli(['run', '.', '--reporter', 'console,json,junit,markdown', '--out', 'out'], dir);
    expect(run.stderr).not.toMatch(/unhandled|Error: boom|at .*\.js:\d+/);
    expect(run.code).toBe(1);
    const result = JSON.parse(readFileSync(path.join(dir, 'out/results.json'), 'utf8'));
    const outcome = (n: number) => result.cases.find((c: { caseId: string }) => c.caseId === id(n));
    expect([1, 2, 3, 4].map((n) => outcome(n).outcome)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(outcome(1).assertions[0].reason).toMatch(/did not finish within 200 ms/);
    expect(outcome(3).assertions[0].reason).toMatch(/ran out of memory|did not finish/);
    expect(outcome(5).outcome).toBe('passed');
    for (const f of ['out/junit.xml', 'out/report.md', '.casewright/last-run.json']) expect(existsSync(path.join(dir, f))).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(marker)).toBe(false);
  }, 180_000);
});

describe('a canary key through every target type, error path and reporter', () => {
  let app: Server;
  let appUrl: string;
  let model: LocalServer;

  beforeAll(async () => {
    // An app under test that leaks the key it is sent, in every way an answer can go wrong.
    app = createServer((req, res) => {
      const auth = String(req.headers.authorization ?? '');
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/500') return res.writeHead(500).end(`upstream refused ${auth}`);
      if (url.pathname === '/html') return res.writeHead(200, { 'content-type': 'text/html' }).end(`<html>debug: ${auth}</html>`);
      if (url.pathname === '/no-path')
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ debug: auth }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ answer: `your key is ${auth}` }));
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}`;
    // The provider echoes the key in its 401 body, as OpenAI does (docs: guides/error-codes).
    model = await startOpenAIServer({ scenario: 'unauthorized' });
  });
  afterAll(async () => {
    app.close();
    await model.close();
  });

  it('is masked in the console, json, jsonl, junit, markdown and html reports and in last-run.json', async () => {
    const http = (name: string, route: string, responsePath = 'answer') =>
      `  ${name}:\n    type: http\n    url: ${appUrl}${route}\n    headers:\n      Authorization: "Bearer \${APP_API_KEY}"\n    responsePath: ${responsePath}\n`;
    const config = `providers:\n  leaky:\n    type: openai-compatible\n    baseURL: ${model.url}/v1\n    apiKeyEnv: APP_API_KEY\nrouter:\n  maxRetries: 0\ncache:\n  enabled: false\ntargets:\n${[
      http('http-500', '/500'),
      http('http-html', '/html'),
      http('http-no-path', '/no-path'),
      http('http-ok', '/ok'),
      `  http-refused:\n    type: http\n    url: http://127.0.0.1:9/chat?key=\${APP_API_KEY}\n    timeoutMs: 2000\n`,
      `  app-exits:\n    type: http\n    url: http://127.0.0.1:\${PORT}/\n    start:\n      command: node -e "console.log('starting with ' + process.env.APP_API_KEY); process.exit(3)"\n      readyUrl: http://127.0.0.1:\${PORT}/\n`,
      `  command-crash:\n    type: command\n    command: node\n    args: ["-e", "console.error('fatal: key ' + process.env.APP_API_KEY); process.exit(1)"]\n`,
      `  command-leak:\n    type: command\n    command: node\n    args: ["-e", "console.log('the key is ' + process.env.APP_API_KEY)"]\n`,
      `  model-401:\n    type: model\n    model: leaky:gpt-test\n`,
    ].join('')}`;
    const names = [
      'http-500',
      'http-html',
      'http-no-path',
      'http-ok',
      'http-refused',
      'app-exits',
      'command-crash',
      'command-leak',
      'model-401',
    ];
    const cases = names.map((t, i) =>
      conversationCase(i + 1, `via ${t}`, '        - type: contains\n          value: never\n', `    target: ${t}\n`),
    );
    const dir = scratch({ 'casewright.config.yaml': config, 'canary.cases.yaml': `suite: Canary\ncases:\n${cases.join('')}` });
    const run = await cli(['run', '.', '--reporter', 'console,json,jsonl,junit,markdown,html', '--out', 'out'], dir, {
      APP_API_KEY: CANARY,
    });
    expect(run.code).toBe(1);
    const result = JSON.parse(readFileSync(path.join(dir, 'out/results.json'), 'utf8'));
    // Every error path was really taken (an error or an output per case).
    expect(result.cases.map((c: { target: string; outcome: string }) => [c.target, c.outcome])).toEqual(
      names.map((n) => [n, n === 'http-ok' || n === 'command-leak' ? 'failed' : 'errored']),
    );
    expect(JSON.stringify(result)).toContain('***');
    const files = allFiles(dir).filter((f) => !f.endsWith('.yaml'));
    expect(files.map((f) => path.relative(dir, f)).sort()).toEqual(
      expect.arrayContaining([
        '.casewright/last-run.json',
        'out/report.html',
        'out/report.md',
        'out/junit.xml',
        'out/results.json',
        'out/results.jsonl',
      ]),
    );
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(CANARY);
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  }, 180_000);
});

describe('outputs and bounds', () => {
  it('--out that cannot be written stops the run before any case runs, and says where', async () => {
    const counter = path.join(mkdtempSync(path.join(tmpdir(), 'cw-count-')), 'calls');
    const dir = scratch({
      'count.cjs': `require('fs').appendFileSync(${JSON.stringify(counter)}, 'x'); console.log('hi');\n`,
      'targets/echo.yaml': `type: command\ncommand: node\ncwd: ..\nargs: [count.cjs]\n`,
      'a.cases.yaml': `suite: A\ndefaults:\n  target: echo\ncases:\n${conversationCase(1, 'one', '        - type: contains\n          value: hi\n')}`,
      'out-is-a-file': 'not a directory\n',
    });
    const run = await cli(['run', '.', '--reporter', 'json', '--out', 'out-is-a-file'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot write reports to');
    expect(run.stderr).toContain('out-is-a-file');
    expect(existsSync(counter)).toBe(false);
    // The same run with a usable --out does run the case (so the check above means something).
    expect((await cli(['run', '.', '--reporter', 'json', '--out', 'out'], dir)).code).toBe(0);
    expect(existsSync(counter)).toBe(true);
  }, 60_000);

  it('--repeat is bounded', async () => {
    const dir = scratch({
      'a.cases.yaml': `suite: A\ncases:\n${conversationCase(1, 'one', '        - type: contains\n          value: hi\n')}`,
    });
    const run = await cli(['run', '.', '--repeat', '1000000000'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--repeat must be at most 100/);
  }, 60_000);

  it('a title cannot drive the terminal or break the pull-request comment', async () => {
    const title = 'Evil \u001b]0;pwned\u0007\u001b[2J title <!-- </details> <img src=x onerror=alert(1)>';
    const dir = scratch({
      'targets/echo.yaml': echoTarget,
      'a.cases.yaml': `suite: A\ndefaults:\n  target: echo\ncases:\n${conversationCase(1, title, '        - type: contains\n          value: never\n')}`,
    });
    const run = await cli(['run', '.', '--reporter', 'console,markdown', '--out', 'out'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('\u001b]0;');
    expect(run.stdout).not.toContain('\u001b[2J');
    expect(run.stdout).toContain('Evil \\x1B]0;pwned\\x07\\x1B[2J title');
    const md = readFileSync(path.join(dir, 'out/report.md'), 'utf8');
    expect(md).not.toContain('<!--');
    expect(md).not.toContain('</details> <img');
    expect(md).toContain('&lt;!-- &lt;/details&gt; &lt;img src=x onerror=alert(1)&gt;');
    expect(md.match(/<\/details>/g)).toHaveLength(1);
  }, 60_000);
});
