// Installs the Debian tools the voice pipeline runs (espeak-ng, sox, pocketsphinx and its US
// English model) through the repository's one Debian installer (scripts/debian-packages.mjs, as
// the JUnit schema test installs xmllint and the e2e toolchain chromium): apt-get when one is
// missing and we are root, a clear instruction otherwise. A second call costs a few `dpkg-query`s.
// chromium comes along: the voice report test plays the report's audio in it (the e2e
// toolchain, which runs later in `npm test`, needs it anyway and then finds it installed).
import { ensureDebianPackages } from '../../scripts/debian-packages.mjs';

export const VOICE_PACKAGES = ['espeak-ng', 'sox', 'pocketsphinx', 'pocketsphinx-en-us', 'chromium'] as const;

/** Makes sure the voice tools are installed; throws with the command to run when they are not and cannot be. */
export function ensureVoiceTools(): void {
  ensureDebianPackages(VOICE_PACKAGES, { log: (message) => console.log(`[voice tools] ${message}`), why: 'the voice tests' });
}
