import type * as Core from '@casewright/core';

export type CoreModule = typeof Core;

let loading: Promise<CoreModule> | undefined;
let loadedAt: number | undefined;

/**
 * `@casewright/core`, imported on first need (opening, expanding or running a case file, a
 * command). The extension's bundle maps this import to a separate chunk (`dist/core.cjs`), so
 * activation never evaluates core: its zod schemas and SDK wiring cost hundreds of
 * milliseconds. Modules that import core values directly must themselves be reached only
 * through `import()` (a test walks the bundle's static imports to keep it so).
 */
export function loadCore(): Promise<CoreModule> {
  loading ??= import('@casewright/core').then((core) => {
    loadedAt = performance.now();
    return core;
  });
  return loading;
}

/** When core finished loading (`performance.now()`), or undefined while it has not been needed. */
export function coreLoadedAt(): number | undefined {
  return loadedAt;
}
