import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@casewright\/core\/testing$/, replacement: here('./core/src/testing/index.ts') },
      { find: /^@casewright\/core$/, replacement: here('./core/src/index.ts') },
    ],
  },
  test: {
    include: ['core/src/**/*.test.ts', 'test/**/*.test.ts', 'jira-app/**/*.test.{ts,tsx}', 'vscode-extension/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '.e2e/**'],
    sequence: { shuffle: true },
    reporters: ['default', './test/summary-reporter.ts'],
    // Installs espeak-ng, sox and pocketsphinx (Debian) when missing, for the voice tests.
    globalSetup: ['./test/voice/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
