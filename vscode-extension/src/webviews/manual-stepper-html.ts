import type { ManualCase } from '@casewright/core';
import { escapeHtml, nonce } from './html.js';
import type { SubmittedStep } from './manual-result.js';

/** JSON safe inside `<script type="application/json">`. */
function embed(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The manual-execution page: preconditions, then every step's action, data and expected
 * result with PASS / FAIL / BLOCKED and a note for the actual result. The answers survive the
 * tab being hidden (the webview's state) and the panel being closed or the window reloaded
 * (`draft`, which the script keeps the extension up to date with: `{ type: 'draft', steps }`).
 * The script posts `{ type: 'submit', steps: [{ index, status, actual }] }` to record the result.
 */
export function manualStepperHtml(testCase: ManualCase, cspSource: string, draft: readonly SubmittedStep[] = []): string {
  const n = nonce();
  const steps = testCase.steps
    .map(
      (step, i) => `
    <li class="step" data-index="${i + 1}">
      <div class="action"><strong>${i + 1}.</strong> ${escapeHtml(step.action)}</div>
      ${step.data ? `<div class="data">Data: <code>${escapeHtml(step.data)}</code></div>` : ''}
      <div class="expected">Expected: ${escapeHtml(step.expected)}</div>
      <div class="choices" role="radiogroup" aria-label="Result of step ${i + 1}">
        ${['PASS', 'FAIL', 'BLOCKED'].map((s) => `<label><input type="radio" name="s${i + 1}" value="${s}"> ${s}</label>`).join(' ')}
      </div>
      <textarea name="a${i + 1}" rows="2" placeholder="Actual result / notes" aria-label="Actual result of step ${i + 1}"></textarea>
    </li>`,
    )
    .join('');
  const pre = testCase.preconditions.length
    ? `<h3>Preconditions</h3><ul>${testCase.preconditions.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>`
    : '';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${n}';">
<title>${escapeHtml(testCase.title)}</title>
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1em; }
.step { margin: .8em 0; padding: .6em; border: 1px solid var(--vscode-panel-border); border-radius: 4px; list-style: none; }
.data, .expected { margin: .3em 0; opacity: .9 } textarea { width: 100%; margin-top: .4em; }
#outcome { font-weight: bold; margin: .8em 0; } button { padding: .4em 1.2em; }
</style></head><body>
<h2>${escapeHtml(testCase.title)}</h2>
${pre}
<ol style="padding:0">${steps}</ol>
<div id="outcome">Overall: not started</div>
<button id="submit">Record result</button>
<script type="application/json" id="draft">${embed(draft)}</script>
<script nonce="${n}">
const vscode = acquireVsCodeApi();
const count = ${testCase.steps.length};
function restore(steps) {
  for (const s of steps || []) {
    const radio = s.status && document.querySelector('input[name="s' + s.index + '"][value="' + s.status + '"]');
    if (radio) radio.checked = true;
    const note = document.querySelector('textarea[name="a' + s.index + '"]');
    if (note && typeof s.actual === 'string') note.value = s.actual;
  }
}
function collect() {
  const steps = [];
  for (let i = 1; i <= count; i++) {
    const checked = document.querySelector('input[name="s' + i + '"]:checked');
    steps.push({ index: i, status: checked ? checked.value : undefined, actual: document.querySelector('textarea[name="a' + i + '"]').value });
  }
  return steps;
}
function overall(steps) {
  if (steps.every(s => !s.status)) return 'not started';
  if (steps.some(s => s.status === 'FAIL')) return 'FAILED';
  if (steps.some(s => s.status === 'BLOCKED')) return 'BLOCKED';
  if (steps.every(s => s.status === 'PASS')) return 'PASSED';
  return 'in progress';
}
function show() { document.getElementById('outcome').textContent = 'Overall: ' + overall(collect()); }
// The tab's own state first (hidden and shown again), else the draft the extension kept.
restore((vscode.getState() || {}).steps || JSON.parse(document.getElementById('draft').textContent));
show();
function changed() {
  const steps = collect();
  vscode.setState({ steps });
  show();
  vscode.postMessage({ type: 'draft', steps });
}
document.addEventListener('change', changed);
document.addEventListener('input', changed);
document.getElementById('submit').addEventListener('click', () => vscode.postMessage({ type: 'submit', steps: collect() }));
</script></body></html>`;
}
