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

  get(key: string): CacheRecord | undefined {
    return this.records.get(key);
  }

  set(key: string, record: CacheRecord): void {
    this.records.set(key, record);
  }

  clear(): void {
    this.records.clear();
  }

  get size(): number {
    return this.records.size;
  }

  entries(): Array<[string, CacheRecord]> {
    return [...this.records];
  }
}
