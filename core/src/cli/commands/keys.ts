import type { Command } from 'commander';
import { UsageError } from '../../errors/usage-error.js';
import type { KeyScope } from '../../keys/key-store.js';
import type { FileKeyStoreOptions } from '../../keys/file-key-store.js';
import { maskSecret } from '../../keys/mask.js';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import type { CommandContext } from '../context.js';
import { readSecret } from '../read-secret.js';

const SCOPES = ['user', 'project', 'org', 'system'] as const;

interface ScopeOptions {
  scope: KeyScope;
  scopeId?: string;
}

/** Built-in providers and those in the nearest casewright.config.yaml (none when it does not load). */
async function knownProviders(cwd: string): Promise<string[]> {
  const [{ loadConfig }, { BUILTIN_PROVIDERS }] = await Promise.all([import('../../config/config.js'), import('../../llm/registry.js')]);
  const configured = await loadConfig(cwd).then(
    (loaded) => Object.keys(loaded.config.providers ?? {}),
    () => [],
  );
  return [...new Set([...Object.keys(BUILTIN_PROVIDERS).filter((p) => p !== 'offline'), ...configured])];
}

function checkProvider(provider: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(provider))
    throw new UsageError(`'${provider}' is not a provider name (lower-case letters, digits and -, e.g. openai)`);
  return provider;
}

export function registerKeys(program: Command, ctx: CommandContext): void {
  const keys = program.command('keys').description('store provider API keys, encrypted (AES-256-GCM) under your config directory');
  // The store (node:crypto, the key file) loads when a keys command runs.
  const store = async () =>
    (await import('../../keys/file-key-store.js')).createFileKeyStore({ env: ctx.io.env } satisfies FileKeyStoreOptions);

  keys
    .command('set')
    .description('store the key for a provider; reads it from a hidden prompt or stdin, never from the command line')
    .argument('<provider>', 'provider name, e.g. openai, anthropic, google, or one from casewright.config.yaml')
    .option('--scope <scope>', 'user, project, org or system', ctx.choice(SCOPES), 'user')
    .option('--scope-id <id>', 'the project or org id for those scopes')
    .option('--from-env <VAR>', 'take the key from this environment variable instead of stdin')
    .option('--debug', 'print stack traces for errors')
    .action(
      ctx.action(async (provider: string, options: ScopeOptions & { fromEnv?: string }) => {
        checkProvider(provider);
        let secret: string;
        if (options.fromEnv) {
          const value = ctx.io.env[options.fromEnv];
          if (!value?.trim()) throw new UsageError(`environment variable ${options.fromEnv} is not set`);
          secret = value.trim();
        } else {
          secret = await readSecret(ctx.io, `API key for ${provider}: `);
        }
        const s = await store();
        await s.set(provider, secret, options.scope, options.scopeId);
        ctx.io.stderr(`✓ stored the ${options.scope} key for ${provider} (${maskSecret(secret)}) in ${s.file}\n`);
        const known = await knownProviders(ctx.io.cwd);
        if (!known.includes(provider)) {
          ctx.io.stderr(
            `note: no provider named '${provider}' is built in or configured (known: ${known.join(', ')}); a typo? The key is stored under '${provider}'.\n`,
          );
        }
        return EXIT_OK;
      }),
    );

  keys
    .command('list')
    .description('list stored keys (masked: last 4 characters at most) and keys found in the environment')
    .option('--scope <scope>', 'only this scope', ctx.choice(SCOPES))
    .option('--format <format>', 'text or json', ctx.choice(['text', 'json']), 'text')
    .option('--debug', 'print stack traces for errors')
    .action(
      ctx.action(async (options: { scope?: KeyScope; format: 'text' | 'json' }) => {
        const stored = await (await store()).list(options.scope);
        const { KEY_ENV_VARS } = await import('../../llm/provider-factory.js');
        const fromEnv = Object.entries(KEY_ENV_VARS).flatMap(([type, vars]) =>
          vars
            .filter((v) => ctx.io.env[v]?.trim())
            .map((v) => ({ provider: type, scope: 'env', source: v, masked: maskSecret(ctx.io.env[v]?.trim() ?? '') })),
        );
        const rows = [
          ...stored.map((k) => ({ provider: k.provider, scope: k.scope, source: 'key store', masked: k.masked, updatedAt: k.updatedAt })),
          ...(options.scope ? [] : fromEnv),
        ];
        if (options.format === 'json') {
          ctx.io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
          return EXIT_OK;
        }
        if (rows.length === 0) {
          ctx.io.stderr('no keys stored or found in the environment (add one with `casewright keys set <provider>`)\n');
          return EXIT_OK;
        }
        for (const r of rows) ctx.io.stdout(`${r.provider.padEnd(12)} ${r.scope.padEnd(8)} ${r.masked.padEnd(10)} ${r.source}\n`);
        return EXIT_OK;
      }),
    );

  keys
    .command('delete')
    .description('delete a stored key')
    .argument('<provider>', 'provider name')
    .option('--scope <scope>', 'user, project, org or system', ctx.choice(SCOPES), 'user')
    .option('--scope-id <id>', 'the project or org id for those scopes')
    .option('--debug', 'print stack traces for errors')
    .action(
      ctx.action(async (provider: string, options: ScopeOptions) => {
        checkProvider(provider);
        if (await (await store()).delete(provider, options.scope, options.scopeId)) {
          ctx.io.stderr(`✓ deleted the ${options.scope} key for ${provider}\n`);
          return EXIT_OK;
        }
        ctx.io.stderr(`casewright: no ${options.scope} key stored for ${provider}\n`);
        return EXIT_USAGE;
      }),
    );
}
