import { InvalidArgumentError } from 'commander';
import type { CliIo } from './io.js';

export interface CommandContext {
  io: CliIo;
  /** An abort signal that fires on Ctrl-C (SIGINT) for long commands. */
  signal: AbortSignal;
  /** A commander argument parser that accepts only the given values. */
  choice<T extends string>(values: readonly T[]): (value: string) => T;
  /** A commander argument parser for a positive integer. */
  positiveInt(name: string): (value: string) => number;
  /** Wraps a command action: the exit code it returns becomes the CLI's exit code. */
  action<A extends unknown[]>(fn: (...args: A) => Promise<number> | number): (...args: A) => Promise<void>;
  /** The exit code of the last action (0 when none ran). */
  readonly exitCode: number;
}

export function createContext(io: CliIo, signal: AbortSignal): CommandContext {
  let exitCode = 0;
  return {
    io,
    signal,
    get exitCode() {
      return exitCode;
    },
    action:
      (fn) =>
      async (...args) => {
        exitCode = await fn(...args);
      },
    choice: (values) => (value) => {
      if (!(values as readonly string[]).includes(value)) {
        throw new InvalidArgumentError(`expected one of ${values.join(', ')}`);
      }
      return value as (typeof values)[number];
    },
    positiveInt: (name) => (value) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number ≥ 1`);
      return n;
    },
  };
}
