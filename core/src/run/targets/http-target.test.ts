// The http target against a real server on 127.0.0.1: the request it sends
// (method, headers, body template), the answer it extracts, and its errors,
// which never contain header values or expanded secrets.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpTarget } from './http-target.js';
import type { HttpTargetConfig } from '../../config/target-config.js';

let server: Server;
let base: string;
let last: { method?: string; path?: string; headers?: IncomingHttpHeaders; body?: string } = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      last = { method: req.method, path: req.url, headers: req.headers, body };
      const path = req.url?.split('?')[0];
      if (path === '/fail') {
        res.writeHead(503);
        return res.end('down for maintenance');
      }
      if (path === '/text') return res.end('plain answer');
      if (path === '/slow') return setTimeout(() => res.end('{}'), 500);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { content: 'from the path' } }], data: { n: 3 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const request = {
  messages: [
    { role: 'system' as const, content: 'be brief' },
    { role: 'user' as const, content: 'Where is ACM-1?' },
  ],
  vars: { order: 'ACM-1' },
  case: { id: 'c1', title: 'Tracking' },
  turn: 1,
  signal: new AbortController().signal,
};

const target = (config: Omit<HttpTargetConfig, 'type'>, env: Record<string, string> = {}) =>
  createHttpTarget({ name: 'app', config: { type: 'http', ...config }, baseDir: '.', env });

describe('http target', () => {
  it('sends {messages, vars} by default and reads the answer at responsePath', async () => {
    const reply = await target({ url: `${base}/chat`, responsePath: 'choices[0].message.content' }).call(request);
    expect(reply.output).toBe('from the path');
    expect(reply.latencyMs).toBeGreaterThan(0);
    expect(last.method).toBe('POST');
    expect(JSON.parse(last.body!)).toEqual({ messages: request.messages, vars: request.vars });
  });

  it('renders a body template: whole values stay JSON, other strings are templates', async () => {
    await target({
      url: `${base}/chat`,
      body: {
        history: '{{messages}}',
        question: 'Q: {{prompt}}',
        order: '{{vars.order}}',
        raw: '{{json vars}}',
        meta: { id: '{{case.id}}', turn: '{{turn}}' },
        fixed: 7,
      },
      responsePath: 'data.n',
    }).call(request);
    expect(JSON.parse(last.body!)).toEqual({
      history: request.messages,
      question: 'Q: Where is ACM-1?',
      order: 'ACM-1',
      raw: '{"order":"ACM-1"}',
      meta: { id: 'c1', turn: '1' },
      fixed: 7,
    });
  });

  it('returns a non-string value at responsePath as JSON, and the whole body without a responsePath', async () => {
    expect((await target({ url: `${base}/chat`, responsePath: 'data' }).call(request)).output).toBe('{"n":3}');
    expect((await target({ url: `${base}/text` }).call(request)).output).toBe('plain answer');
  });

  it('expands ${ENV} in the url and headers', async () => {
    await target(
      { url: '${APP_URL}/chat', headers: { authorization: 'Bearer ${APP_KEY}', 'x-team': 'qa' } },
      { APP_URL: base, APP_KEY: 'sk-live-123456' },
    ).call(request);
    expect(last.headers?.authorization).toBe('Bearer sk-live-123456');
    expect(last.headers?.['x-team']).toBe('qa');
  });

  it.each([
    ['an HTTP error', '/fail', undefined, /^target 'app': POST http:\/\/127\.0\.0\.1:\d+\/fail answered HTTP 503: down for maintenance$/],
    ['a missing responsePath', '/chat', 'choices[0].text', /^target 'app': responsePath 'choices\[0\]\.text' is not in the answer: /],
    [
      'a non-JSON answer with a responsePath',
      '/text',
      'answer',
      /^target 'app': the answer is not JSON, so responsePath 'answer' cannot be read: plain answer$/,
    ],
  ])('fails with a clear message on %s', async (_name, path, responsePath, message) => {
    await expect(target({ url: `${base}${path}`, responsePath }).call(request)).rejects.toThrow(message);
  });

  it('times out with the limit in the message', async () => {
    await expect(target({ url: `${base}/slow`, timeoutMs: 100 }).call(request)).rejects.toThrow(/failed: no answer within 100 ms$/);
  });

  it('never puts a secret from the env into an error, even when it is in the url', async () => {
    const error = await target(
      { url: `${base}/fail?key=\${APP_KEY}`, headers: { authorization: 'Bearer ${APP_KEY}' } },
      { APP_KEY: 'sk-live-123456' },
    )
      .call(request)
      .catch((e: Error) => e);
    expect((error as Error).message).toContain('/fail?key=***');
    expect((error as Error).message).not.toContain('sk-live-123456');
  });

  it('masks a secret the started app prints before it dies (start:)', async () => {
    // The app echoes the key it was given in its environment, then exits before it is ready.
    const app = target(
      {
        url: 'http://127.0.0.1:${PORT}/chat',
        headers: { authorization: 'Bearer ${APP_KEY}' },
        start: {
          command: `"${process.execPath}" -e "console.error('booting with ' + process.env.APP_KEY); process.exit(3)"`,
          readyUrl: 'http://127.0.0.1:${PORT}/',
        },
      },
      { APP_KEY: 'sk-live-123456' },
    );
    const error = await app.start!(new AbortController().signal).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/exited with code 3 before it was ready; its last output: booting with \*\*\*/);
    expect((error as Error).message).not.toContain('sk-live-123456');
  });

  it('names a missing environment variable', () => {
    expect(() => target({ url: `${base}/chat`, headers: { authorization: 'Bearer ${NOPE_KEY}' } })).toThrow(
      "target 'app', header authorization: environment variable NOPE_KEY is not set",
    );
  });
});
