// `npm run bench:extension`: the VS Code extension's discovery, activation and bundle size.
//  - discovery outside the editor: the extension's discovery core over 10,000 cases in 500
//    files — the line scan TestTree.discover() fills the tree with, and the full parse
//    (core's parseCaseFile → buildCaseTree) each file gets afterwards;
//    baseline in the same run: a bare `yaml.parse` of the same files (what any YAML-based
//    discovery must at least do);
//  - inside a real VS Code (code-server, see vscode-extension/test/e2e): bundle evaluation,
//    activate() and "activation → complete Test Explorer tree" for the same workspace;
//  - bundle sizes.
// Goals (issue 8): tree complete ≤ 1000 ms, activation ≤ 150 ms, main bundle ≤ 1.5 MB.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { parseCaseFile } from '@casewright/core';
import { buildCaseTree } from '../vscode-extension/src/testing/case-tree.js';
import { scanCaseFile } from '../vscode-extension/src/testing/case-scan.js';
// @ts-expect-error -- plain .mjs helpers without types
import { packageExtension } from '../vscode-extension/scripts/package.mjs';
// @ts-expect-error -- plain .mjs helpers without types
import { startVsCode } from '../vscode-extension/test/e2e/harness.mjs';

const FILES = 500;
const CASES_PER_FILE = 20;
const ROUNDS = 5;
const root = path.resolve(import.meta.dirname, '..');

function uuid(file: number, n: number): string {
  const hex = (file * 1000 + n).toString(16).padStart(12, '0');
  return `0f6c3c52-4d0e-4a8e-9f1e-${hex}`;
}

function caseFile(file: number): string {
  const lines = [`suite: Bench suite ${file}`, 'defaults:', '  target: example-app', 'cases:'];
  for (let n = 0; n < CASES_PER_FILE; n++) {
    const multi = n % 5 === 0;
    lines.push(
      `  - id: ${uuid(file, n)}`,
      `    title: Case ${n} of file ${file} answers the refund question`,
      '    kind: conversation',
      '    tags: [bench, refunds]',
      '    covers: [AC-1]',
      '    input:',
      '      messages:',
      '        - role: user',
      `          content: I bought item ${n} ten days ago. Can I get a refund?`,
      ...(multi
        ? ['        - role: assistant', '          content: Which order is it?', '        - role: user', '          content: Order 42']
        : []),
      '    expected:',
      '      requirements:',
      '        - Confirms the 30-day refund window',
      '      assert:',
      '        - type: icontains',
      '          value: refund',
      '        - type: contains-any',
      '          value: ["30 days", "30-day"]',
    );
  }
  return lines.join('\n') + '\n';
}

async function listCaseFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.cases.yaml')) out.push(path.join(entry.parentPath, entry.name));
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const dir = await mkdtemp(path.join(tmpdir(), 'cw-bench-ext-'));
const workspace = path.join(dir, 'workspace');
try {
  for (let f = 0; f < FILES; f++) {
    const sub = path.join(workspace, `area-${f % 20}`);
    await mkdir(sub, { recursive: true });
    await writeFile(path.join(sub, `suite-${f}.cases.yaml`), caseFile(f));
  }

  const discovery: number[] = [];
  const fullParse: number[] = [];
  const baseline: number[] = [];
  let cases = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // What TestTree.discover() does for the first complete tree: read + line scan.
    let t = performance.now();
    let found = 0;
    const files = await listCaseFiles(workspace);
    await Promise.all(
      files.map(async (file) => {
        const text = await readFile(file, 'utf8');
        found += (scanCaseFile(text) ?? buildCaseTree(parseCaseFile(text, file))).cases.length;
      }),
    );
    discovery.push(performance.now() - t);
    cases = found;
    // What the background refinement does afterwards: read + parse + validate + tree.
    t = performance.now();
    await Promise.all(files.map(async (file) => buildCaseTree(parseCaseFile(await readFile(file, 'utf8'), file))));
    fullParse.push(performance.now() - t);
    t = performance.now();
    const again = await listCaseFiles(workspace);
    await Promise.all(again.map(async (file) => parse(await readFile(file, 'utf8'))));
    baseline.push(performance.now() - t);
  }
  if (cases !== FILES * CASES_PER_FILE) throw new Error(`discovery found ${cases} cases, expected ${FILES * CASES_PER_FILE}`);

  const vsix: string = packageExtension();
  const sizes: Record<string, number> = {};
  for (const name of [
    'extension.cjs',
    'bigquery.mjs',
    'sdk-anthropic.cjs',
    'sdk-genai.cjs',
    'story-markdown.cjs',
    'story-gherkin.cjs',
    'english.cjs',
  ]) {
    sizes[name] = (await stat(path.join(root, 'vscode-extension', 'dist', name))).size;
  }
  sizes.vsix = (await stat(vsix)).size;

  const vs = await startVsCode({ vsix, workspace });
  const editor = vs.activation as {
    files: number;
    cases: number;
    codeLoadMs: number;
    activateMs: number;
    treeCompleteMs: number;
    findMs: number;
    buildMs: number;
  };
  await vs.stop();
  if (editor.cases !== FILES * CASES_PER_FILE)
    throw new Error(`the editor found ${editor.cases} cases, expected ${FILES * CASES_PER_FILE}`);

  const discoveryMs = median(discovery);
  const baselineMs = median(baseline);
  const result = {
    name: 'extension',
    date: new Date().toISOString(),
    node: process.version,
    // The machine is shared: figures scale with its load.
    loadAverage: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(2))),
    workload: { files: FILES, cases: FILES * CASES_PER_FILE, rounds: ROUNDS },
    discoveryOutsideEditorMs: Math.round(discoveryMs),
    fullParseOutsideEditorMs: Math.round(median(fullParse)),
    baselineYamlParseMs: Math.round(baselineMs),
    ratioToBaseline: Number((discoveryMs / baselineMs).toFixed(2)),
    inEditor: {
      codeLoadMs: Math.round(editor.codeLoadMs),
      activateMs: Number(editor.activateMs.toFixed(1)),
      activationMs: Math.round(editor.codeLoadMs + editor.activateMs),
      treeCompleteMs: Math.round(editor.treeCompleteMs),
      findFilesMs: Math.round(editor.findMs),
      readScanAndItemsMs: Math.round(editor.buildMs),
    },
    bundleBytes: sizes,
    goals: {
      treeCompleteMs: { goal: 1000, met: editor.treeCompleteMs <= 1000 },
      activationMs: { goal: 150, met: editor.codeLoadMs + editor.activateMs <= 150 },
      mainBundleBytes: { goal: 1.5 * 1024 * 1024, met: sizes['extension.cjs']! <= 1.5 * 1024 * 1024 },
    },
  };
  const out = path.join(root, 'bench', 'results', `extension-${result.date.slice(0, 10)}.json`);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
} finally {
  await rm(dir, { recursive: true, force: true });
}
