import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const MANIFEST_PATH = path.resolve(import.meta.dirname, '../../manifest.yml');

interface Manifest {
  modules?: {
    function?: Array<{ key: string; handler: string; timeoutSeconds?: number }>;
    consumer?: Array<{ key: string; queue: string; function: string }>;
    'jira:entityProperty'?: Array<{ propertyKey: string; values: Array<{ path: string; searchAlias?: string }> }>;
  };
  permissions?: {
    scopes?: string[];
    external?: {
      fetch?: { backend?: Array<string | { address: string } | { remote: string }> };
      configurable?: { enabled?: boolean };
    };
  };
}

function manifest(): Manifest {
  return parse(readFileSync(MANIFEST_PATH, 'utf8')) as Manifest;
}

/** The scopes manifest.yml declares (what Forge grants the app). */
export function manifestScopes(): string[] {
  return manifest().permissions?.scopes ?? [];
}

/** The hosts backend code may fetch (`permissions.external.fetch.backend`, address objects or strings). */
export function manifestBackendEgress(): string[] {
  return (manifest().permissions?.external?.fetch?.backend ?? []).flatMap((e) =>
    typeof e === 'string' ? [e] : 'address' in e ? [e.address] : [],
  );
}

/** Whether admins may add egress at run time (`permissions.external.configurable.enabled`). */
export function manifestConfigurableEgress(): boolean {
  return manifest().permissions?.external?.configurable?.enabled === true;
}

/** Queue name -> the consumer function's key and its time limit in seconds (Forge's default is 25 s). */
export function manifestConsumers(): Map<string, { functionKey: string; timeoutSeconds: number }> {
  const m = manifest().modules ?? {};
  return new Map(
    (m.consumer ?? []).map((c) => [
      c.queue,
      { functionKey: c.function, timeoutSeconds: m.function?.find((f) => f.key === c.function)?.timeoutSeconds ?? 25 },
    ]),
  );
}

/** The entity-property paths Jira indexes for the app (`jira:entityProperty`), for JQL. */
export function manifestPropertyIndex(): Array<{ propertyKey: string; path: string; searchAlias?: string | undefined }> {
  return (manifest().modules?.['jira:entityProperty'] ?? []).flatMap((m) =>
    m.values.map((v) => ({ propertyKey: m.propertyKey, path: v.path, searchAlias: v.searchAlias })),
  );
}
