import { z } from 'zod';
import { JiraError } from './jira-error.js';
import {
  JiraBulkCreatedSchema,
  JiraCreatedIssueSchema,
  JiraIssueSchema,
  JiraIssueTypeSchema,
  JiraLinkTypeSchema,
  JiraMyPermissionsSchema,
  JiraProjectSchema,
  JiraSearchPageSchema,
  JiraStatusSchema,
  JiraTransitionsSchema,
  JiraUserSchema,
  type JiraBulkCreated,
  type JiraIssue,
  type JiraIssueType,
  type JiraLinkType,
  type JiraProject,
  type JiraTransition,
  type JiraUser,
} from './jira-api.js';
import type { JiraRequest, JiraResponse, JiraTransport } from './jira-transport.js';

export interface GetIssueOptions {
  fields?: readonly string[];
  /** e.g. `['names']` to learn custom field names (the acceptance-criteria field). */
  expand?: readonly string[];
  /** Entity property keys to return with the issue. */
  properties?: readonly string[];
}

export interface SearchOptions {
  fields?: readonly string[];
  properties?: readonly string[];
  expand?: readonly string[];
  /** Page size asked of Jira (it may return fewer); default 50. */
  pageSize?: number;
  /** Stop after this many issues; default unlimited. */
  limit?: number;
  signal?: AbortSignal;
}

/** The Jira operations Casewright needs, written once over `JiraTransport`. */
export interface JiraClient {
  getIssue(key: string, options?: GetIssueOptions): Promise<JiraIssue>;
  /** Pages through `POST /rest/api/3/search/jql` with `nextPageToken`. */
  search(jql: string, options?: SearchOptions): AsyncGenerator<JiraIssue>;
  searchAll(jql: string, options?: SearchOptions): Promise<JiraIssue[]>;
  /** Creates an issue; `properties` are set in the same call (IssueUpdateDetails.properties). */
  createIssue(
    fields: Record<string, unknown>,
    options?: { properties?: Array<{ key: string; value: unknown }> },
  ): Promise<{ id: string; key: string }>;
  /**
   * Creates up to 50 issues in one call (`POST /rest/api/3/issue/bulk`); each element may carry
   * `update` (e.g. `issuelinks`) and `properties`. Elements Jira refused come back in `errors`
   * by `failedElementNumber`; when every element fails Jira answers 400 with the same shape.
   */
  createIssues(
    issues: ReadonlyArray<{
      fields: Record<string, unknown>;
      update?: Record<string, unknown>;
      properties?: Array<{ key: string; value: unknown }>;
    }>,
  ): Promise<JiraBulkCreated>;
  updateIssue(key: string, fields: Record<string, unknown>): Promise<void>;
  /** Adds a comment (`body` in Atlassian Document Format); returns the comment's id. */
  addComment(key: string, body: unknown): Promise<{ id: string }>;
  /**
   * Attaches a file to an issue ("Add attachment", `POST /rest/api/3/issue/{key}/attachments`:
   * `multipart/form-data` with the file in the field `file`, and `X-Atlassian-Token: no-check`).
   */
  addAttachment(
    key: string,
    filename: string,
    content: string | Uint8Array,
    contentType?: string,
  ): Promise<Array<{ id: string; filename: string; size?: number | undefined }>>;
  /** A project's entity property value (`GET /rest/api/3/project/{key}/properties/{propertyKey}`), undefined when not set. */
  getProjectProperty(projectKey: string, propertyKey: string): Promise<unknown>;
  /** Sets a project's entity property (needs manage:jira-project: a project or Jira administrator). */
  setProjectProperty(projectKey: string, propertyKey: string, value: unknown): Promise<void>;
  /** Links `inwardKey` and `outwardKey` with a link type (by name). */
  linkIssues(input: { type: string; inwardKey: string; outwardKey: string }): Promise<void>;
  /** An issue's entity property value, or undefined when it is not set. */
  getProperty(key: string, propertyKey: string): Promise<unknown>;
  setProperty(key: string, propertyKey: string, value: unknown): Promise<void>;
  /**
   * Sets entity properties on many issues by id ("Bulk set issue properties by issue",
   * `POST /rest/api/3/issue/properties/multi`, up to 100 issues and 10 properties each per
   * call). Jira runs it as an asynchronous task: the client follows the task
   * (`GET /rest/api/3/task/{taskId}`) until it ends and throws when it did not complete.
   */
  setPropertiesBulk(
    items: ReadonlyArray<{ issueId: string; properties: Record<string, unknown> }>,
    options?: { pollMs?: number; signal?: AbortSignal },
  ): Promise<void>;
  getProject(key: string): Promise<JiraProject>;
  /** Every issue type of the site (`GET /rest/api/3/issuetype`). */
  getIssueTypes(): Promise<JiraIssueType[]>;
  /** The site's priorities (`GET /rest/api/3/priority`). */
  getPriorities(): Promise<Array<{ id: string; name: string }>>;
  /** Sets an issue type's entity property (needs manage:jira-configuration); display conditions can read it. */
  setIssueTypeProperty(issueTypeId: string, propertyKey: string, value: unknown): Promise<void>;
  /** The site's workflow statuses (`GET /rest/api/3/status`). */
  getStatuses(): Promise<Array<{ id?: string | undefined; name: string }>>;
  /** The transitions the caller may perform on the issue from its status now. */
  getTransitions(key: string): Promise<JiraTransition[]>;
  /** Moves the issue along a transition its workflow offers (`POST …/transitions`). */
  transitionIssue(key: string, transitionId: string): Promise<void>;
  getLinkTypes(): Promise<JiraLinkType[]>;
  myself(): Promise<JiraUser>;
  /** Whether the caller has each global or project permission (e.g. `ADMINISTER`). */
  hasPermissions(permissions: readonly string[], projectKey?: string): Promise<Record<string, boolean>>;
}

/** "Bulk set issue properties by issue" takes up to 100 issues per call. */
const BULK_PROPERTY_ISSUES = 100;
/** A long-running task (`GET /rest/api/3/task/{taskId}`, TaskProgressBeanObject). */
const TaskSchema = z.looseObject({
  id: z.string(),
  self: z.string().optional(),
  status: z.enum(['ENQUEUED', 'RUNNING', 'COMPLETE', 'FAILED', 'CANCEL_REQUESTED', 'CANCELLED', 'DEAD']),
  message: z.string().optional(),
});
const TASK_DONE = new Set(['COMPLETE', 'FAILED', 'CANCELLED', 'DEAD']);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason as Error)), { once: true });
  });
}

const ISSUE_KEY = /^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/;
const PROPERTY_KEY = /^[A-Za-z0-9_.-]{1,255}$/;

function checkKey(key: string): string {
  if (!ISSUE_KEY.test(key))
    throw new JiraError({ status: 400, method: 'GET', path: '', message: `"${key}" is not a Jira issue key such as SHOP-123` });
  return key;
}

function checkProject(key: string): string {
  if (!/^[A-Z][A-Z0-9_]+$/.test(key))
    throw new JiraError({ status: 400, method: 'GET', path: '', message: `"${key}" is not a Jira project key such as SHOP` });
  return key;
}

function checkProperty(propertyKey: string): string {
  if (!PROPERTY_KEY.test(propertyKey))
    throw new JiraError({ status: 400, method: 'GET', path: '', message: `bad property key "${propertyKey}"` });
  return encodeURIComponent(propertyKey);
}

export function createJiraClient(transport: JiraTransport): JiraClient {
  /**
   * One call, its body checked against `schema`. `accept404`: a 404 is `undefined`;
   * `errorBody`: a failure whose body still has this shape is returned (bulk results).
   */
  async function call<S extends z.ZodType>(
    request: JiraRequest,
    schema: S,
    accept404 = false,
    errorBody?: (body: z.infer<S>) => boolean,
  ): Promise<z.infer<S> | undefined> {
    const response: JiraResponse = await transport.request(request);
    if (accept404 && response.status === 404) return undefined;
    if (errorBody && response.status >= 400) {
      const failed = schema.safeParse(response.body);
      if (failed.success && errorBody(failed.data)) return failed.data;
    }
    if (response.status < 200 || response.status >= 300) {
      throw new JiraError({
        status: response.status,
        method: request.method,
        path: request.path,
        messages: JiraError.messagesOf(response.body),
      });
    }
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) {
      throw new JiraError({
        status: response.status,
        method: request.method,
        path: request.path,
        message: `Jira ${request.method} ${request.path} answered in an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      });
    }
    return parsed.data;
  }
  const must = async <S extends z.ZodType>(request: JiraRequest, schema: S): Promise<z.infer<S>> =>
    (await call(request, schema)) as z.infer<S>;
  const nothing = z.unknown();

  async function* search(jql: string, options: SearchOptions = {}): AsyncGenerator<JiraIssue> {
    let nextPageToken: string | undefined;
    let seen = 0;
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    for (;;) {
      const page = await must(
        {
          method: 'POST',
          path: '/rest/api/3/search/jql',
          body: {
            jql,
            maxResults: Math.min(options.pageSize ?? 50, limit - seen),
            fields: options.fields ?? ['summary'],
            ...(options.properties ? { properties: options.properties } : {}),
            ...(options.expand ? { expand: options.expand.join(',') } : {}),
            ...(nextPageToken ? { nextPageToken } : {}),
          },
          signal: options.signal,
        },
        JiraSearchPageSchema,
      );
      for (const issue of page.issues) {
        yield issue;
        if (++seen >= limit) return;
      }
      if (!page.nextPageToken || page.isLast === true || page.issues.length === 0) return;
      nextPageToken = page.nextPageToken;
    }
  }

  return {
    async getIssue(key, options = {}) {
      return must(
        {
          method: 'GET',
          path: `/rest/api/3/issue/${encodeURIComponent(checkKey(key))}`,
          query: {
            fields: options.fields?.join(','),
            expand: options.expand?.join(','),
            properties: options.properties?.join(','),
          },
        },
        JiraIssueSchema,
      );
    },
    search,
    async searchAll(jql, options) {
      const out: JiraIssue[] = [];
      for await (const issue of search(jql, options)) out.push(issue);
      return out;
    },
    async createIssue(fields, options) {
      return must(
        { method: 'POST', path: '/rest/api/3/issue', body: { fields, ...(options?.properties ? { properties: options.properties } : {}) } },
        JiraCreatedIssueSchema,
      );
    },
    async createIssues(issues) {
      if (issues.length > 50)
        throw new JiraError({
          status: 400,
          method: 'POST',
          path: '/rest/api/3/issue/bulk',
          message: 'Jira creates at most 50 issues per bulk call',
        });
      // When every element fails, Jira answers 400 with the same shape: the failures are the answer.
      return (await call(
        { method: 'POST', path: '/rest/api/3/issue/bulk', body: { issueUpdates: issues } },
        JiraBulkCreatedSchema,
        false,
        (body) => body.errors.length > 0,
      )) as JiraBulkCreated;
    },
    async updateIssue(key, fields) {
      await call({ method: 'PUT', path: `/rest/api/3/issue/${encodeURIComponent(checkKey(key))}`, body: { fields } }, nothing);
    },
    async addComment(key, body) {
      return must(
        { method: 'POST', path: `/rest/api/3/issue/${encodeURIComponent(checkKey(key))}/comment`, body: { body } },
        z.looseObject({ id: z.string() }),
      );
    },
    async addAttachment(key, filename, content, contentType = 'text/plain') {
      const form = new FormData();
      // A copy into a fresh ArrayBuffer: Blob takes plain bytes, not a view of a shared buffer.
      const bytes = typeof content === 'string' ? content : new Uint8Array(content);
      form.append('file', new Blob([bytes], { type: contentType }), filename);
      return must(
        {
          method: 'POST',
          path: `/rest/api/3/issue/${encodeURIComponent(checkKey(key))}/attachments`,
          headers: { 'X-Atlassian-Token': 'no-check' },
          body: form,
        },
        z.array(z.looseObject({ id: z.string(), filename: z.string(), size: z.number().optional() })),
      );
    },
    async getProjectProperty(projectKey, propertyKey) {
      const body = await call(
        {
          method: 'GET',
          path: `/rest/api/3/project/${encodeURIComponent(checkProject(projectKey))}/properties/${checkProperty(propertyKey)}`,
        },
        z.looseObject({ key: z.string(), value: z.unknown() }),
        true,
      );
      return body?.value;
    },
    async setProjectProperty(projectKey, propertyKey, value) {
      await call(
        {
          method: 'PUT',
          path: `/rest/api/3/project/${encodeURIComponent(checkProject(projectKey))}/properties/${checkProperty(propertyKey)}`,
          body: value,
        },
        nothing,
      );
    },
    async linkIssues({ type, inwardKey, outwardKey }) {
      await call(
        {
          method: 'POST',
          path: '/rest/api/3/issueLink',
          body: { type: { name: type }, inwardIssue: { key: checkKey(inwardKey) }, outwardIssue: { key: checkKey(outwardKey) } },
        },
        nothing,
      );
    },
    async getProperty(key, propertyKey) {
      if (!PROPERTY_KEY.test(propertyKey))
        throw new JiraError({ status: 400, method: 'GET', path: '', message: `bad property key "${propertyKey}"` });
      const body = await call(
        { method: 'GET', path: `/rest/api/3/issue/${encodeURIComponent(checkKey(key))}/properties/${encodeURIComponent(propertyKey)}` },
        z.looseObject({ key: z.string(), value: z.unknown() }),
        true,
      );
      return body?.value;
    },
    async setProperty(key, propertyKey, value) {
      if (!PROPERTY_KEY.test(propertyKey))
        throw new JiraError({ status: 400, method: 'PUT', path: '', message: `bad property key "${propertyKey}"` });
      await call(
        {
          method: 'PUT',
          path: `/rest/api/3/issue/${encodeURIComponent(checkKey(key))}/properties/${encodeURIComponent(propertyKey)}`,
          body: value,
        },
        nothing,
      );
    },
    async setPropertiesBulk(items, options = {}) {
      for (let i = 0; i < items.length; i += BULK_PROPERTY_ISSUES) {
        const chunk = items.slice(i, i + BULK_PROPERTY_ISSUES);
        const request: JiraRequest = {
          method: 'POST',
          path: '/rest/api/3/issue/properties/multi',
          body: {
            issues: chunk.map((item) => {
              if (!/^\d+$/.test(item.issueId) || Object.keys(item.properties).some((k) => !PROPERTY_KEY.test(k)))
                throw new JiraError({ status: 400, method: 'POST', path: '', message: `bad issue id ${item.issueId} or property key` });
              return { issueID: Number(item.issueId), properties: item.properties };
            }),
          },
          signal: options.signal,
        };
        const response = await transport.request(request);
        // 303 See Other with the task's address; a transport that follows redirects hands back the task itself.
        let task = TaskSchema.safeParse(response.body).data;
        if (response.status !== 303 && !(response.status >= 200 && response.status < 300 && task))
          throw new JiraError({
            status: response.status,
            method: 'POST',
            path: request.path,
            messages: JiraError.messagesOf(response.body),
          });
        const location = response.headers.location ?? task?.self;
        const taskId = /\/task\/([^/?#]+)/.exec(location ?? '')?.[1];
        if (!taskId && !task)
          throw new JiraError({
            status: response.status,
            method: 'POST',
            path: request.path,
            message: 'Jira did not say where the bulk property task is',
          });
        for (let attempt = 0; !task || !TASK_DONE.has(task.status); attempt++) {
          if (attempt > 0) await sleep(Math.min((options.pollMs ?? 250) * 2 ** (attempt - 1), 5_000), options.signal);
          if (attempt > 60)
            throw new JiraError({
              status: 0,
              method: 'GET',
              path: `/rest/api/3/task/${taskId}`,
              message: 'the bulk property task did not finish',
            });
          task = await must({ method: 'GET', path: `/rest/api/3/task/${encodeURIComponent(taskId!)}`, signal: options.signal }, TaskSchema);
        }
        if (task.status !== 'COMPLETE')
          throw new JiraError({
            status: 500,
            method: 'GET',
            path: `/rest/api/3/task/${taskId ?? task.id}`,
            message: `Jira's bulk property task ended ${task.status}${task.message ? `: ${task.message}` : ''}`,
          });
      }
    },
    async getProject(key) {
      return must({ method: 'GET', path: `/rest/api/3/project/${encodeURIComponent(key)}` }, JiraProjectSchema);
    },
    async getIssueTypes() {
      return must({ method: 'GET', path: '/rest/api/3/issuetype' }, z.array(JiraIssueTypeSchema));
    },
    async getPriorities() {
      return must({ method: 'GET', path: '/rest/api/3/priority' }, z.array(z.looseObject({ id: z.string(), name: z.string() })));
    },
    async setIssueTypeProperty(issueTypeId, propertyKey, value) {
      if (!PROPERTY_KEY.test(propertyKey) || !/^\d+$/.test(issueTypeId))
        throw new JiraError({
          status: 400,
          method: 'PUT',
          path: '',
          message: `bad issue type ${issueTypeId} or property key "${propertyKey}"`,
        });
      await call(
        {
          method: 'PUT',
          path: `/rest/api/3/issuetype/${issueTypeId}/properties/${encodeURIComponent(propertyKey)}`,
          body: value,
        },
        nothing,
      );
    },
    async getStatuses() {
      return must({ method: 'GET', path: '/rest/api/3/status' }, z.array(JiraStatusSchema));
    },
    async getTransitions(key) {
      const body = await must(
        { method: 'GET', path: `/rest/api/3/issue/${encodeURIComponent(checkKey(key))}/transitions` },
        JiraTransitionsSchema,
      );
      return body.transitions;
    },
    async transitionIssue(key, transitionId) {
      await call(
        {
          method: 'POST',
          path: `/rest/api/3/issue/${encodeURIComponent(checkKey(key))}/transitions`,
          body: { transition: { id: transitionId } },
        },
        nothing,
      );
    },
    async getLinkTypes() {
      const body = await must(
        { method: 'GET', path: '/rest/api/3/issueLinkType' },
        z.looseObject({ issueLinkTypes: z.array(JiraLinkTypeSchema).default([]) }),
      );
      return body.issueLinkTypes;
    },
    async myself() {
      return must({ method: 'GET', path: '/rest/api/3/myself' }, JiraUserSchema);
    },
    async hasPermissions(permissions, projectKey) {
      const body = await must(
        { method: 'GET', path: '/rest/api/3/mypermissions', query: { permissions: permissions.join(','), projectKey } },
        JiraMyPermissionsSchema,
      );
      return Object.fromEntries(permissions.map((p) => [p, body.permissions[p]?.havePermission === true]));
    },
  };
}
