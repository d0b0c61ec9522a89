// The extension's Pull/Push task (vscode-free core of the commands) against the local Jira
// server (Jira Cloud platform REST v3 shapes, see test/servers/jira-server.ts): it writes the
// Jira link back into the file keeping comments, and a conflict leaves the file untouched.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJiraClient, parseCaseFile, type JiraClient } from '@casewright/core';
import { createJiraRestTransport } from '../vscode-extension/src/adapters/jira-rest-transport.js';
import { caseYaml, syncCaseFile } from '../vscode-extension/src/commands/jira-sync.js';
import { startJiraServer, type JiraServer } from './servers/jira-server.js';

let jira: JiraServer;
let client: JiraClient;
let dir: string;
let file: string;

const text = (story: string) => `# Refund cases — reviewed by QA
suite: Refunds
story: ${story}
cases:
  - id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60
    title: Refund form opens
    kind: manual
    # the form lives under Orders
    steps:
      - action: Open the orders page and click Refund
        expected: The refund form opens
`;

beforeEach(async () => {
  jira = await startJiraServer({ basicAuth: { email: 'qa@example.com', apiToken: 'tok-123456789' } });
  client = createJiraClient(createJiraRestTransport({ site: jira.url, email: 'qa@example.com', apiToken: 'tok-123456789' }));
  dir = await mkdtemp(path.join(tmpdir(), 'cw-vscode-sync-'));
  file = path.join(dir, 'refunds.cases.yaml');
});
afterEach(async () => {
  await jira.close();
  await rm(dir, { recursive: true, force: true });
});

describe('syncCaseFile', () => {
  it('push creates the issue and writes the link back, keeping comments; a second push changes nothing', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Refunds' });
    await writeFile(file, text(story));
    const first = await syncCaseFile(client, file, 'refunds.cases.yaml', 'push', undefined);
    expect(first.items.map((i) => i.status)).toEqual(['created']);
    expect(first.written).toBe(true);
    const written = await readFile(file, 'utf8');
    expect(written).toContain('# Refund cases — reviewed by QA');
    expect(written).toContain('# the form lives under Orders');
    expect(parseCaseFile(written, 'f').suite!.cases[0]!.jira?.key).toBe(first.items[0]!.key);
    const again = await syncCaseFile(client, file, 'refunds.cases.yaml', 'push', undefined);
    expect([again.items[0]!.status, again.written]).toEqual(['unchanged', false]);
    expect(await readFile(file, 'utf8')).toBe(written);
  });

  it('a change on both sides is a conflict with both versions, and the file is not touched', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Refunds' });
    await writeFile(file, text(story));
    const [created] = (await syncCaseFile(client, file, 'f', 'push', undefined)).items;
    jira.editIssue(created!.key!, { summary: 'Edited in Jira' });
    const local = (await readFile(file, 'utf8'))
      .replace('title: Refund form opens', 'title: Edited locally')
      .replace(/version: 1/, 'version: 2');
    await writeFile(file, local);
    const pull = await syncCaseFile(client, file, 'f', 'pull', undefined);
    const item = pull.items.find((i) => i.caseId === created!.caseId)!;
    expect(item.status).toBe('conflict');
    expect(caseYaml(item.remote)).toContain('Edited in Jira');
    expect(caseYaml(item.case)).toContain('Edited locally');
    expect(pull.written).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(local);
  });

  it('skips a file without a Jira story and refuses a file with errors', async () => {
    await writeFile(file, text('stories/refunds.md'));
    expect((await syncCaseFile(client, file, 'f', 'push', undefined)).skipped).toMatch(/no story/);
    await writeFile(file, text('SHOP-1').replace('kind: manual', 'kind: manul'));
    await expect(syncCaseFile(client, file, 'f', 'push', undefined)).rejects.toThrow(/has errors \(line 7/);
  });
});
