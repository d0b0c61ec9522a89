import type { HandlerRegistry } from './types.js';
import { contains, containsAll, containsAny, equals, icontains, regex, startsWith } from './text.js';
import { isJson, jsonSchema } from './json.js';
import { cost, latency, length } from './metrics.js';
import { characterErrorRate, similarity, wordErrorRate } from './similarity.js';
import { javascript } from './javascript.js';
import { judgeEnsemble, llmJudge } from './judge.js';
import { audioDuration, clipping, leadingSilence, silenceRatio } from './audio.js';

/** Every assertion handler by base type. Adding a type to BASE_ASSERTION_TYPES without a handler here fails to compile. */
export const ASSERTION_HANDLERS: HandlerRegistry = {
  equals,
  contains,
  icontains,
  'contains-any': containsAny,
  'contains-all': containsAll,
  regex,
  'starts-with': startsWith,
  'is-json': isJson,
  'json-schema': jsonSchema,
  length,
  latency,
  cost,
  similarity,
  'word-error-rate': wordErrorRate,
  'character-error-rate': characterErrorRate,
  javascript,
  'llm-judge': llmJudge,
  'judge-ensemble': judgeEnsemble,
  'audio-duration': audioDuration,
  'leading-silence': leadingSilence,
  'silence-ratio': silenceRatio,
  clipping,
};
