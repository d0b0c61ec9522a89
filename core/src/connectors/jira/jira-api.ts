/**
 * Wire shapes of the Jira Cloud platform REST API v3 that Casewright reads,
 * as zod schemas (loose: Jira adds fields freely). Shapes follow
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/ (groups Issues,
 * Issue search, Issue links, Issue link types, Issue properties, Projects,
 * Workflow statuses, Myself, Permissions).
 */
import { z } from 'zod';

export const JiraIssueSchema = z.looseObject({
  id: z.string(),
  key: z.string(),
  fields: z.record(z.string(), z.unknown()).default({}),
  /** Present with `expand=names`: field id -> display name. */
  names: z.record(z.string(), z.string()).optional(),
  /** Present when `properties=` asked for entity properties (search and get). */
  properties: z.record(z.string(), z.unknown()).optional(),
});
export type JiraIssue = z.infer<typeof JiraIssueSchema>;

/** POST /rest/api/3/search/jql ("Search for issues using JQL enhanced search"). */
export const JiraSearchPageSchema = z.looseObject({
  issues: z.array(JiraIssueSchema).default([]),
  nextPageToken: z.string().nullish(),
  isLast: z.boolean().optional(),
});

export const JiraCreatedIssueSchema = z.looseObject({ id: z.string(), key: z.string() });

/** POST /rest/api/3/issue/bulk ("Bulk create issue"): 201 with the created issues and the failed elements (400 when all failed). */
export const JiraBulkCreatedSchema = z.looseObject({
  issues: z.array(JiraCreatedIssueSchema).default([]),
  errors: z
    .array(
      z.looseObject({
        status: z.number().optional(),
        failedElementNumber: z.number().int(),
        elementErrors: z
          .looseObject({ errorMessages: z.array(z.string()).default([]), errors: z.record(z.string(), z.string()).default({}) })
          .default({ errorMessages: [], errors: {} }),
      }),
    )
    .default([]),
});
export type JiraBulkCreated = z.infer<typeof JiraBulkCreatedSchema>;

export const JiraIssueTypeSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  subtask: z.boolean().optional(),
});
export type JiraIssueType = z.infer<typeof JiraIssueTypeSchema>;

export const JiraProjectSchema = z.looseObject({
  id: z.string(),
  key: z.string(),
  name: z.string().optional(),
  issueTypes: z.array(JiraIssueTypeSchema).default([]),
});
export type JiraProject = z.infer<typeof JiraProjectSchema>;

/** A workflow status (StatusDetails): what `fields.status` holds and GET /rest/api/3/status lists. */
export const JiraStatusSchema = z.looseObject({ id: z.string().optional(), name: z.string() });

/** GET /rest/api/3/issue/{issueIdOrKey}/transitions: the transitions the caller may perform from the issue's status. */
export const JiraTransitionsSchema = z.looseObject({
  transitions: z
    .array(z.looseObject({ id: z.string(), name: z.string(), to: JiraStatusSchema, isAvailable: z.boolean().optional() }))
    .default([]),
});
export type JiraTransition = z.infer<typeof JiraTransitionsSchema>['transitions'][number];

export const JiraLinkTypeSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  inward: z.string(),
  outward: z.string(),
});
export type JiraLinkType = z.infer<typeof JiraLinkTypeSchema>;

export const JiraUserSchema = z.looseObject({
  accountId: z.string(),
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
});
export type JiraUser = z.infer<typeof JiraUserSchema>;

/** One entry of an issue's `issuelinks` field. */
export const JiraIssueLinkSchema = z.looseObject({
  id: z.string().optional(),
  type: z.looseObject({ name: z.string(), inward: z.string().optional(), outward: z.string().optional() }),
  inwardIssue: z.looseObject({ id: z.string().optional(), key: z.string() }).optional(),
  outwardIssue: z.looseObject({ id: z.string().optional(), key: z.string() }).optional(),
});
export type JiraIssueLink = z.infer<typeof JiraIssueLinkSchema>;

/** GET /rest/api/3/mypermissions: `{permissions: {KEY: {havePermission}}}`. */
export const JiraMyPermissionsSchema = z.looseObject({
  permissions: z.record(z.string(), z.looseObject({ havePermission: z.boolean() })),
});
