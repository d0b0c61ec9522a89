// Installs the Debian tools the voice pipeline runs (espeak-ng, sox, pocketsphinx and its US
// English model), the way the e2e toolchain installs chromium: apt-get when one is missing and
// we are root, a clear instruction otherwise. A second call costs a few `dpkg-query`s.
// chromium comes along: the voice report test plays the report's audio in it (the e2e
// toolchain, which runs later in `npm test`, needs it anyway and then finds it installed).
import { spawnSync } from 'node:child_process';

export const VOICE_PACKAGES = ['espeak-ng', 'sox', 'pocketsphinx', 'pocketsphinx-en-us', 'chromium'] as const;

function installed(pkg: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function run(command: string, args: string[]): void {
  console.log(`[voice tools] $ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`);
}

/** Makes sure the voice tools are installed; throws with the command to run when they are not and cannot be. */
export function ensureVoiceTools(): void {
  const missing = VOICE_PACKAGES.filter((pkg) => !installed(pkg));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`the voice tests need ${missing.join(', ')}; run: sudo apt-get install -y ${missing.join(' ')}`);
  }
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing]);
}
