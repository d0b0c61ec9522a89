import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverTargets, loadConfig } from '@casewright/core';
import { declaredTargetNames } from './target-names.js';

const root = path.resolve(import.meta.dirname, '../../..');

/** What core's own discovery finds for a folder (the CLI's `--target` names). */
async function coreNames(cwd: string): Promise<string[]> {
  const loaded = await loadConfig(cwd);
  const found = await discoverTargets({ cwd, configTargets: loaded.config.targets, configDir: loaded.dir });
  return [...found.keys()].sort();
}

describe('declaredTargetNames', () => {
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
