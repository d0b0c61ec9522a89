import type { ChatMessage } from '../../llm/language-model.js';
import type { TokenUsage } from '../../model/result.js';

/** One call to a target: the conversation so far, ending with the user's turn. */
export interface TargetRequest {
  messages: ChatMessage[];
  vars: Record<string, string | number | boolean>;
  case: { id: string; title: string; suite?: string | undefined };
  /** 1-based number of the assistant turn being produced. */
  turn: number;
  signal: AbortSignal;
  /** Whether the model target may use the router's response cache. */
  cache?: boolean | undefined;
}

/** What a target answered. */
export interface TargetReply {
  output: string;
  latencyMs: number;
  tokenUsage?: TokenUsage | undefined;
  cost?: number | undefined;
  cached?: boolean | undefined;
}

/** Something conversation cases run against: a model, the app under test over HTTP, or a local command. */
export interface Target {
  readonly name: string;
  readonly type: 'http' | 'command' | 'model';
  /** Throws `TargetError` when it cannot answer; the runner records that on the case as `errored`. */
  call(request: TargetRequest): Promise<TargetReply>;
  /** Starts what the target needs (e.g. the app under test). Called once before the first case. */
  start?(signal: AbortSignal): Promise<void>;
  /** Stops what `start` started. Always called after the run, also after Ctrl-C. */
  stop?(): Promise<void>;
}
