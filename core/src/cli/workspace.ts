import { createFileKeyStore } from '../keys/file-key-store.js';
import { openWorkspace, type Workspace } from '../workspace/workspace.js';
import type { CommandContext } from './context.js';

/** The workspace a command runs its job in: the working directory, the environment, the user's key store. */
export function cliWorkspace(
  ctx: CommandContext,
  options: { config?: string | undefined; cache?: boolean | undefined } = {},
): Promise<Workspace> {
  return openWorkspace({
    cwd: ctx.io.cwd,
    env: ctx.io.env,
    configFile: options.config,
    keyStore: createFileKeyStore({ env: ctx.io.env }),
    cache: options.cache,
  });
}
