import { randomUUID } from 'node:crypto';
import { createForgeJiraTransport } from '../forge-adapters/forge-jira-transport.js';
import { createKvsKeyStore } from '../forge-adapters/kvs-key-store.js';
import { createAppStore } from '../forge-adapters/app-store.js';
import { Queue } from '@forge/events';
import { createForgeJobQueue, SAVE_QUEUE } from '../forge-adapters/generation-queue.js';
import type { AppDeps } from './deps.js';
import { openOrgWorkspace } from './org-workspace.js';

/** Production wiring: every port over its Forge adapter. */
export function createForgeDeps(overrides: Partial<AppDeps> & { fetch?: typeof fetch } = {}): AppDeps {
  const keys = overrides.keys ?? createKvsKeyStore();
  const store = overrides.store ?? createAppStore();
  let queue = overrides.queue;
  let saveQueue = overrides.saveQueue;
  return {
    keys,
    store,
    // The queue is created on first use: constructing it needs no runtime, but pushing does.
    get queue() {
      return (queue ??= createForgeJobQueue());
    },
    get saveQueue() {
      return (saveQueue ??= createForgeJobQueue(new Queue({ key: SAVE_QUEUE })));
    },
    workspace: (as, settings, projectKey, options) =>
      openOrgWorkspace({
        settings,
        keys,
        store,
        jira: createForgeJiraTransport(as),
        // A UI resolver must answer within 25 s: it waits less for a throttled Jira than a background job.
        jiraRetry: as === 'user' ? { retries: 2, maxDelayMs: 5_000 } : undefined,
        projectKey,
        totalTimeoutMs: options?.totalTimeoutMs,
        fetch: overrides.fetch,
      }),
    now: () => new Date(),
    newId: () => randomUUID(),
    ...overrides,
  };
}
