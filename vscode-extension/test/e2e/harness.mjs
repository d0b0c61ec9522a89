// Starts a real VS Code (code-server) with the packaged extension and drives its workbench
// with playwright-core + Debian chromium. Every wait is for a marker (a DOM element, a
// file, an HTTP answer); there are no fixed sleeps.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureToolchain } from './toolchain.mjs';

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
  // The web workbench saves after a delay by default; the desktop does not, and tests save when they mean to.
  'files.autoSave': 'off',
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
 * - `folders`: a multi-root workspace instead — `{ name: { files } }`, written as folders of a
 *   `.code-workspace` file (`workspace`, `copies` and `files` then go into the first folder);
 * - `trusted: false`: workspace trust on and the folder not trusted (Restricted Mode);
 * - `settings`: more user settings;
 * - `waitForActivation: false`: return once the workbench is up (the extension may never activate);
 * - `git: true`: the workspace is a git repository with everything committed, and git is on.
 * Every start gets its own scratch directory (the toolchain cache is shared between runs).
 */
export async function startVsCode({
  vsix,
  workspace,
  copies = [],
  files = {},
  env = {},
  folders,
  trusted = true,
  settings = {},
  browserArgs = [],
  waitForActivation = true,
  git = false,
}) {
  const tools = ensureToolchain();
  const scratch = mkdtempSync(join(tmpdir(), 'casewright-e2e-'));
  const dirs = {
    userData: join(scratch, 'user-data'),
    extensions: join(scratch, 'extensions'),
    xdg: join(scratch, 'xdg'),
    workspace: join(scratch, 'workspace'),
    profile: join(scratch, 'chromium-profile'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const writeFiles = (root, list) => {
    for (const [name, text] of Object.entries(list)) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), text);
    }
  };
  const names = folders ? Object.keys(folders) : [];
  const first = folders ? join(dirs.workspace, names[0]) : dirs.workspace;
  if (workspace) cpSync(workspace, first, { recursive: true });
  // Extra files from the repository (e.g. the example app and its target) into the workspace.
  for (const { from, to } of copies) cpSync(from, join(first, to), { recursive: true });
  writeFiles(first, files);
  let open = `folder=${encodeURIComponent(dirs.workspace)}`;
  if (folders) {
    for (const name of names) writeFiles(join(dirs.workspace, name), folders[name].files ?? {});
    const file = join(dirs.workspace, 'casewright.code-workspace');
    writeFileSync(file, JSON.stringify({ folders: names.map((path) => ({ path })) }, null, 2));
    open = `workspace=${encodeURIComponent(file)}`;
  }
  if (git) {
    const run = (...args) => {
      const result = spawnSync('git', ['-c', 'user.email=e2e@example.com', '-c', 'user.name=e2e', ...args], {
        cwd: first,
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
    };
    run('init', '-q');
    run('add', '-A');
    run('commit', '-qm', 'the workspace as the test starts');
  }
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  const trust = trusted
    ? {}
    : {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'always',
      };
  const gitOn = git ? { 'git.enabled': true, 'git.autoRepositoryDetection': true, 'git.openRepositoryInParentFolders': 'never' } : {};
  writeFileSync(
    join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...USER_SETTINGS, ...trust, ...gitOn, ...settings }, null, 2),
  );
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
      ...(trusted ? ['--disable-workspace-trust'] : []),
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
    const removeScratch = () => !process.env.CASEWRIGHT_E2E_KEEP && rmSync(scratch, { recursive: true, force: true });
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
    removeScratch();
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
        ...browserArgs,
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${url}/?${open}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const workbenchAt = Date.now();
    const activation = waitForActivation
      ? await waitFor('the extension activation marker', () => existsSync(marker) && JSON.parse(readFileSync(marker, 'utf8')), 90_000, 200)
      : undefined;
    return { page, url, dirs, marker, activation, workbenchAt, serverPid: server.pid, stop, serverLog: () => log.join('') };
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

/** CPU time (user + system, ms) the extension host of a code-server has used so far, read from /proc (Linux). */
export function extensionHostCpuMs(serverPid) {
  const children = (pid) =>
    readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          return readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1] === String(pid);
        } catch {
          return false;
        }
      });
  const stack = [String(serverPid)];
  while (stack.length) {
    const pid = stack.pop();
    for (const child of children(pid)) {
      const cmdline = readFileSync(`/proc/${child}/cmdline`, 'utf8');
      if (cmdline.includes('--type=extensionHost')) {
        const fields = readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1].split(' ');
        // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
      }
      stack.push(child);
    }
  }
  return undefined;
}
