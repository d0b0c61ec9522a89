// `casewright judge-queue` in a real terminal: tmux runs the CLI in a pseudo-terminal, the test
// types keys into it (send-keys) and reads the screen (capture-pane), as a reviewer would.
// tmux comes from Debian (installed by scripts/debian-packages.mjs when missing).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackages } from '../../scripts/debian-packages.mjs';
import { createTerminal } from '../helpers/terminal.js';

const root = path.resolve(import.meta.dirname, '../..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const scratch = mkdtempSync(path.join(tmpdir(), 'casewright-judge-queue-'));
const { start, keys, type, waitFor, close } = createTerminal(scratch, 'queue');

const queued = (id: string, title: string, pass: boolean, requirement: string) => ({
  v: 1,
  type: 'queued',
  at: '2026-11-27T10:00:00.000Z',
  id,
  caseId: `aaaaaaaa-0000-4000-8000-${id}`,
  title,
  file: 'refunds.cases.yaml',
  path: [0],
  check: 'llm-judge',
  why: ['near-threshold'],
  pass,
  score: 0.75,
  threshold: 1,
  judges: [{ model: 'openai:gpt-4o-mini', pass, score: 0.75 }],
  verdicts: [{ requirement, pass: false, reason: 'the answer does not say so' }],
  output: 'You can return it within 30 days.',
  runId: 'r1',
});

beforeAll(() => {
  ensureDebianPackages(['tmux'], { why: 'the terminal judge-queue test' });
  mkdirSync(path.join(scratch, '.casewright'));
  const lines = [
    queued('000000000001', 'Refund window is named', false, 'Names the refund window'),
    queued('000000000002', 'Apologises for the delay', false, 'Apologises'),
  ];
  writeFileSync(path.join(scratch, '.casewright/judge-queue.jsonl'), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  const command = `${process.execPath} --import ${tsx} ${main} judge-queue; echo "judge-queue exited with $?"; sleep 600`;
  start(command, scratch, { NO_COLOR: '1' });
});
afterAll(() => close());

describe('casewright judge-queue (real terminal)', { timeout: 120_000 }, () => {
  it('shows each queued verdict; the reviewer overrides one with a note and confirms the other', async () => {
    await waitFor('2 judge verdicts to check.');
    await waitFor('[1/2] 000000000001  Refund window is named');
    await waitFor('not met  Names the refund window — the answer does not say so');
    await waitFor('❯ Confirm: it is a fail');
    keys('Down', 'Enter'); // override
    await waitFor('? Why?');
    type('30 days is the refund window');
    keys('Enter');
    await waitFor('000000000001: overridden → pass');

    await waitFor('[2/2] 000000000002  Apologises for the delay');
    keys('Enter'); // confirm
    await waitFor('? Why?');
    keys('Enter');
    await waitFor('000000000002: confirmed → fail');
    const end = await waitFor('judge-queue exited with 0');
    expect(end).toContain('checked: 1 confirmed, 1 overridden, 0 left; decisions in .casewright/judge-queue.jsonl');

    const decided = readFileSync(path.join(scratch, '.casewright/judge-queue.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.type === 'decided');
    expect(decided.map((d) => [d.id, d.decision, d.pass, d.note])).toEqual([
      ['000000000001', 'overridden', true, '30 days is the refund window'],
      ['000000000002', 'confirmed', false, undefined],
    ]);
  });
});
