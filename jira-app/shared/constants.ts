// Plain values shared by frontends and resolvers. Kept apart from api.ts so the UI
// bundles do not pull in zod.
export const CASE_KINDS = ['manual', 'conversation'] as const;
/** Test-design techniques core's generator knows (checked against core in a test). */
export const TECHNIQUES = ['happy-path', 'negative', 'boundary', 'edge'] as const;
/** Prompt templates an admin may override (ids of core's built-in prompts). */
export const OVERRIDABLE_PROMPTS = ['generate-manual-cases', 'generate-conversation-cases'] as const;
export const PROVIDERS = ['openai', 'azure', 'anthropic', 'google', 'openai-compatible'] as const;
export type ProviderName = (typeof PROVIDERS)[number];
