import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const MANIFEST_PATH = path.resolve(import.meta.dirname, '../../manifest.yml');

/** The scopes manifest.yml declares (what Forge grants the app). */
export function manifestScopes(): string[] {
  const manifest = parse(readFileSync(MANIFEST_PATH, 'utf8')) as { permissions?: { scopes?: string[] } };
  return manifest.permissions?.scopes ?? [];
}
