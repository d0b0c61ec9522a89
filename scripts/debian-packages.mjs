// Installs the Debian packages the tests need (chromium for the real-VS-Code tests,
// libxml2-utils for the JUnit schema check) when they are missing, so a fresh CI
// machine needs nothing but Node and npm. As root it runs apt-get; otherwise it
// stops with the command to run.
import { spawnSync } from 'node:child_process';

/** True when dpkg lists the package as installed. */
export function hasDebianPackage(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/**
 * Installs those of `packages` that dpkg does not list with apt-get (as root) and
 * returns them. `log` prints each step; `why` says in the error who needs them.
 */
export function ensureDebianPackages(packages, { log = (message) => console.log(message), why = 'the tests' } = {}) {
  const missing = [...new Set(packages)].filter((name) => !hasDebianPackage(name));
  if (missing.length === 0) return [];
  if (process.getuid?.() !== 0) {
    throw new Error(`${why} need ${missing.join(' and ')}; run: sudo apt-get install -y ${missing.join(' ')}`);
  }
  // Another apt-get on the same machine holds the dpkg lock for a while: wait for it instead of failing.
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  for (const args of [
    [...lock, 'update'],
    [...lock, 'install', '-y', '--no-install-recommends', ...missing],
  ]) {
    log(`$ apt-get ${args.join(' ')}`);
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`);
  }
  return missing;
}
