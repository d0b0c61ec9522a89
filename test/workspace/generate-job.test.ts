// The generate jobs every front end calls: offline rules on a real story file, the merge
// into a case file, and the single case-file writer that refuses to overwrite an edit
// saved while the job was working.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../core/src/model/case-file.js';
import { CaseFileEditor } from '../../core/src/model/case-file-editor.js';
import { createMemoryKeyStore } from '../../core/src/keys/file-key-store.js';
import { openWorkspace, type Workspace } from '../../core/src/workspace/workspace.js';
import { readStory } from '../../core/src/workspace/story-job.js';
import { defaultCaseFileFor, generate, generateIntoCaseFile } from '../../core/src/workspace/generate-job.js';
import { startOpenAIServer, type LocalServer } from '../servers/openai-server.js';

const STORY = path.resolve(import.meta.dirname, '../../examples/stories/checkout-coupons.md');
let dir: string;
let ws: Workspace;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cw-ws-generate-'));
  await copyFile(STORY, path.join(dir, 'coupons.md'));
  ws = await openWorkspace({ cwd: dir, env: {}, keyStore: createMemoryKeyStore() });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateIntoCaseFile', () => {
  it('writes the cases beside the story with the coverage, and a second run writes nothing', async () => {
    const story = await readStory(ws, { file: 'coupons.md' });
    const first = await generateIntoCaseFile(ws, { story, storyFile: 'coupons.md' });
    expect([first.shownOut, first.written]).toEqual(['coupons.cases.yaml', true]);
    expect(first.generation.coverage.covered).toBe(story.criteria.length);
    const text = await readFile(path.join(dir, 'coupons.cases.yaml'), 'utf8');
    expect(parseCaseFile(text, 'f').suite!.cases).toHaveLength(first.generation.cases.length);
    const second = await generateIntoCaseFile(ws, { story, storyFile: 'coupons.md' });
    expect([second.generation.cases.length, second.written]).toEqual([0, false]);
    expect(await readFile(path.join(dir, 'coupons.cases.yaml'), 'utf8')).toBe(text);
  });

  it('counts coverage over existing and new cases, and a deprecated case covers nothing (docs/generation.md)', async () => {
    const story = await readStory(ws, { file: 'coupons.md' });
    await generateIntoCaseFile(ws, { story, storyFile: 'coupons.md' });
    const file = path.join(dir, 'coupons.cases.yaml');
    const suite = parseCaseFile(await readFile(file, 'utf8'), 'f').suite!;
    const ac1 = suite.cases.filter((c) => c.covers.includes('AC-1'));
    // Deprecate every case of AC-1: the next run reports it uncovered, and keeps the deprecated ones as they are.
    const editor = CaseFileEditor.parse(await readFile(file, 'utf8'), 'f');
    for (const c of ac1) editor.setField(c.id, ['status'], 'deprecated');
    await writeFile(file, editor.toString());
    const again = await generateIntoCaseFile(ws, { story, storyFile: 'coupons.md', dryRun: true });
    expect(again.generation.coverage.uncovered).toContain('AC-1');
    expect(again.generation.coverage.covered).toBe(story.criteria.length - 1);
  });

  it('refuses to overwrite a case file saved by someone else while it was generating', async () => {
    const story = await readStory(ws, { file: 'coupons.md' });
    const file = path.join(dir, 'coupons.cases.yaml');
    await generateIntoCaseFile(ws, { story, storyFile: 'coupons.md', max: 1 });
    const edited = `${await readFile(file, 'utf8')}# my note, saved while generating\n`;
    const run = generateIntoCaseFile(ws, {
      story,
      storyFile: 'coupons.md',
      onProgress: async (p) => {
        if (p.message.startsWith('Writing')) await writeFile(file, edited);
      },
    });
    await expect(run).rejects.toThrow(/coupons\.cases\.yaml changed on disk .*nothing was written/);
    expect(await readFile(file, 'utf8')).toBe(edited);
  });

  it('an invalid target file stops before generating and stays as it was', async () => {
    const story = await readStory(ws, { file: 'coupons.md' });
    await writeFile(path.join(dir, 'bad.cases.yaml'), 'suite: x\ncases:\n  - title: no id\n');
    await expect(generateIntoCaseFile(ws, { story, out: 'bad.cases.yaml' })).rejects.toThrow(/bad\.cases\.yaml:3:/);
    expect(await readFile(path.join(dir, 'bad.cases.yaml'), 'utf8')).toBe('suite: x\ncases:\n  - title: no id\n');
    await expect(generateIntoCaseFile(ws, { story, out: 'cases.yml' })).rejects.toThrow('cases.yml: a case file name ends in .cases.yaml');
  });

  it('names the case file after the story', () => {
    expect(defaultCaseFileFor('/w/stories/refunds.md')).toBe('/w/stories/refunds.cases.yaml');
    expect(defaultCaseFileFor('/w/stories/refunds.feature')).toBe('/w/stories/refunds.cases.yaml');
  });
});

describe('generate with a model (local OpenAI server, chat completions with json_schema)', () => {
  let llm: LocalServer;
  beforeEach(async () => {
    llm = await startOpenAIServer({
      record: true,
      handler: () => ({
        cases: [
          {
            kind: 'manual',
            title: 'SAVE10 lowers the total by 10%',
            priority: 'high',
            technique: 'happy-path',
            covers: ['AC-1'],
            preconditions: [],
            steps: [{ action: 'Apply SAVE10', data: null, expected: 'The total drops by 10%' }],
          },
        ],
      }),
    });
  });
  afterEach(async () => llm.close());

  it('uses the key from the key store and the prompt overrides; a model without a key is an error or, where asked, the offline rules', async () => {
    const keyStore = createMemoryKeyStore();
    const config = { providers: { local: { type: 'openai-compatible' as const, baseURL: `${llm.url}/v1`, apiKeyEnv: 'LOCAL_KEY' } } };
    const story = await readStory(ws, { file: 'coupons.md' });
    const online = await openWorkspace({ cwd: dir, env: { LOCAL_KEY: 'sk-local-1234567890' }, keyStore, config, cache: false });
    const result = await generate(online, { story, model: 'local:bench-model' });
    expect(result.generator).toBe('llm');
    expect(result.cases.map((c) => c.title)).toEqual(['SAVE10 lowers the total by 10%']);
    expect(result.coverage.uncovered).not.toContain('AC-1');

    const noKey = await openWorkspace({ cwd: dir, env: {}, keyStore, config: { providers: { openai: { type: 'openai' as const } } } });
    await expect(generate(noKey, { story, model: 'openai:gpt-4o-mini' })).rejects.toThrow(/resolves to the offline provider/);
    const fallback = await generate(noKey, { story, model: 'openai:gpt-4o-mini', offlineModel: 'fallback' });
    expect(fallback.generator).toBe('offline');
  });
});
