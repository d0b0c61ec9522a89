/**
 * A workspace: where the jobs of every front end (CLI, VS Code, the Jira app) run.
 * `openWorkspace` resolves the configuration once; the model router, the key resolver
 * and the Jira client are created on first use and then shared by every job run in it.
 * A front end opens a workspace, calls a job (`generateIntoCaseFile`, `runCaseFiles`,
 * `syncCaseFiles`, ...) and renders the data it returns; it never re-assembles a job
 * from core's modules.
 */
import path from 'node:path';
import { ConfigSchema, loadConfig, type CasewrightConfig, type LoadedConfig } from '../config/config.js';
import { UsageError } from '../errors/usage-error.js';
import { createKeyResolver, type KeyResolver } from '../keys/key-resolver.js';
import { createSecretMasker, secretsFromEnv, type SecretMasker } from '../util/secret-masker.js';
import type { KeyStore } from '../keys/key-store.js';
import type { BudgetLedger } from '../llm/budget.js';
import type { ModelRouter } from '../llm/model-router.js';
import { createRouterFromConfig } from '../llm/router-from-config.js';
import type { JiraClient } from '../connectors/jira/jira-client.js';
import type { JiraTransport } from '../connectors/jira/jira-transport.js';
import type { JiraRetryOptions } from '../connectors/jira/retrying-transport.js';
import type { DecisionStore } from './decisions-job.js';

/** Where a workspace reports what a person may want to read in a log (never secrets). */
export interface WorkspaceLogger {
  info?(message: string): void;
  warn?(message: string): void;
}

export interface WorkspaceOptions {
  /** The folder relative paths resolve against and `casewright.config.yaml` is searched from. */
  cwd: string;
  /** Environment for keys (`OPENAI_API_KEY`, `JIRA_API_TOKEN`, ...) and `${ENV}` in targets; default `process.env`. */
  env?: Record<string, string | undefined> | undefined;
  /** An explicit config file (`--config`); default: the nearest `casewright.config.yaml`. */
  configFile?: string | undefined;
  /** A configuration given in memory instead of a file (the Jira app builds it from the org's settings). */
  config?: Partial<CasewrightConfig> | undefined;
  /** Where stored keys come from: the file store (CLI), SecretStorage (VS Code), KVS (Forge). */
  keyStore?: KeyStore | undefined;
  /** How Jira is reached (Forge: `requestJira`); default: REST with an API token from the config and environment. */
  jiraTransport?: JiraTransport | undefined;
  /** Jira site and account e-mail, over `jira.site`/`jira.email` and `JIRA_BASE_URL`/`JIRA_EMAIL` (the editor's settings). */
  jiraAccount?: { site?: string | undefined; email?: string | undefined } | undefined;
  /** Retries of Jira calls (a UI resolver that must answer within 25 s waits less). */
  jiraRetry?: JiraRetryOptions | undefined;
  /** Timeout of one Jira REST call; default 30 s. */
  jiraTimeoutMs?: number | undefined;
  logger?: WorkspaceLogger | undefined;
  /** `fetch` for provider calls (tests, Forge's egress). */
  fetch?: typeof fetch | undefined;
  /** Where spend is recorded (Forge: KVS); default `.casewright/spend.json` beside the config. */
  ledger?: BudgetLedger | undefined;
  /** The model response cache; default on (`cache:` in the config decides), off with `--no-cache`. */
  cache?: boolean | undefined;
  /** Where review decisions are kept (Forge: KVS); default `.casewright/decisions.jsonl` beside the config. */
  decisionStore?: DecisionStore | undefined;
}

export interface Workspace {
  readonly cwd: string;
  readonly env: Record<string, string | undefined>;
  readonly config: CasewrightConfig;
  /** The config file in use; undefined for embedded defaults or an in-memory config. */
  readonly configFile: string | undefined;
  /** The directory relative paths in the config resolve against. */
  readonly configDir: string;
  readonly keys: KeyResolver;
  /**
   * Every secret this workspace knows of (credential-named environment variables, and each
   * key the key resolver finds): jobs mask them in everything they print or write.
   */
  readonly secrets: SecretMasker;
  readonly logger: WorkspaceLogger;
  /** The review decisions' store when not the default `.casewright/decisions.jsonl` (see `recordDecision`). */
  readonly decisionStore?: DecisionStore | undefined;
  /** The model router, created on first use (keys, retries, fallback, budget, cache). */
  router(): Promise<ModelRouter>;
  /** The Jira client, created on first use; a `UsageError` that says what to set when Jira is not configured. */
  jira(): Promise<JiraClient>;
  /** A path as messages show it: relative to `cwd` when inside it. */
  shown(file: string): string;
  /** A path resolved against `cwd`. */
  resolve(file: string): string;
}

/** The environment variable and key-store name of the Jira API token. */
export const JIRA_TOKEN_ENV = 'JIRA_API_TOKEN';
export const JIRA_KEY_NAME = 'jira';

/** Opens a workspace: loads (or takes) the configuration; everything else is created when a job first needs it. */
export async function openWorkspace(options: WorkspaceOptions): Promise<Workspace> {
  const cwd = path.resolve(options.cwd);
  const env = options.env ?? process.env;
  const loaded: LoadedConfig = options.config
    ? { config: ConfigSchema.parse(options.config), file: undefined, dir: cwd }
    : await loadConfig(cwd, options.configFile);
  const secrets = createSecretMasker(secretsFromEnv(env));
  const keys = createKeyResolver({ store: options.keyStore, env, onKey: (key) => secrets.add(key) });
  const logger = options.logger ?? {};
  let router: Promise<ModelRouter> | undefined;
  let jira: Promise<JiraClient> | undefined;
  const shown = (file: string) => {
    const relative = path.relative(cwd, file);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
  };

  const createJira = async (): Promise<JiraClient> => {
    const [{ createJiraClient }, { withJiraRetry }] = await Promise.all([
      import('../connectors/jira/jira-client.js'),
      import('../connectors/jira/retrying-transport.js'),
    ]);
    let transport = options.jiraTransport;
    if (!transport) {
      const section = loaded.config.jira;
      const site = options.jiraAccount?.site || section?.site || env.JIRA_BASE_URL;
      const email = options.jiraAccount?.email || section?.email || env.JIRA_EMAIL;
      if (!site) throw new UsageError('no Jira site: set jira.site in casewright.config.yaml or JIRA_BASE_URL');
      const token = await keys.resolve(JIRA_KEY_NAME, { envVars: [JIRA_TOKEN_ENV] });
      if (!email || !token)
        throw new UsageError(
          `no Jira credentials: set JIRA_EMAIL (or jira.email) and ${JIRA_TOKEN_ENV} (or store the token as the '${JIRA_KEY_NAME}' key)`,
        );
      const { createRestJiraTransport } = await import('../connectors/jira/rest-transport.js');
      transport = createRestJiraTransport({ baseUrl: site, email, apiToken: token.key, timeoutMs: options.jiraTimeoutMs });
    }
    return createJiraClient(withJiraRetry(transport, options.jiraRetry));
  };

  return {
    cwd,
    env,
    config: loaded.config,
    configFile: loaded.file,
    configDir: loaded.dir,
    keys,
    secrets,
    logger,
    decisionStore: options.decisionStore,
    router() {
      router ??= createRouterFromConfig(loaded, {
        env,
        keys,
        noCache: options.cache === false,
        ledger: options.ledger,
        fetch: options.fetch,
        logger: logger.warn
          ? { warn: (event, fields) => logger.warn?.(`${event}${fields ? ` ${JSON.stringify(fields)}` : ''}`) }
          : undefined,
      });
      // A failure (a bad provider entry) must not stick: the next job tries again.
      router.catch(() => (router = undefined));
      return router;
    },
    jira() {
      jira ??= createJira();
      jira.catch(() => (jira = undefined));
      return jira;
    },
    shown,
    resolve: (file) => path.resolve(cwd, file),
  };
}
