/**
 * Space an image carries for nothing, found in its own layers, each finding with the line that
 * caused it so the views can explain it and name the fix:
 * - files one layer adds and a later layer deletes (the bytes stay in the earlier layer);
 * - package manager caches left in a layer (apt's lists and downloaded archives, npm's cache,
 *   apk's cache, pip's cache);
 * - `node_modules` from the build context copied in by a COPY, with no `.dockerignore` entry
 *   keeping it out.
 */
import type { ImageView, LayerView } from '../api.ts';

export type PackageCache = 'apt-lists' | 'apt-archives' | 'npm-cache' | 'apk-cache' | 'pip-cache';

export type WasteFinding =
  | {
      kind: 'deleted-later';
      /** The path the later layer removed (a folder covers what was under it). */
      path: string;
      /** Bytes the earlier layers still hold for it. */
      size: number;
      files: number;
      addedLine?: number;
      removedLine?: number;
      addedBy: string;
      removedBy: string;
    }
  | {
      kind: 'package-cache';
      cache: PackageCache;
      /** The cache folder, as the fix names it. */
      path: string;
      size: number;
      files: number;
      line?: number;
      createdBy: string;
    }
  | {
      kind: 'node-modules-copied';
      size: number;
      files: number;
      line?: number;
      createdBy: string;
      /** No `.dockerignore` at all, or one that does not mention node_modules. */
      dockerignore: 'missing' | 'not-listed';
    };

const CACHES: Array<{ cache: PackageCache; path: string }> = [
  { cache: 'apt-lists', path: '/var/lib/apt/lists' },
  { cache: 'apt-archives', path: '/var/cache/apt/archives' },
  { cache: 'npm-cache', path: '/root/.npm' },
  { cache: 'apk-cache', path: '/var/cache/apk' },
  { cache: 'pip-cache', path: '/root/.cache/pip' },
];

const under = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

/** The findings for an image, in layer order; `files` are the build context's files. */
export function wasteIn(image: ImageView, files: Record<string, string>): WasteFinding[] {
  const own = image.layers.filter((layer) => !layer.inherited);
  return [...deletedLater(own), ...packageCaches(own), ...copiedNodeModules(own, files)];
}

function deletedLater(layers: LayerView[]): WasteFinding[] {
  const findings: WasteFinding[] = [];
  layers.forEach((later, index) => {
    for (const removed of later.files) {
      if (removed.change !== 'removed') continue;
      // A removal inside a folder removed by the same layer is counted with the folder.
      if (
        later.files.some(
          (other) =>
            other.change === 'removed' &&
            other !== removed &&
            under(removed.path, other.path) &&
            other.path !== removed.path,
        )
      )
        continue;
      for (const earlier of layers.slice(0, index)) {
        const held = earlier.files.filter(
          (file) => file.change !== 'removed' && under(file.path, removed.path),
        );
        const size = held.reduce((total, file) => total + file.size, 0);
        if (held.length === 0) continue;
        findings.push({
          kind: 'deleted-later',
          path: removed.path,
          size,
          files: held.filter((file) => file.kind === 'file').length,
          addedLine: earlier.line,
          removedLine: later.line,
          addedBy: earlier.createdBy,
          removedBy: later.createdBy,
        });
      }
    }
  });
  return findings;
}

function packageCaches(layers: LayerView[]): WasteFinding[] {
  const findings: WasteFinding[] = [];
  layers.forEach((layer, index) => {
    for (const { cache, path } of CACHES) {
      // A cache a later layer removes is still in this one: `deleted-later` reports that.
      const removedLater = layers
        .slice(index + 1)
        .some((later) =>
          later.files.some((file) => file.change === 'removed' && under(path, file.path)),
        );
      const held = layer.files.filter(
        (file) => file.change !== 'removed' && file.kind === 'file' && under(file.path, path),
      );
      if (held.length === 0 || removedLater) continue;
      findings.push({
        kind: 'package-cache',
        cache,
        path,
        size: held.reduce((total, file) => total + file.size, 0),
        files: held.length,
        line: layer.line,
        createdBy: layer.createdBy,
      });
    }
  });
  return findings;
}

function copiedNodeModules(layers: LayerView[], files: Record<string, string>): WasteFinding[] {
  const ignore = files['.dockerignore'];
  if (ignore !== undefined && /node_modules/.test(ignore)) return [];
  const findings: WasteFinding[] = [];
  for (const layer of layers) {
    if (!/^(COPY|ADD) /.test(layer.createdBy)) continue;
    const held = layer.files.filter(
      (file) => file.change !== 'removed' && /(^|\/)node_modules(\/|$)/.test(file.path),
    );
    if (held.length === 0) continue;
    findings.push({
      kind: 'node-modules-copied',
      size: held.reduce((total, file) => total + file.size, 0),
      files: held.filter((file) => file.kind === 'file').length,
      line: layer.line,
      createdBy: layer.createdBy,
      dockerignore: ignore === undefined ? 'missing' : 'not-listed',
    });
  }
  return findings;
}
