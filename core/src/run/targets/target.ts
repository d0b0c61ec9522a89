import type { ChatMessage } from '../../llm/language-model.js';
import type { TokenUsage, VoiceTurn } from '../../model/result.js';
import type { VoiceSettings } from '../../model/voice.js';
import type { ResolvedCondition } from '../../voice/sox.js';

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
  /** For voice targets: how to speak this turn and where its audio goes. */
  voice?: VoiceTurnRequest | undefined;
}

/** What a voice target needs to know about one turn beyond the text. */
export interface VoiceTurnRequest {
  /** The case's and its file's voice settings, most specific first (the target adds its own last). */
  settings: ReadonlyArray<VoiceSettings | undefined>;
  /** The audio condition this attempt runs under. */
  condition: ResolvedCondition;
  /** A recording to send instead of synthesised speech (absolute path). */
  recording?: string | undefined;
  /** One id per attempt: the app keeps the conversation under it. */
  session: string;
  /** Absolute path prefix of this turn's audio files (`…-in.wav`, `…-out.wav`). */
  stem: string;
}

/** What a target answered. */
export interface TargetReply {
  output: string;
  latencyMs: number;
  tokenUsage?: TokenUsage | undefined;
  cost?: number | undefined;
  cached?: boolean | undefined;
  /** Voice targets: the turn's audio files, timings and measures (`output` is the transcript). */
  voice?: VoiceTurn | undefined;
}

/** Something conversation cases run against: a model, the app under test over HTTP, or a local command. */
export interface Target {
  readonly name: string;
  readonly type: 'http' | 'command' | 'model' | 'voice';
  /** Voice targets: their voice settings (the least specific layer). */
  readonly voice?: VoiceSettings | undefined;
  /** Throws `TargetError` when it cannot answer; the runner records that on the case as `errored`. */
  call(request: TargetRequest): Promise<TargetReply>;
  /** Starts what the target needs (e.g. the app under test). Called once before the first case. */
  start?(signal: AbortSignal): Promise<void>;
  /** Stops what `start` started. Always called after the run, also after Ctrl-C. */
  stop?(): Promise<void>;
}
