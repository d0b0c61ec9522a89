import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { registerJira } from './jira.js';
import { registerImport } from './import.js';
import { registerSchema } from './schema.js';
import { registerValidate } from './validate.js';
import { registerRun } from './run.js';
import { registerGenerate } from './generate.js';
import { registerPrompts } from './prompts.js';
import { registerKeys } from './keys.js';
import { registerProviders } from './providers.js';

/** Every command of the CLI. Each module registers one command (or group). */
export const COMMANDS: ReadonlyArray<(program: Command, ctx: CommandContext) => void> = [
  registerValidate,
  registerSchema,
  registerRun,
  registerGenerate,
  registerPrompts,
  registerKeys,
  registerProviders,
  registerJira,
  registerImport,
];
