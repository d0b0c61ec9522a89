/**
 * The whole Jira app wired for a test, as Forge would run it: the real resolver
 * handler and consumer over the real Forge SDKs, `__forge_fetch__` answered by
 * the harness, Jira by the local Jira server limited to the manifest's scopes,
 * queue events delivered to the consumer.
 */
import { startJiraServer, type JiraServer } from './jira-server.js';
import { installForgeHarness, type ForgeHarness } from './forge-harness.js';
import { manifestScopes } from './manifest.js';
import { createForgeDeps } from '../../jira-app/app/forge-deps.js';
import { createResolverHandler } from '../../jira-app/resolvers/index.js';
import { createGenerationConsumer } from '../../jira-app/consumers/generation-consumer.js';
import type { AppDeps } from '../../jira-app/app/deps.js';

export interface ForgeApp {
  jira: JiraServer;
  harness: ForgeHarness;
  deps: AppDeps;
  handler: ReturnType<typeof createResolverHandler>;
  /** Resolves when every queued job has been consumed. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startForgeApp(options: { fetch?: typeof fetch; admin?: boolean } = {}): Promise<ForgeApp> {
  const jira = await startJiraServer({ scopes: manifestScopes(), admin: options.admin ?? true });
  const running = new Set<Promise<void>>();
  let consumer: ((event: { body?: unknown }) => Promise<void>) | undefined;
  const harness = installForgeHarness({
    jiraUrl: jira.url,
    onQueued: (event) => {
      const p = consumer!({ body: event.body }).finally(() => running.delete(p));
      running.add(p);
    },
  });
  const deps = createForgeDeps(options.fetch ? { fetch: options.fetch } : {});
  consumer = createGenerationConsumer(deps);
  return {
    jira,
    harness,
    deps,
    handler: createResolverHandler(deps),
    async idle() {
      await new Promise((r) => setTimeout(r, 5));
      while (running.size > 0) await Promise.all([...running]);
    },
    async close() {
      // The harness stays installed: a UI Kit tree cannot be unmounted and may still poll.
      await jira.close();
    },
  };
}
