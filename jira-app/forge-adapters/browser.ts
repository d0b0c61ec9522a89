import { invoke } from '@forge/bridge';
import type { PayloadOf, ResolverName, ResolverResult } from '../shared/api.js';

/**
 * Calls a resolver from a UI Kit frontend over `@forge/bridge`. A bridge
 * failure becomes an error result, so every caller handles one shape.
 */
export async function callResolver<T>(name: ResolverName, payload: PayloadOf<typeof name>): Promise<ResolverResult<T>> {
  try {
    const result = (await invoke(name, payload as Record<string, unknown>)) as ResolverResult<T> | undefined;
    if (!result || typeof result !== 'object' || !('ok' in result))
      return { ok: false, error: { code: 'UNKNOWN', message: 'The app answered in an unexpected way.' } };
    return result;
  } catch {
    return { ok: false, error: { code: 'BRIDGE', message: 'Could not reach the app. Reload the page and try again.' } };
  }
}
