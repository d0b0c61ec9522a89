/**
 * The whole Jira app wired for a test, as Forge would run it: the real resolver
 * handler and consumers over the real Forge SDKs, `__forge_fetch__` answered by
 * the harness, Jira by the local Jira server limited to the manifest's scopes,
 * queue events delivered to the consumer the manifest names for their queue,
 * every resolver call made as its user within Forge's 25 s, backend network calls
 * through Forge's egress rules.
 */
import { startJiraServer, type JiraServer, type JiraServerOptions } from './jira-server.js';
import { installForgeHarness, type ForgeHarness } from './forge-harness.js';
import { manifestConsumers, manifestPropertyIndex, manifestScopes } from './manifest.js';
import { createForgeDeps } from '../../jira-app/app/forge-deps.js';
import { createResolverHandler } from '../../jira-app/resolvers/index.js';
import { createConsumers } from '../../jira-app/consumers/index.js';
import type { AppDeps } from '../../jira-app/app/deps.js';

type Handler = ReturnType<typeof createResolverHandler>;

export interface ForgeApp {
  jira: JiraServer;
  harness: ForgeHarness;
  deps: AppDeps;
  /** The resolver handler as Forge calls it: as the request's user, within the resolver time limit. */
  handler: Handler;
  /** Calls one resolver as `accountId` from a module (`context.extension`). */
  call<T = unknown>(name: string, payload: unknown, context: { accountId: string; extension: Record<string, unknown> }): Promise<T>;
  /** Held events wait in `pending` until `deliver()`. */
  hold: boolean;
  pending: Array<{ queueName: string; body: Record<string, unknown> }>;
  /** Delivers the held events (after letting pushes just made arrive). */
  deliver(): Promise<void>;
  /** Moves the app's clock (what `deps.now()` answers) forward. */
  advance(ms: number): void;
  /** Resolves when every delivered event has been consumed (or its consumer was stopped). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startForgeApp(
  options: { admin?: boolean; jira?: JiraServerOptions; deps?: Partial<AppDeps> } = {},
): Promise<ForgeApp> {
  const jira = await startJiraServer({
    scopes: manifestScopes(),
    admin: options.admin ?? true,
    propertyIndex: manifestPropertyIndex(),
    ...options.jira,
  });
  const consumers = manifestConsumers();
  const running = new Set<Promise<unknown>>();
  let offset = 0;
  let handlers: Record<string, (event: { body?: unknown }) => Promise<void>> = {};
  const run = (event: { queueName: string; body: Record<string, unknown> }) => {
    const consumer = consumers.get(event.queueName);
    const fn = consumer && handlers[consumer.functionKey];
    if (!consumer || !fn) throw new Error(`no consumer for queue ${event.queueName} in manifest.yml`);
    const p = harness
      .asConsumer(consumer.functionKey, consumer.timeoutSeconds, () => fn({ body: event.body }))
      .finally(() => running.delete(p));
    running.add(p);
  };
  const harness = installForgeHarness({
    jiraUrl: jira.url,
    consumerTimeouts: new Map([...consumers].map(([queue, c]) => [queue, c.timeoutSeconds])),
    onQueued: (event) => {
      if (app.hold) app.pending.push(event);
      else run(event);
    },
  });
  const deps = createForgeDeps({ fetch: harness.fetch, now: () => new Date(Date.now() + offset), ...options.deps });
  handlers = createConsumers(deps);
  const raw = createResolverHandler(deps);
  const handler = ((request: { call: { functionKey: string }; context: { accountId?: string } }, backend: unknown) =>
    harness.asResolver(request.call.functionKey, request.context?.accountId, () =>
      (raw as (r: unknown, b: unknown) => Promise<unknown>)(request, backend),
    )) as unknown as Handler;
  const app: ForgeApp = {
    jira,
    harness,
    deps,
    handler,
    async call<T>(name: string, payload: unknown, context: { accountId: string; extension: Record<string, unknown> }) {
      return (await (handler as unknown as (r: unknown, b: unknown) => Promise<unknown>)(
        { call: { functionKey: name, payload }, context },
        { principal: { accountId: context.accountId } },
      )) as T;
    },
    hold: false,
    pending: [],
    async deliver() {
      await new Promise((r) => setTimeout(r, 5));
      for (const event of app.pending.splice(0)) run(event);
    },
    advance(ms) {
      offset += ms;
    },
    async idle() {
      await new Promise((r) => setTimeout(r, 5));
      while (running.size > 0) await Promise.all([...running]);
    },
    async close() {
      // The harness stays installed: a UI Kit tree cannot be unmounted and may still poll.
      harness.kill('test over');
      await jira.close();
    },
  };
  // The bridge's permissions.egress calls are answered for the person using the page.
  (globalThis as { __casewrightForgeHost__?: unknown }).__casewrightForgeHost__ = {
    permission: (command: string, payload: unknown, accountId: string) =>
      harness.permissionBridge(command, payload, jira.isAdmin(accountId)),
  };
  return app;
}
