import type { Layer } from '../image/image.ts';

export interface CacheRecord {
  layer: Layer;
  /** When the step first ran: a cached step keeps its time, so the image ID stays the same. */
  created: number;
}

/**
 * The builder's cache: a step's result keyed by a digest of its parent's key and its own
 * definition (command, environment, working directory, user, and the checksum of copied files).
 */
export class BuildCache {
  private readonly records = new Map<string, CacheRecord>();
  private readonly times = new Map<string, number>();

  /** The time first recorded under `key`, recording `now` when there is none. */
  firstTime(key: string, now: number): number {
    const known = this.times.get(key);
    if (known !== undefined) return known;
    this.times.set(key, now);
    return now;
  }

  get(key: string): CacheRecord | undefined {
    return this.records.get(key);
  }

  set(key: string, record: CacheRecord): void {
    this.records.set(key, record);
  }

  clear(): void {
    this.records.clear();
    this.times.clear();
  }

  get size(): number {
    return this.records.size;
  }

  entries(): Array<[string, CacheRecord]> {
    return [...this.records];
  }
}
