// esbuild plugins of the VS Code extension bundle: lazily loaded chunks for large SDKs.

/**
 * Resolves `modules` to one external file next to the bundle, so a dynamic import of them
 * loads a separately built chunk instead of growing the main bundle.
 * @returns {import('esbuild').Plugin}
 */
export function lazyChunk(modules, chunk) {
  const filter = new RegExp(`^(${modules.map((m) => m.replace(/[/.-]/g, '\\$&')).join('|')})$`);
  return { name: 'lazy-chunk', setup: (b) => b.onResolve({ filter }, () => ({ path: chunk, external: true })) };
}

/**
 * Provider SDKs the extension loads only when a model of that vendor is called. Each is
 * built into its own CJS chunk; the main bundle gets a stub whose exports are proxies that
 * `require` the chunk on first use (construct, call, property or instanceof). The names are
 * the ones core imports: a new import fails the build loudly instead of breaking at run time.
 */
export const LAZY_SDKS = {
  '@anthropic-ai/sdk': {
    chunk: './sdk-anthropic.cjs',
    names: ['default', 'APIConnectionError', 'APIConnectionTimeoutError', 'APIError', 'APIUserAbortError'],
  },
  '@google/genai': { chunk: './sdk-genai.cjs', names: ['ApiError', 'GoogleGenAI'] },
};

/**
 * Story parsers and English word forms (about 600 KB): the extension loads them when it
 * first reads a story or runs the offline generator, not at activation. Same mechanism as
 * LAZY_SDKS; several packages may share one chunk. `objects` are exports that are plain
 * objects (`dialects`, `IdGenerator`): their stub is an object proxy (keys, lookups).
 */
export const LAZY_PARSERS = {
  'mdast-util-from-markdown': { chunk: './story-markdown.cjs', names: ['fromMarkdown'] },
  'micromark-extension-gfm-table': { chunk: './story-markdown.cjs', names: ['gfmTable'] },
  'micromark-extension-gfm-task-list-item': { chunk: './story-markdown.cjs', names: ['gfmTaskListItem'] },
  'micromark-extension-gfm-strikethrough': { chunk: './story-markdown.cjs', names: ['gfmStrikethrough'] },
  'mdast-util-gfm-table': { chunk: './story-markdown.cjs', names: ['gfmTableFromMarkdown'] },
  'mdast-util-gfm-task-list-item': { chunk: './story-markdown.cjs', names: ['gfmTaskListItemFromMarkdown'] },
  'mdast-util-gfm-strikethrough': { chunk: './story-markdown.cjs', names: ['gfmStrikethroughFromMarkdown'] },
  '@cucumber/gherkin': {
    chunk: './story-gherkin.cjs',
    names: ['AstBuilder', 'GherkinClassicTokenMatcher', 'GherkinInMarkdownTokenMatcher', 'Parser'],
    objects: ['dialects'],
  },
  '@cucumber/messages': { chunk: './story-gherkin.cjs', names: [], objects: ['IdGenerator'] },
  'compromise/two': { chunk: './english.cjs', names: ['default'] },
};

/** The chunk files of a lazy map and what each exports: `[{ chunk, contents }]` for the chunk builds. */
export function lazyChunkSources(map) {
  const byChunk = new Map();
  for (const [pkg, { chunk, names, objects = [] }] of Object.entries(map)) {
    const lines = byChunk.get(chunk) ?? [];
    lines.push(`export { ${[...names, ...objects].join(', ')} } from '${pkg}';`);
    byChunk.set(chunk, lines);
  }
  return [...byChunk].map(([chunk, lines]) => ({ chunk, contents: lines.join('\n') }));
}

/** @returns {import('esbuild').Plugin} */
export function lazySdks(map = LAZY_SDKS) {
  const filter = new RegExp(
    `^(${Object.keys(map)
      .map((m) => m.replace(/[/.-]/g, '\\$&'))
      .join('|')})$`,
  );
  const chunks = new Set(Object.values(map).map((v) => v.chunk));
  // One namespace per map, so two instances of the plugin never load each other's stubs.
  const namespace = `lazy-sdk:${[...chunks].join(',')}`;
  return {
    name: 'lazy-sdks',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace }));
      b.onResolve({ filter: /^\.\/[a-z-]+\.cjs$/ }, (args) => (chunks.has(args.path) ? { path: args.path, external: true } : undefined));
      b.onLoad({ filter: /.*/, namespace }, (args) => {
        const { chunk, names, objects = [] } = map[args.path];
        const lines = [
          `let loaded; const load = () => (loaded ??= require(${JSON.stringify(chunk)}));`,
          'const lazy = (name) => new Proxy(function () {}, {',
          '  construct: (_t, a) => Reflect.construct(load()[name], a),',
          '  apply: (_t, self, a) => Reflect.apply(load()[name], self, a),',
          '  get: (_t, k) => Reflect.get(load()[name], k),',
          '  has: (_t, k) => Reflect.has(load()[name], k),',
          '  getPrototypeOf: () => Reflect.getPrototypeOf(load()[name]),',
          '});',
          'const lazyObject = (name) => new Proxy({}, {',
          '  get: (_t, k) => Reflect.get(load()[name], k),',
          '  has: (_t, k) => Reflect.has(load()[name], k),',
          '  ownKeys: () => Reflect.ownKeys(load()[name]),',
          '  getOwnPropertyDescriptor: (_t, k) => {',
          '    const d = Reflect.getOwnPropertyDescriptor(load()[name], k);',
          '    return d && { ...d, configurable: true };',
          '  },',
          '});',
          ...names.map((n) => (n === 'default' ? `export default lazy('default');` : `export const ${n} = lazy(${JSON.stringify(n)});`)),
          ...objects.map((n) => `export const ${n} = lazyObject(${JSON.stringify(n)});`),
        ];
        return { contents: lines.join('\n'), loader: 'js', resolveDir: process.cwd() };
      });
    },
  };
}
