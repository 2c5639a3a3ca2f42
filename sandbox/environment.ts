/** Sources of time and randomness, injected so tests and snapshots are stable. */
export interface Environment {
  /** Milliseconds since the epoch. */
  now(): number;
  /** A float in [0, 1). */
  random(): number;
  /**
   * Waits `ms` of simulated work (pull progress, a sleeping program) and always ends on a new
   * task, so every promise chain a started process began runs first. The browser paces it with
   * real time so a learner sees it happen; the command line and tests advance a fake clock.
   * When `signal` aborts, it ends early; it never rejects.
   */
  delay(ms: number, signal?: AbortSignal): Promise<void>;
}
