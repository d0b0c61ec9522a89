/**
 * A stand-in for the Forge runtime's `global.__forge_fetch__`, through which
 * `@forge/api` (requestJira asUser/asApp, the async-event queue) and
 * `@forge/kvs` send every call. The real SDK code runs; this answers:
 * - product calls (`type: 'fpp', remote: 'jira'`) by forwarding to the local Jira server,
 * - KVS (`type: 'kvs'`) from memory, in the wire shapes of @forge/kvs's StorageApi
 *   (POST /api/v1/{get,set,delete,secret/get,secret/set,secret/delete}; a missing key is
 *   404 `{code: 'KEY_NOT_FOUND'}`),
 * - queue pushes (`/webhook/queue/publish/...`) by recording them (201), so a test
 *   hands them to the consumer as Forge would.
 */
export interface ForgeHarness {
  kvs: Map<string, unknown>;
  secrets: Map<string, unknown>;
  queued: Array<{ queueName: string; jobId: string; body: Record<string, unknown> }>;
  productCalls: Array<{ provider: string; method: string; path: string; status: number }>;
  uninstall(): void;
}

type ForgeFetch = (target: { type: string; provider?: string; remote?: string }, path: string, init?: RequestInit) => Promise<Response>;

const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });

export function installForgeHarness(options: {
  jiraUrl: string;
  onQueued?: (event: { queueName: string; jobId: string; body: Record<string, unknown> }) => void;
}): ForgeHarness {
  const harness: ForgeHarness = { kvs: new Map(), secrets: new Map(), queued: [], productCalls: [], uninstall: () => {} };
  const g = globalThis as unknown as { __forge_fetch__?: ForgeFetch };
  const previous = g.__forge_fetch__;

  const kvsCall = (path: string, body: { key?: string; value?: unknown; queueName?: string }): Response => {
    const secret = path.includes('/secret/');
    const store = secret ? harness.secrets : harness.kvs;
    const op = path.split('/').pop();
    if (typeof body.key !== 'string' || !/^(?!\s+$)[a-zA-Z0-9:._\s\-#]{1,500}$/.test(body.key))
      return json(400, { code: 'INVALID_KEY', message: `invalid key ${String(body.key)}` });
    switch (op) {
      case 'get':
        return store.has(body.key)
          ? json(200, { key: body.key, value: structuredClone(store.get(body.key)) })
          : json(404, { code: 'KEY_NOT_FOUND', message: 'Key not found' });
      case 'set':
        if (JSON.stringify(body.value ?? null).length > 240 * 1024)
          return json(400, { code: 'VALUE_TOO_LARGE', message: 'value too large' });
        store.set(body.key, structuredClone(body.value));
        return new Response(null, { status: 204 });
      case 'delete':
        store.delete(body.key);
        return new Response(null, { status: 204 });
      default:
        return json(404, { code: 'NOT_FOUND', message: `unknown KVS operation ${path}` });
    }
  };

  g.__forge_fetch__ = async (target, path, init) => {
    if (target.type === 'kvs') return kvsCall(path, JSON.parse(String(init?.body ?? '{}')));
    if (target.type === 'fpp' && target.remote === 'jira') {
      const response = await fetch(`${options.jiraUrl}${path}`, {
        method: init?.method ?? 'GET',
        headers: init?.headers,
        body: init?.body,
      });
      harness.productCalls.push({
        provider: target.provider ?? 'none',
        method: init?.method ?? 'GET',
        path: path.split('?')[0]!,
        status: response.status,
      });
      return response;
    }
    if (target.type === 'fpp' && target.remote === 'stargate' && path.startsWith('/webhook/queue/publish/')) {
      const request = JSON.parse(String(init?.body ?? '{}')) as {
        queueName: string;
        jobId: string;
        payload: Array<{ body: Record<string, unknown> }>;
      };
      for (const event of request.payload) {
        const queued = { queueName: request.queueName, jobId: request.jobId, body: event.body };
        harness.queued.push(queued);
        // Forge delivers the event to the consumer later, in another invocation.
        if (options.onQueued) setTimeout(() => options.onQueued!(queued), 0);
      }
      return json(201, {});
    }
    return json(404, { message: `the Forge harness does not answer ${target.type}/${target.remote ?? ''} ${path}` });
  };
  harness.uninstall = () => {
    g.__forge_fetch__ = previous;
  };
  return harness;
}
