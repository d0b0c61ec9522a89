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
      // On a loaded machine the menu can take the click before its action is wired, or lose the
      // picker to a late focus change; each attempt starts from the focused Testing view, opens the
      // menu, and waits for the picker itself. Up to three attempts, then say what was on screen.
      const picker = page.locator('.quick-input-widget').filter({ has: page.locator('.monaco-list-row') });
      const option = page.locator('.quick-input-widget .monaco-list-row', { hasText: profile }).first();
      const seen = [];
      for (let attempt = 1; ; attempt++) {
        await runCommand(page, 'Testing: Focus on Test Explorer View');
        const r = await row(label);
        await r.click({ button: 'right' });
        const item = page.locator('.monaco-menu .action-label', { hasText: 'Execute Using Profile...' }).first();
        await item.waitFor({ state: 'visible', timeout: 15_000 });
        seen.push(`menu: ${JSON.stringify(await page.locator('.monaco-menu .action-label').allInnerTexts())}`);
        await item.click();
        try {
          await option.waitFor({ state: 'visible', timeout: 15_000 });
          break;
        } catch (error) {
          const visible = await picker.isVisible().catch(() => false);
          const title = await page
            .locator('.quick-input-widget .quick-input-title')
            .innerText()
            .catch(() => '');
          const rowsShown = await page.locator('.quick-input-widget .monaco-list-row:visible').allInnerTexts();
          seen.push(
            `attempt ${attempt}: picker ${visible ? 'visible' : 'hidden'}, title ${JSON.stringify(title)}, rows ${JSON.stringify(rowsShown)}`,
          );
          await page.keyboard.press('Escape');
          await page.keyboard.press('Escape');
          if (attempt < 3) continue;
          throw new Error(`no profile '${profile}' for '${label}':\n${seen.join('\n')}`, { cause: error });
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
