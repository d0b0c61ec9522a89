import { z } from 'zod';

/** The wire protocols Casewright speaks; `openai-compatible` is any server with OpenAI chat completions (Ollama, vLLM, LM Studio). */
export const ProviderTypeSchema = z.enum(['openai', 'azure', 'anthropic', 'google', 'openai-compatible', 'offline']);
export type ProviderType = z.infer<typeof ProviderTypeSchema>;

/** One provider connection under `providers:`; its key is the provider name used in `provider:model` ids. */
export const ProviderConfigSchema = z.strictObject({
  type: ProviderTypeSchema.describe('Which wire protocol the provider speaks.'),
  baseURL: z.url().optional().describe('Base URL (e.g. http://localhost:11434/v1 for Ollama). Azure: the resource endpoint.'),
  apiKeyEnv: z.string().min(1).optional().describe('Environment variable holding the key (default per type, e.g. OPENAI_API_KEY).'),
  apiVersion: z.string().min(1).optional().describe('Azure OpenAI api-version.'),
  deployment: z.string().min(1).optional().describe('Azure OpenAI deployment name (default: the model id).'),
  timeoutMs: z.number().int().positive().optional().describe('Per-call timeout for this provider.'),
  maxConcurrency: z.number().int().positive().optional().describe('Calls in flight at once to this provider (default 8).'),
  headers: z.record(z.string(), z.string()).optional().describe('Extra HTTP headers on every call.'),
});
export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;

/** `alias: provider:model` or `alias: {model, fallback: [...]}`. */
export const ModelAliasSchema = z.union([
  z.string().min(1),
  z.strictObject({
    model: z.string().min(1).describe('`provider:model` or another alias.'),
    fallback: z.array(z.string().min(1)).optional().describe('Tried in order when the model fails with a retryable error.'),
    temperature: z.number().min(0).max(2).optional(),
    maxOutputTokens: z.number().int().positive().optional(),
  }),
]);
export type ModelAlias = z.infer<typeof ModelAliasSchema>;

/** US dollars per one million tokens (audio models: also per audio token, minute or character). */
export const ModelPriceSchema = z.strictObject({
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cachedInput: z.number().nonnegative().optional(),
  audioInput: z.number().nonnegative().optional().describe('Per 1M audio input tokens (default: input).'),
  audioOutput: z.number().nonnegative().optional().describe('Per 1M audio output tokens (default: output).'),
  perMinute: z.number().nonnegative().optional().describe('Per minute of audio, for calls that report no tokens.'),
  perMillionCharacters: z.number().nonnegative().optional().describe('Per 1M characters spoken (speech priced by text).'),
  /** The date the price was read (YYYY-MM-DD). */
  asOf: z.string().optional(),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

export const BudgetsConfigSchema = z.strictObject({
  monthlyUsd: z.number().nonnegative().optional().describe('Monthly budget per org (the CLI user is org `default`).'),
  orgs: z
    .record(z.string(), z.strictObject({ monthlyUsd: z.number().nonnegative() }))
    .optional()
    .describe('Per-org overrides.'),
});
export type BudgetsConfig = z.infer<typeof BudgetsConfigSchema>;

export const CacheConfigSchema = z.strictObject({
  enabled: z.boolean().optional().describe('Cache responses on disk (default true for temperature 0 calls).'),
  dir: z.string().optional().describe('Where cached responses live (default .casewright/cache).'),
  ttlHours: z.number().positive().optional(),
});
export type CacheConfig = z.infer<typeof CacheConfigSchema>;

export const RouterConfigSchema = z.strictObject({
  maxRetries: z.number().int().min(0).max(10).optional().describe('Retries per model before falling back (default 2).'),
  initialDelayMs: z.number().int().min(0).optional(),
  maxDelayMs: z.number().int().min(0).optional(),
  timeoutMs: z.number().int().positive().optional().describe('Default per-call timeout (default 60000).'),
  coolDownAfterFailures: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      'Consecutive retryable failures before a model is skipped for coolDownMs (default 8; a degraded but working model keeps serving).',
    ),
  coolDownMs: z.number().int().positive().optional().describe('How long a cooling model is skipped (default 10000).'),
  totalTimeoutMs: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(
      "Total time every call through one router may take, retries, waits and fallbacks included, counted from the router's creation (a job's deadline). Past it a call fails with RetryError reason 'deadline'. Default: no limit.",
    ),
});
export type RouterConfig = z.infer<typeof RouterConfigSchema>;

/** `providers`, `models` (aliases / fallback chains), `budgets`, `cache`, `prices`, `router` — owned by core/src/llm. */
export const LlmConfigShape = {
  providers: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'provider names are lower-case letters, digits and -'), ProviderConfigSchema)
    .optional()
    .describe('Provider connections by name.'),
  models: z
    .record(z.string(), ModelAliasSchema)
    .optional()
    .describe('Model aliases and fallback chains; `default`, `generate`, `judge` and `target` pick the model for that purpose.'),
  budgets: BudgetsConfigSchema.optional(),
  cache: CacheConfigSchema.optional(),
  prices: z
    .record(z.string(), ModelPriceSchema)
    .optional()
    .describe('Price overrides per `provider:model` or model id (USD per 1M tokens).'),
  router: RouterConfigSchema.optional().describe('Retries, timeouts and cool-down.'),
};

/** The LLM part of the config, as the router takes it. */
export const LlmConfigSchema = z.object(LlmConfigShape);
export type LlmConfig = z.infer<typeof LlmConfigSchema>;
