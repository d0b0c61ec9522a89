import { UsageError } from '../../errors/usage-error.js';
import type { JiraIssueType } from './jira-api.js';
import type { JiraClient } from './jira-client.js';

/** Issue types Xray adds next to its "Test" type (https://docs.getxray.app/display/XRAYCLOUD/Project+Settings%3A+Issue+Types+Mapping). */
const XRAY_COMPANIONS = ['test execution', 'test plan', 'test set', 'precondition', 'sub test execution'];

/**
 * The test-management app that owns an issue type, if any: Xray's "Test" (its description
 * names Xray, or the project also has Xray's Test Execution / Test Plan / Test Set /
 * Precondition types) or Zephyr's (its description names Zephyr). Such a type keeps its
 * steps in the app's own fields, so Casewright does not write cases into it unless an
 * admin picks it.
 */
export function testManagementOwner(type: JiraIssueType, projectTypes: readonly JiraIssueType[]): 'Xray' | 'Zephyr' | undefined {
  const description = type.description ?? '';
  if (/\bxray\b/i.test(description)) return 'Xray';
  if (/\bzephyr\b/i.test(description)) return 'Zephyr';
  const names = new Set(projectTypes.map((t) => t.name.toLowerCase()));
  if (type.name.toLowerCase() === 'test' && XRAY_COMPANIONS.some((n) => names.has(n))) return 'Xray';
  return undefined;
}

/**
 * The issue type test-case issues get in a project: the configured one (by name or
 * id, used even when a test-management app owns it: the admin chose it), else "Test"
 * when the project has one no test-management app owns, else "Task", else the first
 * type that is neither a sub-task nor owned by such an app.
 */
export async function resolveIssueType(client: JiraClient, projectKey: string, preferred?: string): Promise<{ id: string; name: string }> {
  const project = await client.getProject(projectKey);
  const types = project.issueTypes.filter((t) => !t.subtask);
  const pick = (ref: string) => types.find((t) => t.id === ref || t.name.toLowerCase() === ref.toLowerCase());
  if (preferred) {
    const found = pick(preferred);
    if (!found)
      throw new UsageError(`project ${projectKey} has no issue type "${preferred}"; it has: ${types.map((t) => t.name).join(', ')}`);
    return { id: found.id, name: found.name };
  }
  const free = (t: JiraIssueType | undefined) => (t && !testManagementOwner(t, types) ? t : undefined);
  const found = free(pick('Test')) ?? free(pick('Task')) ?? types.find((t) => free(t));
  if (!found) throw new UsageError(`project ${projectKey} has no issue types this account can create`);
  return { id: found.id, name: found.name };
}
