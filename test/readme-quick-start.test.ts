// The README as a new user follows it, in a fresh clone of this repository (a temporary
// `git clone`): `npm start` runs the whole loop and leaves `git status` clean; then every
// `npx casewright` example in the README's sh blocks runs as written, with the output the
// README shows under it (`…` stands for what differs per run, such as a new UUID). Examples
// that need a provider key or a Jira site (`KEY=...`, `--jira`) cannot run here; for them the
// files they name must exist. The GitHub Actions workflow in docs/ci/ runs its command too.
//
// The clone gets its node_modules the way `npm install` lays them out, without the network:
// the workspace links point into the clone, every other package at this checkout's install;
// core is built with tsc, which is what the CLI needs of `npm install`'s build step.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const root = path.resolve(import.meta.dirname, '..');
const clone = path.join(mkdtempSync(path.join(tmpdir(), 'casewright-readme-')), 'casewright');
// No provider keys and no CI variables: the README's quick start promises to work without them.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY$|^GITHUB_|^JIRA_|^npm_/i.test(k)));
const PATH = `${path.join(clone, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}`;

/**
 * A shell command in the clone. Asynchronous on purpose: `npm start` takes a while, and a
 * synchronous spawn would block the vitest worker so long that vitest's own worker messages
 * time out on a loaded machine ("Timeout calling onTaskUpdate").
 */
async function sh(command: string, extra: NodeJS.ProcessEnv = {}) {
  const child = spawn('sh', ['-c', command], { cwd: clone, env: { ...env, PATH, NO_COLOR: '1', ...extra } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { code, stdout, stderr, output: `${stdout}\n${stderr}` };
}

/** node_modules as npm would lay them out in the clone: workspace links kept relative, packages from this checkout. */
/** A real node_modules folder (ignored by git, unlike a symlink) whose entries link to `from`'s. */
function linkEntries(from: string, to: string): void {
  mkdirSync(to);
  for (const entry of readdirSync(from)) {
    const source = path.join(from, entry);
    if (lstatSync(source).isSymbolicLink() || entry === '.bin' || entry === '@casewright')
      cpSync(source, path.join(to, entry), { recursive: true, verbatimSymlinks: true });
    else symlinkSync(source, path.join(to, entry));
  }
}

function linkNodeModules(): void {
  linkEntries(path.join(root, 'node_modules'), path.join(clone, 'node_modules'));
  // A workspace's own node_modules (a version that could not be hoisted, e.g. core's diff 8 beside mocha's diff 7).
  for (const workspace of ['core', 'jira-app', 'vscode-extension']) {
    const nested = path.join(root, workspace, 'node_modules');
    if (existsSync(nested) && !existsSync(path.join(clone, workspace, 'node_modules')))
      linkEntries(nested, path.join(clone, workspace, 'node_modules'));
  }
}

interface Example {
  command: string;
  expected: string[];
}

/** `npx casewright` lines of the README's sh blocks, with the `# output` lines under each. */
function readmeExamples(text: string): Example[] {
  const examples: Example[] = [];
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split('\n')) {
      if (line.includes('npx casewright')) examples.push({ command: line, expected: [] });
      else if (line.startsWith('# ') && examples.length) examples.at(-1)!.expected.push(line.slice(2));
    }
  }
  return examples;
}

const toPattern = (line: string) =>
  new RegExp(
    line
      .split('…')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*'),
  );

let start: Awaited<ReturnType<typeof sh>>;
let statusAfterStart: string;
let again: Awaited<ReturnType<typeof sh>>;
let statusAfterAgain: string;

beforeAll(async () => {
  const cloned = spawnSync('git', ['clone', '--quiet', root, clone], { encoding: 'utf8' });
  if (cloned.status !== 0) throw new Error(`git clone failed: ${cloned.stderr}`);
  linkNodeModules();
  const built = await sh(`node node_modules/typescript/bin/tsc -b core`);
  if (built.code !== 0) throw new Error(`building core failed: ${built.output}`);
  start = await sh('npm start');
  statusAfterStart = (await sh('git status --porcelain')).stdout;
  // A second run (before any README example writes files of its own).
  again = await sh('npm start');
  statusAfterAgain = (await sh('git status --porcelain')).stdout;
}, 900_000);

describe('the README quick start in a fresh clone', () => {
  it('npm start runs the whole loop and exits 0', () => {
    expect(start.stderr).not.toMatch(/^✗ /m);
    expect(start.code).toBe(0);
    expect(start.output).toContain('added 25 cases to .casewright/quick-start/password-reset.cases.yaml (offline rules) for SHOP-142');
    expect(start.output).toContain('10/10 criteria covered');
    expect(start.output).toContain('Imported: 20 new cases in .casewright/quick-start/imported.cases.yaml');
    expect(start.stdout).toMatch(/^Not run here: \d+ manual cases/m);
    expect(start.stdout).not.toContain('skipped (manual)');
    expect(start.stdout).not.toContain('unknown target');
    expect(start.stdout).toMatch(/^ {2}examples {3}13 passed, 2 failed on purpose/m);
    expect(start.stdout).toMatch(
      /^ {2}imported {3}20 refund conversations: \d+ answered like the logged production answer, \d+ differently/m,
    );
    expect(start.stdout).toContain('Try next');
    expect(existsSync(path.join(clone, '.casewright/reports/report.html'))).toBe(true);
  });

  it('leaves git status clean', () => {
    expect(statusAfterStart).toBe('');
  });

  it('npm start again starts from a fresh folder: cases are written again', () => {
    expect(again.output).toContain('added 25 cases to .casewright/quick-start/password-reset.cases.yaml');
    expect(again.code).toBe(0);
    expect(statusAfterAgain).toBe('');
  });
});

// In the README's order: an example may use what an earlier one made (init, then add).
describe('every README example runs as written', { shuffle: false }, () => {
  const examples = readmeExamples(readFileSync(path.join(root, 'README.md'), 'utf8'));

  it('the README has examples to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples.map((e) => [e.command, e] as const))(
    '%s',
    async (_name, example) => {
      const needsOutside = /\b[A-Z_]+=\.\.\.|--jira\b/.test(example.command);
      if (needsOutside) {
        // A key or a Jira site is needed: the files the example names must exist at least.
        for (const file of example.command.match(/\b(?:examples|test|docs)\/[\w./-]+/g) ?? [])
          expect(existsSync(path.join(clone, file)), file).toBe(true);
        return;
      }
      const run = await sh(example.command);
      const exit = /# exit (\d)/.exec(example.command)?.[1];
      if (exit) expect(run.code).toBe(Number(exit));
      else expect([0, 1]).toContain(run.code);
      expect(run.output).not.toMatch(/unexpected error|no such file|unknown (target|option|command)/);
      for (const line of example.expected) expect(run.output).toMatch(toPattern(line));
    },
    // The voice example speaks, conditions and transcribes offline: over 120 s at load 14 on 2 cores.
    300_000,
  );
});

describe('the GitHub Actions workflow in docs/ci/', () => {
  it('runs its command (on the examples, shard 1 of 4), annotating and writing the job summary', async () => {
    const workflow = parseYaml(readFileSync(path.join(root, 'docs/ci/casewright.yml'), 'utf8'));
    const job = workflow.jobs.cases;
    expect(job.strategy.matrix.shard).toEqual([1, 2, 3, 4]);
    const upload = job.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload).toMatchObject({ if: '${{ !cancelled() }}', with: { path: 'reports/' } });
    const command: string = job.steps.find((s: { run?: string }) => s.run?.includes('casewright run')).run;
    const summary = path.join(clone, '.casewright/step-summary.md');
    const run = await sh(command.replace('${{ matrix.shard }}', '1').replace(' cases/ ', ' examples/ --target example-app '), {
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_WORKSPACE: clone,
    });
    expect(run.stdout).toMatch(/^::(error|warning) file=examples\/[\w/.-]+\.cases\.yaml,line=\d+,title=Casewright%3A /m);
    expect(readFileSync(summary, 'utf8')).toMatch(/^## Casewright: /);
    expect(existsSync(path.join(clone, 'reports/junit.xml'))).toBe(true);
    expect(run.code).toBe(1);
  }, 120_000);
});
