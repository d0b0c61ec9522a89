import { randomUUID } from 'node:crypto';
import { createJiraClient } from '@casewright/core';
import { createForgeJiraTransport } from '../forge-adapters/forge-jira-transport.js';
import { createKvsKeyStore } from '../forge-adapters/kvs-key-store.js';
import { createAppStore } from '../forge-adapters/app-store.js';
import { createForgeJobQueue } from '../forge-adapters/generation-queue.js';
import type { AppDeps } from './deps.js';
import { generateWithRouter } from './generator.js';
import { createOrgRouter } from './model-router.js';

/** Production wiring: every port over its Forge adapter. */
export function createForgeDeps(overrides: Partial<AppDeps> & { fetch?: typeof fetch } = {}): AppDeps {
  const keys = overrides.keys ?? createKvsKeyStore();
  const store = overrides.store ?? createAppStore();
  let queue = overrides.queue;
  return {
    jiraAsUser: () => createJiraClient(createForgeJiraTransport('user')),
    jiraAsApp: () => createJiraClient(createForgeJiraTransport('app')),
    keys,
    store,
    // The queue is created on first use: constructing it needs no runtime, but pushing does.
    get queue() {
      return (queue ??= createForgeJobQueue());
    },
    generate: generateWithRouter,
    router: (settings) => createOrgRouter(settings, keys, store, overrides.fetch),
    now: () => new Date(),
    newId: () => randomUUID(),
    ...overrides,
  };
}
