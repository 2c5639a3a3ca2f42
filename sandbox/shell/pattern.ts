import type { FileSystem } from '../fs/file-system.ts';
import type { Entry } from '../fs/entry.ts';
import { resolve } from '../fs/ops.ts';
import { resolvePath } from '../fs/path.ts';

/**
 * Shell patterns (`*`, `?`, `[...]`) as `case`, `${x#pattern}` and filename globbing use them. A
 * pattern is a list of characters, each marked as special (unquoted) or literal (quoted), so
 * `"*".txt` matches only a file named `*.txt`.
 */

export interface PatternChar {
  ch: string;
  special: boolean;
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

function escapeRegex(text: string): string {
  return text.replace(REGEX_SPECIAL, '\\$&');
}

export function hasGlob(chars: readonly PatternChar[]): boolean {
  return chars.some((c) => c.special && (c.ch === '*' || c.ch === '?' || c.ch === '['));
}

/** The regular-expression source for a pattern; `*` stops at `/` when `pathSegment` is set. */
export function patternSource(chars: readonly PatternChar[], pathSegment = false): string {
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const { ch, special } = chars[i]!;
    if (!special) {
      out += escapeRegex(ch);
    } else if (ch === '*') {
      out += pathSegment ? '[^/]*' : '[\\s\\S]*';
    } else if (ch === '?') {
      out += pathSegment ? '[^/]' : '[\\s\\S]';
    } else if (ch === '[') {
      const bracket = readBracket(chars, i);
      if (bracket) {
        out += bracket.source;
        i = bracket.end;
      } else out += '\\[';
    } else out += escapeRegex(ch);
  }
  return out;
}

function readBracket(
  chars: readonly PatternChar[],
  start: number,
): { source: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (chars[i]?.special && (chars[i]!.ch === '!' || chars[i]!.ch === '^')) {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < chars.length; i++) {
    const { ch, special } = chars[i]!;
    if (ch === ']' && special && !first) {
      return { source: `[${negate ? '^' : ''}${body}]`, end: i };
    }
    first = false;
    if (ch === '-' && special && body !== '' && chars[i + 1]?.ch !== ']') body += '-';
    else body += ch === '\\' || ch === ']' || ch === '[' || ch === '^' ? `\\${ch}` : ch;
  }
  return undefined;
}

export function matchesPattern(text: string, chars: readonly PatternChar[]): boolean {
  return new RegExp(`^${patternSource(chars)}$`).test(text);
}

function splitSegments(chars: readonly PatternChar[]): PatternChar[][] {
  const segments: PatternChar[][] = [[]];
  for (const c of chars) {
    if (c.ch === '/') segments.push([]);
    else segments[segments.length - 1]!.push(c);
  }
  return segments;
}

/**
 * Pathname expansion: the paths that match, sorted, written as the pattern was (relative stays
 * relative). Reads only the directories the pattern names, never the whole tree.
 */
function follow(fs: FileSystem, path: string): { path: string; entry: Entry | undefined } {
  const found = resolve(fs, path);
  return typeof found === 'string' ? { path, entry: undefined } : found;
}

export function glob(fs: FileSystem, cwd: string, chars: readonly PatternChar[]): string[] {
  const absolute = chars[0]?.ch === '/';
  const segments = splitSegments(absolute ? chars.slice(1) : chars);
  let found: string[] = [absolute ? '/' : ''];
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const isLast = index === segments.length - 1;
    const next: string[] = [];
    for (const prefix of found) {
      const dir = resolvePath(cwd, prefix === '' ? '.' : prefix);
      const join = (name: string) =>
        (prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`) + name;
      if (segment.length === 0) {
        if (isLast) next.push(join(''));
        continue;
      }
      if (!hasGlob(segment)) {
        const name = segment.map((c) => c.ch).join('');
        if (follow(fs, resolvePath(dir, name)).entry !== undefined || isLast) {
          next.push(join(name));
        }
        continue;
      }
      const regex = new RegExp(`^${patternSource(segment, true)}$`);
      const dotAllowed = segment[0]?.ch === '.';
      const real = follow(fs, dir);
      if (real.entry?.kind !== 'dir') continue;
      for (const name of fs.list(real.path)) {
        if (name.startsWith('.') && !dotAllowed) continue;
        if (!regex.test(name)) continue;
        if (!isLast && follow(fs, resolvePath(real.path, name)).entry?.kind !== 'dir') continue;
        next.push(join(name));
      }
    }
    found = next;
    if (found.length === 0) return [];
  }
  const existing = found.filter(
    (path) => follow(fs, resolvePath(cwd, path || '.')).entry !== undefined,
  );
  return existing.sort();
}
