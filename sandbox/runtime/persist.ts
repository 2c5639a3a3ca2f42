import type { Environment } from '../environment.ts';
import {
  MemoryFs,
  OverlayFs,
  applyChanges,
  comparePaths,
  walk,
  type Changes,
  type Entry,
  type FileSystem,
} from '../fs/index.ts';
import {
  restoreBuildRecord,
  saveBuildRecord,
  type BuildRecord,
  type SavedBuildRecord,
} from '../build/plan.ts';
import type { Image, Layer } from '../image/image.ts';
import type { PortBinding } from '../net/host-network.ts';
import { Engine, type Container, type ContainerMount, type LogEntry } from './engine.ts';
import type { ContainerRuntime } from './runtimes.ts';

/**
 * The engine's state as plain JSON, for the browser's storage: images with their layers (each
 * layer stored once, by digest), tags, containers with their writable layers and logs, volumes
 * with their files, and the build cache.
 */

type SavedChanges = Array<[string, Entry | null]>;

interface SavedLayer {
  changes: SavedChanges;
  size: number;
}

interface SavedImage extends Omit<Image, 'layers'> {
  layers: string[];
}

interface SavedContainer extends Omit<Container, 'image' | 'rootfs' | 'process' | 'network'> {
  image: string;
  rootfs: SavedChanges;
}

export interface SavedEngine {
  layers: Record<string, SavedLayer>;
  images: SavedImage[];
  tags: Array<[string, string]>;
  containers: SavedContainer[];
  volumes: Array<{ name: string; anonymous: boolean; created: number; files: SavedChanges }>;
  cache: Array<[string, { layer: string; created: number }]>;
  pulledBases: string[];
  /** The last build, for its replay and the next build's cache marks. */
  lastBuild?: SavedBuildRecord;
}

/** Keeps the most recent log output of each container; older lines are dropped from storage. */
const MAX_SAVED_LOG_ENTRIES = 500;

export function saveEngine(engine: Engine): SavedEngine {
  const layers: Record<string, SavedLayer> = {};
  const keep = (layer: Layer) => {
    layers[layer.digest] ??= { changes: [...layer.changes], size: layer.size };
    return layer.digest;
  };
  const images = [...engine.images.values()].map((image) => ({
    ...image,
    layers: image.layers.map(keep),
  }));
  const containers = [...engine.containers.values()].map((container): SavedContainer => {
    const { process: _process, network: _network, image, rootfs, ...rest } = container;
    if (!engine.images.has(image.id)) images.push({ ...image, layers: image.layers.map(keep) });
    return {
      ...rest,
      image: image.id,
      rootfs: [...rootfs.changes],
      logs: rest.logs.slice(-MAX_SAVED_LOG_ENTRIES),
    };
  });
  return {
    layers,
    images,
    tags: [...engine.tags],
    containers,
    volumes: [...engine.volumes.values()].map((volume) => ({
      name: volume.name,
      anonymous: volume.anonymous,
      created: volume.created,
      files: walk(volume.fs).map(([path, entry]) => [path, entry] as [string, Entry]),
    })),
    cache: engine.cache
      .entries()
      .map(([key, record]) => [key, { layer: keep(record.layer), created: record.created }]),
    pulledBases: [...engine.pulledBases],
    ...(engine.lastBuild ? { lastBuild: saveBuildRecord(engine.lastBuild, keep) } : {}),
  };
}

function toChanges(saved: SavedChanges): Changes {
  return new Map(saved);
}

/** Rebuilds an engine from saved data; undefined when the data does not hold together. */
export function restoreEngine(
  saved: SavedEngine,
  host: FileSystem,
  environment: Environment,
  runtimes: Record<string, ContainerRuntime> = {},
): Engine | undefined {
  try {
    const engine = new Engine(host, environment, runtimes);
    const layers = new Map<string, Layer>();
    for (const [digest, layer] of Object.entries(saved.layers)) {
      layers.set(digest, { digest, changes: toChanges(layer.changes), size: layer.size });
    }
    const layerOf = (digest: string) => {
      const layer = layers.get(digest);
      if (!layer) throw new Error(`missing layer ${digest}`);
      return layer;
    };
    const images = new Map<string, Image>();
    for (const image of saved.images)
      images.set(image.id, { ...image, layers: image.layers.map(layerOf) });
    for (const image of images.values()) engine.images.set(image.id, image);
    for (const [tag, id] of saved.tags) engine.tags.set(tag, id);
    for (const volume of saved.volumes) {
      const fs = new MemoryFs();
      applyChanges(fs, toChanges(volume.files));
      engine.volumes.set(volume.name, {
        name: volume.name,
        anonymous: volume.anonymous,
        created: volume.created,
        fs,
      });
    }
    for (const container of saved.containers) {
      const image = images.get(container.image);
      if (!image) throw new Error(`missing image ${container.image}`);
      const rootfs = new OverlayFs(engine.imageRoot(image));
      const changes = [...container.rootfs].sort(([a], [b]) => comparePaths(a, b));
      for (const [path, entry] of changes) {
        if (entry === null) rootfs.delete(path);
        else rootfs.set(path, entry);
      }
      const restored: Container = {
        ...container,
        image,
        rootfs,
        ports: container.ports as PortBinding[],
        mounts: container.mounts as ContainerMount[],
        logs: container.logs as LogEntry[],
      };
      engine.containers.set(restored.id, restored);
    }
    for (const [key, record] of saved.cache)
      engine.cache.set(key, { layer: layerOf(record.layer), created: record.created });
    for (const id of saved.pulledBases) engine.pulledBases.add(id);
    if (saved.lastBuild) engine.lastBuild = restoreLastBuild(saved.lastBuild, layerOf);
    return engine;
  } catch {
    // Storage written by another version, or damaged: the caller starts a fresh sandbox instead.
    return undefined;
  }
}

/**
 * The last build's record, or undefined when it cannot be read back (another format, or damaged):
 * that costs the build replay and the next build's cache marks, never the rest of the sandbox.
 */
function restoreLastBuild(
  saved: SavedBuildRecord,
  layerOf: (digest: string) => Layer,
): BuildRecord | undefined {
  try {
    return restoreBuildRecord(saved, layerOf);
  } catch {
    return undefined;
  }
}
