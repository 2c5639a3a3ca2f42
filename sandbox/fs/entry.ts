/** What a path can hold. Contents are text: the simulation never needs real binaries. */

export interface EntryMeta {
  /** Permission bits, e.g. 0o755. */
  mode: number;
  uid: number;
  gid: number;
  /** Milliseconds since the epoch, from the sandbox's injected clock. */
  mtime: number;
}

export interface FileEntry extends EntryMeta {
  kind: 'file';
  content: string;
  /**
   * The size Docker would report, for files that stand in for a large real one (a node binary
   * is 100 MB; ours holds one line). Absent means the UTF-8 length of `content`.
   */
  size?: number;
}

export interface DirEntry extends EntryMeta {
  kind: 'dir';
}

export interface SymlinkEntry extends EntryMeta {
  kind: 'symlink';
  target: string;
}

export type Entry = FileEntry | DirEntry | SymlinkEntry;

const encoder = new TextEncoder();

/** Bytes a text takes in UTF-8: what Docker counts for files and transfers. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** Bytes this entry takes in a layer, as `docker history` counts them. */
export function entrySize(entry: Entry): number {
  switch (entry.kind) {
    case 'file':
      return entry.size ?? utf8Length(entry.content);
    case 'symlink':
      return entry.target.length;
    case 'dir':
      return 0;
  }
}

export function fileEntry(content: string, mode = 0o644, mtime = 0): FileEntry {
  return { kind: 'file', content, mode, uid: 0, gid: 0, mtime };
}

export function dirEntry(mode = 0o755, mtime = 0): DirEntry {
  return { kind: 'dir', mode, uid: 0, gid: 0, mtime };
}

export function symlinkEntry(target: string, mtime = 0): SymlinkEntry {
  return { kind: 'symlink', target, mode: 0o777, uid: 0, gid: 0, mtime };
}
