// What the Marketplace needs from the extension's manifest, and what the .vsix must carry.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(import.meta.dirname, '../vscode-extension');
const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
const packaged = readFileSync(path.join(dir, '.vscodeignore'), 'utf8');

describe('the extension manifest', () => {
  it('is publishable: icon, license, repository, no private', () => {
    expect(manifest.private).toBeUndefined();
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository.url).toMatch(/^https:\/\/github\.com\//);
    expect(manifest.icon).toBe('images/icon.png');
    // A PNG of at least 128×128 (the Marketplace's minimum), shipped in the .vsix.
    const png = readFileSync(path.join(dir, manifest.icon));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)].every((side) => side >= 128)).toBe(true);
    expect(packaged).toContain(`!${manifest.icon}`);
    expect(existsSync(path.join(dir, 'LICENSE.md'))).toBe(true);
    expect(packaged).toContain('!LICENSE.md');
  });

  it('ships the bundles a run and core need, and declares Restricted Mode support', () => {
    for (const file of ['dist/extension.cjs', 'dist/core.cjs', 'dist/cli.mjs']) expect(packaged).toContain(`!${file}`);
    expect(manifest.capabilities.untrustedWorkspaces.supported).toBe('limited');
    expect(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations).toEqual(
      expect.arrayContaining(['casewright.target', 'casewright.configFile', 'casewright.jira.site']),
    );
  });

  it('offers Accept Actual and Update Baseline on the failure messages the extension marks', () => {
    const when = (menu: string) => manifest.contributes.menus[menu].map((m: { command: string; when: string }) => [m.command, m.when]);
    for (const menu of ['testing/message/context', 'testing/message/content']) {
      expect(when(menu)).toEqual([
        ['casewright.acceptActual', 'testMessage == casewright.accept'],
        ['casewright.updateBaseline', 'testMessage == casewright.baseline'],
      ]);
    }
  });

  it('offers Show Jira Analytics in the palette, next to the other Jira commands', () => {
    const ids = manifest.contributes.commands.map((c: { command: string }) => c.command);
    expect(manifest.contributes.commands).toContainEqual({
      command: 'casewright.jiraAnalytics',
      title: 'Show Jira Analytics',
      category: 'Casewright',
    });
    expect(ids.indexOf('casewright.jiraAnalytics')).toBe(ids.indexOf('casewright.jiraPush') + 1);
    // Not hidden from the palette.
    expect(manifest.contributes.menus.commandPalette.map((m: { command: string }) => m.command)).not.toContain('casewright.jiraAnalytics');
  });
});
