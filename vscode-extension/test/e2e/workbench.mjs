// Driving VS Code's workbench as a user does: the palette, quick open, the Testing view,
// notifications, editors and webviews. Every wait is for something on the page.
import { answerInput, runCommand, waitFor } from './harness.mjs';

/** Helpers bound to one page of the workbench. */
export function workbench(page) {
  const rows = () => page.locator('.test-explorer .monaco-list-row');

  async function row(label) {
    const locator = rows().filter({ hasText: label }).first();
    await locator.waitFor({ state: 'visible', timeout: 30_000 });
    return locator;
  }

  return {
    page,
    rows,
    row,
    command: (title) => runCommand(page, title),
    answer: (title, text) => answerInput(page, title, text),

    async expand(label) {
      const r = await row(label);
      if ((await r.getAttribute('aria-expanded')) === 'false') await r.locator('.monaco-tl-twistie').click();
      await waitFor(`${label} to expand`, async () => (await r.getAttribute('aria-expanded')) === 'true', 10_000);
    },

    /** Hovers a Testing view row and clicks one of its inline actions (`run`, `coverage`, `turn-continuous-run-on`). */
    async rowAction(label, action = 'run') {
      const r = await row(label);
      await r.hover();
      await r.locator(`.codicon-testing-${action === 'run' ? 'run-icon' : action === 'coverage' ? 'coverage-icon' : action}`).click();
      return r;
    },

    /** Waits for a row's state icon: `passed`, `failed`, `skipped`, `errored`. */
    async rowState(label, state, timeout = 60_000) {
      const r = await row(label);
      await r.locator(`.codicon-testing-${state}-icon`).waitFor({ timeout });
      return r;
    },

    /** Runs the row's test with a profile from its context menu ("Execute Using Profile..."). */
    async runWithProfile(label, profile) {
      // The context menu sometimes takes the click before its action is wired (a loaded machine),
      // and no picker opens; the menu is opened again (up to three times) rather than once.
      const option = page.locator('.quick-input-widget .monaco-list-row', { hasText: profile }).first();
      for (let attempt = 1; ; attempt++) {
        const r = await row(label);
        await r.click();
        await r.click({ button: 'right' });
        await page.locator('.monaco-menu .action-label', { hasText: 'Execute Using Profile...' }).first().click();
        try {
          await option.waitFor({ timeout: 15_000 });
          break;
        } catch (error) {
          if (attempt < 3) {
            await page.keyboard.press('Escape');
            continue;
          }
          const shown = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
          throw new Error(`no profile '${profile}' for '${label}'; offered: ${JSON.stringify(shown)}`, { cause: error });
        }
      }
      await option.click();
    },

    /** Empties the Testing view's filter (a small editor of its own). */
    async filterTests(text) {
      const filter = page.locator('.part.sidebar .monaco-editor').first();
      await filter.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      if (text) await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    },

    async openFile(name) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(name);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator(`.tab[aria-label^="${name}"]`).first().waitFor();
    },

    /** Puts the cursor on `line` (1-based) of the active editor, and the focus in the editor. */
    async goToLine(line, column) {
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').fill(column ? `:${line}:${column}` : `:${line}`);
      await page.keyboard.press('Enter');
    },

    async notification(text, timeout = 60_000) {
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
      try {
        await toast.waitFor({ timeout });
      } catch (error) {
        // Say what the editor showed instead (an error notification is the usual cause).
        const shown = await page.locator('.notifications-toasts .notification-toast').allInnerTexts();
        throw new Error(`no notification '${text}'; shown: ${JSON.stringify(shown)}`, { cause: error });
      }
      return toast;
    },

    async clearNotifications() {
      await runCommand(page, 'Notifications: Clear All Notifications');
    },

    async pick(title, label) {
      await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).first().waitFor({ state: 'visible' });
      const option = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
      await option.waitFor({ state: 'visible' });
      await option.click();
    },

    /** The page inside the newest webview (a webview is an iframe with the page in an inner iframe). */
    webview() {
      return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
    },
  };
}
