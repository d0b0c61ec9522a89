// Plain values shared by frontends and resolvers. Kept apart from api.ts so the UI
// bundles do not pull in zod.
export const CASE_KINDS = ['manual', 'conversation'] as const;
/** Test-design techniques core's generator knows (checked against core in a test). */
export const TECHNIQUES = ['happy-path', 'negative', 'boundary', 'edge'] as const;
/** Prompt templates an admin may override (ids of core's built-in prompts). */
export const OVERRIDABLE_PROMPTS = ['generate-manual-cases', 'generate-conversation-cases'] as const;
export const PROVIDERS = ['openai', 'azure', 'anthropic', 'google', 'openai-compatible'] as const;
export type ProviderName = (typeof PROVIDERS)[number];
/** The most cases one save job takes (the panel saves a review in one job). */
export const MAX_SAVE = 500;
/**
 * Hosts the backend may call, as manifest.yml declares them (`permissions.external.fetch.backend`);
 * a test keeps the two equal. Other hosts need an admin's approval (customer-managed egress).
 */
export const DECLARED_BACKEND_HOSTS = [
  'api.openai.com',
  '*.openai.azure.com',
  '*.cognitiveservices.azure.com',
  '*.services.ai.azure.com',
  'api.anthropic.com',
  'generativelanguage.googleapis.com',
] as const;
/** Whether manifest.yml enables customer-managed egress (`permissions.external.configurable.enabled`). */
export const CONFIGURABLE_EGRESS = true;
/** The egress group the admin page asks Forge to add hosts to. */
export const EGRESS_GROUP = 'casewright-model-providers';
/**
 * Why a reviewer rejects a case: core's short list (`learning.REJECT_REASONS`, checked against
 * core in a test), with the words the panel shows. Plain values: the panel bundle has no core.
 */
export const REJECT_REASONS = ['duplicate', 'wrong-expectation', 'not-in-story', 'unclear', 'not-valuable', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  duplicate: 'duplicate of another case',
  'wrong-expectation': 'wrong expected result',
  'not-in-story': 'tests something the story does not ask for',
  unclear: 'unclear or badly written',
  'not-valuable': 'not worth running',
  other: 'other',
};
