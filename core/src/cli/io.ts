/** Where a command writes; tests and the extension can pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** True when stdout is a terminal (progress bars, colour). */
  isTty: boolean;
  /** Where secrets are read from (`keys set`); default: `process.stdin`. */
  stdin?: SecretInput | undefined;
}

/** The part of a TTY read stream a hidden prompt needs. */
export type SecretInput = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    isTty: Boolean(process.stdout.isTTY),
    stdin: process.stdin,
  };
}
