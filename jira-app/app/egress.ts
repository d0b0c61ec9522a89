/**
 * Which hosts the backend may call. Forge lets a function reach only the hosts of
 * manifest.yml's `permissions.external.fetch.backend` plus those an admin allowed through
 * customer-managed egress; anything else is refused at run time with a 403 that the
 * provider SDK reports as a failed model call. The settings check hosts before they are
 * saved, and a refused call is explained as what it is.
 */
import { EgressFilteringService } from '@forge/egress';
import { DECLARED_BACKEND_HOSTS } from '../shared/constants.js';
import { AppError } from './deps.js';

/** The host part of a URL (what egress is declared for). */
export function hostOf(url: string): string {
  return new URL(url).host;
}

/** Whether Forge lets the backend call `url` (Forge's own matcher: host only; `*.x` never covers `x`). */
export function egressAllowed(url: string, approvedHosts: readonly string[]): boolean {
  return new EgressFilteringService([...DECLARED_BACKEND_HOSTS, ...approvedHosts]).isValidUrl(url);
}

/**
 * A fetch for the provider SDKs that notices Forge refusing egress. Forge's proxy answers a
 * blocked backend call with 403 and a `forge-proxy-error` header (the header `@forge/api`
 * reads for its own proxy errors); the SDK only sees "403" and would report a rejected key.
 * The response passes through unchanged; `blocked()` lists the hosts Forge refused.
 */
export function watchEgress(inner?: typeof fetch): { fetch: typeof fetch; blocked(): string[] } {
  const hosts = new Set<string>();
  const watched: typeof fetch = async (input, init) => {
    const response = await (inner ?? globalThis.fetch)(input, init);
    if (response.status === 403 && response.headers.get('forge-proxy-error') === 'REQUEST_EGRESS_ALLOWLIST_ERR') {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      hosts.add(new URL(url).host);
    }
    return response;
  };
  return { fetch: watched, blocked: () => [...hosts] };
}

/** What the admin must do when Forge blocked the model calls to `hosts`. */
export function egressBlocked(hosts: readonly string[]): AppError | undefined {
  if (hosts.length === 0) return undefined;
  return new AppError(
    'EGRESS_BLOCKED',
    `Forge blocked the call to ${hosts.join(', ')}: the app may not reach that host. ` +
      'A Jira administrator can allow it on the Casewright settings page (Forge asks them to confirm), ' +
      "or add it to manifest.yml's permissions.external.fetch.backend and redeploy.",
  );
}
