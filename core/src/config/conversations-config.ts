import { z } from 'zod';

/** `conversations` (BigQuery table, column mapping, cost guard) — owned by core/src/connectors/conversations. */
export const ConversationsConfigShape = {
  conversations: z.looseObject({}).optional().describe('Where logged conversations are read from.'),
};
