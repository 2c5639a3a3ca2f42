import { applyChanges, entrySize, MemoryFs, type Changes, type Entry } from '../fs/index.ts';
import { comparePaths } from '../fs/ops.ts';
import { sha256Digest } from './sha256.ts';

/** One filesystem layer: a change set, addressed by the digest of its content. */
export interface Layer {
  /** `sha256:<hex>` of the canonical serialization of `changes` (Docker's diff ID). */
  digest: string;
  changes: Changes;
  /** Bytes, as `docker history` shows them. */
  size: number;
}

export interface HealthConfig {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** The image config, with Docker's field names so `docker inspect` reads the same. */
export interface ImageConfig {
  User: string;
  ExposedPorts: Record<string, Record<string, never>>;
  Env: string[];
  Cmd: string[] | null;
  Entrypoint: string[] | null;
  WorkingDir: string;
  Volumes: Record<string, Record<string, never>> | null;
  Labels: Record<string, string> | null;
  OnBuild: string[] | null;
  Shell?: string[];
  StopSignal?: string;
  Healthcheck?: HealthConfig;
  ArgsEscaped?: boolean;
}

export interface HistoryEntry {
  created: number;
  createdBy: string;
  comment?: string;
  emptyLayer: boolean;
}

export interface Image {
  /** `sha256:<hex>` of the config, as Docker's image ID. */
  id: string;
  layers: Layer[];
  config: ImageConfig;
  history: HistoryEntry[];
  created: number;
  /** How many of `layers` came with the base image. */
  baseLayers: number;
  /** The Dockerfile line of each of our own layers, parallel to `layers` after `baseLayers`. */
  layerLines: Array<number | undefined>;
  /** `docker.io/library/node@sha256:...` for catalog images. */
  repoDigest?: string;
  /** What a catalog image was pulled as, e.g. `node:latest`. */
  pulledAs?: string;
  author?: string;
  /**
   * For an image a build made: the image its first `baseLayers` layers came from, as the FROM
   * line names it (`node:latest`). Docker keeps no such record; the layer explorer shows it.
   */
  baseImage?: string;
  /** With `baseImage`: how many of `history`'s entries came with it. */
  baseHistory?: number;
}

export function emptyConfig(): ImageConfig {
  return {
    User: '',
    ExposedPorts: {},
    Env: [],
    Cmd: null,
    Entrypoint: null,
    WorkingDir: '',
    Volumes: null,
    Labels: null,
    OnBuild: null,
  };
}

function serializeEntry(entry: Entry | null): string {
  if (entry === null) return 'whiteout';
  const meta = `${entry.mode.toString(8)} ${entry.uid}:${entry.gid}`;
  switch (entry.kind) {
    case 'file':
      return `file ${meta} ${entry.size ?? ''} ${entry.content}`;
    case 'dir':
      return `dir ${meta}`;
    case 'symlink':
      return `symlink ${meta} ${entry.target}`;
  }
}

/** Makes a layer from a change set; the same changes always give the same digest. */
export function layerFromChanges(changes: Changes, declaredSize?: number): Layer {
  const paths = [...changes.keys()].sort(comparePaths);
  const canonical = paths
    .map((path) => `${path}\0${serializeEntry(changes.get(path)!)}`)
    .join('\n');
  let size = 0;
  for (const entry of changes.values()) if (entry) size += entrySize(entry);
  return { digest: sha256Digest(canonical), changes, size: declaredSize ?? size };
}

/** The image's files as one tree: every layer applied in order, whiteouts removing. */
export function imageFilesystem(image: Pick<Image, 'layers'>): MemoryFs {
  const fs = new MemoryFs();
  for (const layer of image.layers) applyChanges(fs, layer.changes);
  return fs;
}

export function imageSize(image: Image): number {
  return image.layers.reduce((total, layer) => total + layer.size, 0);
}

/** The image ID: a digest of everything `docker inspect` would show of the image. */
export function computeImageId(image: Omit<Image, 'id'>): string {
  return sha256Digest(
    JSON.stringify({
      architecture: 'amd64',
      config: image.config,
      created: image.created,
      history: image.history,
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: image.layers.map((layer) => layer.digest) },
    }),
  );
}

export function envToRecord(env: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const item of env) {
    const eq = item.indexOf('=');
    if (eq > 0) record[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return record;
}

/** Sets `key` in a Docker-style env list, replacing an earlier value in place. */
export function setEnv(env: string[], key: string, value: string): string[] {
  const out = env.filter((item) => !item.startsWith(`${key}=`));
  const index = env.findIndex((item) => item.startsWith(`${key}=`));
  if (index >= 0) out.splice(index, 0, `${key}=${value}`);
  else out.push(`${key}=${value}`);
  return out;
}
