import * as ForgeReact from '@forge/react';
import type { ReactElement } from 'react';

interface Reconciler {
  render(element: ReactElement): void;
}

// @forge/react is CommonJS with `exports.default = ForgeReconciler`. Depending on the
// loader, the namespace's `default` is either the reconciler or the whole exports object.
const mod = ForgeReact as unknown as { default?: Reconciler & { default?: Reconciler } };
/** UI Kit's reconciler: renders a React tree into the Forge bridge. */
export const ForgeReconciler: Reconciler = (typeof mod.default?.render === 'function' ? mod.default : mod.default?.default) as Reconciler;
