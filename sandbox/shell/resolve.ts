import type { FileSystem } from '../fs/file-system.ts';
import { resolve } from '../fs/ops.ts';
import { resolvePath } from '../fs/path.ts';
import { PROGRAM_MARKER, type Program } from './program.ts';
import { downloadedProgram, isDownloadStandIn } from './programs/downloads.ts';
import { programTable } from './registry.ts';

/** What an argv[0] runs, found as execve and a shell's PATH search would find it. */
export type CommandResolution =
  /** A file carrying the `dockyard-program:` marker of a registered program. */
  | { kind: 'program'; path: string; program: Program; name: string }
  /** A text file run by the interpreter its `#!` line names (`/bin/sh` when it has none). */
  | { kind: 'script'; path: string; interpreter: string[] }
  | { kind: 'not-found' }
  /** A file without any execute bit, or a directory. */
  | { kind: 'not-executable'; path: string }
  /** An executable the image has but the simulation does not implement (gcc, python, ...). */
  | { kind: 'unmodelled'; path: string };

/** dash's PATH when none is set. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const MARKER_PATTERN = new RegExp(`${PROGRAM_MARKER}[ \\t]*(\\S+)`);

/** Which registered program a file stands in for, if it carries the marker. */
export function markerName(content: string): string | undefined {
  return MARKER_PATTERN.exec(content.slice(0, 256))?.[1];
}

function classify(
  fs: FileSystem,
  path: string,
  programs: ReadonlyMap<string, Program>,
): CommandResolution | undefined {
  const found = resolve(fs, path);
  if (typeof found === 'string' || found.entry === undefined) return undefined;
  const entry = found.entry;
  if (entry.kind === 'dir') return { kind: 'not-executable', path };
  if (entry.kind !== 'file') return undefined;
  if ((entry.mode & 0o111) === 0) return { kind: 'not-executable', path };
  const marked = markerName(entry.content) ?? downloadedProgram(entry.content);
  if (marked !== undefined) {
    const program = programs.get(marked);
    return program
      ? { kind: 'program', path, program, name: marked }
      : { kind: 'unmodelled', path };
  }
  if (entry.content.startsWith('#!')) {
    const line = entry.content.slice(2).split('\n', 1)[0]!.trim();
    const space = line.search(/[ \t]/);
    const interpreter =
      space < 0 ? [line] : [line.slice(0, space), line.slice(space).trim()].filter(Boolean);
    return { kind: 'script', path, interpreter };
  }
  if (
    entry.content.startsWith('\u007fELF') ||
    entry.content.includes('\u0000') ||
    isDownloadStandIn(entry.content)
  ) {
    return { kind: 'unmodelled', path };
  }
  return { kind: 'script', path, interpreter: ['/bin/sh'] };
}

/**
 * Finds what `name` runs: a path when it contains a slash, otherwise the first match along
 * `env.PATH`, following symlinks. Reads at most one file per PATH entry.
 */
export function resolveCommand(
  fs: FileSystem,
  name: string,
  env: Record<string, string | undefined>,
  cwd: string,
  programs: ReadonlyMap<string, Program> = programTable(),
): CommandResolution {
  if (name === '') return { kind: 'not-found' };
  if (name.includes('/')) {
    return classify(fs, resolvePath(cwd, name), programs) ?? { kind: 'not-found' };
  }
  let denied: CommandResolution | undefined;
  for (const dir of (env.PATH ?? DEFAULT_PATH).split(':')) {
    const path = resolvePath(cwd, `${dir || '.'}/${name}`);
    const found = classify(fs, path, programs);
    if (!found) continue;
    if (found.kind === 'not-executable') {
      const isDir = fs.get(path)?.kind === 'dir';
      if (!isDir) denied ??= found;
      continue;
    }
    return found;
  }
  return denied ?? { kind: 'not-found' };
}
