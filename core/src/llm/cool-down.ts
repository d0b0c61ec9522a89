/**
 * Skips a model that keeps failing: after `threshold` consecutive retryable failures it
 * cools down for `coolDownMs`, and the router goes straight to the next model in the chain.
 * One success resets it.
 */
export interface CoolDown {
  isCooling(id: string): boolean;
  failure(id: string): void;
  success(id: string): void;
}

export function createCoolDown(options: { threshold: number; coolDownMs: number; now?: () => number }): CoolDown {
  const now = options.now ?? Date.now;
  const failures = new Map<string, number>();
  const until = new Map<string, number>();
  return {
    isCooling(id) {
      const t = until.get(id);
      if (t === undefined) return false;
      if (now() >= t) {
        until.delete(id);
        // Half-open: one more failure cools it down again at once.
        failures.set(id, options.threshold - 1);
        return false;
      }
      return true;
    },
    failure(id) {
      const n = (failures.get(id) ?? 0) + 1;
      failures.set(id, n);
      if (n >= options.threshold) until.set(id, now() + options.coolDownMs);
    },
    success(id) {
      if (failures.size > 0) failures.delete(id);
      if (until.size > 0) until.delete(id);
    },
  };
}
