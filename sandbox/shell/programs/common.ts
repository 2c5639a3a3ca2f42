import type { Entry } from '../../fs/entry.ts';
import type { FileSystem } from '../../fs/file-system.ts';
import type { PathProblem } from '../../fs/ops.ts';
import { readFile, resolve } from '../../fs/ops.ts';
import { ReadOnlyError } from '../../fs/file-system.ts';
import type { ProgramContext } from '../program.ts';

/**
 * What the simulated programs share: option parsing with GNU getopt's rules and messages, the
 * errno texts, and user and group names from the image's /etc/passwd and /etc/group.
 */

/** Which implementation a program imitates: Debian's GNU tools or BusyBox (alpine, busybox). */
export type Flavor = 'gnu' | 'busybox';

/** A program body that knows its flavor; the registry binds the flavor. */
export type Tool = (context: ProgramContext, flavor: Flavor) => number | Promise<number>;

export type Errno = PathProblem | 'EROFS' | 'EACCES' | 'ENOTEMPTY';

const ERRNO_TEXT: Record<Errno, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EEXIST: 'File exists',
  ELOOP: 'Too many levels of symbolic links',
  EROFS: 'Read-only file system',
  EACCES: 'Permission denied',
  ENOTEMPTY: 'Directory not empty',
};

export function errnoText(errno: Errno): string {
  return ERRNO_TEXT[errno];
}

/**
 * Puts `entry` at `path` when its parent is a directory (following symlinks on the way), or
 * says why it cannot: the checked form of `fs.set`, whose parent must already exist.
 */
export function putEntry(fs: FileSystem, path: string, entry: Entry): Errno | undefined {
  const slash = path.lastIndexOf('/');
  const parentPath = slash <= 0 ? '/' : path.slice(0, slash);
  // The common case, a parent that is a directory under its own name, needs no resolving.
  if (fs.get(parentPath)?.kind === 'dir') return attempt(() => fs.set(path, entry));
  const parent = resolve(fs, parentPath);
  if (typeof parent === 'string') return parent;
  if (parent.entry === undefined) return 'ENOENT';
  if (parent.entry.kind !== 'dir') return 'ENOTDIR';
  const name = path.slice(slash + 1);
  return attempt(() => fs.set(`${parent.path === '/' ? '' : parent.path}/${name}`, entry));
}

/** Runs a filesystem write, turning a read-only mount into `EROFS`. */
export function attempt(action: () => Errno | undefined | void): Errno | undefined {
  try {
    return action() ?? undefined;
  } catch (error) {
    if (error instanceof ReadOnlyError) return 'EROFS';
    throw error;
  }
}

export interface OptionSpec {
  /** Short flags without an argument, e.g. `'laR1'`. */
  flags?: string;
  /** Short options that take an argument, e.g. `'n'` for `-n 5` / `-n5`. */
  withValue?: string;
  /** Long options, mapped to the short letter they stand for (or to themselves). */
  long?: Record<string, string>;
  /** Long options that take a value (`--port 80`, `--port=80`). */
  longWithValue?: Record<string, string>;
  /** Stop at the first operand, like POSIX getopt (`env`, `sh`). */
  stopAtOperand?: boolean;
}

export interface ParsedOptions {
  flags: Set<string>;
  values: Map<string, string>;
  operands: string[];
}

/**
 * Parses argv the way GNU getopt_long does (options may follow operands, `--` ends them). On a
 * bad option it prints the tool's usual two lines and returns undefined.
 */
export function parseOptions(
  context: ProgramContext,
  args: readonly string[],
  spec: OptionSpec,
  name = programName(context),
): ParsedOptions | undefined {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  const bad = (line: string): undefined => {
    context.io.stderr(`${line}\nTry '${name} --help' for more information.\n`);
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const key = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (spec.longWithValue && key in spec.longWithValue) {
        const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
        if (value === undefined) return bad(`${name}: option '--${key}' requires an argument`);
        values.set(spec.longWithValue[key]!, value);
        continue;
      }
      if (spec.long && key in spec.long && eq < 0) {
        flags.add(spec.long[key]!);
        continue;
      }
      return bad(`${name}: unrecognized option '${arg}'`);
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        if (spec.withValue?.includes(letter)) {
          const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
          if (value === undefined) {
            return bad(`${name}: option requires an argument -- '${letter}'`);
          }
          values.set(letter, value);
          break;
        }
        if (!spec.flags?.includes(letter)) return bad(`${name}: invalid option -- '${letter}'`);
        flags.add(letter);
      }
      continue;
    }
    operands.push(arg);
    if (spec.stopAtOperand) {
      operands.push(...args.slice(i + 1));
      break;
    }
  }
  return { flags, values, operands };
}

/** The name a program reports itself by: the last component of argv[0]. */
export function programName(context: ProgramContext): string {
  const arg0 = context.argv[0] ?? '';
  return arg0.slice(arg0.lastIndexOf('/') + 1);
}

function nameFromTable(fs: FileSystem, file: string, id: number): string | undefined {
  const text = readFile(fs, file);
  if (text === 'ENOENT' || text === 'EISDIR' || text === 'ENOTDIR' || text === 'ELOOP') {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields.length >= 3 && Number(fields[2]) === id) return fields[0];
  }
  return undefined;
}

export function userName(fs: FileSystem, uid: number): string | undefined {
  return nameFromTable(fs, '/etc/passwd', uid);
}

export function groupName(fs: FileSystem, gid: number): string | undefined {
  return nameFromTable(fs, '/etc/group', gid);
}

/** A passwd entry by name: uid, gid and home directory. */
export function findUser(
  fs: FileSystem,
  name: string,
): { uid: number; gid: number; home: string } | undefined {
  const text = readFile(fs, '/etc/passwd');
  if (typeof text !== 'string' || ['ENOENT', 'EISDIR', 'ENOTDIR', 'ELOOP'].includes(text)) {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    if (fields[0] === name && fields.length >= 6) {
      return { uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5]! };
    }
  }
  return undefined;
}

/** Reads a text file the program was told to read, or says why it cannot. */
export function readText(context: ProgramContext, path: string): string | Errno {
  const found = resolve(context.fs, path, context.cwd);
  if (typeof found === 'string') return found;
  if (found.entry === undefined) return 'ENOENT';
  if (found.entry.kind === 'dir') return 'EISDIR';
  return found.entry.kind === 'file' ? found.entry.content : 'ENOENT';
}

/** Splits text into lines the way line-oriented tools see them (a final newline ends a line). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Runs a child process with this program's environment and directory and no standard input
 * (what `find -exec` and `xargs` do), whatever context `spawn` was first made for.
 */
export function spawnChild(context: ProgramContext, argv: string[]): Promise<number> {
  return context.spawn(argv, {
    env: context.env,
    cwd: context.cwd,
    io: { ...context.io, stdin: '' },
  });
}
