/** Yields `count` seeded example conversations (id, model, timestamp, messages, metadata), oldest first. */
export function generateConversations(
  count: number,
  seed?: number,
  options?: { start?: number; days?: number },
): Generator<{
  id: string;
  model: string;
  timestamp: string;
  messages: Array<{ role: string; content: string }>;
  metadata: Record<string, unknown>;
}>;
export function createRandom(seed: number): { next(): number; int(min: number, max: number): number; pick<T>(list: readonly T[]): T };
