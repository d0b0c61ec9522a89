import ResolverModule from '@forge/resolver';
import type { AppDeps } from '../app/deps.js';
import { orgSecretMasker, UNMASKABLE } from '../app/org-workspace.js';
import { adminResolvers } from './admin-resolvers.js';
import { panelResolvers } from './panel-resolvers.js';
import { projectResolvers } from './project-resolvers.js';
import { jobResolvers } from './job-resolvers.js';
import { defectResolvers } from './defect-resolvers.js';
import { judgeResolvers } from './judge-resolvers.js';
import type { ResolverFn } from './define.js';

/** Every resolver by name, over injected deps. */
export function resolverFunctions(deps: AppDeps): Record<string, ResolverFn> {
  const all = {
    ...panelResolvers(deps),
    ...jobResolvers(deps),
    ...adminResolvers(deps),
    ...projectResolvers(deps),
    ...judgeResolvers(deps),
    ...defectResolvers(deps),
  };
  return Object.fromEntries(Object.entries(all).map(([name, fn]) => [name, masked(deps, fn)]));
}

/**
 * What a resolver hands the browser goes through core's secret masker with the org's keys:
 * a Jira or provider message that echoes a key (in an error, a job record, a saved item's
 * message) arrives as `***`.
 */
function masked(deps: AppDeps, fn: ResolverFn): ResolverFn {
  return async (request) => {
    const result = await fn(request);
    const masker = await orgSecretMasker(deps.keys).catch(() => undefined);
    if (masker) return masker.maskDeep(result);
    // The keys could not be read: an error says nothing it could have echoed.
    return result.ok ? result : { ok: false, error: { code: result.error.code, message: UNMASKABLE } };
  };
}

/** The one `Resolver` behind every UI module: `handler = resolver.getDefinitions()`. */
export function createResolverHandler(deps: AppDeps) {
  // @forge/resolver is CommonJS with `exports.default`: Node's ESM loader hands over the
  // exports object, bundlers the default export.
  const mod = ResolverModule as unknown as { default?: typeof ResolverModule };
  const Resolver = (mod.default ?? ResolverModule) as unknown as new () => {
    define(name: string, fn: (request: unknown) => Promise<unknown>): void;
    getDefinitions(): (...args: unknown[]) => Promise<unknown>;
  };
  const resolver = new Resolver();
  for (const [name, fn] of Object.entries(resolverFunctions(deps))) {
    resolver.define(name, (request) => fn(request as Parameters<ResolverFn>[0]));
  }
  return resolver.getDefinitions();
}
