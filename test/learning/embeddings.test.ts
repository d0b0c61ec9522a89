// Embeddings where the product learns: the case index (casewright similar) and generation's
// paraphrase dedupe, through the router and the real `openai` SDK against the local OpenAI server
// (embeddings: https://platform.openai.com/docs/api-reference/embeddings/create; chat with
// response_format json_schema: https://platform.openai.com/docs/api-reference/chat/create).
// The server's embedding stands in for a real model: it maps a few synonyms to one concept before
// hashing the words, so paraphrases land close, as they do with a trained model. Vectors are cached
// in .casewright/index by content hash; only new or changed texts are embedded again.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../../core/src/workspace/workspace.js';
import { readStory } from '../../core/src/workspace/story-job.js';
import { generate } from '../../core/src/workspace/generate-job.js';
import { similarCases } from '../../core/src/workspace/index-job.js';
import { startOpenAIServer, type LocalServer } from '../servers/openai-server.js';
import { hashedEmbedding } from '../servers/server-kit.js';

const root = path.resolve(import.meta.dirname, '../..');
const SYNONYMS: Record<string, string> = {
  shopper: 'buyer',
  customer: 'buyer',
  renames: 'rename',
  renamed: 'rename',
  changes: 'rename',
  change: 'rename',
  stored: 'saved',
  kept: 'saved',
  searches: 'search',
  list: 'search',
  shows: 'listed',
  appears: 'listed',
  title: 'name',
  label: 'name',
};
const STOP = new Set([
  'a',
  'an',
  'the',
  'of',
  'in',
  'its',
  'is',
  'to',
  'from',
  'under',
  'and',
  'with',
  'their',
  'her',
  'his',
  'it',
  'they',
]);
/** A stand-in for an embedding model: synonyms folded, stop words dropped, then the words hashed. */
const semantic = (text: string) =>
  hashedEmbedding(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w && !STOP.has(w))
      .map((w) => SYNONYMS[w] ?? w)
      .join(' '),
  );

const STORY = `# Rename a saved search

## Acceptance criteria
- A buyer can rename a saved search under "My searches".
- Guests do not see the "Rename" button.
`;

const caseYaml = (id: string, title: string, action: string, expected: string, covers = 'AC-1') => `  - id: ${id}
    title: ${title}
    kind: manual
    priority: medium
    status: ready
    covers: [${covers}]
    source: { kind: manual }
    steps:
      - action: ${action}
        expected: ${expected}
`;
const EXISTING = `suite: Saved searches
cases:
${caseYaml('11111111-1111-4111-8111-111111111111', 'A buyer renames a saved search', 'Rename the saved search in My searches', 'The new name is listed in My searches')}${caseYaml(
  '22222222-2222-4222-8222-222222222222',
  'Guests cannot open My searches',
  'Open My searches as a guest',
  'The login page opens',
  'AC-2',
)}`;
/** What the model proposes: a paraphrase of the existing case, and one new case. */
const DRAFTS = {
  cases: [
    {
      kind: 'manual',
      title: 'A shopper changes the name of a stored search',
      priority: 'high',
      technique: 'happy-path',
      covers: ['AC-1'],
      preconditions: [],
      steps: [
        { action: 'Change the name of the stored search in My searches', data: null, expected: 'The new title appears in My searches' },
      ],
    },
    {
      kind: 'manual',
      title: 'Renaming keeps the filters of the saved search',
      priority: 'medium',
      technique: 'happy-path',
      covers: ['AC-1'],
      preconditions: ['A saved search filters by colour: red'],
      steps: [{ action: 'Rename the saved search and open it', data: null, expected: 'It still filters by colour: red' }],
    },
  ],
};

let llm: LocalServer;
let dir: string;
const env = { LOCAL_KEY: 'sk-local-embed-1234567890' };
const config = (embeddings: boolean) => ({
  providers: { local: { type: 'openai-compatible' as const, baseURL: `${llm.url}/v1`, apiKeyEnv: 'LOCAL_KEY' } },
  ...(embeddings ? { index: { embeddings: 'local:text-embedding-3-small' } } : {}),
});
const embedCalls = () => llm.requests.filter((r) => r.path.endsWith('/embeddings'));
const embeddedTexts = () => embedCalls().flatMap((r) => (r.body as { input: string[] }).input);

beforeAll(async () => {
  llm = await startOpenAIServer({ record: true, embed: semantic, handler: () => DRAFTS });
});
afterAll(() => llm.close());
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cw-embeddings-'));
  await writeFile(path.join(dir, 'rename.md'), STORY);
  await writeFile(path.join(dir, 'searches.cases.yaml'), EXISTING);
  llm.requests.length = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function workspace(embeddings: boolean): Promise<Workspace> {
  return openWorkspace({ cwd: dir, env, config: config(embeddings), cache: false });
}

describe('paraphrase dedupe in generation (replay)', () => {
  it('catches a paraphrase of an existing case with embeddings, and not without', async () => {
    const without = await workspace(false);
    const story = await readStory(without, { file: 'rename.md' });
    const plain = await generate(without, { story, model: 'local:chat', existing: (await loadCases()).cases });
    expect(plain.cases.map((c) => c.title)).toEqual([
      'A shopper changes the name of a stored search',
      'Renaming keeps the filters of the saved search',
    ]);
    expect(plain.duplicates).toEqual([]);
    expect(plain.paraphrases).toEqual({ reason: expect.stringContaining('no embedding model configured') });
    expect(embedCalls()).toEqual([]);

    const withEmbeddings = await workspace(true);
    const caught = await generate(withEmbeddings, { story, model: 'local:chat', existing: (await loadCases()).cases });
    expect(caught.cases.map((c) => c.title)).toEqual(['Renaming keeps the filters of the saved search']);
    expect(caught.duplicates).toEqual([
      {
        title: 'A shopper changes the name of a stored search',
        of: '11111111-1111-4111-8111-111111111111',
        similarity: expect.any(Number),
        by: 'embeddings',
      },
    ]);
    expect(caught.duplicates[0]!.similarity).toBeGreaterThanOrEqual(0.92);
    expect(caught.paraphrases).toEqual({ model: 'local:text-embedding-3-small' });
  });

  it('keeps a case of another criterion however close its words (the same guards as word dedupe)', async () => {
    const ws = await openWorkspace({
      cwd: dir,
      env,
      config: { ...config(true), index: { embeddings: 'local:text-embedding-3-small', paraphraseThreshold: 0.1 } },
      cache: false,
    });
    const story = await readStory(ws, { file: 'rename.md' });
    const existing = (await loadCases()).cases.filter((c) => c.covers.includes('AC-2'));
    const result = await generate(ws, { story, model: 'local:chat', existing });
    expect(result.duplicates.filter((d) => d.by === 'embeddings')).toEqual([
      // The two new AC-1 cases are close to each other at a threshold of 0.1, never to the AC-2 case.
      expect.objectContaining({ title: 'Renaming keeps the filters of the saved search', of: expect.not.stringMatching(/^2222/) }),
    ]);
  });

  it('without a key for the embedding model, says so and dedupes by words only', async () => {
    const ws = await openWorkspace({
      cwd: dir,
      env,
      config: {
        ...config(false),
        providers: { ...config(false).providers, openai: { type: 'openai' as const } },
        index: { embeddings: 'openai:text-embedding-3-small' },
      },
      cache: false,
    });
    const story = await readStory(ws, { file: 'rename.md' });
    const result = await generate(ws, { story, model: 'local:chat', existing: (await loadCases()).cases });
    expect(result.paraphrases).toEqual({
      reason: 'no API key for the embedding model openai:text-embedding-3-small: full-text similarity only (offline)',
    });
    expect(result.cases).toHaveLength(2);
  });
});

async function loadCases() {
  const { loadCaseFile } = await import('../../core/src/model/load.js');
  const parsed = await loadCaseFile(path.join(dir, 'searches.cases.yaml'), 'searches.cases.yaml');
  return parsed.suite!;
}

// The CLI is started as a separate process (tsx): seconds each on an idle machine, much more under load.
describe('similar cases with embeddings', { timeout: 120_000 }, () => {
  it('ranks by cosine, caches vectors by content, and embeds only what changed', async () => {
    const ws = await workspace(true);
    const story = await readStory(ws, { file: 'rename.md' });
    // A criterion written in other words than the case: full text finds no word in common for "shopper".
    const query = { ...story, criteria: [{ ...story.criteria[0]!, text: 'A shopper changes the title of a stored search.' }] };
    const first = await similarCases(ws, { story: query, k: 2 });
    expect(first.update.mode).toMatchObject({ kind: 'embeddings', model: 'local:text-embedding-3-small' });
    expect(first.criteria[0]!.hits[0]!.doc.title).toBe('A buyer renames a saved search');
    expect(first.criteria[0]!.hits[0]!.score).toBeGreaterThan(first.criteria[0]!.hits[1]!.score);
    // Two cases and the criterion embedded; the vectors are in the cache file.
    expect(embeddedTexts()).toHaveLength(3);
    const files = await readdir(path.join(dir, '.casewright/index'));
    expect(files.sort()).toEqual(['cases.json', 'embeddings-local_text-embedding-3-small.json']);

    llm.requests.length = 0;
    await similarCases(ws, { story: query, k: 2 });
    expect(embedCalls()).toEqual([]);

    // One case changes: only its text is embedded again.
    const text = await readFile(path.join(dir, 'searches.cases.yaml'), 'utf8');
    await writeFile(
      path.join(dir, 'searches.cases.yaml'),
      text.replace('Guests cannot open My searches', 'Guests are sent to the login page'),
    );
    llm.requests.length = 0;
    const again = await similarCases(await workspace(true), { story: query, k: 2 });
    expect(embeddedTexts()).toEqual([expect.stringContaining('Guests are sent to the login page')]);
    expect(again.update.mode).toMatchObject({ stats: { embedded: 1 } });
  });

  it('casewright similar says which similarity it used, and why not embeddings offline', async () => {
    const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
    // Asynchronous: the local server answers from this process, which must not block.
    const cli = (extraEnv: Record<string, string>) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', tsx, path.join(root, 'core/src/cli/main.ts'), 'similar', '--story', 'rename.md', '--k', '1'],
          { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...extraEnv } },
          (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });
    await writeFile(
      path.join(dir, 'casewright.config.yaml'),
      `providers:\n  openai: { type: openai, baseURL: "${llm.url}/v1" }\nindex:\n  embeddings: openai:text-embedding-3-small\n`,
    );
    const offline = await cli({ OPENAI_API_KEY: '' });
    expect(offline.status, offline.stderr).toBe(0);
    expect(offline.stderr).toContain(
      'similarity: full text (BM25); no API key for the embedding model openai:text-embedding-3-small: full-text similarity only (offline)',
    );
    const key = 'sk-cli-embed-key-5555555555';
    const online = await cli({ OPENAI_API_KEY: key });
    expect(online.status, online.stderr).toBe(0);
    expect(online.stdout).toMatch(
      /^AC-1 {2}A buyer can rename a saved search under "My searches"\.\n {3}0\.\d\d {2}A buyer renames a saved search/,
    );
    expect(online.stderr).toMatch(
      /similarity: embeddings \(openai:text-embedding-3-small, cosine\); 4 texts embedded, 0 from the cache, \$0\.0000\d\d/,
    );
    expect(online.stdout + online.stderr).not.toContain(key);
  });
});
