import type { KeyStore } from '@casewright/core';
import type { AppStore } from '../forge-adapters/app-store.js';
import type { JobQueue } from '../forge-adapters/generation-queue.js';
import type { OrgSettings } from '../shared/api.js';
import type { OrgWorkspace } from './org-workspace.js';

/**
 * Everything resolvers and the consumer need, injected: production wires the
 * Forge adapters (`createForgeDeps`), tests the same adapters over the real
 * Forge SDKs with a harness behind `__forge_fetch__`.
 */
export interface AppDeps {
  keys: KeyStore;
  store: AppStore;
  queue: JobQueue;
  /** The queue save jobs run on. */
  saveQueue: JobQueue;
  /**
   * Core's workspace for the org's settings, reaching Jira as the person using the app
   * (`user`: their permissions apply) or as the app (`app`: background jobs).
   * `totalTimeoutMs` bounds every model call made through it (a job's deadline).
   */
  workspace(
    as: 'user' | 'app',
    settings: OrgSettings,
    projectKey?: string,
    options?: { totalTimeoutMs?: number | undefined },
  ): Promise<OrgWorkspace>;
  now(): Date;
  newId(): string;
}

/** What a resolver knows about where it was called from (from Forge's context). */
export interface CallContext {
  accountId?: string | undefined;
  issueKey?: string | undefined;
  projectKey?: string | undefined;
  moduleType?: string | undefined;
}

/** An error whose message is safe to show (no internals, no secrets). */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
