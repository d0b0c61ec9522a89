// `casewright generate` as a user runs it: real files, the CLI's exit codes (0 ok, 1
// uncovered with --require-coverage, 2 usage or input error). One test runs the CLI as a
// child process; the others call `runCli` in this process (the same code path, faster).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../core/src/cli/program.js';
import { parseCaseFile } from '@casewright/core';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { startOpenAIServer } from '../servers/openai-server.js';
import type { LocalServer } from '../servers/server-kit.js';

const root = path.resolve(import.meta.dirname, '../..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const NO_KEYS = { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', GEMINI_API_KEY: '', GOOGLE_API_KEY: '', AZURE_OPENAI_API_KEY: '' };

/** Runs the CLI in this process with its own output and environment. */
async function cli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: { PATH: process.env.PATH, XDG_CONFIG_HOME: path.join(cwd, '.xdg'), ...NO_KEYS, ...env },
    isTty: false,
  });
  return { code, stdout, stderr };
}

/** Runs the CLI as a child process (the local server keeps answering from here). */
function cliProcess(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, main, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: path.join(cwd, '.xdg'), CASEWRIGHT_MASTER_KEY: '', ...NO_KEYS, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function scratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'casewright-generate-'));
  mkdirSync(path.join(dir, 'stories'));
  copyFileSync(path.join(root, 'examples/stories/password-reset.md'), path.join(dir, 'stories/password-reset.md'));
  return dir;
}

describe('casewright generate --story (offline)', () => {
  const generated = async () => {
    const dir = scratch();
    const run = await cli(['generate', '--story', 'stories/password-reset.md'], dir);
    expect(run.code).toBe(0);
    return { dir, out: path.join(dir, 'stories/password-reset.cases.yaml') };
  };

  it('writes the cases beside the story, covers every criterion, and the file validates (child process)', async () => {
    const dir = scratch();
    const out = path.join(dir, 'stories/password-reset.cases.yaml');
    const run = await cliProcess(['generate', '--story', 'stories/password-reset.md', '--require-coverage'], dir);
    expect(run.stderr).toMatch(
      /^added \d+ cases to stories\/password-reset\.cases\.yaml \(offline rules\) for SHOP-142: Reset a forgotten password$/m,
    );
    expect(run.stdout).toContain('10/10 criteria covered');
    expect(run.stdout).toMatch(/^AC-5 +9 +The new password must be at least 8 characters/m);
    expect(run.code).toBe(0);
    const check = await cli(['validate', out], dir);
    expect(check.code).toBe(0);
  });

  it('a second run adds nothing and leaves the file byte for byte', async () => {
    const { dir, out } = await generated();
    const before = readFileSync(out, 'utf8');
    const count = (before.match(/^ {2}- id: /gm) ?? []).length;
    const run = await cli(['generate', '--story', 'stories/password-reset.md'], dir);
    expect(run.stderr).toContain('added 0 cases');
    expect(run.stderr).toContain(`${count} already in the file, unchanged`);
    expect(run.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(before);
  });

  it('keeps a case a person edited, reports it, and keeps their comments', async () => {
    const { dir, out } = await generated();
    const edited = `# Reviewed by Dana on 2026-01-12\n${readFileSync(out, 'utf8').replace('title: The login page shows a "Forgot password?" link that opens the reset form', 'title: Login page offers "Forgot password?" # wording agreed with UX')}`;
    writeFileSync(out, edited);
    const run = await cli(['generate', '--story', 'stories/password-reset.md'], dir);
    expect(run.stderr).toMatch(
      /kept your edits: [0-9a-f-]{36} "Login page offers "Forgot password\?"" \(the generator would write it differently; not overwritten\)/,
    );
    expect(readFileSync(out, 'utf8')).toBe(edited);
  });

  it('--dry-run prints the cases and writes nothing', async () => {
    const d = scratch();
    const run = await cli(
      ['generate', '--story', 'stories/password-reset.md', '--dry-run', '--kinds', 'conversation', '--techniques', 'happy-path'],
      d,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('kind: conversation');
    expect(run.stderr).toMatch(/^would add \d+ cases/);
    expect(existsSync(path.join(d, 'stories/password-reset.cases.yaml'))).toBe(false);
  });

  it('--require-coverage exits 1 when --max leaves a criterion uncovered', async () => {
    const d = scratch();
    const run = await cli(
      ['generate', '--story', 'stories/password-reset.md', '--max', '3', '--require-coverage', '--out', 'few.cases.yaml'],
      d,
    );
    expect(run.stdout).toContain('3/10 criteria covered; uncovered: AC-4, AC-5, AC-6, AC-7, AC-8, AC-9, AC-10');
    expect(run.stdout).toMatch(/^AC-4 +0 +✗ uncovered/m);
    expect(run.code).toBe(1);
    expect(existsSync(path.join(d, 'few.cases.yaml'))).toBe(true);
  });

  it('reads a Jira issue JSON story', async () => {
    const d = scratch();
    copyFileSync(path.join(root, 'core/src/generate/story/__fixtures__/jira-issue-with-ac-field.json'), path.join(d, 'SHOP-142.json'));
    const run = await cli(['generate', '--story', 'SHOP-142.json'], d);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('5/5 criteria covered');
    expect(readFileSync(path.join(d, 'SHOP-142.cases.yaml'), 'utf8')).toContain('story: SHOP-142');
  });

  it('reads a Gherkin feature file (.feature): scenarios, rules, outlines with several Examples blocks, tags as case tags', async () => {
    const d = scratch();
    copyFileSync(path.join(root, 'test/fixtures/stories/gherkin/checkout.feature'), path.join(d, 'checkout.feature'));
    const run = await cli(['generate', '--story', 'checkout.feature'], d);
    expect(run.stderr).toContain('added 7 cases to checkout.cases.yaml (offline rules) for SHOP-512: Checkout with saved cards');
    expect(run.stdout).toContain('4/4 criteria covered');
    expect(run.code).toBe(0);
    const parsed = parseCaseFile(readFileSync(path.join(d, 'checkout.cases.yaml'), 'utf8'), 'checkout.cases.yaml');
    expect(parsed.diagnostics).toEqual([]);
    const cases = parsed.suite?.cases ?? [];
    expect(cases.find((c) => c.title === 'Pay with a saved card')?.tags).toEqual(['happy-path', 'checkout', 'smoke']);
    const declined = cases.find((c) => c.title === 'Provider error is shown to the customer');
    expect(declined?.kind === 'manual' && declined.preconditions).toContain(
      'The payment provider answers with: {"error": "card_declined", "message": "Do not honor"}',
    );
  });

  it('reads a French feature and Markdown with Gherkin (.feature.md)', async () => {
    const d = scratch();
    copyFileSync(path.join(root, 'test/fixtures/stories/gherkin/panier-fr.feature'), path.join(d, 'panier.feature'));
    copyFileSync(path.join(root, 'test/fixtures/stories/gherkin/wishlist.feature.md'), path.join(d, 'wishlist.feature.md'));
    const fr = await cli(['generate', '--story', 'panier.feature'], d);
    expect(fr.stdout).toContain('2/2 criteria covered');
    expect(readFileSync(path.join(d, 'panier.cases.yaml'), 'utf8')).toContain('Quantité maximale par produit (quantité: 11');
    const md = await cli(['generate', '--story', 'wishlist.feature.md'], d);
    expect(md.stdout).toContain('2/2 criteria covered');
    expect(existsSync(path.join(d, 'wishlist.cases.yaml'))).toBe(true);
  });

  it('lists development tasks as not testable as written under the coverage', async () => {
    const d = scratch();
    copyFileSync(path.join(root, 'test/fixtures/stories/markdown/tasks-in-ac.md'), path.join(d, 'tasks.md'));
    const run = await cli(['generate', '--story', 'tasks.md'], d);
    expect(run.stdout).toContain('2/2 criteria covered\nnot testable as written');
    expect(run.stdout).toContain('  - Create tests for the e-mail job.');
  });
});

describe('casewright generate: bad input answers with exit 2 and touches nothing', () => {
  const dir = scratch();
  writeFileSync(path.join(dir, 'vague.md'), '# Vague\n\nMake it nice.\n');
  writeFileSync(path.join(dir, 'placeholder.md'), '# Gift wrap\n\n## Acceptance criteria\n\n- [ ] ...\n');
  writeFileSync(path.join(dir, 'broken.feature'), 'Feature: Broken\n  Scenario: A\n    Given a\n      | a | b |\n      | c |\n');
  const broken = 'suite: Broken\ncases:\n  - id: nope\n';
  writeFileSync(path.join(dir, 'broken.cases.yaml'), broken);

  it.each([
    ['neither --story nor --jira', ['generate'], 'casewright: generate needs exactly one of --story <file> or --jira <KEY>'],
    ['a missing story', ['generate', '--story', 'nope.md'], 'casewright: nope.md: no such file'],
    [
      'a story without criteria',
      ['generate', '--story', 'vague.md'],
      'casewright: vague.md: no acceptance criteria found; add a heading "## Acceptance criteria" with one criterion per list item, e.g. "- The reset link expires after 30 minutes", or Gherkin "Scenario:" blocks',
    ],
    [
      'a criteria section that holds only a placeholder',
      ['generate', '--story', 'placeholder.md'],
      'casewright: placeholder.md: no acceptance criteria found: the "Acceptance criteria" section (line 3) holds only a placeholder ("..."), no criteria; write the criteria under it',
    ],
    [
      'a feature with a syntax error',
      ['generate', '--story', 'broken.feature'],
      'casewright: broken.feature:5:7 inconsistent cell count within the table',
    ],
    [
      'an unknown kind',
      ['generate', '--story', 'vague.md', '--kinds', 'manual,chat'],
      "casewright generate: option '--kinds <list>' argument 'manual,chat' is invalid. --kinds takes a comma-separated list of manual, conversation; unknown: chat (see 'casewright generate --help')",
    ],
    [
      'an out file that is not a case file',
      ['generate', '--story', 'stories/password-reset.md', '--out', 'cases.yml'],
      'casewright: --out cases.yml: a case file name ends in .cases.yaml',
    ],
    [
      '--offline with --model',
      ['generate', '--story', 'stories/password-reset.md', '--offline', '--model', 'openai:gpt-4.1-mini'],
      'casewright: --offline and --model exclude each other',
    ],
    [
      'a model without a key',
      ['generate', '--story', 'stories/password-reset.md', '--model', 'openai:gpt-4.1-mini'],
      "casewright: 'openai:gpt-4.1-mini' resolves to the offline provider: no API key was found.",
    ],
  ])('%s', async (_name, args, message) => {
    const run = await cli(args, dir);
    expect(run.stderr.trim().startsWith(message)).toBe(true);
    expect(run.code).toBe(2);
  });

  it('an invalid target file stops before generating and stays as it was', async () => {
    const run = await cli(['generate', '--story', 'stories/password-reset.md', '--out', 'broken.cases.yaml'], dir);
    expect(run.stderr).toMatch(/^casewright: broken\.cases\.yaml:3:\d+ /);
    expect(run.code).toBe(2);
    expect(readFileSync(path.join(dir, 'broken.cases.yaml'), 'utf8')).toBe(broken);
  });
});

describe('casewright generate with a model (local OpenAI server)', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startOpenAIServer();
  });
  afterAll(async () => server.close());
  const configured = () => {
    const dir = scratch();
    writeFileSync(
      path.join(dir, 'casewright.config.yaml'),
      `providers:\n  openai:\n    type: openai\n    baseURL: ${server.url}/v1\nrouter:\n  initialDelayMs: 5\n  maxDelayMs: 20\ncache:\n  enabled: false\n`,
    );
    return dir;
  };

  it('writes nothing when the model never answers valid JSON', async () => {
    const dir = configured();
    server.setScenario('invalid-json');
    const existing = 'suite: Mine\ncases: []\n# keep me\n';
    writeFileSync(path.join(dir, 'mine.cases.yaml'), existing);
    const run = await cli(
      ['generate', '--story', 'stories/password-reset.md', '--model', 'openai:gpt-4.1-mini', '--out', 'mine.cases.yaml'],
      dir,
      { OPENAI_API_KEY: 'sk-cli-test-abcdef123456' },
    );
    expect(run.stderr).toMatch(/^casewright: generation with openai:gpt-4\.1-mini failed: /);
    expect(run.stderr).not.toContain('sk-cli-test-abcdef123456');
    expect(run.code).toBe(2);
    expect(readFileSync(path.join(dir, 'mine.cases.yaml'), 'utf8')).toBe(existing);
    expect(existsSync(path.join(dir, 'stories/password-reset.cases.yaml'))).toBe(false);
  });

  it('goes through the model when a key is configured', async () => {
    const dir = configured();
    server.setScenario('ok');
    server.setHandler((chat) => {
      const ids = [...(chat.messages.at(-1)?.content ?? '').matchAll(/^- (AC-\d+):/gm)].map((m) => m[1]);
      return {
        cases: ids.map((id) => ({
          kind: 'manual',
          title: `Model case for ${id}`,
          priority: 'high',
          technique: 'happy-path',
          covers: [id],
          preconditions: [],
          steps: [{ action: 'Do it', data: null, expected: 'It works' }],
        })),
      };
    });
    const run = await cli(
      ['generate', '--story', 'stories/password-reset.md', '--model', 'openai:gpt-4.1-mini', '--require-coverage'],
      dir,
      { OPENAI_API_KEY: 'sk-cli-test-abcdef123456' },
    );
    expect(run.stderr).toContain(
      'added 10 cases to stories/password-reset.cases.yaml (openai:gpt-4.1-mini, prompt generate-manual-cases@1.0.0)',
    );
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(dir, 'stories/password-reset.cases.yaml'), 'utf8')).toContain('generator: llm');
  });

  it('without --model uses the configured default model when a key is there, and the offline rules when not', async () => {
    server.setScenario('ok');
    server.setHandler((chat) => {
      const ids = [...(chat.messages.at(-1)?.content ?? '').matchAll(/^- (AC-\d+):/gm)].map((m) => m[1]);
      return {
        cases: ids.map((id) => ({
          kind: 'manual',
          title: `Default model case for ${id}`,
          priority: 'high',
          technique: 'happy-path',
          covers: [id],
          preconditions: [],
          steps: [{ action: 'Do it', data: null, expected: 'It works' }],
        })),
      };
    });
    const withKey = await cli(['generate', '--story', 'stories/password-reset.md', '--dry-run'], configured(), {
      OPENAI_API_KEY: 'sk-cli-test-abcdef123456',
    });
    expect(withKey.stderr).toMatch(/^would add 10 cases to .* \(openai:[^,]+, prompt generate-manual-cases@1\.0\.0\)/m);
    const withoutKey = await cli(['generate', '--story', 'stories/password-reset.md', '--dry-run'], configured());
    expect(withoutKey.stderr).toMatch(/^would add \d+ cases to .* \(offline rules\)/m);
  });
});

describe('casewright generate --jira (local Jira server)', () => {
  const token = 'ATATT-generate-secret-token';
  let jira: JiraServer;
  beforeAll(async () => {
    jira = await startJiraServer({ basicAuth: { email: 'qa@example.com', apiToken: token } });
  });
  afterAll(async () => jira.close());
  const env = () => ({ JIRA_BASE_URL: jira.url, JIRA_EMAIL: 'qa@example.com', JIRA_API_TOKEN: token });

  it('fetches the story with expand=names, finds the acceptance-criteria field and writes <KEY>.cases.yaml', async () => {
    const fixture = JSON.parse(readFileSync(path.join(root, 'core/src/generate/story/__fixtures__/jira-issue-with-ac-field.json'), 'utf8'));
    const key = jira.addIssue({
      project: 'SHOP',
      summary: 'Reset a forgotten password',
      description: fixture.fields.description,
      acceptanceCriteria: fixture.fields.customfield_10050,
    });
    const dir = scratch();
    const run = await cli(['generate', '--jira', key, '--require-coverage'], dir, env());
    expect(run.stderr).toContain(`added`);
    expect(run.stdout).toContain('5/5 criteria covered');
    expect(run.code).toBe(0);
    expect(jira.calls.some((c) => c.path.startsWith(`/rest/api/3/issue/${key}`))).toBe(true);
    const written = readFileSync(path.join(dir, `${key}.cases.yaml`), 'utf8');
    expect(written).toContain(`story: ${key}`);
    expect(written).not.toContain(token);
  });

  it('answers an unknown issue and missing credentials with exit 2', async () => {
    const dir = scratch();
    const missing = await cli(['generate', '--jira', 'SHOP-9999'], dir, env());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^casewright: .*404/);
    const noToken = await cli(['generate', '--jira', 'SHOP-1'], dir, { JIRA_BASE_URL: jira.url });
    expect(noToken.stderr.trim()).toBe(
      "casewright: no Jira credentials: set JIRA_EMAIL (or jira.email) and JIRA_API_TOKEN (or store the token as the 'jira' key)",
    );
    expect(noToken.code).toBe(2);
  });
});
