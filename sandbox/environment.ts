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

/** Waits this long or longer (a server waiting for requests) stay pending until aborted. */
const LONG_WAIT = 3_600_000;

/**
 * A pinned environment: a clock that moves only by simulated waits (or `advance`), a seeded
 * random source, and waits that end on the next task. For tests and for the course check, whose
 * output must not depend on the real clock.
 */
export function pinnedEnvironment(
  start: number,
  seed: number,
): Environment & { advance(ms: number): void } {
  let now = start;
  let state = seed;
  return {
    now: () => now,
    random: () => {
      state = (state * 16807) % 2147483647;
      return (state - 1) / 2147483646;
    },
    delay: (ms, signal) => {
      if (ms >= LONG_WAIT) {
        return new Promise((resolve) => {
          if (signal?.aborted) resolve();
          signal?.addEventListener('abort', () => resolve(), { once: true });
        });
      }
      now += ms;
      return new Promise((resolve) => setTimeout(resolve, 0));
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
