// Honest outcomes through the real CLI: a case whose every check was skipped is
// reported as skipped with the reason in every reporter, a run that checked nothing
// is not green, --fail-on-skipped makes any skip fail CI, the run warns up front when
// requirements have no judge, manual cases are counted in one line, and the github
// reporter annotates the case's file:line and writes the step summary.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCasewright } from './helpers/cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'casewright-outcomes-'));

async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  // No provider keys: judges have no model, as on a machine without a key.
  const result = await runCasewright(args, {
    cwd,
    withoutEnv: /_API_KEY$|^GITHUB_/,
    env: { XDG_CONFIG_HOME: path.join(scratch, 'config'), ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const echoTarget = `type: command
command: node
args: ["-e", "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const r=JSON.parse(s);console.log('echo: '+r.messages.at(-1).content)})"]
`;

const conversation = (id: string, title: string, expected: string) => `  - id: ${id}
    title: ${title}
    kind: conversation
    input:
      messages:
        - role: user
          content: hello
    expected:
${expected}
`;

const manual = (id: string) => `  - id: ${id}
    title: Pay by card ${id.slice(0, 4)}
    kind: manual
    steps:
      - action: Pay
        expected: Paid
`;

const suite = (cases: string) => `suite: Outcomes\ndefaults:\n  target: echo\ncases:\n${cases}`;

const REQUIREMENTS_ONLY = conversation(
  '11111111-1111-4111-8111-111111111111',
  'Only requirements',
  '      requirements: [Greets the customer]',
);
const NO_CHECKS = conversation('22222222-2222-4222-8222-222222222222', 'Checks nothing', '      assert: []');
const PASSES_WITH_JUDGE = conversation(
  '33333333-3333-4333-8333-333333333333',
  'Passes but the judge is skipped',
  '      requirements: [Greets the customer]\n      assert: [{type: contains, value: hello}]',
);
const FAILS = conversation('44444444-4444-4444-8444-444444444444', 'Fails', '      assert: [{type: contains, value: goodbye}]');

describe('a run that checked nothing', () => {
  const dir = project('nothing', {
    'targets/echo.yaml': echoTarget,
    'offline.cases.yaml': suite(REQUIREMENTS_ONLY + NO_CHECKS),
  });
  let run: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    run = await cli(['run', '.', '--reporter', 'console,json,junit,markdown,html,github', '--out', 'out'], dir, {
      GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    });
  });

  it('is not green: exit 1, and the console says why each case was not checked', () => {
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^warning: offline\.cases\.yaml: 1 case has requirements or judge checks, but no judge model configured/m);
    expect(run.stdout).toContain('○ Only requirements — skipped (no judge model configured');
    expect(run.stdout).toContain(
      '○ Checks nothing — skipped (nothing to check: the case has no expected.assert and no expected.requirements)',
    );
    expect(run.stdout).toContain('Not checked (skipped):');
    expect(run.stdout).toContain('Nothing was checked: 0 passed, 0 failed, 2 skipped of 2');
    expect(run.stderr).toContain('casewright: nothing was checked: 2 cases skipped (1: no judge model configured');
  });

  it('every reporter shows the cases as skipped with their reasons', () => {
    const json = JSON.parse(readFileSync(path.join(dir, 'out/results.json'), 'utf8'));
    expect(json.cases.map((c: { outcome: string; skipReason: string }) => [c.outcome, c.skipReason.split(/ \(|:/)[0]])).toEqual([
      ['skipped', 'no judge model configured'],
      ['skipped', 'nothing to check'],
    ]);
    expect(json.warnings).toHaveLength(1);
    const junit = readFileSync(path.join(dir, 'out/junit.xml'), 'utf8');
    expect(junit).toContain('<skipped message="no judge model configured');
    expect(junit).toContain('<skipped message="nothing to check: the case has no expected.assert and no expected.requirements"/>');
    const md = readFileSync(path.join(dir, 'out/report.md'), 'utf8');
    expect(md).toMatch(/^## Casewright: ⚠️ nothing was checked: 0 passed, 0 failed, 2 skipped of 2/);
    expect(md).toContain('| ⏭️ | 1 skipped | nothing to check: the case has no expected.assert and no expected.requirements |');
    const html = readFileSync(path.join(dir, 'out/report.html'), 'utf8');
    expect(html).toContain('"skipReason":"nothing to check: the case has no expected.assert and no expected.requirements"');
    expect(html).toContain('<section id="warnings" hidden></section>');
    // github: a warning annotation at the line where each case starts, and the summary.
    expect(run.stdout).toContain(
      '::warning file=offline.cases.yaml,line=5,title=Casewright%3A Only requirements::not checked: no judge model',
    );
    expect(run.stdout).toContain(
      '::warning file=offline.cases.yaml,line=14,title=Casewright%3A Checks nothing::not checked: nothing to check',
    );
    expect(readFileSync(path.join(dir, 'summary.md'), 'utf8')).toContain('## Casewright: ⚠️ nothing was checked');
  });
});

describe('--fail-on-skipped and partly checked cases', () => {
  const dir = project('partial', {
    'targets/echo.yaml': echoTarget,
    'mixed.cases.yaml': suite(
      PASSES_WITH_JUDGE + manual('55555555-5555-4555-8555-555555555555') + manual('66666666-6666-4666-8666-666666666666'),
    ),
  });

  it('without the flag: passes, says which check did not run, counts manual cases in one line', async () => {
    const run = await cli(['run', '.', '--reporter', 'console,markdown', '--out', 'out'], dir);
    expect(run.stdout).toMatch(/✓ Passes but the judge is skipped — \d+ ms · 1 check not run: no judge model configured/);
    expect(run.stdout).not.toContain('Pay by card');
    expect(run.stdout).toContain("Not run here: 2 manual cases (run by a person: VS Code's manual-case stepper or Jira)");
    expect(run.stdout).toContain('1 case has a check skipped: no judge model configured');
    expect(readFileSync(path.join(dir, 'out/report.md'), 'utf8')).toMatch(/^## Casewright: ⚠️ 1 passed, 0 failed, 2 skipped of 3/);
    expect(run.code).toBe(0);
  });

  it('with the flag: exit 1, naming what was skipped (manual cases do not count)', async () => {
    const run = await cli(['run', '.', '--fail-on-skipped'], dir);
    expect(run.stderr).toContain('casewright: --fail-on-skipped: 0 cases skipped and 1 case with a check skipped');
    expect(run.code).toBe(1);
  });

  it('a run of manual cases only is not an error: they are not run here by design', async () => {
    const only = project('manual-only', { 'm.cases.yaml': suite(manual('77777777-7777-4777-8777-777777777777')) });
    const run = await cli(['run', '.', '--fail-on-skipped'], only);
    expect(run.stdout).toContain('Not run here: 1 manual case');
    expect(run.code).toBe(0);
  });
});

describe('the github reporter', () => {
  it('annotates failures as errors at file:line relative to GITHUB_WORKSPACE', async () => {
    const dir = project('gh/sub', {
      'targets/echo.yaml': echoTarget,
      'cases/fail.cases.yaml': suite(FAILS),
    });
    const run = await cli(['run', 'cases/', '--reporter', 'github'], dir, { GITHUB_WORKSPACE: path.join(scratch, 'gh') });
    expect(run.stdout).toBe(
      '::error file=sub/cases/fail.cases.yaml,line=5,title=Casewright%3A Fails::failed: contains: output does not contain "goodbye"%0Acase 44444444-4444-4444-8444-444444444444\n',
    );
    expect(run.code).toBe(1);
  });
});

describe('unknown targets', () => {
  it('points at a target file of that name with --target <file>', async () => {
    const dir = project('unknown', {
      'examples/targets/example-app.yaml': echoTarget,
      '.casewright/imported.cases.yaml': suite(FAILS).replace('target: echo', 'target: example-app'),
    });
    const run = await cli(['run', '.casewright/imported.cases.yaml'], dir);
    expect(run.stderr.trim()).toBe(
      "casewright: .casewright/imported.cases.yaml: unknown target 'example-app'; no targets are declared here; examples/targets/example-app.yaml declares it: pass --target examples/targets/example-app.yaml",
    );
    expect(run.code).toBe(2);
  });
});
