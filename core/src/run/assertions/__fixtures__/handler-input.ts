// Builds handler inputs for the assertion tables (tests only).
import type { AssertionInput, HandlerResult } from '../types.js';

/** A handler input with everything a handler may read; `extra` overrides fields. */
export function input<P>(params: P, output: string, extra: Partial<AssertionInput<P>> = {}): AssertionInput<P> {
  return {
    params,
    output,
    expected: undefined,
    requirements: [],
    vars: {},
    turn: 1,
    conversation: [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: output },
    ],
    latencyMs: undefined,
    cost: undefined,
    judge: { router: undefined, model: undefined },
    signal: new AbortController().signal,
    ...extra,
  };
}

export const ok = (reason: string, extra: Partial<HandlerResult> = {}): HandlerResult => ({ pass: true, score: 1, reason, ...extra });
export const no = (reason: string, extra: Partial<HandlerResult> = {}): HandlerResult => ({ pass: false, score: 0, reason, ...extra });
