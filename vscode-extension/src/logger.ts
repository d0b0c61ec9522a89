import * as vscode from 'vscode';
import { redact } from './adapters/redact.js';

/** The "Casewright" output channel; every line passes through `redact` first. */
export class Logger implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Casewright', { log: true });

  constructor(private readonly secrets: () => Iterable<string>) {}

  info(message: string): void {
    this.channel.info(redact(message, this.secrets()));
  }

  warn(message: string): void {
    this.channel.warn(redact(message, this.secrets()));
  }

  error(message: string): void {
    this.channel.error(redact(message, this.secrets()));
  }

  dispose(): void {
    this.channel.dispose();
  }
}
