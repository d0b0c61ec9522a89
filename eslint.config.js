// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The layers of core, lowest first (docs/development.md). A module may import from its own
 * layer's folder and from the layers below it, never from a layer above; the folders of one
 * layer (generate, run, connectors) do not import each other: the workspace jobs compose them.
 */
const CORE_LAYERS = [
  ['util', 'version.ts'],
  ['errors'],
  ['model'],
  ['config'],
  ['keys'],
  ['llm'],
  ['prompts'],
  ['generate', 'run', 'connectors'],
  ['workspace'],
  ['cli', 'testing', 'index.ts'],
];
const at = (part) => `./core/src/${part}`;
const layerZones = CORE_LAYERS.flatMap((layer, i) => {
  const above = CORE_LAYERS.slice(i + 1).flat();
  return layer.flatMap((part) => [
    ...(above.length
      ? [
          {
            target: at(part),
            from: above.map(at),
            message: `core/src/${part} is below them: a module never reaches up a layer (docs/development.md).`,
          },
        ]
      : []),
    ...layer
      .filter((sibling) => sibling !== part && !sibling.endsWith('.ts') && !part.endsWith('.ts'))
      .map((sibling) => ({
        target: at(part),
        from: at(sibling),
        message: `${part} and ${sibling} are one layer: the workspace jobs compose them.`,
      })),
  ]);
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      '**/*.d.ts',
      'bench/results/**',
      'bench/.peers/**',
      '.e2e/**',
      'coverage/**',
      '**/.vscode-test/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        Blob: 'readonly',
        FormData: 'readonly',
        structuredClone: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        performance: 'readonly',
        globalThis: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // Closures that read a variable before its one assignment are fine.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**', 'bench/**', 'scripts/**', '**/*.mjs', 'esbuild.config.mjs'],
    rules: { 'no-console': 'off' },
  },
  {
    // The boundary: layers inside core, and no import cycles anywhere in the product's code.
    files: ['core/src/**/*.ts', 'jira-app/**/*.{ts,tsx}', 'vscode-extension/src/**/*.ts', 'src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // What import-x reads as modules (its TypeScript preset), with the TypeScript resolver: `./x.js` is `x.ts`.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: 'tsconfig.json',
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  {
    // Tests may reach any layer they test.
    files: ['**/*.test.{ts,tsx}', '**/__fixtures__/**'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
  {
    // Apps use core through its public surface only: `@casewright/core` and its declared subpaths.
    files: ['jira-app/**/*.{ts,tsx}', 'vscode-extension/**/*.{ts,mjs}', 'src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/core/src',
                '**/core/src/**',
                '**/core/dist',
                '**/core/dist/**',
                '@casewright/core/*',
                '!@casewright/core/testing',
              ],
              message: 'Apps import only @casewright/core (and @casewright/core/testing), never a path inside core.',
            },
          ],
        },
      ],
    },
  },
);
