/**
 * Which hosts the backend may call. Forge lets a function reach only the hosts of
 * manifest.yml's `permissions.external.fetch.backend` plus those an admin allowed through
 * customer-managed egress; anything else is refused at run time with a 403 that the
 * provider SDK reports as a failed model call. The settings check hosts before they are
 * saved, and a refused call is explained as what it is.
 */
import { EgressFilteringService } from '@forge/egress';
import { CasewrightError } from '@casewright/core';
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

const BLOCKED = /REQUEST_EGRESS_ALLOWLIST_ERR|not included in the external fetch backend permissions/;

/** The errors inside a failed routed call (a RetryError holds every attempt's). */
function causes(error: unknown): unknown[] {
  const nested = (error as { errors?: unknown[] })?.errors;
  return [error, ...(Array.isArray(nested) ? nested : [])];
}

/**
 * A model call Forge refused for egress, turned into what the admin must do; undefined
 * for any other error. `urls` are the provider base URLs in the settings.
 */
export function egressProblem(error: unknown): AppError | undefined {
  for (const e of causes(error)) {
    if (!CasewrightError.isInstance(e)) continue;
    const text = `${(e as { body?: string }).body ?? ''} ${(e as Error).message}`;
    if (!BLOCKED.test(text)) continue;
    const host = /permissions: (https?:\/\/)?([^\s/.,]+(?:\.[^\s/.,]+)*(?::\d+)?)/.exec(text)?.[2];
    return new AppError(
      'EGRESS_BLOCKED',
      `Forge blocked the call to ${host ?? 'the model provider'}: the app may not reach that host. ` +
        'A Jira administrator can allow it on the Casewright settings page (Forge asks them to confirm), ' +
        "or add it to manifest.yml's permissions.external.fetch.backend and redeploy.",
    );
  }
  return undefined;
}
