import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { registerImport } from './import.js';
import { registerJira } from './jira.js';
import { registerSchema } from './schema.js';
import { registerValidate } from './validate.js';
import { registerGenerate } from './generate.js';
import { registerPrompts } from './prompts.js';
import { registerKeys } from './keys.js';
import { registerProviders } from './providers.js';
import { registerRun } from './run.js';
import { registerInit } from './init.js';
import { registerReview } from './review.js';
import { registerSimilar } from './similar.js';
import { registerExport } from './export.js';
import { registerJudgeQueue } from './judge-queue.js';

/** Every command of the CLI. Each module registers one command (or group). */
export const COMMANDS: ReadonlyArray<(program: Command, ctx: CommandContext) => void> = [
  registerInit,
  registerValidate,
  registerSchema,
  registerImport,
  registerGenerate,
  registerReview,
  registerSimilar,
  registerJudgeQueue,
  registerPrompts,
  registerKeys,
  registerProviders,
  registerJira,
  registerRun,
  registerExport,
];
