import { z } from 'zod';

/** `jira` — owned by core/src/connectors/jira. */
export const JiraConfigShape = {
  jira: z.looseObject({}).optional().describe('Jira site and field mapping.'),
};
