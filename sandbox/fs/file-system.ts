import { dirEntry, type Entry } from './entry.ts';
import { isWithin, normalizePath } from './path.ts';

/**
 * The one interface every filesystem in the sandbox offers: an image's merged view, a
 * container's writable layer, a volume, the learner's host folder. Paths are absolute and
 * normalized; symlinks are not followed here (see `ops.ts`).
 */
export interface FileSystem {
  /** The entry at `path`, or undefined. `/` always exists. */
  get(path: string): Entry | undefined;
  /** Names directly inside the directory at `path`, sorted; empty when it is not a directory. */
  list(path: string): string[];
  /** Creates or replaces the entry at `path`; its parent must be a directory. */
  set(path: string, entry: Entry): void;
  /** Removes the entry at `path` and everything below it. */
  delete(path: string): void;
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function requireParentDir(fs: FileSystem, path: string): void {
  const parent = fs.get(parentOf(path));
  if (parent?.kind !== 'dir') throw new Error(`no directory to hold ${path}`);
}

/** A plain in-memory tree: the content of a volume, the host's folders, a merged image. */
export class MemoryFs implements FileSystem {
  private readonly entries = new Map<string, Entry>();
  private readonly children = new Map<string, Set<string>>();

  constructor(root: Entry = dirEntry()) {
    this.entries.set('/', root);
    this.children.set('/', new Set());
  }

  get(path: string): Entry | undefined {
    return this.entries.get(path);
  }

  list(path: string): string[] {
    const names = this.children.get(path);
    return names ? [...names].sort() : [];
  }

  set(path: string, entry: Entry): void {
    if (path === '/') {
      if (entry.kind !== 'dir') throw new Error('the root must be a directory');
      this.entries.set('/', entry);
      return;
    }
    requireParentDir(this, path);
    const existing = this.entries.get(path);
    if (existing?.kind === 'dir' && entry.kind !== 'dir') this.delete(path);
    this.entries.set(path, entry);
    this.children.get(parentOf(path))!.add(nameOf(path));
    if (entry.kind === 'dir' && !this.children.has(path)) this.children.set(path, new Set());
  }

  delete(path: string): void {
    if (path === '/' || !this.entries.has(path)) return;
    for (const name of this.list(path)) this.delete(`${path}/${name}`);
    this.entries.delete(path);
    this.children.delete(path);
    this.children.get(parentOf(path))?.delete(nameOf(path));
  }

  get size(): number {
    return this.entries.size;
  }
}

/** A change set: an entry per added or changed path, `null` for a removed one (a whiteout). */
export type Changes = Map<string, Entry | null>;

/**
 * A writable layer over a read-only view, as overlayfs gives a build step or a container. Every
 * write lands in `changes`, which is exactly what the layer adds to the image.
 */
export class OverlayFs implements FileSystem {
  readonly changes: Changes = new Map();
  private readonly addedChildren = new Map<string, Set<string>>();

  constructor(private readonly lower: FileSystem) {}

  get(path: string): Entry | undefined {
    if (this.changes.has(path)) return this.changes.get(path) ?? undefined;
    return this.lower.get(path);
  }

  list(path: string): string[] {
    const entry = this.get(path);
    if (entry?.kind !== 'dir') return [];
    const names = new Set<string>();
    if (this.lower.get(path)?.kind === 'dir') {
      for (const name of this.lower.list(path)) names.add(name);
    }
    for (const name of this.addedChildren.get(path) ?? []) names.add(name);
    const prefix = path === '/' ? '/' : `${path}/`;
    return [...names].filter((name) => this.get(prefix + name) !== undefined).sort();
  }

  set(path: string, entry: Entry): void {
    if (path !== '/') requireParentDir(this, path);
    const existing = this.get(path);
    if (existing?.kind === 'dir' && entry.kind !== 'dir') this.delete(path);
    this.changes.set(path, entry);
    if (path !== '/') {
      const parent = parentOf(path);
      let names = this.addedChildren.get(parent);
      if (!names) this.addedChildren.set(parent, (names = new Set()));
      names.add(nameOf(path));
    }
  }

  delete(path: string): void {
    const entry = this.get(path);
    if (path === '/' || entry === undefined) return;
    if (entry.kind === 'dir') {
      for (const name of this.list(path)) this.delete(`${path}/${name}`);
    }
    if (this.lower.get(path) === undefined) this.changes.delete(path);
    else this.changes.set(path, null);
  }
}

export interface Mount {
  /** Where the mount appears, absolute and normalized. */
  target: string;
  fs: FileSystem;
  readonly: boolean;
}

/** A container's view: its root filesystem with volumes and bind mounts laid over paths. */
export class MountedFs implements FileSystem {
  constructor(
    private readonly root: FileSystem,
    private readonly mounts: readonly Mount[],
  ) {}

  private route(path: string): { fs: FileSystem; path: string; mount?: Mount } {
    let best: Mount | undefined;
    for (const mount of this.mounts) {
      if (isWithin(path, mount.target) && (!best || mount.target.length > best.target.length)) {
        best = mount;
      }
    }
    if (!best) return { fs: this.root, path };
    const rest = path.slice(best.target.length);
    return { fs: best.fs, path: rest === '' ? '/' : rest, mount: best };
  }

  get(path: string): Entry | undefined {
    const routed = this.route(path);
    return routed.fs.get(routed.path);
  }

  list(path: string): string[] {
    const routed = this.route(path);
    const names = new Set(routed.fs.list(routed.path));
    for (const mount of this.mounts) {
      if (mount.target !== '/' && parentOf(mount.target) === path) names.add(nameOf(mount.target));
    }
    return [...names].sort();
  }

  set(path: string, entry: Entry): void {
    const routed = this.route(path);
    if (routed.mount?.readonly) throw new ReadOnlyError(path);
    routed.fs.set(routed.path, entry);
  }

  delete(path: string): void {
    const routed = this.route(path);
    if (routed.mount?.readonly) throw new ReadOnlyError(path);
    routed.fs.delete(routed.path);
  }
}

/** Raised by writes to a read-only mount; the shell turns it into `Read-only file system`. */
export class ReadOnlyError extends Error {
  constructor(readonly path: string) {
    super(`read-only file system: ${path}`);
  }
}

/** The part of another filesystem below `prefix`, seen as a whole tree (a bind mount's source). */
export class SubtreeFs implements FileSystem {
  private readonly prefix: string;

  constructor(
    private readonly base: FileSystem,
    prefix: string,
  ) {
    this.prefix = normalizePath(prefix);
  }

  private map(path: string): string {
    return path === '/' ? this.prefix : this.prefix + path;
  }

  get(path: string): Entry | undefined {
    return this.base.get(this.map(path));
  }

  list(path: string): string[] {
    return this.base.list(this.map(path));
  }

  set(path: string, entry: Entry): void {
    this.base.set(this.map(path), entry);
  }

  delete(path: string): void {
    if (path === '/') {
      for (const name of this.list('/')) this.base.delete(`${this.prefix}/${name}`);
      return;
    }
    this.base.delete(this.map(path));
  }
}
