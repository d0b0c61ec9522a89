// What the http and voice targets share about the app under test: the app the runner may start
// for the run (`start:`), the URL with `${PORT}` and `${ENV}` expanded, the headers with `${ENV}`
// expanded, the secrets to mask in every message, and got, loaded on first use.
import path from 'node:path';
import type { Got } from 'got';
import { expandEnv, maskSecrets } from './expand-env.js';
import { startApp, type RunningApp } from './app-process.js';
import { createSecretMasker, type SecretMasker } from '../../util/secret-masker.js';
import type { StartSpec } from '../../config/target-config.js';

export interface AppUnderTestOptions {
  start: StartSpec | undefined;
  /** The directory of the file that declares the target (start.cwd is relative to it). */
  baseDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Masks what the app prints before it reaches a message (it may print its environment). */
  clean?: ((text: string) => string) | undefined;
}

/** Starts the app of `start:` (if any) and stops it; `port` is its port once started. */
export function createAppUnderTest(options: AppUnderTestOptions) {
  let app: RunningApp | undefined;
  return {
    get port(): number | undefined {
      return app?.port;
    },
    async start(signal: AbortSignal): Promise<void> {
      if (!options.start) return;
      app = await startApp(
        options.start,
        path.resolve(options.baseDir, options.start.cwd ?? '.'),
        { ...process.env, ...options.env },
        signal,
        options.clean,
      );
    },
    async stop(): Promise<void> {
      await app?.stop();
      app = undefined;
    },
  };
}

export interface HttpEndpointOptions extends AppUnderTestOptions {
  /** `target '<name>'`, for messages. */
  where: string;
  url: string;
  headers: Record<string, string> | undefined;
  /** Learns the endpoint's secrets (header values, expanded `${ENV}` values) and masks every message with the run's others. */
  secrets?: SecretMasker | undefined;
}

/** The app under test over HTTP. `${ENV}` in headers is expanded now; header values never appear in errors. */
export function createHttpEndpoint(options: HttpEndpointOptions) {
  const { where } = options;
  const masker = options.secrets ?? createSecretMasker();
  const secrets: string[] = [];
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.headers ?? {})) {
    const expanded = expandEnv(value, options.env, `${where}, header ${key}`);
    headers[key] = expanded.text;
    // Every header value is treated as secret, expanded or not.
    secrets.push(...expanded.secrets, ...(expanded.text.length >= 4 ? [expanded.text] : []));
  }
  masker.add(...secrets);
  const mask = (text: string) => masker.mask(maskSecrets(text, secrets));
  const app = createAppUnderTest({ ...options, clean: mask });
  let url: string | undefined;
  // got is loaded on first use, so commands that never call an http target start without it.
  let client: Promise<Got> | undefined;
  const resolveUrl = () => {
    const port = app.port;
    const expanded = expandEnv(
      port === undefined ? options.url : options.url.replaceAll('${PORT}', String(port)),
      options.env,
      `${where}, url`,
    );
    secrets.push(...expanded.secrets);
    masker.add(...expanded.secrets);
    return expanded.text;
  };
  return {
    headers,
    /** The URL, with the started app's port. */
    url: () => (url ??= resolveUrl()),
    /** `text` with every header value, expanded `${ENV}` value and known secret replaced by `***`. */
    mask,
    http: () =>
      (client ??= import('got').then(({ got }) => got.extend({ retry: { limit: 0 }, throwHttpErrors: false, followRedirect: true }))),
    async start(signal: AbortSignal): Promise<void> {
      await app.start(signal);
      url = resolveUrl();
    },
    stop: () => app.stop(),
  };
}
