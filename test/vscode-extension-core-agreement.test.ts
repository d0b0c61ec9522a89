import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// The extension reads target names without core (activation stays light); core's own
// discovery is the reference it must agree with, so this test sits beside both.
import { createMemoryKeyStore, loadConfig } from '@casewright/core';
import { discoverTargets } from '../core/src/run/targets/resolve-targets.js';
import { declaredTargetNames } from '../vscode-extension/src/testing/target-names.js';
import { KEY_ENV_VARS } from '../core/src/llm/provider-factory.js';
import { KEY_ENVIRONMENT, keyEnvironment } from '../vscode-extension/src/adapters/secret-key-store.js';

const root = path.resolve(import.meta.dirname, '..');

/** What core's own discovery finds for a folder (the CLI's `--target` names). */
async function coreNames(cwd: string): Promise<string[]> {
  const loaded = await loadConfig(cwd);
  const found = await discoverTargets({ cwd, configTargets: loaded.config.targets, configDir: loaded.dir });
  return [...found.keys()].sort();
}

describe('declaredTargetNames (the per-target run profiles)', () => {
  it('finds the names core finds: config targets (quoted, commented) and targets/ files by name or file name', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'casewright-targets-'));
    mkdirSync(path.join(dir, 'targets'));
    writeFileSync(
      path.join(dir, 'targets/staging.yaml'),
      '# the staging app\nname: staging-app\ntype: http\nurl: http://127.0.0.1:1/chat\n',
    );
    writeFileSync(path.join(dir, 'targets/local.yml'), 'type: command\ncommand: node\nargs: [app.js]\n');
    writeFileSync(
      path.join(dir, 'casewright.config.yaml'),
      [
        'providers:',
        '  openai: { type: openai }',
        'targets:',
        '  # the prompt as shipped',
        '  support-bot:',
        '    type: model',
        '    model: openai:gpt-4o-mini',
        '    system: You are the Acme support bot.',
        '  "echo":',
        '    type: command',
        '    command: cat',
        'judge: openai:gpt-4o-mini',
        '',
      ].join('\n'),
    );
    const names = await declaredTargetNames(dir);
    expect(names).toEqual(['echo', 'local', 'staging-app', 'support-bot']);
    expect(names).toEqual(await coreNames(dir));
  });

  it('agrees with core on the examples', async () => {
    const cwd = path.join(root, 'examples');
    expect(await declaredTargetNames(cwd)).toEqual(await coreNames(cwd));
    expect(await declaredTargetNames(cwd)).toEqual(['example-app', 'voice-bot-text']);
  });
});

describe('keyEnvironment (the keys a CLI run gets)', () => {
  it("gives the CLI child the stored keys under the variables core reads, leaving the user's own variables alone", async () => {
    for (const [provider, variable] of Object.entries(KEY_ENVIRONMENT)) {
      expect(KEY_ENV_VARS[provider as keyof typeof KEY_ENV_VARS]).toContain(variable);
    }
    const store = createMemoryKeyStore();
    await store.set('openai', 'sk-proj-abcdefghijklmnop1234', 'user');
    await store.set('anthropic', 'sk-ant-abcdefghijklmnop5678', 'user');
    await store.set('jira', 'ATATT3xFfGF0abcdefghijklmnopqrstuvwxyz9876', 'user');
    expect(await keyEnvironment(store, { ANTHROPIC_API_KEY: 'mine' })).toEqual({ OPENAI_API_KEY: 'sk-proj-abcdefghijklmnop1234' });
  });
});
