/**
 * Jira's display conditions for an issue-view module, evaluated against the local Jira
 * as the issue view does before it renders the module
 * (https://developer.atlassian.com/platform/forge/manifest-reference/display-conditions/):
 * `and` / `or` / `not`, several conditions in one object all hold, `issueType` (a name or
 * a list), and `entityPropertyExists` / `entityPropertyEqualTo` on the issue or its issue
 * type (the value compared as JSON, so a boolean property `true` equals 'true'). Any other
 * condition throws: a condition this evaluator does not know must not pass silently.
 */
import type { JiraServer } from './jira-server.js';

type Conditions = Record<string, unknown>;

export function displayedOn(conditions: unknown, jira: JiraServer, issueKey: string): boolean {
  if (conditions === undefined) return true;
  if (Array.isArray(conditions)) return conditions.every((c) => displayedOn(c, jira, issueKey));
  const type = jira.issueTypeOf(issueKey);
  const property = (entity: unknown, key: unknown): { found: boolean; value: unknown } => {
    const props =
      entity === 'issue'
        ? jira.issues.get(issueKey)!.properties
        : entity === 'issueType'
          ? jira.issueTypeProperties.get(type.id)
          : undefined;
    if (entity !== 'issue' && entity !== 'issueType') throw new Error(`display condition entity ${String(entity)} is not evaluated here`);
    return { found: props?.has(String(key)) ?? false, value: props?.get(String(key)) };
  };
  return Object.entries(conditions as Conditions).every(([name, arg]) => {
    switch (name) {
      case 'and':
        return displayedOn(arg, jira, issueKey);
      case 'or':
        return Array.isArray(arg)
          ? arg.some((c) => displayedOn(c, jira, issueKey))
          : Object.entries(arg as Conditions).some(([k, v]) => displayedOn({ [k]: v }, jira, issueKey));
      case 'not':
        return !displayedOn(arg, jira, issueKey);
      case 'issueType':
        return (Array.isArray(arg) ? arg : [arg]).includes(type.name);
      case 'entityPropertyExists': {
        const a = arg as { entity: string; propertyKey: string };
        return property(a.entity, a.propertyKey).found;
      }
      case 'entityPropertyEqualTo': {
        const a = arg as { entity: string; propertyKey: string; value: string; objectName?: string };
        const p = property(a.entity, a.propertyKey);
        if (!p.found) return false;
        const value = a.objectName ? (p.value as Record<string, unknown> | undefined)?.[a.objectName] : p.value;
        return JSON.stringify(value) === a.value || value === a.value;
      }
      default:
        throw new Error(`display condition ${name} is not evaluated by the local Jira`);
    }
  });
}
