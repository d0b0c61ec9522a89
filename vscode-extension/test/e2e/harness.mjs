// Starts a real VS Code (code-server) with the packaged extension and drives its workbench
// with playwright-core + Debian chromium. Every wait is for a marker (a DOM element, a
// file, an HTTP answer); there are no fixed sleeps.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { CACHE, ensureToolchain } from './toolchain.mjs';

/** The quiet user settings from the recipe: no welcome page, AI features, telemetry, updates or git. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'git.enabled': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
};

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function waitFor(what, check, timeoutMs = 60_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
}

/**
 * Starts code-server on 127.0.0.1 with fresh user-data/extension dirs, installs the .vsix,
 * opens `workspace` (a directory copied into a scratch dir) in headless chromium.
 */
export async function startVsCode({ vsix, workspace, copies = [], files = {}, env = {} }) {
  const tools = ensureToolchain();
  const scratch = join(CACHE, 'run');
  rmSync(scratch, { recursive: true, force: true });
  const dirs = {
    userData: join(scratch, 'user-data'),
    extensions: join(scratch, 'extensions'),
    xdg: join(scratch, 'xdg'),
    workspace: join(scratch, 'workspace'),
    profile: join(scratch, 'chromium-profile'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  cpSync(workspace, dirs.workspace, { recursive: true });
  // Extra files from the repository (e.g. the example app and its target) into the workspace.
  for (const { from, to } of copies) cpSync(from, join(dirs.workspace, to), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dirs.workspace, name)), { recursive: true });
    writeFileSync(join(dirs.workspace, name), text);
  }
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const marker = join(scratch, 'activation.json');
  const baseEnv = {
    ...process.env,
    XDG_CONFIG_HOME: join(dirs.xdg, 'config'),
    XDG_DATA_HOME: join(dirs.xdg, 'data'),
    XDG_CACHE_HOME: join(dirs.xdg, 'cache'),
    CASEWRIGHT_ACTIVATION_MARKER: marker,
    ...env,
  };
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  const install = spawnSync(tools.node, [tools.codeServer, ...common, '--install-extension', vsix], { env: baseEnv, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`installing ${vsix} failed:\n${install.stdout}\n${install.stderr}`);

  const port = await freePort();
  const log = [];
  const server = spawn(
    tools.node,
    [
      tools.codeServer,
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      dirs.workspace,
    ],
    { env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout.on('data', (d) => log.push(String(d)));
  server.stderr.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  let browser;
  const stop = async () => {
    await browser?.close().catch(() => {});
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => {
          server.kill('SIGKILL');
          r();
        }, 5_000);
        server.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    }
  };
  try {
    await waitFor(
      'code-server /healthz',
      async () => {
        if (server.exitCode !== null) throw new Error(`code-server exited (${server.exitCode}):\n${log.join('')}`);
        const res = await fetch(`${url}/healthz`);
        return res.ok;
      },
      60_000,
      200,
    );
    browser = await chromium.launch({
      executablePath: tools.chromium,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${url}/?folder=${encodeURIComponent(dirs.workspace)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const activation = await waitFor(
      'the extension activation marker',
      () => existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')),
      90_000,
      200,
    );
    return { page, url, dirs, activation, stop, serverLog: () => log.join('') };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Runs a command through the palette (F1 → '>' + title → Enter). */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}

/**
 * Answers the input box titled `title` (the quick-input widget is reused between steps,
 * so waiting for the title is what tells one step's box from the next).
 */
export async function answerInput(page, title, text) {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).first().waitFor({ state: 'visible' });
  const input = page.locator('.quick-input-widget input');
  await input.fill(text);
  await page.keyboard.press('Enter');
}
