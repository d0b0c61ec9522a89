import { randomUUID } from 'node:crypto';
import { createJiraClient, withJiraRetry } from '@casewright/core';
import { createForgeJiraTransport } from '../forge-adapters/forge-jira-transport.js';
import { createKvsKeyStore } from '../forge-adapters/kvs-key-store.js';
import { createAppStore } from '../forge-adapters/app-store.js';
import { Queue } from '@forge/events';
import { createForgeJobQueue, SAVE_QUEUE } from '../forge-adapters/generation-queue.js';
import type { AppDeps } from './deps.js';
import { generateWithCore } from './generator.js';
import { createOrgRouter } from './model-router.js';

/** Production wiring: every port over its Forge adapter. */
export function createForgeDeps(overrides: Partial<AppDeps> & { fetch?: typeof fetch } = {}): AppDeps {
  const keys = overrides.keys ?? createKvsKeyStore();
  const store = overrides.store ?? createAppStore();
  let queue = overrides.queue;
  let saveQueue = overrides.saveQueue;
  return {
    jiraAsUser: () => createJiraClient(withJiraRetry(createForgeJiraTransport('user'), { retries: 2, maxDelayMs: 5_000 })),
    jiraAsApp: () => createJiraClient(withJiraRetry(createForgeJiraTransport('app'))),
    keys,
    store,
    // The queue is created on first use: constructing it needs no runtime, but pushing does.
    get queue() {
      return (queue ??= createForgeJobQueue());
    },
    get saveQueue() {
      return (saveQueue ??= createForgeJobQueue(new Queue({ key: SAVE_QUEUE })));
    },
    generate: generateWithCore,
    router: (settings, options) =>
      createOrgRouter(settings, keys, store, overrides.fetch, {
        totalTimeoutMs: options?.totalTimeoutMs,
        now: overrides.now ? () => overrides.now!().getTime() : undefined,
      }),
    now: () => new Date(),
    newId: () => randomUUID(),
    ...overrides,
  };
}
