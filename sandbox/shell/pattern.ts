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
  for (let first = true; i < chars.length; i++, first = false) {
    const { ch, special } = chars[i]!;
    if (ch === ']' && special && !first) {
      return { source: `[${negate ? '^' : ''}${body}]`, end: i };
    }
    const dash = chars[i + 1];
    const last = chars[i + 2];
    if (dash?.ch === '-' && dash.special && last && !(last.ch === ']' && last.special)) {
      // A range written backwards (`[z-a]`) matches no character, as in dash and Go's
      // filepath.Match; the regular expression would refuse it.
      if (ch.codePointAt(0)! <= last.ch.codePointAt(0)!)
        body += `${classChar(ch)}-${classChar(last.ch)}`;
      i += 2;
      continue;
    }
    body += classChar(ch);
  }
  return undefined;
}

function classChar(ch: string): string {
  return ch === '\\' || ch === ']' || ch === '[' || ch === '^' || ch === '-' ? `\\${ch}` : ch;
}

/**
 * A pattern as a regular expression. The `u` flag makes ranges compare code points, so a range
 * of characters outside the Basic Multilingual Plane is not cut between surrogate halves.
 */
function compile(source: string): RegExp {
  try {
    return new RegExp(`^${source}$`, 'u');
  } catch {
    // patternSource escapes everything the syntax gives a meaning to; should a character still
    // slip through, the pattern matches nothing rather than failing the command.
    return /(?!)/;
  }
}

/** The last pattern compiled, so `${x%%pattern}` trying many prefixes compiles it once. */
let lastPattern: { chars: readonly PatternChar[]; regex: RegExp } | undefined;

export function matchesPattern(text: string, chars: readonly PatternChar[]): boolean {
  if (lastPattern?.chars !== chars) lastPattern = { chars, regex: compile(patternSource(chars)) };
  return lastPattern.regex.test(text);
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
      const regex = compile(patternSource(segment, true));
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
