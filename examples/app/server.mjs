// The example app under test: Acme's support assistant as a small HTTP service
// (node:http, no dependencies). `casewright run` starts it through the
// `start:` section of examples/targets/example-app.yaml.
//
//   POST /chat   {messages: [{role, content}], vars?: {...}}  →  {answer, model}
//   GET  /health →  {ok: true}
//
// Run it yourself: `PORT=4517 node examples/app/server.mjs`.
import { createServer } from 'node:http';
import { answer } from './rules.mjs';

const port = Number(process.env.PORT ?? 4517);
const MAX_BODY = 1024 * 1024;

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { ok: true });
  if (req.method !== 'POST' || (url.pathname !== '/chat' && url.pathname !== '/voice')) return send(res, 404, { error: 'not found' });
  if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) return send(res, 401, { error: 'missing bearer token' });
  let size = 0;
  const chunks = [];
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(res, 400, { error: 'the body must be JSON' });
    }
    if (!Array.isArray(body?.messages) || body.messages.length === 0)
      return send(res, 400, { error: 'messages must be a non-empty array' });
    send(res, 200, { answer: answer(body.messages, body.vars ?? {}), model: 'acme-rules-1' });
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`Acme support assistant listening on http://127.0.0.1:${port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
