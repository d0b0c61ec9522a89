import { createHash } from 'node:crypto';
import { UsageError } from '../errors/usage-error.js';
import type { TestCase } from '../model/case.js';

/** `--shard i/n`: this machine runs part i of n (1-based). */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `2/5`; anything else is a `UsageError`. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n, e.g. 1/4; got '${text}'`);
  return { index, count };
}

function hashOf(id: string): string {
  return createHash('sha256').update(id.toLowerCase()).digest('hex');
}

/**
 * The cases of shard `index` of `count`. Cases are ordered by a hash of their id
 * and dealt round-robin, so the split depends only on the ids (not on file
 * order or machine), every case lands in exactly one shard, and shards differ
 * in size by at most one.
 */
export function shardCases<T extends { id: string }>(cases: readonly T[], shard: Shard): T[] {
  const ordered = [...cases].sort((a, b) => (hashOf(a.id) < hashOf(b.id) ? -1 : hashOf(a.id) > hashOf(b.id) ? 1 : 0));
  return ordered.filter((_, i) => i % shard.count === shard.index - 1);
}

/** `--grep`: case-insensitive match on title, id, tags, category or suite name. */
export function matchesGrep(testCase: TestCase, suite: string, grep: string): boolean {
  const needle = grep.toLowerCase();
  return [testCase.title, testCase.id, testCase.category, suite, ...testCase.tags].some((field) => field.toLowerCase().includes(needle));
}
