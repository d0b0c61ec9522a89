// The example voice app: Acme's phone assistant as a small HTTP service (node:http,
// no dependencies; espeak-ng, sox and pocketsphinx from Debian). `casewright run
// examples/voice/` starts it through examples/voice/targets/example-voice-app.yaml.
//
//   POST /voice   the caller's turn as a WAV body (content-type audio/wav), or multipart
//                 with an `audio` part; the conversation is kept per X-Casewright-Session.
//                 Answers with the spoken answer as a WAV stream (audio/wav), or
//                 {audio: base64, text} with Accept: application/json.
//   GET  /health  {ok: true}
//
// Run it yourself: `PORT=4518 node examples/voice/app/voice-server.mjs`, then
//   curl -s --data-binary @question.wav -H 'content-type: audio/wav' localhost:4518/voice > answer.wav
import { createServer } from 'node:http';
import { unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { listen, reply, speak } from './voice.mjs';

const port = Number(process.env.PORT ?? 4518);
const MAX_BODY = 20 * 1024 * 1024;
const sessions = new Map();

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function audioOf(req, body) {
  const type = String(req.headers['content-type'] ?? '');
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': type } }).formData();
    const part = form.get('audio');
    return part instanceof Blob ? { audio: Buffer.from(await part.arrayBuffer()), session: form.get('session') } : {};
  }
  return { audio: body };
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { ok: true });
  if (req.method !== 'POST' || url.pathname !== '/voice') return send(res, 404, { error: 'not found' });
  const chunks = [];
  let size = 0;
  req.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY) req.destroy();
    else chunks.push(chunk);
  });
  req.on('end', async () => {
    try {
      const { audio, session: field } = await audioOf(req, Buffer.concat(chunks));
      if (!audio?.length) return send(res, 400, { error: 'send the audio as the body (audio/wav) or a multipart part named audio' });
      const file = join(tmpdir(), `acme-voice-${randomUUID()}.wav`);
      writeFileSync(file, audio);
      let heard;
      try {
        heard = listen(file);
      } finally {
        unlinkSync(file);
        try {
          unlinkSync(`${file}.16k.wav`);
        } catch {
          /* not written */
        }
      }
      const session = String(field ?? req.headers['x-casewright-session'] ?? randomUUID());
      const history = sessions.get(session) ?? [];
      if (heard) history.push({ role: 'user', content: heard });
      const text = reply(heard ? history : []);
      history.push({ role: 'assistant', content: text });
      sessions.set(session, history.slice(-20));
      if (sessions.size > 1000) sessions.delete(sessions.keys().next().value);
      const voice = speak(text);
      if (/^application\/json/.test(String(req.headers.accept ?? ''))) {
        const out = [];
        for await (const chunk of voice) out.push(chunk);
        return send(res, 200, { audio: Buffer.concat(out).toString('base64'), text, heard: heard ?? null });
      }
      // The answer streams as espeak-ng speaks it: the first audio leaves before the last is made.
      res.writeHead(200, { 'content-type': 'audio/wav', 'x-acme-heard': encodeURIComponent(heard ?? '') });
      voice.pipe(res);
    } catch (error) {
      send(res, 500, { error: String(error?.message ?? error) });
    }
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log(`Acme voice assistant listening on http://127.0.0.1:${port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
