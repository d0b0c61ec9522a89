/**
 * The embedding port, beside the LanguageModel port: providers that can embed text
 * (OpenAI `embeddings.create`, Gemini `models.embedContent`) implement it over their
 * official SDK. Providers never retry; the router does.
 */

export interface EmbeddingCallOptions {
  /** The texts to embed, in order; one vector each comes back. */
  texts: string[];
  abortSignal?: AbortSignal | undefined;
}

export interface EmbeddingResult {
  /** One vector per text, in the order given. */
  vectors: number[][];
  /** Input tokens billed (the provider's count; estimated when it reports none). */
  usage: { inputTokens: number };
  warnings: string[];
}

export interface EmbeddingModel {
  readonly provider: string;
  readonly modelId: string;
  /** The most texts one call takes (the router splits longer lists). */
  readonly maxBatch: number;
  embed(options: EmbeddingCallOptions): Promise<EmbeddingResult>;
}

/** Why an answer's vectors cannot be used (not one non-empty vector per text), or undefined when they can. */
export function badVectors(vectors: ReadonlyArray<ArrayLike<number> | undefined>, texts: number): string | undefined {
  let good = 0;
  // By index: an answer that skipped an index leaves a hole, which `every` would not visit.
  for (let i = 0; i < vectors.length; i++) if ((vectors[i]?.length ?? 0) > 0) good++;
  return good === texts && vectors.length === texts ? undefined : `asked for ${texts} embeddings, got ${good}`;
}
