/**
 * Renders the app's UI Kit pages for docs/jira-app.md: the real components,
 * reconciler, resolvers and Forge SDKs over the local Jira server (as in the
 * tests), captured at interesting states as text trees (docs/images/*.txt) and
 * as simple HTML approximations screenshotted with Debian's chromium
 * (docs/images/*.png). Run: npm run docs:jira-app (never run by the tests).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createElement } from 'react';
import {
  installBridge,
  button,
  clear,
  field,
  fire,
  paste,
  submit,
  typeInto,
  waitForText,
  type ForgeDocNode,
} from '../../test/servers/forge-ui.js';
import { startForgeApp } from '../../test/servers/forge-app.js';
import { startOpenAIServer } from '../../test/servers/openai-server.js';
import { manualDraft as draft } from '../../test/servers/llm-drafts.js';

const out = path.resolve(import.meta.dirname, '../../docs/images');
const profile = mkdtempSync(path.join(tmpdir(), 'casewright-docs-chromium-'));
mkdirSync(out, { recursive: true });
const bridge = installBridge();
const app = await startForgeApp();
const { ForgeReconciler } = await import('../frontend/render.js');
const { IssuePanel } = await import('../frontend/issue-panel.js');
const { AdminPage } = await import('../frontend/admin-page.js');
const { allowEgressHost, callResolver } = await import('../forge-adapters/browser.js');

const esc = (s: unknown) =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
const LOZENGE: Record<string, string> = {
  success: '#dcfff1;color:#216e4e',
  removed: '#ffeceb;color:#ae2e24',
  moved: '#fff7d6;color:#7f5f01',
  inprogress: '#e9f2ff;color:#0055cc',
  new: '#f3f0ff;color:#5e4db2',
  default: '#f1f2f4;color:#44546f',
};
const USERS: Record<string, string> = { 'admin-1': 'Alex Admin', 'user-2': 'Robin Reviewer' };
const MESSAGE: Record<string, string> = { error: '#c9372c', warning: '#e2b203', success: '#22a06b', information: '#1d7afc' };

function html(n: ForgeDocNode): string {
  const kids = () => n.children.map(html).join('');
  const p = n.props;
  switch (n.type) {
    case 'String':
      return esc(p.text);
    case 'Root':
    case 'Stack':
      return `<div style="display:flex;flex-direction:column;gap:8px">${kids()}</div>`;
    case 'Inline':
    case 'ButtonGroup':
      return `<div style="display:flex;flex-wrap:wrap;gap:6px;align-items:center">${kids()}</div>`;
    case 'Box':
      return `<div style="border:1px solid #dcdfe4;border-radius:4px;padding:8px">${kids()}</div>`;
    case 'Heading':
      return `<h3 style="margin:8px 0 0;font-size:16px">${kids()}</h3>`;
    case 'Form':
      return `<form style="display:flex;flex-direction:column;gap:12px;border:1px solid #dcdfe4;border-radius:4px;padding:12px">${kids()}</form>`;
    case 'FormHeader':
      return `<div><div style="font-size:18px;font-weight:600">${esc(p.title)}</div><div style="color:#626f86">${esc(p.description)}</div>${kids()}</div>`;
    case 'FormSection':
      return `<fieldset style="border:0;padding:0;margin:0;display:flex;flex-direction:column;gap:8px"><legend style="font-weight:600;font-size:15px;margin-bottom:4px">${esc(p.title)}</legend>${kids()}</fieldset>`;
    case 'FormFooter':
      return `<div style="display:flex;gap:6px">${kids()}</div>`;
    case 'Label':
      return `<label style="font-size:12px;font-weight:600;color:#44546f">${kids()}</label>`;
    case 'RequiredAsterisk':
      return `<span style="color:#c9372c"> *</span>`;
    case 'HelperMessage':
      return `<div style="font-size:12px;color:#626f86">${kids()}</div>`;
    case 'ErrorMessage':
      return `<div style="font-size:12px;color:#c9372c">⚠ ${kids()}</div>`;
    case 'ValidMessage':
      return `<div style="font-size:12px;color:#216e4e">✓ ${kids()}</div>`;
    case 'Link':
      return `<a href="#" style="color:#0c66e4">${kids()}</a>`;
    case 'User':
      return `<span style="display:inline-flex;align-items:center;gap:4px"><span style="width:20px;height:20px;border-radius:50%;background:#8f7ee7;display:inline-block"></span>${esc(USERS[String(p.accountId)] ?? p.accountId)}</span>`;
    case 'Text':
      return `<div style="${p.weight === 'bold' ? 'font-weight:600;' : ''}">${kids()}</div>`;
    case 'Button':
      return `<button style="border:0;border-radius:3px;padding:4px 10px;${p.appearance === 'primary' ? 'background:#0c66e4;color:#fff' : p.appearance === 'subtle' ? 'background:none' : 'background:#f1f2f4'};${p.isDisabled ? 'opacity:.5' : ''}">${kids()}</button>`;
    case 'Lozenge':
      return `<span style="font-size:11px;font-weight:700;text-transform:uppercase;border-radius:3px;padding:1px 4px;background:${LOZENGE[String(p.appearance ?? 'default')] ?? LOZENGE.default}">${kids()}</span>`;
    case 'SectionMessage':
      return `<div style="border-left:4px solid ${MESSAGE[String(p.appearance ?? 'information')]};background:#f7f8f9;padding:8px 12px"><div style="font-weight:600">${esc(p.title)}</div>${kids()}</div>`;
    case 'Checkbox':
      return `<label><input type="checkbox" ${p.isChecked ? 'checked' : ''}> ${esc(p.label)}</label>`;
    case 'Textfield':
      return `<input style="padding:4px;border:2px solid ${p.isInvalid ? '#c9372c' : '#dcdfe4'};border-radius:3px;min-width:260px" value="${p.type === 'password' ? '' : esc(p.value)}" placeholder="${esc(p.placeholder)}">`;
    case 'TextArea':
      return `<textarea style="width:100%;height:50px" placeholder="${esc(p.placeholder)}">${esc(p.value)}</textarea>`;
    case 'Select': {
      const v = p.value as { label?: string } | Array<{ label?: string }> | undefined;
      const shown = Array.isArray(v) ? v.map((o) => o.label).join(', ') : (v?.label ?? p.placeholder ?? '');
      return `<select style="padding:4px;min-width:220px"><option>${esc(shown)}</option></select>`;
    }
    case 'Spinner':
      return `<span>⟳</span>`;
    case 'ProgressBar':
      return `<progress value="${Number(p.value ?? 0)}" max="1" style="width:100%"></progress>`;
    case 'DynamicTable':
      return `<table style="border-collapse:collapse;width:100%">${kids()}</table>`;
    case 'ContentWrapper':
      return p.name === 'head'
        ? `<tr style="border-bottom:2px solid #dcdfe4;text-align:left">${n.children.map((c) => `<th>${c.children.map(html).join('')}</th>`).join('')}</tr>`
        : kids();
    case 'Row':
      return `<tr style="border-bottom:1px solid #eee">${kids()}</tr>`;
    case 'Cell':
      return `<td style="padding:4px">${kids()}</td>`;
    case 'BarChart':
    case 'StackBarChart':
    case 'LineChart':
    case 'DonutChart':
      return chart(n);
    default:
      return kids();
  }
}

const SERIES = ['#1d7afc', '#c9372c', '#8590a2', '#22a06b', '#e2b203'];
const STATE_COLOR: Record<string, string> = { passing: '#22a06b', failing: '#c9372c', 'never run': '#8590a2' };

/** A UI Kit chart drawn as plain HTML bars (Jira draws it with Atlassian's chart library). */
function chart(n: ForgeDocNode): string {
  const p = n.props as Record<string, unknown>;
  const data = (p.data ?? []) as Array<Record<string, unknown>>;
  const title = `<div style="font-weight:600;margin-bottom:6px">${esc(p.title)}</div>`;
  const box = (body: string) => `<div style="border:1px solid #dcdfe4;border-radius:4px;padding:10px">${title}${body}</div>`;
  const color = (key: unknown, i: number) => STATE_COLOR[String(key)] ?? SERIES[i % SERIES.length];
  if (n.type === 'LineChart') {
    const x = String(p.xAccessor);
    const y = String(p.yAccessor);
    const max = Math.max(100, ...data.map((d) => Number(d[y])));
    return box(
      `<div style="display:flex;align-items:flex-end;gap:10px;height:140px;border-bottom:1px solid #dcdfe4">${data
        .map(
          (d) =>
            `<div style="display:flex;flex-direction:column;align-items:center;justify-content:flex-end;height:100%"><div style="font-size:11px">${esc(d[y])}</div><div style="width:10px;height:10px;border-radius:50%;background:#1d7afc;margin-bottom:${(Number(d[y]) / max) * 110}px"></div></div>`,
        )
        .join(
          '',
        )}</div><div style="display:flex;gap:10px;font-size:10px;color:#626f86">${data.map((d) => `<span>${esc(String(d[x]).slice(5))}</span>`).join('')}</div>`,
    );
  }
  if (n.type === 'DonutChart') {
    const total = data.reduce((sum, d) => sum + Number(d[String(p.valueAccessor)]), 0) || 1;
    return box(
      `<div style="display:flex;height:18px;border-radius:9px;overflow:hidden">${data
        .map(
          (d, i) =>
            `<div style="width:${(Number(d[String(p.valueAccessor)]) / total) * 100}%;background:${color(d[String(p.colorAccessor)], i)}"></div>`,
        )
        .join(
          '',
        )}</div><div style="font-size:12px;margin-top:4px">${data.map((d) => `${esc(d[String(p.labelAccessor)])}: ${esc(d[String(p.valueAccessor)])}`).join(' · ')}</div>`,
    );
  }
  const x = String(p.xAccessor);
  const y = String(p.yAccessor);
  const groups = new Map<string, Array<Record<string, unknown>>>();
  for (const d of data) groups.set(String(d[x]), [...(groups.get(String(d[x])) ?? []), d]);
  const max = Math.max(1, ...[...groups.values()].map((g) => g.reduce((sum, d) => sum + Number(d[y]), 0)));
  const legend =
    n.type === 'StackBarChart'
      ? `<div style="font-size:12px;margin-top:4px">${[...new Set(data.map((d) => String(d[String(p.colorAccessor)])))].map((k, i) => `<span style="color:${color(k, i)}">■</span> ${esc(k)}`).join(' ')}</div>`
      : '';
  return box(
    `${[...groups.entries()]
      .map(
        ([key, g]) =>
          `<div style="display:flex;align-items:center;gap:6px;margin:2px 0"><span style="width:70px;font-size:12px">${esc(key)}</span><div style="display:flex;flex:1">${g
            .map(
              (d, i) =>
                `<div style="height:14px;width:${(Number(d[y]) / max) * 100}%;background:${n.type === 'StackBarChart' ? color(d[String(p.colorAccessor)], i) : '#1d7afc'}"></div>`,
            )
            .join('')}</div><span style="font-size:12px;width:40px">${esc(g.map((d) => d[y]).join('/'))}</span></div>`,
      )
      .join('')}${legend}`,
  );
}

function tree(n: ForgeDocNode, depth = 0): string {
  if (n.type === 'String') return `${'  '.repeat(depth)}"${String(n.props.text)}"\n`;
  const shown = ['title', 'appearance', 'label', 'name', 'isChecked', 'isDisabled']
    .filter((k) => n.props[k] !== undefined)
    .map((k) => `${k}=${JSON.stringify(n.props[k])}`);
  return `${'  '.repeat(depth)}<${n.type}${shown.length ? ` ${shown.join(' ')}` : ''}>\n${n.children.map((c) => tree(c, depth + 1)).join('')}`;
}

function capture(name: string, width = 820, height = 1300): void {
  const doc = bridge.doc!;
  writeFileSync(path.join(out, `${name}.txt`), tree(doc));
  const page = path.join(out, `${name}.html`);
  writeFileSync(
    page,
    `<!doctype html><meta charset="utf-8"><body style="font:14px -apple-system,Segoe UI,Roboto,sans-serif;color:#172b4d;margin:16px;max-width:${width - 40}px">${html(doc)}</body>`,
  );
  if (existsSync('/usr/bin/chromium')) {
    execFileSync(
      '/usr/bin/chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        `--window-size=${width},${height}`,
        `--screenshot=${path.join(out, `${name}.png`)}`,
        `file://${page}`,
      ],
      { stdio: 'ignore' },
    );
  }
}

// A local OpenAI-compatible server stands for the team's own model server.
const llm = await startOpenAIServer({
  slowMs: 1_500,
  handler: (chat) =>
    chat.jsonSchema
      ? {
          cases: [
            draft('A valid code lowers the total by its percentage', ['AC-1'], 'Enter SAVE10 at checkout', 'The total drops by 10%'),
            draft('An expired code is refused with a message', ['AC-2'], 'Enter OLD2020 at checkout', 'An error says the code expired'),
            draft('A code works once per order', ['AC-3'], 'Enter SAVE10 a second time', 'The code is refused as already used'),
          ],
        }
      : 'OK',
});
app.harness.route('llm.acme.example', llm.url);

// The admin form: a key typed in, one row per model, a host Forge would block, a budget.
bridge.connect(app.handler as never, { accountId: 'admin-1', extension: { type: 'jira:adminPage' } });
ForgeReconciler.render(createElement(AdminPage, { call: callResolver, allowHost: allowEgressHost }));
await waitForText(bridge, (t) => t.includes('Provider keys') && t.includes('Save settings'));
await paste(field(bridge, 'Textfield', 'key-openai-compatible'), 'sk-docs-example-key-9f3a');
await submit(bridge.doc, 'OpenAI-compatible server API key');
await waitForText(bridge, (t) => t.includes('saved ••••9f3a'));
await fire(button(bridge.doc, 'Add model'), 'onClick');
await typeInto(field(bridge, 'Textfield', 'allowedModels.1'), 'openai-compatible:llama3.1');
await fire(field(bridge, 'Select', 'defaultModel')(), 'onChange', {
  label: 'openai-compatible:llama3.1',
  value: 'openai-compatible:llama3.1',
});
await fire(button(bridge.doc, 'Add fallback'), 'onClick');
await typeInto(field(bridge, 'Textfield', 'fallbackChain.0'), 'offline:rules');
await typeInto(field(bridge, 'Textfield', 'compatibleBaseUrl'), 'https://llm.acme.example/v1');
await clear(field(bridge, 'Textfield', 'monthlyBudgetUsd'));
await typeInto(field(bridge, 'Textfield', 'monthlyBudgetUsd'), '12.5.0');
await submit(bridge.doc, 'Save settings');
await waitForText(bridge, (t) => t.includes('Some fields need attention'));
capture('admin-page-validation', 820, 2900);
await clear(field(bridge, 'Textfield', 'monthlyBudgetUsd'));
await typeInto(field(bridge, 'Textfield', 'monthlyBudgetUsd'), '12.50');
await fire(button(bridge.doc, 'Allow llm.acme.example'), 'onClick');
await waitForText(bridge, (t) => t.includes('Forge lets the app call llm.acme.example now'));
await fire(field(bridge, 'Select', 'statuses.deprecated')(), 'onChange', { label: 'Done', value: 'Done' });
await submit(bridge.doc, 'Save settings');
await waitForText(bridge, (t) => t.includes('Settings saved'));
capture('admin-page', 820, 2900);

// The issue panel: a generation picked up after a reload, its preview, a conflict resolved.
const story = app.jira.addIssue({
  project: 'SHOP',
  summary: 'Apply a coupon at checkout',
  description: {
    type: 'doc',
    version: 1,
    content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Shoppers can enter a coupon code at checkout.' }] }],
  },
  acceptanceCriteria: '- A valid code lowers the total\n- An expired code shows an error\n- A code can be used once per order',
});
const panel = async () => {
  bridge.connect(app.handler as never, {
    accountId: 'user-2',
    extension: { type: 'jira:issuePanel', issue: { key: story }, project: { key: 'SHOP' } },
  });
  ForgeReconciler.render(createElement(IssuePanel, { call: callResolver, pollMs: 10, maxPollMs: 100 }));
  await waitForText(bridge, (t) => t.includes('Acceptance criteria (3)'));
};
await panel();
llm.setScenario(['slow']);
await fire(button(bridge.doc, 'Generate'), 'onClick');
await waitForText(bridge, (t) => t.includes('Asking openai-compatible:llama3.1'));
await panel(); // a reload while the model is still answering
await waitForText(bridge, (t) => t.includes('Asking openai-compatible:llama3.1') && t.includes('No test cases are linked'));
capture('issue-panel-resumed', 820, 560);
await waitForText(bridge, (t) => t.includes('Preview (3)'));
await fire(button(bridge.doc, 'Accept', 0), 'onClick');
await fire(button(bridge.doc, 'Accept', 1), 'onClick');
await fire(button(bridge.doc, 'Reject', 2), 'onClick');
await waitForText(bridge, (t) => t.includes('Save to Jira (2)'));
capture('issue-panel-preview', 820, 1500);
await fire(button(bridge.doc, 'Save to Jira (2)'), 'onClick');
await waitForText(bridge, (t) => t.includes('2 created') && t.includes('never run'));
const first = [...app.jira.issues.values()].find((i) => i.fields.summary === 'A valid code lowers the total by its percentage')!;
app.jira.editIssue(first.key, { summary: 'A valid code lowers the total (edited in Jira)' });
await fire(button(bridge.doc, 'Edit', 0), 'onClick');
await clear(field(bridge, 'Textfield', 'title'));
await typeInto(field(bridge, 'Textfield', 'title'), 'A valid code lowers the total by 10%');
await submit(bridge.doc, 'Editing: ');
await fire(button(bridge.doc, 'Save to Jira again'), 'onClick');
await waitForText(bridge, (t) => t.includes('Saved with conflicts'));
await fire(button(bridge.doc, 'Keep mine'), 'onClick');
await waitForText(bridge, (t) => t.includes('keeping yours'));
capture('issue-panel-conflict', 820, 1900);
await fire(button(bridge.doc, 'Save to Jira again'), 'onClick');
await waitForText(bridge, (t) => t.includes('1 updated, 1 unchanged'));
capture('issue-panel-resolved', 820, 1500);

// Executions recorded as the CLI records them (core's recordExecution against the same Jira), a
// second story, a bug filed for a failure; then the project page and the story panel chart them.
const core = await import('@casewright/core');
const ws = await core.openWorkspace({
  cwd: profile,
  config: {},
  env: {},
  jiraTransport: core.createRestJiraTransport({ baseUrl: app.jira.url, email: 'ci@example.com', apiToken: 'docs' }),
});
const { buildManualCase } = await import('@casewright/core/testing');
const refunds = app.jira.addIssue({
  project: 'SHOP',
  summary: 'Refund an order',
  acceptanceCriteria: '- Refund to the card\n- Refund a part',
});
bridge.connect(app.handler as never, {
  accountId: 'user-2',
  extension: { type: 'jira:issuePanel', issue: { key: refunds }, project: { key: 'SHOP' } },
});
const refundCases = [
  buildManualCase({ title: 'Refund to the card', covers: ['AC-1'] }),
  buildManualCase({ title: 'Partial refund', covers: ['AC-2'] }),
];
const savedRefunds = (await app.handler(
  {
    call: { functionKey: 'saveCases', payload: { cases: refundCases } },
    context: { accountId: 'user-2', extension: { type: 'jira:issuePanel', issue: { key: refunds } } },
  } as never,
  { principal: { accountId: 'user-2' } } as never,
)) as { data: Array<{ key: string }> };
const couponCases = [...app.jira.issues.values()].filter(
  (i) => (i.properties.get('casewright-case') as { story?: string } | undefined)?.story === story,
);
const all = [
  ...couponCases.map((i) => ({
    key: i.key,
    id: (i.properties.get('casewright-case') as { caseId: string }).caseId,
    title: String(i.fields.summary),
    story,
  })),
  ...savedRefunds.data.map((d, i) => ({ key: d.key, id: refundCases[i]!.id, title: refundCases[i]!.title, story: refunds })),
];
const plan: Array<Array<'passed' | 'failed'>> = [
  ['passed', 'passed', 'passed', 'failed'],
  ['passed', 'failed', 'passed', 'failed'],
  ['passed', 'passed', 'passed', 'passed'],
  ['passed', 'failed', 'passed', 'passed'],
  ['passed', 'passed', 'passed', 'passed'],
  ['failed', 'failed', 'passed', 'passed'],
];
for (const [n, outcomes] of plan.entries()) {
  const at = new Date(Date.UTC(2026, 10, 20 + n, 9, 30)).toISOString();
  const cases = all.map((c, i) => ({
    caseId: c.id,
    title: c.title,
    kind: 'manual' as const,
    jiraKey: c.key,
    story: c.story,
    outcome: outcomes[i]!,
    ...(outcomes[i] === 'failed'
      ? { reason: i === 0 ? 'step 2 FAIL: the total stayed at 50.00 EUR' : 'step 1 FAIL: OLD2020 was accepted' }
      : {}),
    durationMs: 900,
  }));
  await core.executions.recordExecution(ws, {
    schemaVersion: 1,
    id: `gha-88${n}-1`,
    source: 'ci',
    startedAt: at,
    finishedAt: at,
    durationMs: 60_000,
    commit: `4e1f${n}a9c0b7d2e5f8a1c3b6d9e2f5a8c1b4d7e0f3a6`.slice(0, 40),
    branch: 'main',
    cost: 0,
    summary: core.executions.summarizeExecution(cases),
    cases,
  });
}
await core.fileDefect(await ws.jira(), {
  caseId: all[1]!.id,
  projectKey: 'SHOP',
  summary: `Failed: ${all[1]!.title}`,
  description: core.adf.doc([core.adf.p('The coupon was refused as expired.')]),
  story,
  caseKey: all[1]!.key,
});
const { ProjectPage } = await import('../frontend/project-page.js');
bridge.connect(app.handler as never, { accountId: 'user-2', extension: { type: 'jira:projectPage', project: { key: 'SHOP' } } });
ForgeReconciler.render(createElement(ProjectPage, { call: callResolver }));
await waitForText(bridge, (t) => t.includes('Flaky cases') && t.includes('Coverage of stories'));
capture('project-page-analytics', 900, 1150);
await panel();
await waitForText(
  bridge,
  (t) => t.includes('Flaky cases') && t.includes('File a bug') && t.includes('already filed') && !t.includes('Loading'),
);
capture('issue-panel-executions', 820, 2700);
// "File a bug" for the failed case that has none: the bug's key comes back as a link.
await fire(button(bridge.doc, 'File a bug'), 'onClick');
await waitForText(bridge, (t) => t.includes('Bug filed') && !t.includes('File a bug'));
capture('issue-panel-bug-filed', 820, 2700);

// The admin's choice of execution issue type for a project (after the executions above, which it would change).
bridge.connect(app.handler as never, { accountId: 'admin-1', extension: { type: 'jira:adminPage' } });
ForgeReconciler.render(createElement(AdminPage, { call: callResolver, allowHost: allowEgressHost }));
await waitForText(bridge, (t) => t.includes('Executions, per project'));
await typeInto(field(bridge, 'Textfield', 'execution-project'), 'SHOP');
await fire(button(bridge.doc, 'Show issue types'), 'onClick');
await waitForText(bridge, (t) => t.includes('Record each execution of SHOP'));
await fire(field(bridge, 'Select', 'execution-issue-type')(), 'onChange', { label: 'Task', value: 'Task' });
await fire(button(bridge.doc, 'Save for SHOP'), 'onClick');
await waitForText(bridge, (t) => t.includes('Saved for SHOP'));
capture('admin-page-executions', 820, 3400);

// A judge verdict waiting for a person: a chat case judged near the threshold, recorded as `run --jira` records it.
const { buildCaseResult, buildConversationCase, buildJudgedCheck, buildRunResult } = await import('@casewright/core/testing');
const chat = app.jira.addIssue({
  project: 'SHOP',
  summary: 'Answer refund questions in the chat',
  acceptanceCriteria: '- The refund window is 30 days',
});
const chatCaseFile = buildConversationCase({
  title: 'Refund within 30 days',
  covers: ['AC-1'],
  input: { messages: [{ role: 'user', content: 'Can I get a refund after 20 days?' }] },
  expected: {
    requirements: [
      'Says refunds are possible within 30 days',
      'Is polite',
      'Explains how to ask for the refund',
      'Does not ask for card details',
    ],
  },
});
const savedChat = (await app.handler(
  {
    call: { functionKey: 'saveCases', payload: { cases: [chatCaseFile] } },
    context: { accountId: 'user-2', extension: { type: 'jira:issuePanel', issue: { key: chat } } },
  } as never,
  { principal: { accountId: 'user-2' } } as never,
)) as { data: Array<{ key: string }> };
const chatCase = savedChat.data[0]!.key;
const judged = buildRunResult([
  buildCaseResult(
    [
      buildJudgedCheck({
        reason: 'judge openai:gpt-4o-mini: 3/4 requirements met',
        score: 0.75,
        judges: [{ model: 'openai:gpt-4o-mini', pass: false, score: 0.75 }],
        verdicts: [
          { requirement: 'Says refunds are possible within 30 days', pass: true, reason: 'the answer says 30 days' },
          { requirement: 'Is polite', pass: true, reason: 'thanks the customer' },
          { requirement: 'Explains how to ask for the refund', pass: true, reason: 'asks for the order details' },
          { requirement: 'Does not ask for card details', pass: false, reason: 'asks for the last four digits of the card' },
        ],
        actual: 'Thanks for asking! Refunds are possible within 30 days. Could you tell me the last four digits of the card you paid with?',
      }),
    ],
    {
      caseId: chatCaseFile.id,
      file: undefined,
      output: 'Thanks for asking! Refunds are possible within 30 days. Could you tell me the last four digits of the card you paid with?',
    },
  ),
]);
await core.executions.recordExecution(
  ws,
  {
    schemaVersion: 1,
    id: 'gha-890-1',
    source: 'ci',
    startedAt: judged.startedAt,
    finishedAt: judged.finishedAt,
    durationMs: 4_000,
    cost: 0.0004,
    summary: core.executions.summarizeExecution([{ outcome: 'failed' }]),
    cases: [
      {
        caseId: chatCaseFile.id,
        title: 'Refund within 30 days',
        kind: 'conversation',
        jiraKey: chatCase,
        story: chat,
        outcome: 'failed',
        durationMs: 4_000,
      },
    ],
  },
  { judge: { result: judged } },
);
bridge.connect(app.handler as never, {
  accountId: 'user-2',
  extension: { type: 'jira:issuePanel', issue: { key: chat }, project: { key: 'SHOP' } },
});
ForgeReconciler.render(createElement(IssuePanel, { call: callResolver, pollMs: 10, maxPollMs: 100 }));
await waitForText(bridge, (t) => t.includes('Judge review') && t.includes('Does not ask for card details') && !t.includes('Loading'));
capture('issue-panel-judge-review', 820, 2000);
await llm.close();
await app.close();
rmSync(profile, { recursive: true, force: true });
process.stdout.write(
  `wrote ${out}/{admin-page,admin-page-validation,issue-panel-resumed,issue-panel-preview,issue-panel-conflict,issue-panel-resolved,project-page-analytics,issue-panel-executions,issue-panel-bug-filed,admin-page-executions,issue-panel-judge-review}.{txt,html,png}` +
    '\n',
);
process.exit(0);
