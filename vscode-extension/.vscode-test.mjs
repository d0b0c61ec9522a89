// The standard runner (@vscode/test-cli + @vscode/test-electron) for machines that can
// download VS Code: `npm run test:integration -w vscode-extension`. It runs the integration
// tests inside the extension host against the e2e workspace. CI here cannot download VS Code
// and uses the code-server path instead (test/e2e, `npm run test:e2e` at the root).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  files: 'test/integration/**/*.test.cjs',
  workspaceFolder: './test/e2e/workspace',
  extensionDevelopmentPath: '.',
  launchArgs: ['--disable-extensions'],
  mocha: { ui: 'tdd', timeout: 60_000 },
});
