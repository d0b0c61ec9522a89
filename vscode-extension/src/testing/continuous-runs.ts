/**
 * Continuous run on save: a burst of saves makes one run, and a run never starts while the
 * previous one is still going (a run may call paid models). Saves arriving during a run are
 * collected and run once, after it ends and the burst is over.
 */
export class ContinuousRuns<K> {
  private pending = new Set<K>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<void> | undefined;
  private disposed = false;

  /**
   * @param run runs the keys (files) saved since the last run; its promise ends the run.
   * @param quietMs how long after the last save of a burst the run starts.
   */
  constructor(
    private readonly run: (keys: ReadonlySet<K>) => Promise<void>,
    private readonly quietMs = 500,
  ) {}

  /** A save of `key`. */
  saved(key: K): void {
    if (this.disposed) return;
    this.pending.add(key);
    clearTimeout(this.timer);
    if (!this.inFlight) this.timer = setTimeout(() => void this.flush(), this.quietMs);
  }

  /** Whether a run is going. */
  get running(): boolean {
    return this.inFlight !== undefined;
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.pending.size === 0 || this.inFlight || this.disposed) return;
    const keys = this.pending;
    this.pending = new Set();
    this.inFlight = this.run(keys).catch(() => undefined);
    await this.inFlight;
    this.inFlight = undefined;
    // Saves that came during the run: one more run once they have settled.
    if (this.pending.size > 0 && !this.disposed) this.timer = setTimeout(() => void this.flush(), this.quietMs);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.pending.clear();
  }
}
