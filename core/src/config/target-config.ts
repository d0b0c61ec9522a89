import { z } from 'zod';
import { ModelRefSchema } from '../model/common.js';
import { VoiceSettingsSchema } from '../model/voice.js';

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

/** The audio a voice app takes (always WAV, mono). */
export const AudioFormatSchema = z
  .strictObject({
    sampleRate: z.number().int().min(8000).max(96000).optional().describe('Samples per second (default 16000).'),
    encoding: z.enum(['pcm16', 'mu-law', 'a-law']).optional().describe('pcm16 (default), or G.711 mu-law / a-law (8-bit).'),
  })
  .describe('The audio the app receives: WAV at this rate and encoding.');

const voiceTargetShape = {
  type: z.literal('voice'),
  description: z.string().optional(),
  url: z
    .string()
    .min(1)
    .optional()
    .describe('HTTP mode: the endpoint that takes the audio; `${ENV}` is expanded, `${PORT}` is the port of a started app.'),
  method: z.enum(['POST', 'PUT']).optional().describe('Default POST.'),
  headers: z.record(z.string(), z.string()).optional().describe('Request headers; `${ENV}` is expanded. Values are never logged.'),
  upload: z
    .enum(['body', 'multipart'])
    .optional()
    .describe('body (default): the WAV is the request body; multipart: a multipart/form-data upload.'),
  audioField: z.string().min(1).optional().describe('multipart: the name of the audio part (default audio).'),
  fields: z
    .record(z.string(), z.string())
    .optional()
    .describe('multipart: more text parts; Handlebars templates over case, turn, session, prompt, vars, messages.'),
  audioPath: z
    .string()
    .optional()
    .describe('JSON answers: where the base64 audio is, e.g. `reply.audio` (default `audio`). Audio answers need nothing.'),
  textPath: z.string().optional().describe('JSON answers: where the text the app says it said is (kept beside the transcript).'),
  command: z
    .string()
    .min(1)
    .optional()
    .describe('Command mode: a program that reads a WAV and writes one; `{{input}}` and `{{output}}` in args are the two paths.'),
  args: z.array(z.string()).optional(),
  cwd: z.string().optional().describe('Working directory, relative to the file that declares the target.'),
  env: z.record(z.string(), z.string()).optional(),
  format: AudioFormatSchema.optional(),
  voice: VoiceSettingsSchema.optional().describe('Voice settings for cases run against this target (cases and files override them).'),
  timeoutMs,
  start: StartSpecSchema.optional(),
};

/** Exactly one of url (HTTP) and command. */
function oneMode(config: { url?: string | undefined; command?: string | undefined }, ctx: z.RefinementCtx): void {
  if ((config.url === undefined) === (config.command === undefined)) {
    ctx.addIssue({
      code: 'custom',
      message: 'a voice target needs either url (the app over HTTP) or command (a program that reads a WAV and writes one)',
      path: config.url === undefined ? [] : ['command'],
    });
  }
}

/** The app under test hears audio and answers with audio: over HTTP, or as a local command. */
export const VoiceTargetConfigSchema = z.strictObject(voiceTargetShape).superRefine(oneMode);
export type VoiceTargetConfig = z.infer<typeof VoiceTargetConfigSchema>;

/** A target a conversation case runs against. */
export const TargetConfigSchema = z.discriminatedUnion('type', [
  HttpTargetConfigSchema,
  CommandTargetConfigSchema,
  ModelTargetConfigSchema,
  VoiceTargetConfigSchema,
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
  z.strictObject({ ...voiceTargetShape, name: targetName, $schema: z.string().optional() }).superRefine(oneMode),
]);
export type TargetFile = z.infer<typeof TargetFileSchema>;
