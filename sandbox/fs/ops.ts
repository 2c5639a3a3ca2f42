import { dirEntry, fileEntry, type Entry } from './entry.ts';
import type { Changes, FileSystem } from './file-system.ts';
import { resolvePath } from './path.ts';

/** Why a path operation failed, in the words `ls`, `cat` and friends use. */
export type PathProblem = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EEXIST' | 'ELOOP';

export interface Resolved {
  /** The path with every symlink resolved. */
  path: string;
  entry: Entry | undefined;
}

const MAX_SYMLINK_HOPS = 40;

/**
 * Follows symlinks along `path` (relative to `cwd`). The final component is followed too unless
 * `followLast` is false. A missing final component resolves with `entry` undefined; a missing or
 * non-directory intermediate one is a problem.
 */
export function resolve(
  fs: FileSystem,
  path: string,
  cwd = '/',
  followLast = true,
): Resolved | PathProblem {
  let pending = resolvePath(cwd, path).split('/').filter(Boolean);
  let current = '/';
  let hops = 0;
  while (pending.length > 0) {
    const name = pending.shift()!;
    const candidate = current === '/' ? `/${name}` : `${current}/${name}`;
    const entry = fs.get(candidate);
    const isLast = pending.length === 0;
    if (entry?.kind === 'symlink' && (!isLast || followLast)) {
      if (++hops > MAX_SYMLINK_HOPS) return 'ELOOP';
      const target = resolvePath(current, entry.target);
      pending = [...target.split('/').filter(Boolean), ...pending];
      current = '/';
      continue;
    }
    if (isLast) return { path: candidate, entry };
    if (entry === undefined) return 'ENOENT';
    if (entry.kind !== 'dir') return 'ENOTDIR';
    current = candidate;
  }
  return { path: current, entry: fs.get(current) };
}

/** Creates `path` and any missing parents as directories (like `mkdir -p`). */
export function mkdirp(
  fs: FileSystem,
  path: string,
  meta: Partial<Pick<Entry, 'mode' | 'uid' | 'gid' | 'mtime'>> = {},
): PathProblem | undefined {
  let current = '';
  for (const name of resolvePath('/', path).split('/').filter(Boolean)) {
    current += `/${name}`;
    const found = resolve(fs, current);
    if (typeof found === 'string') return found;
    if (found.entry === undefined) {
      fs.set(found.path, { ...dirEntry(), ...meta, kind: 'dir' });
    } else if (found.entry.kind !== 'dir') {
      return 'ENOTDIR';
    }
    current = found.path;
  }
  return undefined;
}

export function readFile(fs: FileSystem, path: string, cwd = '/'): string | PathProblem {
  const found = resolve(fs, path, cwd);
  if (typeof found === 'string') return found;
  if (found.entry === undefined) return 'ENOENT';
  if (found.entry.kind === 'dir') return 'EISDIR';
  return found.entry.kind === 'file' ? found.entry.content : 'ENOENT';
}

/** Writes a file, creating missing parent directories; keeps the mode of a file it replaces. */
export function writeFile(
  fs: FileSystem,
  path: string,
  content: string,
  options: { cwd?: string; mode?: number; mtime?: number; uid?: number; gid?: number } = {},
): PathProblem | undefined {
  const absolute = resolvePath(options.cwd ?? '/', path);
  const slash = absolute.lastIndexOf('/');
  const problem = mkdirp(fs, slash <= 0 ? '/' : absolute.slice(0, slash), { mtime: options.mtime });
  if (problem) return problem;
  const found = resolve(fs, absolute);
  if (typeof found === 'string') return found;
  if (found.entry?.kind === 'dir') return 'EISDIR';
  const mode = options.mode ?? (found.entry?.kind === 'file' ? found.entry.mode : 0o644);
  fs.set(found.path, {
    ...fileEntry(content, mode, options.mtime ?? 0),
    uid: options.uid ?? 0,
    gid: options.gid ?? 0,
  });
  return undefined;
}

/** Every entry below `root` (root itself excluded), parents before children, sorted. */
export function walk(fs: FileSystem, root = '/'): Array<[string, Entry]> {
  const out: Array<[string, Entry]> = [];
  const visit = (dir: string) => {
    for (const name of fs.list(dir)) {
      const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
      const entry = fs.get(path);
      if (!entry) continue;
      out.push([path, entry]);
      if (entry.kind === 'dir') visit(path);
    }
  };
  visit(root);
  return out;
}

/** Copies the tree at `from` in `source` to `to` in `target`, replacing what is there. */
export function copyTree(source: FileSystem, from: string, target: FileSystem, to: string): void {
  const top = source.get(from);
  if (!top) return;
  if (to !== '/' || top.kind !== 'dir') target.set(to, { ...top });
  if (top.kind !== 'dir') return;
  for (const [path, entry] of walk(source, from)) {
    const rest = from === '/' ? path : path.slice(from.length);
    target.set(to === '/' ? rest : to + rest, { ...entry });
  }
}

/** Applies a layer's changes on top of `fs`, parents before children, whiteouts as removals. */
export function applyChanges(fs: FileSystem, changes: Changes): void {
  for (const path of [...changes.keys()].sort(comparePaths)) {
    const entry = changes.get(path);
    if (entry === null || entry === undefined) fs.delete(path);
    else if (fs.get(path)?.kind === 'dir' && entry.kind === 'dir') fs.set(path, { ...entry });
    else {
      if (fs.get(path)) fs.delete(path);
      fs.set(path, { ...entry });
    }
  }
}

/** Orders paths so that a directory comes before everything inside it. */
export function comparePaths(a: string, b: string): number {
  const pa = a.split('/');
  const pb = b.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] !== pb[i]) return pa[i]! < pb[i]! ? -1 : 1;
  }
  return pa.length - pb.length;
}
