import type { Command } from 'commander';
import type { LlmConfig } from '../../config/llm-config.js';
import { CasewrightError } from '../../errors/casewright-error.js';
import type { LlmCallError } from '../../errors/llm-call-error.js';
import { UsageError } from '../../errors/usage-error.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { CommandContext } from '../context.js';

interface ProviderRow {
  name: string;
  type: string;
  baseURL: string | undefined;
  key: string;
  hasKey: boolean;
}

async function describeProviders(ctx: CommandContext, configFile: string | undefined) {
  const [
    { loadConfig },
    { LlmConfigSchema },
    { createFileKeyStore },
    { createKeyResolver, describeKeySource },
    { keyEnvVars, needsKey },
    { BUILTIN_PROVIDERS },
  ] = await Promise.all([
    import('../../config/config.js'),
    import('../../config/llm-config.js'),
    import('../../keys/file-key-store.js'),
    import('../../keys/key-resolver.js'),
    import('../../llm/provider-factory.js'),
    import('../../llm/registry.js'),
  ]);
  const loaded = await loadConfig(ctx.io.cwd, configFile);
  const config: LlmConfig = LlmConfigSchema.parse(loaded.config);
  const providers = { ...BUILTIN_PROVIDERS, ...config.providers };
  const keys = createKeyResolver({ store: createFileKeyStore({ env: ctx.io.env }), env: ctx.io.env });
  const rows: ProviderRow[] = [];
  for (const [name, p] of Object.entries(providers)) {
    if (p.type === 'offline') continue;
    const resolved = await keys.resolve(name, { envVars: keyEnvVars(p) });
    const hasKey = Boolean(resolved) || !needsKey(p.type);
    const key = resolved
      ? `from ${describeKeySource(resolved)}`
      : needsKey(p.type)
        ? `no key (${[...keyEnvVars(p), `casewright keys set ${name}`].join(' or ')})`
        : 'no key needed';
    rows.push({ name, type: p.type, baseURL: p.baseURL, key, hasKey });
  }
  return { config, rows, keys };
}

/** What a failed test call means for the user, in a few words. */
function verdict(error: unknown): string {
  const e = (
    CasewrightError.isInstance(error) && error.code === 'LLM_RETRY' ? (error as unknown as { lastError: unknown }).lastError : error
  ) as LlmCallError | undefined;
  if (!CasewrightError.isInstance(e) || e.code !== 'LLM_CALL') return `error: ${error instanceof Error ? error.message : String(error)}`;
  switch (e.kind) {
    case 'auth':
      return 'invalid key';
    case 'quota':
      return 'no quota';
    case 'connection':
    case 'timeout':
      return 'unreachable';
    case 'rate-limit':
      return 'rate limited (the key works; try again later)';
    case 'not-found':
      return 'model not found';
    default:
      return `error: ${e.message}`;
  }
}

export function registerProviders(program: Command, ctx: CommandContext): void {
  const providers = program.command('providers').description('LLM providers: which are configured, and whether their keys work');

  providers
    .command('list')
    .description('list providers, where their keys come from (never the keys), and model aliases')
    .option('--config <file>', 'casewright.config.yaml to use (default: the nearest one)')
    .option('--format <format>', 'text or json', ctx.choice(['text', 'json']), 'text')
    .option('--debug', 'print stack traces for errors')
    .action(
      ctx.action(async (options: { config?: string; format: 'text' | 'json' }) => {
        const { config, rows } = await describeProviders(ctx, options.config);
        if (options.format === 'json') {
          ctx.io.stdout(`${JSON.stringify({ providers: rows, models: config.models ?? {} }, null, 2)}\n`);
          return EXIT_OK;
        }
        for (const r of rows) ctx.io.stdout(`${r.name.padEnd(12)} ${r.type.padEnd(18)} ${r.key}${r.baseURL ? `  ${r.baseURL}` : ''}\n`);
        for (const [alias, target] of Object.entries(config.models ?? {})) {
          const text = typeof target === 'string' ? target : [target.model, ...(target.fallback ?? [])].join(' -> ');
          ctx.io.stdout(`alias ${alias.padEnd(10)} ${text}\n`);
        }
        return EXIT_OK;
      }),
    );

  providers
    .command('test')
    .description('make one cheap real call per provider that has a key: OK / invalid key / no quota / unreachable')
    .argument('[names...]', 'only these providers')
    .option('--config <file>', 'casewright.config.yaml to use (default: the nearest one)')
    .option('--model <provider:model>', 'the model to call (default: a small model of each provider)')
    .option('--timeout <ms>', 'per-call timeout in ms', ctx.positiveInt('--timeout'), 20_000)
    .option('--debug', 'print stack traces for errors')
    .action(
      ctx.action(async (names: string[], options: { config?: string; model?: string; timeout: number }) => {
        const { config, rows, keys } = await describeProviders(ctx, options.config);
        for (const n of names)
          if (!rows.some((r) => r.name === n))
            throw new UsageError(`no provider named '${n}'; known: ${rows.map((r) => r.name).join(', ')}`);
        const [{ createRouter }, { DEFAULT_MODEL_BY_TYPE }] = await Promise.all([
          import('../../llm/router.js'),
          import('../../llm/registry.js'),
        ]);
        const router = createRouter(
          { ...config, router: { ...config.router, maxRetries: 0, timeoutMs: options.timeout } },
          { env: ctx.io.env, keys },
        );
        const chosen = names.length > 0 ? rows.filter((r) => names.includes(r.name)) : rows.filter((r) => r.hasKey);
        if (chosen.length === 0) {
          ctx.io.stderr(
            'no provider has a key; add one with `casewright keys set <provider>` or an environment variable (see docs/providers.md)\n',
          );
          return EXIT_FINDINGS;
        }
        let failed = 0;
        for (const row of chosen) {
          const aliasModel = Object.values(config.models ?? {})
            .map((m) => (typeof m === 'string' ? m : m.model))
            .find((m) => m.startsWith(`${row.name}:`));
          const fallbackModel = DEFAULT_MODEL_BY_TYPE[row.type as keyof typeof DEFAULT_MODEL_BY_TYPE];
          const model = options.model?.startsWith(`${row.name}:`)
            ? options.model
            : (aliasModel ?? (fallbackModel ? `${row.name}:${fallbackModel}` : undefined));
          if (!row.hasKey) {
            failed++;
            ctx.io.stdout(`${row.name.padEnd(12)} ✗ ${row.key}\n`);
            continue;
          }
          if (!model) {
            failed++;
            ctx.io.stdout(`${row.name.padEnd(12)} ✗ no model to test (pass --model ${row.name}:<model> or add an alias)\n`);
            continue;
          }
          const started = Date.now();
          try {
            await router.generateText({
              model,
              messages: [{ role: 'user', content: 'Reply with OK.' }],
              maxOutputTokens: 16,
              temperature: 0,
              cache: false,
              abortSignal: ctx.signal,
            });
            ctx.io.stdout(`${row.name.padEnd(12)} ✓ OK (${model}, ${Date.now() - started} ms)\n`);
          } catch (error) {
            failed++;
            ctx.io.stdout(`${row.name.padEnd(12)} ✗ ${verdict(error)} (${model})\n`);
          }
        }
        return failed > 0 ? EXIT_FINDINGS : EXIT_OK;
      }),
    );
}
