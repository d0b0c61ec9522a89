import { z } from 'zod';

/** A case id: a UUID (any version), stable for the life of the case. */
export const CaseIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    message: 'must be a UUID such as 3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b10',
  })
  .describe('Stable identifier of the case (a UUID). Never reuse or change it: Jira sync and run history follow it.');
export type CaseId = z.infer<typeof CaseIdSchema>;

/** A Jira issue key such as SHOP-123. */
export const JiraKeySchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/, { message: 'must be a Jira issue key such as SHOP-123' })
  .describe('A Jira issue key such as SHOP-123.');

/** An acceptance-criterion id such as AC-1. */
export const CriterionIdSchema = z
  .string()
  .regex(/^AC-[1-9][0-9]*$/, { message: 'must be an acceptance-criterion id such as AC-1' })
  .describe('An acceptance-criterion id such as AC-1.');

/** ISO-8601 date-time with offset. */
export const TimestampSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 date-time such as 2026-01-31T09:30:00Z' })
  .describe('ISO-8601 date-time, e.g. 2026-01-31T09:30:00Z.');

/** A `provider:model` id, e.g. `openai:gpt-4o-mini`, or a model alias from the config. */
export const ModelRefSchema = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9_.-]+(:[^\s]+)?$/, { message: "must be 'provider:model' (e.g. openai:gpt-4o-mini) or an alias" })
  .describe("A model as 'provider:model' (e.g. openai:gpt-4o-mini) or an alias defined in casewright.config.yaml.");

export const PrioritySchema = z.enum(['high', 'medium', 'low']).describe('How much a failure of this case matters.');
export type Priority = z.infer<typeof PrioritySchema>;

export const StatusSchema = z
  .enum(['draft', 'ready', 'deprecated'])
  .describe('draft: not yet reviewed; ready: reviewed and run; deprecated: kept for history, not run.');
export type Status = z.infer<typeof StatusSchema>;

export const TagSchema = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[^\s,]+$/, { message: 'must be one word without spaces or commas' });
