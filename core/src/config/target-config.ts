import { z } from 'zod';
import { ModelRefSchema } from '../model/common.js';

const timeoutMs = z.number().int().positive().max(3_600_000).optional().describe('Milliseconds before a call is given up (default 30000).');

/** How the runner starts the app under test before the run and stops it afterwards. */
export const StartSpecSchema = z
  .strictObject({
    command: z.string().min(1).describe('The shell command that starts the app, e.g. `node examples/app/server.mjs`.'),
    cwd: z.string().optional().describe('Working directory, relative to the target file (default: its directory).'),
    readyUrl: z.string().min(1).describe('Polled with GET until it answers 2xx; `${PORT}` is the port the runner chose.'),
    readyTimeoutMs: z.number().int().positive().optional().describe('How long to wait for readyUrl (default 15000).'),
    env: z.record(z.string(), z.string()).optional(),
  })
  .describe('Start the app under test for the run: the runner picks a free port, passes it as PORT, and stops the app afterwards.');
export type StartSpec = z.infer<typeof StartSpecSchema>;

export const HttpTargetConfigSchema = z.strictObject({
  type: z.literal('http'),
  description: z.string().optional(),
  url: z.string().min(1).describe('Endpoint URL; `${ENV}` is expanded, `${PORT}` is the port of a started app.'),
  method: z.enum(['POST', 'PUT', 'GET']).optional().describe('Default POST.'),
  headers: z.record(z.string(), z.string()).optional().describe('Request headers; `${ENV}` is expanded. Values are never logged.'),
  body: z
    .unknown()
    .optional()
    .describe(
      'Request body template. Strings are Handlebars templates over messages, vars, prompt, lastUserMessage, case; a string that is exactly `{{messages}}` or `{{vars}}` becomes the JSON value. Default: `{messages, vars}`.',
    ),
  responsePath: z
    .string()
    .optional()
    .describe('Where the answer is in the JSON response, e.g. `choices[0].message.content`. Default: the whole body as text.'),
  timeoutMs,
  start: StartSpecSchema.optional(),
});
export type HttpTargetConfig = z.infer<typeof HttpTargetConfigSchema>;

export const CommandTargetConfigSchema = z.strictObject({
  type: z.literal('command'),
  description: z.string().optional(),
  command: z.string().min(1).describe('The program to run. With `args` it is run directly; without, through the shell.'),
  args: z.array(z.string()).optional(),
  cwd: z.string().optional().describe('Working directory, relative to the file that declares the target.'),
  env: z.record(z.string(), z.string()).optional(),
  timeoutMs,
});
export type CommandTargetConfig = z.infer<typeof CommandTargetConfigSchema>;

export const ModelTargetConfigSchema = z.strictObject({
  type: z.literal('model'),
  description: z.string().optional(),
  model: ModelRefSchema,
  system: z.string().optional().describe('System prompt put before the case messages.'),
  temperature: z.number().min(0).max(2).optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  topP: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  timeoutMs,
});
export type ModelTargetConfig = z.infer<typeof ModelTargetConfigSchema>;

/** A target a conversation case runs against. */
export const TargetConfigSchema = z.discriminatedUnion('type', [
  HttpTargetConfigSchema,
  CommandTargetConfigSchema,
  ModelTargetConfigSchema,
]);
export type TargetConfig = z.infer<typeof TargetConfigSchema>;

const targetName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+$/, { message: 'must be one word (letters, digits, - _ .)' })
  .optional()
  .describe('The name cases use in `target:` (default: the file name without .yaml).');

/** A target file (`targets/<name>.yaml`): one target, optionally with its name. */
export const TargetFileSchema = z.discriminatedUnion('type', [
  HttpTargetConfigSchema.extend({ name: targetName, $schema: z.string().optional() }),
  CommandTargetConfigSchema.extend({ name: targetName, $schema: z.string().optional() }),
  ModelTargetConfigSchema.extend({ name: targetName, $schema: z.string().optional() }),
]);
export type TargetFile = z.infer<typeof TargetFileSchema>;
