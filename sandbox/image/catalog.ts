import {
  computeImageId,
  emptyConfig,
  layerFromChanges,
  type HistoryEntry,
  type Image,
  type ImageConfig,
  type Layer,
} from './image.ts';
import { familiarRepository, type Reference } from './reference.ts';
import { REPOSITORIES } from './repositories.ts';
import { sha256Digest } from './sha256.ts';
import type { ImageSpec } from './spec.ts';

/**
 * The registry the sandbox pulls from: the official images of `repositories.ts`, each built on
 * first use with the config and layer sizes of the real image. A repository or tag not listed
 * does not exist, and a lookup says which of the two is missing.
 */

export type CatalogLookup =
  | { kind: 'found'; image: Image }
  | { kind: 'unknown-repository'; repository: string }
  /** `scratch`: the empty base a Dockerfile names, which no registry serves. */
  | { kind: 'reserved'; repository: string }
  | { kind: 'unknown-tag'; repository: string; tag: string; knownTags: string[] };

function buildImage(spec: ImageSpec, pulledAs: string): Image {
  const created = Date.parse(spec.created);
  const layers: Layer[] = [];
  const history: HistoryEntry[] = [];
  for (const step of spec.steps) {
    const isLayer = 'size' in step;
    history.push({ created, createdBy: step.createdBy, emptyLayer: !isLayer });
    if (isLayer) layers.push(layerFromChanges(step.changes?.() ?? new Map(), step.size));
  }
  const config: ImageConfig = { ...emptyConfig(), ...spec.config };
  const partial = {
    layers,
    config,
    history,
    created,
    baseLayers: layers.length,
    layerLines: [],
    pulledAs,
  };
  const id = computeImageId(partial);
  const repoDigest = sha256Digest(
    `manifest ${id} ${layers.map((layer) => layer.digest).join(' ')}`,
  );
  return { ...partial, id, repoDigest };
}

const built = new Map<string, Image>();

/**
 * Tags in the order a person reads them: `latest` first, plain tags before variants (`-slim`,
 * `-alpine`), short versions before long ones, newest first.
 */
function orderTags(tags: string[]): string[] {
  const key = (tag: string) =>
    tag.split(/[.-]/).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return [...tags].sort((a, b) => {
    if (a === 'latest' || b === 'latest') return a === 'latest' ? -1 : 1;
    if (a.includes('-') !== b.includes('-')) return a.includes('-') ? 1 : -1;
    const dots = (tag: string) => tag.split('.').length;
    if (dots(a) !== dots(b)) return dots(a) - dots(b);
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
      const [x, y] = [ka[i], kb[i]];
      if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
      if (x === y) continue;
      if (typeof x === 'number' && typeof y === 'number') return y - x;
      if (typeof x === 'number' || typeof y === 'number') return typeof x === 'number' ? -1 : 1;
      return x < y ? -1 : 1;
    }
    return 0;
  });
}

/** What the registry holds for a reference: the image, or which part of the name is unknown. */
export function lookupCatalog(ref: Reference): CatalogLookup {
  const repository = familiarRepository(ref);
  if (repository === 'scratch') return { kind: 'reserved', repository };
  const table = ref.domain === 'docker.io' ? REPOSITORIES[repository] : undefined;
  if (!table) return { kind: 'unknown-repository', repository };
  const tag = ref.tag ?? 'latest';
  const build = Object.hasOwn(table, tag) ? table[tag] : undefined;
  if (!build) {
    return { kind: 'unknown-tag', repository, tag, knownTags: orderTags(Object.keys(table)) };
  }
  const key = `${repository}:${tag}`;
  let image = built.get(key);
  if (!image) built.set(key, (image = buildImage(build(), key)));
  return { kind: 'found', image };
}

/** The catalog image for a reference, or undefined when the registry has no such image. */
export function catalogImage(ref: Reference): Image | undefined {
  const found = lookupCatalog(ref);
  return found.kind === 'found' ? found.image : undefined;
}

/** Every `repository:tag` the catalog serves, for help texts and completion. */
export function catalogNames(): string[] {
  return Object.entries(REPOSITORIES).flatMap(([repository, tags]) =>
    orderTags(Object.keys(tags)).map((tag) => `${repository}:${tag}`),
  );
}

/** The official repositories the catalog serves. */
export function catalogRepositories(): string[] {
  return Object.keys(REPOSITORIES).sort();
}
