import { invoke, permissions } from '@forge/bridge';
import type { EgressType } from '@forge/egress';
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

/**
 * Asks Forge to let the backend call `host` (customer-managed egress): Jira shows the
 * admin a confirmation; resolves when they approve, rejects with Jira's reason when they
 * do not or the site cannot (not an admin, the feature not available).
 */
export async function allowEgressHost(host: string, group: string): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    await permissions.egress.set({
      egresses: [
        {
          key: group,
          description: 'Model providers your Jira administrator chose for Casewright',
          configured: [{ domain: host, type: ['FETCH_BACKEND_SIDE' as EgressType] }],
        },
      ],
    });
    return { ok: true };
  } catch (error) {
    return { ok: false, message: error instanceof Error && error.message ? error.message : 'Jira did not add the host.' };
  }
}
