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

/** @returns {import('esbuild').Plugin} */
export function lazySdks() {
  const filter = new RegExp(
    `^(${Object.keys(LAZY_SDKS)
      .map((m) => m.replace(/[/.-]/g, '\\$&'))
      .join('|')})$`,
  );
  return {
    name: 'lazy-sdks',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'lazy-sdk' }));
      b.onResolve({ filter: /^\.\/sdk-[a-z]+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-sdk' }, (args) => {
        const { chunk, names } = LAZY_SDKS[args.path];
        const lines = [
          `let loaded; const load = () => (loaded ??= require(${JSON.stringify(chunk)}));`,
          'const lazy = (name) => new Proxy(function () {}, {',
          '  construct: (_t, a) => Reflect.construct(load()[name], a),',
          '  apply: (_t, self, a) => Reflect.apply(load()[name], self, a),',
          '  get: (_t, k) => Reflect.get(load()[name], k),',
          '  has: (_t, k) => Reflect.has(load()[name], k),',
          '  getPrototypeOf: () => Reflect.getPrototypeOf(load()[name]),',
          '});',
          ...names.map((n) => (n === 'default' ? `export default lazy('default');` : `export const ${n} = lazy(${JSON.stringify(n)});`)),
        ];
        return { contents: lines.join('\n'), loader: 'js', resolveDir: process.cwd() };
      });
    },
  };
}
