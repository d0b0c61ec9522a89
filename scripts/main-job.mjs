// `npm start`: the whole loop on the embedded defaults (no keys, no network), in a
// fresh folder every time (.casewright/quick-start/, gitignored), so a new user sees
// cases being written:
//   1. generate cases from examples/stories/*.md with the offline generator (coverage table),
//   2. import refund conversations from the example log,
//   3. validate every case file,
//   4. run the text examples and the imported cases against the bundled example app
//      (examples/targets/example-app.yaml: the runner starts and stops it),
//   5. print a compact summary and what to try next.
// Exits 0 when everything behaved as expected (the two example failures are on purpose).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../core/bin/casewright.js', import.meta.url));
const work = '.casewright/quick-start';
const reports = '.casewright/reports';
const target = 'examples/targets/example-app.yaml';
/** The example app's two known bugs (examples/app/rules.mjs): these cases fail on purpose. */
const INTENDED_FAILURES = [
  'Customer asking for a human is handed over to an agent',
  'Unintelligible transcript makes the bot ask the caller to repeat',
];

function step(title, args) {
  console.log(`\n▶ ${title}\n  $ npx casewright ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  return result.status ?? 2;
}

let code = 0;
const problem = (message) => {
  console.error(`\n✗ ${message}`);
  code = 1;
};

// A fresh folder each time: generation writes new cases, the import starts over.
rmSync(path.join(root, work), { recursive: true, force: true });

const stories = readdirSync(path.join(root, 'examples/stories'))
  .filter((f) => f.endsWith('.md'))
  .sort();
let generated = 0;
for (const story of stories) {
  const out = `${work}/${story.replace(/\.md$/, '.cases.yaml')}`;
  const status = step(`Generate test cases from examples/stories/${story} (offline rules: no key, no network)`, [
    'generate',
    '--offline',
    '--story',
    `examples/stories/${story}`,
    '--out',
    out,
    '--require-coverage',
  ]);
  if (status !== 0) problem(`generating from ${story} exited ${status}`);
  else generated += (readFileSync(path.join(root, out), 'utf8').match(/^ {2}- id: /gm) ?? []).length;
}

const imported = step('Import refund conversations from the example log (logged production chats → cases)', [
  'import',
  '--from',
  'jsonl:examples/conversations.jsonl',
  '--metadata',
  'topic=refund',
  '--limit',
  '20',
  '--out',
  `${work}/imported.cases.yaml`,
]);
if (imported !== 0) problem(`the import exited ${imported}`);

const validated = step('Validate every case file', ['validate', 'examples/', work]);
if (validated !== 0) problem(`validation exited ${validated}`);

// The text examples: examples/voice/ is for the voice app (docs/voice.md), and needs Debian's
// espeak-ng, sox and pocketsphinx; against the text app its audio checks could only be skipped.
const textExamples = readdirSync(path.join(root, 'examples'), { withFileTypes: true })
  .filter((e) => (e.isDirectory() && e.name !== 'voice') || /\.cases\.ya?ml$/.test(e.name))
  .filter(
    (e) =>
      !e.isDirectory() ||
      readdirSync(path.join(root, 'examples', e.name), { recursive: true }).some((f) => /\.cases\.ya?ml$/.test(String(f))),
  )
  .map((e) => `examples/${e.name}${e.isDirectory() ? '/' : ''}`)
  .sort();
const run = step(`Run the example cases against the example app (${target}: the runner starts and stops it)`, [
  'run',
  ...textExamples,
  '--target',
  target,
  '--reporter',
  'console,json,html,junit',
  '--out',
  reports,
]);
// Exit 1 means cases failed: expected here (two example bugs); anything else is a problem.
if (run !== 0 && run !== 1) problem(`the run of the examples exited ${run}`);

// The quick-start folder (generated manual cases, imported conversations) in a run of its own: its
// summary is printed below instead of one line per case.
const workReports = `${reports}/quick-start`;
const runWork = step('Run the imported conversations against the example app (reports only; the summary follows)', [
  'run',
  work,
  '--target',
  target,
  '--reporter',
  'json,html',
  '--out',
  workReports,
]);
if (runWork !== 0 && runWork !== 1) problem(`the run of the imported cases exited ${runWork}`);

const read = (dir) => {
  const file = path.join(root, dir, 'results.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
};
const examplesResult = run === 0 || run === 1 ? read(reports) : undefined;
const workResult = runWork === 0 || runWork === 1 ? read(workReports) : undefined;
if (examplesResult && workResult) {
  const count = (cases, outcome) => cases.filter((c) => c.outcome === outcome).length;
  const examples = examplesResult.cases;
  const importedCases = workResult.cases.filter((c) => c.kind === 'conversation');
  const all = [...examples, ...workResult.cases];
  const manual = all.filter((c) => c.skipReason === 'manual').length;
  const deprecated = all.filter((c) => c.skipReason === 'deprecated').length;
  for (const c of examples.filter((c) => (c.outcome === 'failed' && !INTENDED_FAILURES.includes(c.title)) || c.outcome === 'errored'))
    problem(`example case ${c.outcome} unexpectedly: ${c.title} (${c.file})`);
  for (const c of importedCases.filter((c) => c.outcome === 'errored'))
    problem(`imported case errored: ${c.title}: ${c.error?.message ?? ''}`);
  const differ = importedCases.filter((c) => c.outcome === 'failed');
  const clip = (text, n) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
  const sample = differ
    .slice(0, 3)
    .map(
      (c) =>
        `             "${clip(c.input?.findLast?.((m) => m.role === 'user')?.content ?? c.title, 48)}" → "${clip(c.output ?? '', 60)}"`,
    );

  console.log(`
Summary
  generated  ${generated} cases from ${stories.length} stories into ${work}/ (offline rules; coverage tables above)
  examples   ${count(examples, 'passed')} passed, ${count(examples, 'failed')} failed on purpose: the example app has two known bugs
             (the handover misses the [HANDOVER] marker; the voice bot guesses an unclear order)
  imported   ${importedCases.length} refund conversations: ${count(importedCases, 'passed')} answered like the logged production answer, ${differ.length} differently
             (rouge-l similarity < 0.5 against the logged answer). The example app is a small rule-based bot,
             not the assistant that wrote the log: it words some answers differently and misses some follow-ups, e.g.:
${sample.join('\n')}
  not run    ${manual} manual cases (run by a person: VS Code's manual-case stepper or Jira)${deprecated ? `, ${deprecated} deprecated` : ''}
  reports    ${path.join(reports, 'report.html')} (examples) · ${path.join(workReports, 'report.html')} (imported, side by side with the logged answers)

Try next
  npx casewright init my-project            start your own project: config, a first case file, the schema for editors
  npx casewright add my-project/cases/first.cases.yaml --title "Store credit is offered"    a case with a fresh id
  npx casewright import --from promptfoo:examples/promptfoo/promptfooconfig.yaml --out ${work}/promptfoo.cases.yaml
  npx casewright run examples/ --target ${target} --reporter console,github --fail-on-skipped
  npx casewright run examples/voice/ --target example-voice-app --reporter console,html    voice: needs espeak-ng, sox, pocketsphinx (docs/voice.md)
  With a key (export OPENAI_API_KEY=... and judge: in casewright.config.yaml), requirements are judged too.
  More: README.md, docs/running.md.`);
}
process.exit(code);
