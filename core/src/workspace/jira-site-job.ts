import { testManagementOwner } from '../connectors/jira/issue-type.js';
import type { Workspace } from './workspace.js';

/** What a Jira site offers the mapping of cases to issues (for a settings page, or to check a configuration). */
export interface JiraSite {
  /**
   * The site's issue types, sub-tasks left out (team-managed projects each have their own, so a
   * name may come more than once). `owner`: a test-management app (Xray, Zephyr) owns the type and
   * keeps steps in its own fields; cases go there only when an admin picks it.
   */
  issueTypes: Array<{ id: string; name: string; owner?: 'Xray' | 'Zephyr' | undefined }>;
  /** Priority names, in Jira's order. */
  priorities: string[];
  /** Issue link type names. */
  linkTypes: string[];
  /** Workflow status names (every workflow's, once each). */
  statuses: string[];
}

/** Reads the site's issue types (with their test-management owner), priorities, link types and workflow statuses. */
export async function readJiraSite(ws: Workspace): Promise<JiraSite> {
  const client = await ws.jira();
  const [types, priorities, linkTypes, statuses] = await Promise.all([
    client.getIssueTypes(),
    client.getPriorities(),
    client.getLinkTypes(),
    client.getStatuses(),
  ]);
  return {
    issueTypes: types.filter((t) => !t.subtask).map((t) => ({ id: t.id, name: t.name, owner: testManagementOwner(t, types) })),
    priorities: priorities.map((p) => p.name),
    linkTypes: linkTypes.map((t) => t.name),
    statuses: [...new Set(statuses.map((s) => s.name))],
  };
}
