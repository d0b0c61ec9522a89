import { Command, CommanderError, type Option } from 'commander';
import { CasewrightError } from '../errors/casewright-error.js';
import { COMMANDS } from './commands/index.js';
import { createContext } from './context.js';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CliIo } from './io.js';
import { VERSION } from '../version.js';
import { printable } from '../util/printable.js';
import { createSecretMasker, secretsFromEnv } from '../util/secret-masker.js';

/** A default value as a person reads it: `console`, `4`, `manual, conversation`; nothing for empty lists and objects. */
export function defaultInWords(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : undefined;
  return undefined;
}

/** An option's help line: its description and its default in words (never raw JSON such as `["manual"]` or `{}`). */
export function optionDescription(option: Option): string {
  if (/\bdefault\b/.test(option.description) || option.negate || option.defaultValue === undefined) return option.description;
  const words = option.defaultValueDescription ?? defaultInWords(option.defaultValue);
  return words ? `${option.description} (default: ${words})` : option.description;
}

/**
 * Runs the CLI with `argv` (without the node and script entries) and returns the
 * exit code. Errors never escape as stack traces unless `--debug` is given.
 */
export async function runCli(argv: readonly string[], io: CliIo, signal: AbortSignal = new AbortController().signal): Promise<number> {
  const debug = argv.includes('--debug');
  // Error messages may quote a file or an answer: no secret and no terminal control sequence reaches the screen.
  const masker = createSecretMasker(secretsFromEnv(io.env));
  const safe = (text: string) => printable(masker.mask(text));
  const ctx = createContext(io, signal);

  const program = new Command('casewright')
    .description('Casewright: test cases from Jira stories and AI conversations — generate, sync and run them.')
    .version(VERSION, '-v, --version')
    .option('--debug', 'print stack traces for errors')
    .exitOverride()
    .configureHelp({ optionDescription })
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`${text.replace(/^error: /, 'casewright: ').trimEnd()} (see 'casewright --help')\n`),
    });

  for (const register of COMMANDS) register(program, ctx);
  for (const command of program.commands) {
    command.exitOverride();
    command.configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) =>
        write(`${text.replace(/^error: /, `casewright ${command.name()}: `).trimEnd()} (see 'casewright ${command.name()} --help')\n`),
    });
    command.option('--debug', 'print stack traces for errors');
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (CasewrightError.isInstance(error)) {
      io.stderr(`casewright: ${safe(error.message)}\n`);
      if (debug && error.stack) io.stderr(`${safe(error.stack)}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`casewright: unexpected error: ${safe(message)}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr(`${safe(error.stack)}\n`);
    return EXIT_USAGE;
  }
}
