/**
 * Error and permission states of the UI Kit pages, rendered by the real
 * @forge/react reconciler over the real resolvers (one tree per test file: UI Kit
 * has no unmount).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBridge, waitForText, type Bridge } from '../../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../../test/servers/forge-app.js';

const bridge: Bridge = installBridge();
let app: ForgeApp;

beforeAll(async () => {
  app = await startForgeApp();
});
afterAll(() => app.close());

describe('issue panel errors', () => {
  it('shows an error message (not a stack) when the story cannot be read', async () => {
    const { ForgeReconciler } = await import('./render.js');
    const { IssuePanel } = await import('./issue-panel.js');
    const { callResolver } = await import('../forge-adapters/browser.js');
    bridge.connect(app.handler as never, { accountId: 'user-1', extension: { type: 'jira:issuePanel', issue: { key: 'SHOP-999' }, project: { key: 'SHOP' } } });
    ForgeReconciler.render(<IssuePanel call={callResolver} pollMs={10} />);
    const text = await waitForText(bridge, (t) => t.includes('Could not load the story'));
    expect(text).toContain('Issue does not exist or you do not have permission to see it.');
    expect(text).toContain('Try again');
    expect(text).not.toMatch(/at .+\.(ts|js):\d+/);
  });
});
