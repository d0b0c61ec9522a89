/**
 * A stand-in for the Forge runtime around the app's real code. `@forge/api`
 * (requestJira asUser/asApp, the async-event queue) and `@forge/kvs` send every call
 * through `global.__forge_fetch__`; this answers:
 * - product calls (`type: 'fpp', remote: 'jira'`) by forwarding to the local Jira server,
 *   saying who calls (`x-forge-principal: app` or `user:<accountId>`), so Jira answers
 *   `asUser` with the person's permissions and `asApp` with the app's. `asUser()` needs a
 *   person: in an invocation without one (an async-event consumer) it is refused.
 * - KVS (`type: 'kvs'`) from memory, in the wire shapes of @forge/kvs's StorageApi
 *   (POST /api/v1/{get,set,delete,query,secret/get,secret/set,secret/delete}; a missing
 *   key is 404 `{code: 'KEY_NOT_FOUND'}`; values over 240 KiB are refused),
 * - queue pushes (`/webhook/queue/publish/...`) by recording them (201), refusing an event
 *   over 100 KB for a consumer whose function may run longer than 55 s (413), as
 *   https://developer.atlassian.com/platform/forge/limits-async-events/ says; the SDK
 *   itself checks 50 events and 200 KB per push.
 * It also plays the parts of the platform the app meets outside those calls:
 * - egress: `fetch` is what backend code gets as its network. A host that is neither in
 *   the manifest's `permissions.external.fetch.backend` nor allowed by an admin through
 *   customer-managed egress (`permissions.egress.set` over the bridge) gets Forge's answer:
 *   403 with `forge-proxy-error: REQUEST_EGRESS_ALLOWLIST_ERR` — a blocked backend fetch
 *   returns a response, it does not throw. Hosts are matched by @forge/egress, Forge's own
 *   filter (host only, `*.x` never covers `x`). Plain http is refused with 400, as the
 *   Forge runtime only speaks HTTPS. `route(host, url)` points a declared host at a local
 *   server, like DNS.
 * - invocations: `asResolver` runs a resolver call with its user and the 25 s limit;
 *   `asConsumer` runs a consumer with the manifest's `timeoutSeconds`. When the limit
 *   passes, or a test calls `kill()`, the invocation is stopped: its later platform calls
 *   never answer, as nothing runs after Forge stops a function.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { manifestBackendEgress, manifestConfigurableEgress } from './manifest.js';

const { EgressFilteringService } = createRequire(import.meta.url)('@forge/egress') as {
  EgressFilteringService: new (allowList: string[]) => { isValidUrl(url: string): boolean };
};

export interface Invocation {
  kind: 'resolver' | 'consumer';
  name: string;
  accountId?: string | undefined;
  stopped: boolean;
  reason?: string | undefined;
}

export interface EgressGroup {
  key: string;
  description: string;
  configured: Array<{ domain: string; type: string[] }>;
}

export interface ForgeHarness {
  kvs: Map<string, unknown>;
  secrets: Map<string, unknown>;
  /** Every KVS write, in order, with the value written (what a job went through). */
  kvsLog: Array<{ key: string; value: unknown }>;
  queued: Array<{ queueName: string; jobId: string; body: Record<string, unknown> }>;
  productCalls: Array<{ provider: string; principal: string; method: string; path: string; status: number }>;
  /** Every backend fetch and whether Forge let it through. */
  egressCalls: Array<{ url: string; allowed: boolean }>;
  /** Egress an admin confirmed through `permissions.egress.set` (customer-managed egress). */
  egress: Map<string, EgressGroup>;
  /** What the admin answers in Forge's egress confirmation dialog. */
  egressConsent: 'approve' | 'reject';
  /** The network backend code gets (the router's `fetch`). */
  fetch: typeof fetch;
  /** Resolves a host to a local server (`https://llm.acme.test` -> `http://127.0.0.1:1234`). */
  route(host: string, baseUrl: string): void;
  /** Limit of a resolver invocation in ms (Forge: 25 s). */
  resolverTimeoutMs: number;
  asResolver<T>(name: string, accountId: string | undefined, fn: () => Promise<T>): Promise<T>;
  asConsumer<T>(name: string, timeoutSeconds: number, fn: () => Promise<T>): Promise<T | undefined>;
  /** Stops every running consumer invocation now (Forge killed it: a crash, a timeout). */
  kill(reason?: string): void;
  running: Set<Invocation>;
  /** Answers the bridge's `permissions.egress.*` calls (`@forge/bridge`), for an admin or not. */
  permissionBridge(command: string, payload: unknown, isAdmin: boolean): Promise<unknown>;
  uninstall(): void;
}

type ForgeFetch = (
  target: { type: string; provider?: string; remote?: string; accountId?: string },
  path: string,
  init?: RequestInit,
) => Promise<Response>;

const json = (status: number, body?: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
  });

const MAX_VALUE_BYTES = 240 * 1024;
const LONG_CONSUMER_EVENT_BYTES = 100 * 1024;

export function installForgeHarness(options: {
  jiraUrl: string;
  onQueued?: (event: { queueName: string; jobId: string; body: Record<string, unknown> }) => void;
  /** Queue name -> its consumer's time limit in seconds (from the manifest). */
  consumerTimeouts?: Map<string, number>;
}): ForgeHarness {
  const invocations = new AsyncLocalStorage<Invocation>();
  const routes = new Map<string, string>();
  const declared = manifestBackendEgress();
  const configurable = manifestConfigurableEgress();
  const never = () => new Promise<never>(() => {});
  const harness: ForgeHarness = {
    kvs: new Map(),
    secrets: new Map(),
    kvsLog: [],
    queued: [],
    productCalls: [],
    egressCalls: [],
    egress: new Map(),
    egressConsent: 'approve',
    resolverTimeoutMs: 25_000,
    running: new Set(),
    route: (host, baseUrl) => void routes.set(host, baseUrl.replace(/\/$/, '')),
    fetch: undefined as unknown as typeof fetch,
    asResolver: undefined as never,
    asConsumer: undefined as never,
    kill: () => {},
    permissionBridge: undefined as never,
    uninstall: () => {},
  };
  const g = globalThis as unknown as { __forge_fetch__?: ForgeFetch };
  const previous = g.__forge_fetch__;

  /** A stopped invocation's calls never answer. */
  const alive = () => {
    const current = invocations.getStore();
    return !current?.stopped;
  };

  const kvsCall = (path: string, body: Record<string, unknown>): Response => {
    const secret = path.includes('/secret/');
    const store = secret ? harness.secrets : harness.kvs;
    const op = path.split('/').pop();
    if (op === 'query') {
      const where = (body.where as Array<{ property: string; condition: string; values: unknown[] }> | undefined) ?? [];
      const prefix = where.find((w) => w.property === 'key' && w.condition === 'BEGINS_WITH')?.values[0];
      const keys = [...store.keys()].filter((k) => typeof prefix !== 'string' || k.startsWith(prefix)).sort();
      const start = typeof body.after === 'string' ? keys.indexOf(body.after) + 1 : 0;
      const limit = Math.min(Number(body.limit ?? 10) || 10, 100);
      const page = keys.slice(start, start + limit);
      const more = start + limit < keys.length;
      return json(200, {
        data: page.map((key) => ({ key, value: structuredClone(store.get(key)) })),
        ...(more ? { cursor: page.at(-1) } : {}),
      });
    }
    const key = body.key;
    if (typeof key !== 'string' || !/^(?!\s+$)[a-zA-Z0-9:._\s\-#]{1,500}$/.test(key))
      return json(400, { code: 'INVALID_KEY', message: `invalid key ${String(key)}` });
    switch (op) {
      case 'get':
        return store.has(key)
          ? json(200, { key, value: structuredClone(store.get(key)) })
          : json(404, { code: 'KEY_NOT_FOUND', message: 'Key not found' });
      case 'set':
        if (Buffer.byteLength(JSON.stringify(body.value ?? null)) > MAX_VALUE_BYTES)
          return json(400, { code: 'VALUE_TOO_LARGE', message: 'value too large' });
        store.set(key, structuredClone(body.value));
        if (!secret) harness.kvsLog.push({ key, value: structuredClone(body.value) });
        return new Response(null, { status: 204 });
      case 'delete':
        store.delete(key);
        return new Response(null, { status: 204 });
      default:
        return json(404, { code: 'NOT_FOUND', message: `unknown KVS operation ${path}` });
    }
  };

  g.__forge_fetch__ = async (target, path, init) => {
    if (!alive()) return never();
    if (target.type === 'kvs') return kvsCall(path, JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>);
    if (target.type === 'fpp' && target.remote === 'jira') {
      const provider = target.provider ?? 'none';
      const invocation = invocations.getStore();
      const accountId = target.accountId ?? invocation?.accountId;
      if (provider === 'user' && !accountId) {
        harness.productCalls.push({ provider, principal: 'none', method: init?.method ?? 'GET', path: path.split('?')[0]!, status: 401 });
        return json(401, {
          message: `asUser() has no user in this ${invocation?.kind ?? 'background'} invocation: act as the app (asApp) after checking the user's permissions where they clicked`,
        });
      }
      const principal = provider === 'app' ? 'app' : `user:${accountId}`;
      const headers = new Headers(init?.headers);
      headers.set('x-forge-principal', principal);
      const response = await fetch(`${options.jiraUrl}${path}`, { method: init?.method ?? 'GET', headers, body: init?.body });
      harness.productCalls.push({ provider, principal, method: init?.method ?? 'GET', path: path.split('?')[0]!, status: response.status });
      return response;
    }
    if (target.type === 'fpp' && target.remote === 'stargate' && path.startsWith('/webhook/queue/publish/')) {
      const request = JSON.parse(String(init?.body ?? '{}')) as {
        queueName: string;
        jobId: string;
        payload: Array<{ body: Record<string, unknown> }>;
      };
      const limit = options.consumerTimeouts?.get(request.queueName) ?? 25;
      if (limit > 55 && request.payload.some((e) => Buffer.byteLength(JSON.stringify(e)) > LONG_CONSUMER_EVENT_BYTES))
        return json(413, { errorMessage: `An event for a consumer that runs longer than 55 s may be at most 100 KB.` });
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

  harness.fetch = async (input, init) => {
    if (!alive()) return never();
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') {
      harness.egressCalls.push({ url, allowed: false });
      return json(400, { message: `Forge functions can only call HTTPS URLs: ${parsed.origin}` });
    }
    const allowList = [...declared, ...[...harness.egress.values()].flatMap((g) => g.configured.map((c) => c.domain))];
    const allowed = new EgressFilteringService(allowList).isValidUrl(url);
    harness.egressCalls.push({ url, allowed });
    if (!allowed)
      return json(
        403,
        {
          code: 'REQUEST_EGRESS_ALLOWLIST_ERR',
          message: `URL not included in the external fetch backend permissions: ${parsed.origin}. Visit go.atlassian.com/forge-egress for more information.`,
        },
        { 'forge-proxy-error': 'REQUEST_EGRESS_ALLOWLIST_ERR' },
      );
    const local = routes.get(parsed.host);
    if (!local) throw new TypeError(`fetch failed: getaddrinfo ENOTFOUND ${parsed.host}`);
    const request = new Request(url, init);
    return fetch(`${local}${parsed.pathname}${parsed.search}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: init?.signal ?? null,
      duplex: 'half',
    } as RequestInit);
  };

  const stop = (invocation: Invocation, reason: string) => {
    invocation.stopped = true;
    invocation.reason = reason;
    harness.running.delete(invocation);
  };

  harness.asResolver = async (name, accountId, fn) => {
    const invocation: Invocation = { kind: 'resolver', name, accountId, stopped: false };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        stop(invocation, 'time limit');
        reject(new Error(`Forge stopped the resolver ${name}: it ran longer than ${harness.resolverTimeoutMs / 1000} s`));
      }, harness.resolverTimeoutMs);
    });
    try {
      return await Promise.race([invocations.run(invocation, fn), limit]);
    } finally {
      clearTimeout(timer);
    }
  };

  harness.asConsumer = async (name, timeoutSeconds, fn) => {
    const invocation: Invocation = { kind: 'consumer', name, stopped: false };
    harness.running.add(invocation);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let release: () => void = () => {};
    const stopped = new Promise<undefined>((resolve) => {
      release = () => resolve(undefined);
      timer = setTimeout(() => {
        stop(invocation, 'time limit');
        resolve(undefined);
      }, timeoutSeconds * 1000);
    });
    killers.set(invocation, release);
    try {
      return await Promise.race([invocations.run(invocation, fn), stopped]);
    } finally {
      clearTimeout(timer);
      killers.delete(invocation);
      harness.running.delete(invocation);
    }
  };

  const killers = new Map<Invocation, () => void>();
  harness.kill = (reason = 'killed') => {
    for (const [invocation, release] of killers) {
      stop(invocation, reason);
      release();
    }
  };

  harness.permissionBridge = async (command, payload, isAdmin) => {
    // https://developer.atlassian.com/platform/forge/apis-reference/customer-managed-egress-and-remotes-api/
    if (!configurable)
      throw new Error('Customer-managed egress is not enabled: set permissions.external.configurable.enabled in manifest.yml');
    if (command === '__permission__egressGet') return { results: [...harness.egress.values()] };
    if (command === '__permission__egressSet') {
      if (!isAdmin) throw new Error('Only a site administrator can change the egress of an app');
      if (harness.egressConsent === 'reject') throw new Error('The administrator did not approve the egress');
      const { egresses } = payload as { egresses: EgressGroup[] };
      for (const group of egresses) harness.egress.set(group.key, structuredClone(group));
      return { results: egresses };
    }
    if (command === '__permission__egressDeleteGroup') {
      if (!isAdmin) throw new Error('Only a site administrator can change the egress of an app');
      harness.egress.delete((payload as { key: string }).key);
      return undefined;
    }
    throw new Error(`the Forge harness does not answer ${command}`);
  };

  harness.uninstall = () => {
    g.__forge_fetch__ = previous;
  };
  return harness;
}
