import { z } from 'zod';

/** The `jira:` section of casewright.config.yaml — owned by core/src/connectors/jira. */
export const JiraSectionSchema = z
  .strictObject({
    site: z
      .url({ message: 'must be the Jira site URL such as https://acme.atlassian.net' })
      .optional()
      .describe('The Jira site, e.g. https://acme.atlassian.net (or JIRA_BASE_URL).'),
    email: z
      .string()
      .min(3)
      .optional()
      .describe(
        'The account email the API token belongs to (or JIRA_EMAIL). The token itself only comes from JIRA_API_TOKEN or the key store.',
      ),
    project: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]+$/, { message: 'must be a Jira project key such as SHOP' })
      .optional()
      .describe("The project test-case issues are created in (default: the story's project)."),
    issueType: z
      .string()
      .min(1)
      .optional()
      .describe('Issue type of test-case issues (default: "Test" if the project has it, else "Task").'),
    linkType: z
      .string()
      .min(1)
      .default('Relates')
      .describe('Link type between a story and its test cases (by name, e.g. "Relates" or "Tests").'),
    executionIssueType: z
      .string()
      .min(1)
      .optional()
      .describe(
        'When set, `casewright run --jira` also records each execution as an issue of this type (e.g. "Test Execution" or "Task"), linked to its cases; unset: executions live on the case and story properties only.',
      ),
    acceptanceCriteriaField: z
      .string()
      .min(1)
      .optional()
      .describe('The custom field holding acceptance criteria, by id (customfield_10050) or name ("Acceptance criteria").'),
    priorities: z
      .strictObject({
        high: z.string().min(1).optional(),
        medium: z.string().min(1).optional(),
        low: z.string().min(1).optional(),
      })
      .optional()
      .describe(
        'The Jira priority (by name) a case of each priority gets, e.g. { high: Highest, medium: Medium, low: Low }; unset: the issue keeps the priority Jira gives it.',
      ),
    statuses: z
      .strictObject({
        draft: z.string().min(1).optional(),
        ready: z.string().min(1).optional(),
        deprecated: z.string().min(1).optional(),
      })
      .optional()
      .describe(
        "The Jira status (by name) a case's issue moves to when the case is created with, or changed to, each status, e.g. { ready: Ready, deprecated: Done }; the issue moves only along a transition its workflow offers. Unset: the status is left to Jira.",
      ),
  })
  .describe('Jira site and field mapping.');
export type JiraSection = z.infer<typeof JiraSectionSchema>;

/** `jira` — owned by core/src/connectors/jira. */
export const JiraConfigShape = {
  jira: JiraSectionSchema.optional(),
};
