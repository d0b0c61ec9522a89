import { UsageError } from '../../errors/usage-error.js';
import type { JiraClient } from './jira-client.js';

/**
 * The issue type test-case issues get in a project: the configured one (by
 * name or id), else "Test" when the project has it, else "Task".
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
  const found = pick('Test') ?? pick('Task') ?? types[0];
  if (!found) throw new UsageError(`project ${projectKey} has no issue types this account can create`);
  return { id: found.id, name: found.name };
}
