/**
 * A case's status reaching Jira: the issue moves along its workflow to the Jira status the
 * configuration maps the case status to (`jira.statuses`). Jira has no "set status": an
 * issue only moves along the transitions its workflow offers from where it is, so when
 * there is none to the wanted status the issue stays and the sync says why.
 */
import type { Status } from '../../model/common.js';
import { CasewrightError } from '../../errors/casewright-error.js';
import type { JiraClient } from './jira-client.js';

/** The Jira status (by name) an issue moves to when its case has this status; unset: left to Jira. */
export type JiraStatusNames = Partial<Record<Status, string>>;

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Moves the issue to the status `wanted` when it is elsewhere and its workflow offers a
 * transition there; `current` is its status if known (one read fewer). Returns a note for
 * the sync report when the issue stayed where it was, undefined when it is (now) there.
 */
export async function moveToStatus(client: JiraClient, key: string, wanted: string, current?: string): Promise<string | undefined> {
  try {
    const now = current ?? (await client.getIssue(key, { fields: ['status'] })).fields.status;
    const name = typeof now === 'string' ? now : (now as { name?: string } | undefined)?.name;
    if (name && same(name, wanted)) return undefined;
    const transition = (await client.getTransitions(key)).find((t) => same(t.to.name, wanted) && t.isAvailable !== false);
    if (!transition)
      return `the workflow of ${key} has no transition${name ? ` from "${name}"` : ''} to "${wanted}"; its status was left as it is`;
    await client.transitionIssue(key, transition.id);
    return undefined;
  } catch (error) {
    // The case itself is saved; only the move failed.
    const why = CasewrightError.isInstance(error) ? (error as Error).message : 'unexpected error';
    return `Jira did not move ${key} to "${wanted}" (${why}); its status was left as it is`;
  }
}
