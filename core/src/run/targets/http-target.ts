// http target: the app under test behind an HTTP endpoint, called with got.
import type Handlebars from 'handlebars';
import { TargetError } from '../../errors/target-error.js';
import { UsageError } from '../../errors/usage-error.js';
import { createHttpEndpoint } from './http-endpoint.js';
import type { SecretMasker } from '../../util/secret-masker.js';
import { parseResponsePath, readPath } from './response-path.js';
import type { HttpTargetConfig } from '../../config/target-config.js';
import type { Target, TargetReply, TargetRequest } from './target.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const WHOLE_VALUE = /^\{\{\s*(messages|vars|case)\s*\}\}$/;

export interface HttpTargetOptions {
  name: string;
  config: HttpTargetConfig;
  /** The directory of the file that declares the target (start.cwd is relative to it). */
  baseDir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Learns the target's secrets (header values, expanded `${ENV}` values) and masks every message the target produces. */
  secrets?: SecretMasker | undefined;
}

type TemplateScope = Record<string, unknown>;

/** Whether a body template has text to render (not only `{{messages}}`-style whole values): only then is handlebars loaded. */
function needsHandlebars(template: unknown): boolean {
  if (typeof template === 'string') return !WHOLE_VALUE.test(template);
  if (Array.isArray(template)) return template.some(needsHandlebars);
  if (template !== null && typeof template === 'object') return Object.values(template).some(needsHandlebars);
  return false;
}

function compileBody(template: unknown, hb: typeof Handlebars | undefined): (scope: TemplateScope) => unknown {
  if (typeof template === 'string') {
    const whole = WHOLE_VALUE.exec(template);
    if (whole) return (scope) => scope[whole[1]!];
    const render = hb!.compile(template, { noEscape: true, strict: true });
    return (scope) => render(scope);
  }
  if (Array.isArray(template)) {
    const items = template.map((t) => compileBody(t, hb));
    return (scope) => items.map((item) => item(scope));
  }
  if (template !== null && typeof template === 'object') {
    const entries = Object.entries(template).map(([k, v]) => [k, compileBody(v, hb)] as const);
    return (scope) => Object.fromEntries(entries.map(([k, render]) => [k, render(scope)]));
  }
  return () => template;
}

/** Creates an http target. `${ENV}` in url and headers is expanded now; header values never appear in errors. */
export function createHttpTarget(options: HttpTargetOptions): Target {
  const { config, name } = options;
  const where = `target '${name}'`;
  const template = config.body ?? { messages: '{{messages}}', vars: '{{vars}}' };
  // handlebars loads with the first request, and only for a template with text to render.
  let renderer: Promise<(scope: TemplateScope) => unknown> | undefined;
  const renderBody = async (scope: TemplateScope): Promise<unknown> => {
    renderer ??= (async () => {
      let hb: typeof Handlebars | undefined;
      if (needsHandlebars(template)) {
        hb = (await import('handlebars')).default.create();
        hb.registerHelper('json', (value: unknown) => JSON.stringify(value));
      }
      try {
        return compileBody(template, hb);
      } catch (error) {
        throw new UsageError(`${where}: the body template does not compile: ${(error as Error).message}`);
      }
    })();
    return (await renderer)(scope);
  };
  const responsePath = config.responsePath ? parseResponsePath(config.responsePath) : undefined;
  const endpoint = createHttpEndpoint({
    where,
    url: config.url,
    headers: config.headers,
    start: config.start,
    baseDir: options.baseDir,
    env: options.env,
    secrets: options.secrets,
  });
  // Every message this target produces goes through here: what the app answered or printed may echo a key.
  const clean = endpoint.mask;
  const method = config.method ?? 'POST';
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return {
    name,
    type: 'http',
    start: (signal) => endpoint.start(signal),
    stop: () => endpoint.stop(),
    async call(request: TargetRequest): Promise<TargetReply> {
      const url = endpoint.url();
      const lastUser = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
      const scope: TemplateScope = {
        messages: request.messages,
        vars: request.vars,
        case: request.case,
        turn: request.turn,
        prompt: lastUser,
        lastUserMessage: lastUser,
      };
      let body: unknown;
      try {
        body = method === 'GET' ? undefined : await renderBody(scope);
      } catch (error) {
        throw new TargetError(clean(`${where}: the body template failed: ${(error as Error).message}`));
      }
      const send = await endpoint.http();
      const started = performance.now();
      let response;
      try {
        response = await send(url, {
          method,
          headers: endpoint.headers,
          ...(body === undefined ? {} : typeof body === 'string' ? { body } : { json: body }),
          timeout: { request: timeout },
          signal: request.signal,
        });
      } catch (error) {
        const err = error as Error & { code?: string };
        const what = err.name === 'TimeoutError' || err.code === 'ETIMEDOUT' ? `no answer within ${timeout} ms` : err.message;
        throw new TargetError(clean(`${where}: ${method} ${url} failed: ${what}`), { code: 'TARGET_HTTP' });
      }
      const latencyMs = performance.now() - started;
      const text = response.body;
      if (response.statusCode < 200 || response.statusCode >= 300) {
        throw new TargetError(clean(`${where}: ${method} ${url} answered HTTP ${response.statusCode}: ${text.slice(0, 300)}`), {
          code: 'TARGET_HTTP',
        });
      }
      if (!responsePath) return { output: text, latencyMs };
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new TargetError(
          clean(`${where}: the answer is not JSON, so responsePath '${config.responsePath}' cannot be read: ${text.slice(0, 200)}`),
          { code: 'TARGET_RESPONSE' },
        );
      }
      const value = readPath(json, responsePath);
      if (value === undefined || value === null) {
        throw new TargetError(clean(`${where}: responsePath '${config.responsePath}' is not in the answer: ${text.slice(0, 200)}`), {
          code: 'TARGET_RESPONSE',
        });
      }
      return { output: typeof value === 'string' ? value : JSON.stringify(value), latencyMs };
    },
  };
}
