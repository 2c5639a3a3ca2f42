import { dirEntry, entrySize, fileEntry, symlinkEntry, type Entry } from '../../fs/entry.ts';
import type { FileSystem } from '../../fs/file-system.ts';
import { resolve, walk } from '../../fs/ops.ts';
import { basename, dirname, isWithin, resolvePath } from '../../fs/path.ts';
import type { ProgramContext } from '../program.ts';
import {
  attempt,
  errnoText,
  findUser,
  groupName,
  parseOptions,
  userName,
  type Errno,
  type Flavor,
} from './common.ts';

/**
 * The coreutils that change or show files: ls, cat, cp, mv, rm, rmdir, mkdir, touch, ln, chmod,
 * chown. Messages are GNU's in the C locale (ASCII quotes, as in a container without LANG), or
 * BusyBox's for the busybox flavor.
 */

const UMASK = 0o022;

interface Found {
  path: string;
  entry: Entry | undefined;
}

/** Looks a path up relative to the program's cwd; a broken intermediate reads as missing. */
function lookup(context: ProgramContext, path: string, followLast = true): Found | Errno {
  const found = resolve(context.fs, path, context.cwd, followLast);
  return typeof found === 'string' ? found : found;
}

function problemOf(found: Found | Errno): Errno | undefined {
  if (typeof found === 'string') return found;
  return found.entry === undefined ? 'ENOENT' : undefined;
}

function usage(context: ProgramContext, name: string, line: string): number {
  context.io.stderr(`${name}: ${line}\nTry '${name} --help' for more information.\n`);
  return 1;
}

function owned<T extends Entry>(context: ProgramContext, entry: T): T {
  return { ...entry, uid: context.user.uid, gid: context.user.gid, mtime: context.now() };
}

// ---------------------------------------------------------------------------------------------
// ls

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SIX_MONTHS = (365.2425 / 2) * 24 * 3600 * 1000;

export function modeString(entry: Entry): string {
  const type = entry.kind === 'dir' ? 'd' : entry.kind === 'symlink' ? 'l' : '-';
  const mode = entry.mode;
  const triplet = (shift: number, special: number, letter: string) => {
    const r = mode & (4 << shift) ? 'r' : '-';
    const w = mode & (2 << shift) ? 'w' : '-';
    const executable = (mode & (1 << shift)) !== 0;
    let x = executable ? 'x' : '-';
    if (mode & special) x = executable ? letter : letter.toUpperCase();
    return r + w + x;
  };
  return type + triplet(6, 0o4000, 's') + triplet(3, 0o2000, 's') + triplet(0, 0o1000, 't');
}

/** `ls -l`'s date column: time of day for the last six months, the year otherwise (UTC). */
export function lsDate(mtime: number, now: number): string {
  const date = new Date(mtime);
  const month = MONTHS[date.getUTCMonth()]!;
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const recent = now - mtime < SIX_MONTHS && mtime - now < 3600 * 1000;
  if (recent) {
    const hh = String(date.getUTCHours()).padStart(2, '0');
    const mm = String(date.getUTCMinutes()).padStart(2, '0');
    return `${month} ${day} ${hh}:${mm}`;
  }
  return `${month} ${day}  ${date.getUTCFullYear()}`;
}

function displaySize(entry: Entry): number {
  return entry.kind === 'dir' ? 4096 : entrySize(entry);
}

function kilobytes(entry: Entry): number {
  if (entry.kind !== 'file') return entry.kind === 'dir' ? 4 : 0;
  return Math.ceil(entrySize(entry) / 4096) * 4;
}

function humanSize(size: number): string {
  if (size < 1024) return String(size);
  const units = ['K', 'M', 'G', 'T'];
  let value = size;
  let unit = -1;
  do {
    value /= 1024;
    unit++;
  } while (value >= 1024 && unit < units.length - 1);
  const shown = value < 10 ? (Math.ceil(value * 10) / 10).toFixed(1) : String(Math.ceil(value));
  return shown + units[unit];
}

interface Listed {
  name: string;
  path: string;
  entry: Entry;
}

/** GNU's quoting of a name in messages (`'a b'`); plain names are quoted too. */
function quoteName(name: string): string {
  if (name.includes("'")) return `"${name}"`;
  return `'${name}'`;
}

export async function ls(context: ProgramContext, flavor: Flavor): Promise<number> {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'laA1RdhrtSFpnCx',
    long: {
      all: 'a',
      'almost-all': 'A',
      recursive: 'R',
      directory: 'd',
      'human-readable': 'h',
      reverse: 'r',
      classify: 'F',
      'numeric-uid-gid': 'n',
      color: 'color',
    },
    longWithValue: { color: 'color' },
  });
  if (!options) return 2;
  const flag = (letter: string) => options.flags.has(letter);
  const long = flag('l') || flag('n');
  const names = new Map<string, string>();
  const owner = (id: number, group: boolean) => {
    if (flag('n')) return String(id);
    const key = `${group ? 'g' : 'u'}${id}`;
    if (!names.has(key)) {
      const name = group ? groupName(context.fs, id) : userName(context.fs, id);
      names.set(key, name ?? String(id));
    }
    return names.get(key)!;
  };
  const lines: string[] = [];
  const out = (text: string) => lines.push(text);
  let status = 0;

  const sortEntries = (items: Listed[]) => {
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (flag('t')) items.sort((a, b) => b.entry.mtime - a.entry.mtime);
    if (flag('S')) items.sort((a, b) => displaySize(b.entry) - displaySize(a.entry));
    if (flag('r')) items.reverse();
    return items;
  };

  const suffix = (entry: Entry) => {
    if (flag('F')) {
      if (entry.kind === 'dir') return '/';
      if (entry.kind === 'symlink') return long ? '' : '@';
      return entry.mode & 0o111 ? '*' : '';
    }
    return flag('p') && entry.kind === 'dir' ? '/' : '';
  };

  const linkCount = (path: string, entry: Entry) => {
    if (entry.kind !== 'dir') return 1;
    const real = resolve(context.fs, path);
    const dir = typeof real === 'string' ? path : real.path;
    let count = 2;
    for (const name of context.fs.list(dir)) {
      if (context.fs.get(dir === '/' ? `/${name}` : `${dir}/${name}`)?.kind === 'dir') count++;
    }
    return count;
  };

  const render = (items: Listed[]) => {
    if (!long) {
      const shown = items.map((item) => item.name + suffix(item.entry));
      if (context.io.tty && !flag('1')) out(columns(shown, Number(context.env.COLUMNS) || 80));
      else for (const name of shown) out(`${name}\n`);
      return;
    }
    const rows = items.map((item) => ({
      mode: modeString(item.entry),
      links: String(linkCount(item.path, item.entry)),
      user: owner(item.entry.uid, false),
      group: owner(item.entry.gid, true),
      size: flag('h') ? humanSize(displaySize(item.entry)) : String(displaySize(item.entry)),
      date: lsDate(item.entry.mtime, context.now()),
      name:
        item.name +
        suffix(item.entry) +
        (item.entry.kind === 'symlink' ? ` -> ${item.entry.target}` : ''),
    }));
    const width = (key: 'links' | 'user' | 'group' | 'size') =>
      Math.max(0, ...rows.map((row) => row[key].length));
    const [wl, wu, wg, ws] = [width('links'), width('user'), width('group'), width('size')];
    for (const row of rows) {
      if (flavor === 'busybox') {
        out(
          `${row.mode} ${row.links.padStart(4)} ${row.user.padEnd(8)} ${row.group.padEnd(8)} ${row.size.padStart(9)} ${row.date} ${row.name}\n`,
        );
      } else {
        out(
          `${row.mode} ${row.links.padStart(wl)} ${row.user.padEnd(wu)} ${row.group.padEnd(wg)} ${row.size.padStart(ws)} ${row.date} ${row.name}\n`,
        );
      }
    }
  };

  const listDirectory = (shownPath: string, realPath: string, header: boolean, first: boolean) => {
    if (header) out(`${first ? '' : '\n'}${shownPath}:\n`);
    const items: Listed[] = [];
    const child = (name: string) => (realPath === '/' ? `/${name}` : `${realPath}/${name}`);
    if (flag('a')) {
      items.push({ name: '.', path: realPath, entry: context.fs.get(realPath)! });
      const parent = dirname(realPath);
      items.push({ name: '..', path: parent, entry: context.fs.get(parent)! });
    }
    for (const name of context.fs.list(realPath)) {
      if (name.startsWith('.') && !flag('a') && !flag('A')) continue;
      const entry = context.fs.get(child(name));
      if (entry) items.push({ name, path: child(name), entry });
    }
    sortEntries(items);
    if (long) {
      const total = items.reduce((sum, item) => sum + kilobytes(item.entry), 0);
      out(`total ${flag('h') ? humanSize(total * 1024) : total}\n`);
    }
    render(items);
    if (flag('R')) {
      for (const item of items) {
        if (item.entry.kind !== 'dir' || item.name === '.' || item.name === '..') continue;
        const shown = shownPath.endsWith('/') ? shownPath + item.name : `${shownPath}/${item.name}`;
        listDirectory(shown, item.path, true, false);
      }
    }
  };

  const operands = options.operands.length > 0 ? options.operands : ['.'];
  const files: Listed[] = [];
  const dirs: Array<{ shown: string; real: string }> = [];
  for (const operand of operands) {
    const followed = lookup(context, operand, !(long || flag('d')) || operand.endsWith('/'));
    const problem = problemOf(followed);
    if (problem) {
      context.io.stderr(
        flavor === 'busybox'
          ? `ls: ${operand}: ${errnoText(problem)}\n`
          : `ls: cannot access ${quoteName(operand)}: ${errnoText(problem)}\n`,
      );
      status = flavor === 'busybox' ? 1 : 2;
      continue;
    }
    const found = followed as Found;
    let entry = found.entry!;
    let real = found.path;
    if (entry.kind === 'symlink' && !flag('d') && long) {
      const target = lookup(context, operand, true);
      if (typeof target !== 'string' && target.entry?.kind === 'dir' && operand.endsWith('/')) {
        entry = target.entry;
        real = target.path;
      }
    }
    if (entry.kind === 'dir' && !flag('d')) dirs.push({ shown: operand, real });
    else files.push({ name: operand, path: real, entry });
  }
  if (files.length > 0) {
    sortEntries(files);
    render(files);
  }
  const header = operands.length > 1 || flag('R');
  dirs.sort((a, b) => (a.shown < b.shown ? -1 : a.shown > b.shown ? 1 : 0));
  dirs.forEach((dir, index) => {
    listDirectory(dir.shown, dir.real, header, index === 0 && files.length === 0);
  });
  context.io.stdout(lines.join(''));
  return status;
}

/** GNU ls's column layout for a terminal: as many columns as fit, filled top to bottom. */
function columns(names: string[], width: number): string {
  if (names.length === 0) return '';
  for (let cols = names.length; cols >= 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    const used = Math.ceil(names.length / rows);
    if (used !== cols && cols > 1) continue;
    const widths: number[] = [];
    for (let c = 0; c < cols; c++) {
      const column = names.slice(c * rows, (c + 1) * rows);
      widths.push(Math.max(...column.map((name) => name.length)));
    }
    const total = widths.reduce((sum, w) => sum + w, 0) + 2 * (cols - 1);
    if (total > width && cols > 1) continue;
    let out = '';
    for (let r = 0; r < rows; r++) {
      const cells: string[] = [];
      for (let c = 0; c < cols; c++) {
        const name = names[c * rows + r];
        if (name === undefined) continue;
        const isLast = c === cols - 1 || names[(c + 1) * rows + r] === undefined;
        cells.push(isLast ? name : name.padEnd(widths[c]! + 2));
      }
      out += `${cells.join('')}\n`;
    }
    return out;
  }
  return '';
}

// ---------------------------------------------------------------------------------------------
// cat

export function cat(context: ProgramContext, flavor: Flavor): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'nbuAEsTv',
    long: { number: 'n' },
  });
  if (!options) return 1;
  const operands = options.operands.length > 0 ? options.operands : ['-'];
  let status = 0;
  let text = '';
  for (const operand of operands) {
    if (operand === '-') {
      text += context.io.stdin;
      continue;
    }
    const found = lookup(context, operand);
    const problem =
      problemOf(found) ?? ((found as Found).entry!.kind === 'dir' ? 'EISDIR' : undefined);
    if (problem) {
      context.io.stdout(number(text, options.flags));
      text = '';
      context.io.stderr(
        flavor === 'busybox'
          ? problem === 'EISDIR'
            ? 'cat: read error: Is a directory\n'
            : `cat: can't open '${operand}': ${errnoText(problem)}\n`
          : `cat: ${operand}: ${errnoText(problem)}\n`,
      );
      status = 1;
      continue;
    }
    const entry = (found as Found).entry!;
    text += entry.kind === 'file' ? entry.content : '';
  }
  context.io.stdout(number(text, options.flags));
  return status;
}

function number(text: string, flags: Set<string>): string {
  if (!flags.has('n') && !flags.has('b')) return text;
  let n = 0;
  const lines = text.split('\n');
  const last = lines.pop();
  const numbered = lines.map((line) =>
    flags.has('b') && line === '' ? line : `${String(++n).padStart(6)}\t${line}`,
  );
  if (last) numbered.push(`${String(++n).padStart(6)}\t${last}`);
  return numbered.join('\n') + (last ? '' : lines.length > 0 ? '\n' : '');
}

// ---------------------------------------------------------------------------------------------
// mkdir

export function parseMode(text: string, current: number, isDir: boolean): number | undefined {
  if (/^[0-7]{1,4}$/.test(text)) return parseInt(text, 8);
  let mode = current;
  for (const clause of text.split(',')) {
    const match = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause);
    if (!match) return undefined;
    const who = match[1] || 'a';
    let bits = 0;
    for (const letter of match[3]!) {
      if (letter === 'r') bits |= 0o444;
      else if (letter === 'w') bits |= 0o222;
      else if (letter === 'x') bits |= 0o111;
      else if (letter === 'X' && (isDir || current & 0o111)) bits |= 0o111;
      else if (letter === 's') bits |= 0o6000;
      else if (letter === 't') bits |= 0o1000;
    }
    let mask = 0;
    if (who.includes('u') || who.includes('a')) mask |= 0o4700;
    if (who.includes('g') || who.includes('a')) mask |= 0o2070;
    if (who.includes('o') || who.includes('a')) mask |= 0o1007;
    if (!match[1] && match[2] !== '=') bits &= ~UMASK | 0o7000;
    const applied = bits & mask;
    if (match[2] === '+') mode |= applied;
    else if (match[2] === '-') mode &= ~applied;
    else mode = (mode & ~mask) | applied;
  }
  return mode;
}

export function mkdir(context: ProgramContext, flavor: Flavor): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'pv',
    withValue: 'm',
    long: { parents: 'p', verbose: 'v' },
    longWithValue: { mode: 'm' },
  });
  if (!options) return 1;
  if (options.operands.length === 0) return usage(context, 'mkdir', 'missing operand');
  let mode = 0o777 & ~UMASK;
  const modeText = options.values.get('m');
  if (modeText !== undefined) {
    const parsed = parseMode(modeText, 0o777, true);
    if (parsed === undefined) {
      context.io.stderr(`mkdir: invalid mode '${modeText}'\n`);
      return 1;
    }
    mode = parsed;
  }
  const fail = (shown: string, problem: Errno) => {
    context.io.stderr(
      flavor === 'busybox'
        ? `mkdir: can't create directory '${shown}': ${errnoText(problem)}\n`
        : `mkdir: cannot create directory '${shown}': ${errnoText(problem)}\n`,
    );
  };
  let status = 0;
  for (const operand of options.operands) {
    const created = (path: string) => {
      if (options.flags.has('v')) context.io.stdout(`mkdir: created directory '${path}'\n`);
    };
    if (options.flags.has('p')) {
      const parts = operand.split('/');
      let shown = '';
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!;
        shown = i === 0 ? part : `${shown}/${part}`;
        if (part === '' || part === '.' || part === '..') continue;
        const found = lookup(context, shown);
        if (typeof found === 'string') {
          fail(shown, found);
          status = 1;
          break;
        }
        if (found.entry?.kind === 'dir') continue;
        if (found.entry) {
          fail(shown, 'ENOTDIR');
          status = 1;
          break;
        }
        const problem = attempt(() => context.fs.set(found.path, owned(context, dirEntry(mode))));
        if (problem) {
          fail(shown, problem);
          status = 1;
          break;
        }
        created(shown);
      }
      continue;
    }
    const found = lookup(context, operand, false);
    if (typeof found === 'string') {
      fail(operand, found);
      status = 1;
      continue;
    }
    if (found.entry) {
      fail(operand, 'EEXIST');
      status = 1;
      continue;
    }
    const parent = lookup(context, dirname(found.path));
    if (typeof parent !== 'string' && parent.entry && parent.entry.kind !== 'dir') {
      fail(operand, 'ENOTDIR');
      status = 1;
      continue;
    }
    const problem = attempt(() => context.fs.set(found.path, owned(context, dirEntry(mode))));
    if (problem) {
      fail(operand, problem);
      status = 1;
      continue;
    }
    created(operand);
  }
  return status;
}

// ---------------------------------------------------------------------------------------------
// touch

export function touch(context: ProgramContext, flavor: Flavor): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'acmh',
    withValue: 'dtr',
    long: { 'no-create': 'c' },
    longWithValue: { date: 'd', reference: 'r' },
  });
  if (!options) return 1;
  if (options.operands.length === 0) return usage(context, 'touch', 'missing file operand');
  let time = context.now();
  const dateText = options.values.get('d');
  if (dateText !== undefined) {
    const parsed = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(dateText) ? dateText : `${dateText}Z`);
    if (Number.isNaN(parsed)) {
      context.io.stderr(`touch: invalid date format '${dateText}'\n`);
      return 1;
    }
    time = parsed;
  }
  let status = 0;
  for (const operand of options.operands) {
    const found = lookup(context, operand);
    let problem: Errno | undefined = typeof found === 'string' ? found : undefined;
    if (!problem) {
      const { path, entry } = found as Found;
      if (entry) problem = attempt(() => context.fs.set(path, { ...entry, mtime: time }));
      else if (!options.flags.has('c')) {
        problem = attempt(() =>
          context.fs.set(path, { ...owned(context, fileEntry('', 0o666 & ~UMASK)), mtime: time }),
        );
      }
    }
    if (problem) {
      context.io.stderr(
        flavor === 'busybox'
          ? `touch: ${operand}: ${errnoText(problem)}\n`
          : `touch: cannot touch '${operand}': ${errnoText(problem)}\n`,
      );
      status = 1;
    }
  }
  return status;
}

// ---------------------------------------------------------------------------------------------
// cp and mv

function copyEntries(
  fs: FileSystem,
  from: string,
  to: string,
  transform: (entry: Entry) => Entry,
): void {
  const top = fs.get(from)!;
  fs.set(to, transform(top));
  if (top.kind !== 'dir') return;
  for (const [path, entry] of walk(fs, from)) {
    fs.set(to + path.slice(from.length), transform(entry));
  }
}

interface Transfer {
  name: 'cp' | 'mv';
  context: ProgramContext;
  flavor: Flavor;
  recursive: boolean;
  preserve: boolean;
  noClobber: boolean;
  verbose: boolean;
}

function transferOne(job: Transfer, source: string, destination: string): boolean {
  const { context, name, flavor } = job;
  const fs = context.fs;
  const err = (text: string) => {
    context.io.stderr(`${name}: ${text}\n`);
    return false;
  };
  const from = lookup(context, source, name === 'cp' && !job.recursive);
  const fromProblem = problemOf(from);
  if (fromProblem) {
    return err(
      flavor === 'busybox'
        ? `can't stat '${source}': ${errnoText(fromProblem)}`
        : `cannot stat '${source}': ${errnoText(fromProblem)}`,
    );
  }
  const src = from as Found;
  const entry = src.entry!;
  if (entry.kind === 'dir' && name === 'cp' && !job.recursive) {
    return err(`-r not specified; omitting directory '${source}'`);
  }
  const to = lookup(context, destination);
  if (typeof to === 'string') {
    const what = entry.kind === 'dir' ? 'directory' : 'regular file';
    return err(
      name === 'mv'
        ? `cannot move '${source}' to '${destination}': ${errnoText(to)}`
        : `cannot create ${what} '${destination}': ${errnoText(to)}`,
    );
  }
  if (entry.kind === 'dir' && isWithin(to.path, src.path)) {
    return err(
      name === 'mv'
        ? `cannot move '${source}' to a subdirectory of itself, '${destination}'`
        : `cannot copy a directory, '${source}', into itself, '${destination}'`,
    );
  }
  if (to.entry && job.noClobber) return true;
  if (to.entry?.kind === 'dir' && entry.kind !== 'dir') {
    return err(`cannot overwrite directory '${destination}' with non-directory`);
  }
  if (to.entry && to.entry.kind !== 'dir' && entry.kind === 'dir') {
    return err(`cannot overwrite non-directory '${destination}' with directory '${source}'`);
  }
  const problem = attempt(() => {
    const transform =
      name === 'mv' || job.preserve
        ? (e: Entry) => ({ ...e })
        : (e: Entry) =>
            e.kind === 'file' && to.entry?.kind === 'file' && e === entry
              ? {
                  ...e,
                  mode: to.entry.mode,
                  uid: to.entry.uid,
                  gid: to.entry.gid,
                  mtime: context.now(),
                }
              : { ...owned(context, e), mode: e.mode };
    if (to.entry?.kind === 'dir' && entry.kind === 'dir') {
      for (const child of fs.list(src.path)) {
        copyEntries(fs, `${src.path}/${child}`, `${to.path}/${child}`, transform);
      }
      fs.set(to.path, transform(entry));
    } else {
      if (to.entry) fs.delete(to.path);
      copyEntries(fs, src.path, to.path, transform);
    }
    if (name === 'mv') fs.delete(src.path);
  });
  if (problem) {
    return err(
      name === 'mv'
        ? `cannot move '${source}' to '${destination}': ${errnoText(problem)}`
        : `cannot create regular file '${destination}': ${errnoText(problem)}`,
    );
  }
  if (job.verbose) {
    context.io.stdout(
      name === 'mv'
        ? `renamed '${source}' -> '${destination}'\n`
        : `'${source}' -> '${destination}'\n`,
    );
  }
  return true;
}

function transfer(context: ProgramContext, flavor: Flavor, name: 'cp' | 'mv'): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: name === 'cp' ? 'rRapfinvuLPdT' : 'finvuT',
    long: {
      recursive: 'r',
      archive: 'a',
      force: 'f',
      'no-clobber': 'n',
      verbose: 'v',
      interactive: 'i',
    },
  });
  if (!options) return 1;
  const operands = options.operands;
  if (operands.length === 0) return usage(context, name, 'missing file operand');
  if (operands.length === 1) {
    return usage(context, name, `missing destination file operand after '${operands[0]}'`);
  }
  const job: Transfer = {
    name,
    context,
    flavor,
    recursive: options.flags.has('r') || options.flags.has('R') || options.flags.has('a'),
    preserve: options.flags.has('a') || options.flags.has('p'),
    noClobber: options.flags.has('n'),
    verbose: options.flags.has('v'),
  };
  const sources = operands.slice(0, -1);
  const target = operands[operands.length - 1]!;
  const targetFound = lookup(context, target);
  const targetIsDir = typeof targetFound !== 'string' && targetFound.entry?.kind === 'dir';
  if (!targetIsDir && sources.length > 1) {
    context.io.stderr(`${name}: target '${target}' is not a directory\n`);
    return 1;
  }
  let status = 0;
  for (const source of sources) {
    const destination = targetIsDir ? `${target.replace(/\/+$/, '')}/${basename(source)}` : target;
    if (!transferOne(job, source, destination)) status = 1;
  }
  return status;
}

export function cp(context: ProgramContext, flavor: Flavor): number {
  return transfer(context, flavor, 'cp');
}

export function mv(context: ProgramContext, flavor: Flavor): number {
  return transfer(context, flavor, 'mv');
}

// ---------------------------------------------------------------------------------------------
// rm and rmdir

export function rm(context: ProgramContext, flavor: Flavor): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'rRfivd',
    long: { recursive: 'r', force: 'f', verbose: 'v', dir: 'd', 'no-preserve-root': 'P' },
  });
  if (!options) return 1;
  const force = options.flags.has('f');
  const recursive = options.flags.has('r') || options.flags.has('R');
  if (options.operands.length === 0) {
    if (force) return 0;
    context.io.stderr(`rm: missing operand\nTry 'rm --help' for more information.\n`);
    return 1;
  }
  let status = 0;
  const cannot = (operand: string, why: string) => {
    context.io.stderr(
      flavor === 'busybox'
        ? `rm: can't remove '${operand}': ${why}\n`
        : `rm: cannot remove '${operand}': ${why}\n`,
    );
    status = 1;
  };
  for (const operand of options.operands) {
    const last = operand.replace(/\/+$/, '').split('/').pop();
    if (last === '.' || last === '..') {
      context.io.stderr(`rm: refusing to remove '.' or '..' directory: skipping '${operand}'\n`);
      status = 1;
      continue;
    }
    const found = lookup(context, operand, false);
    const problem = problemOf(found);
    if (problem) {
      if (!force) cannot(operand, errnoText(problem));
      continue;
    }
    const { path, entry } = found as Found;
    if (path === '/' && recursive && !options.flags.has('P')) {
      context.io.stderr(
        `rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n`,
      );
      status = 1;
      continue;
    }
    if (entry!.kind === 'dir' && !recursive) {
      if (options.flags.has('d') && context.fs.list(path).length === 0) {
        attempt(() => context.fs.delete(path));
        continue;
      }
      cannot(operand, 'Is a directory');
      continue;
    }
    const failure = attempt(() => context.fs.delete(path));
    if (failure) cannot(operand, errnoText(failure));
    else if (options.flags.has('v')) {
      context.io.stdout(
        entry!.kind === 'dir' ? `removed directory '${operand}'\n` : `removed '${operand}'\n`,
      );
    }
  }
  return status;
}

export function rmdir(context: ProgramContext): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'pv',
    long: { parents: 'p', 'ignore-fail-on-non-empty': 'i' },
  });
  if (!options) return 1;
  if (options.operands.length === 0) return usage(context, 'rmdir', 'missing operand');
  let status = 0;
  for (const operand of options.operands) {
    const targets = [operand];
    if (options.flags.has('p')) {
      for (let dir = dirname(operand); dir !== '.' && dir !== '/'; dir = dirname(dir)) {
        targets.push(dir);
      }
    }
    for (const target of targets) {
      const found = lookup(context, target, false);
      let problem: Errno | undefined = problemOf(found);
      const entry = typeof found === 'string' ? undefined : found.entry;
      if (!problem && entry?.kind !== 'dir') problem = 'ENOTDIR';
      if (!problem && context.fs.list((found as Found).path).length > 0) problem = 'ENOTEMPTY';
      if (!problem) problem = attempt(() => context.fs.delete((found as Found).path));
      if (problem) {
        if (!(problem === 'ENOTEMPTY' && options.flags.has('i'))) {
          context.io.stderr(`rmdir: failed to remove '${target}': ${errnoText(problem)}\n`);
          status = 1;
        }
        break;
      }
    }
  }
  return status;
}

// ---------------------------------------------------------------------------------------------
// ln

export function ln(context: ProgramContext, flavor: Flavor): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'sfnvrT',
    long: { symbolic: 's', force: 'f', 'no-dereference': 'n', verbose: 'v' },
  });
  if (!options) return 1;
  const operands = options.operands;
  if (operands.length === 0) return usage(context, 'ln', 'missing file operand');
  const symbolic = options.flags.has('s');
  const target = operands[0]!;
  let link = operands[1] ?? basename(target);
  const linkFound = lookup(context, link, !options.flags.has('n'));
  if (
    operands.length > 1 &&
    !options.flags.has('T') &&
    typeof linkFound !== 'string' &&
    linkFound.entry?.kind === 'dir'
  ) {
    link = `${link.replace(/\/+$/, '')}/${basename(target)}`;
  }
  const what = symbolic ? 'symbolic link' : 'hard link';
  const fail = (problem: Errno) => {
    context.io.stderr(
      flavor === 'busybox'
        ? `ln: ${link}: ${errnoText(problem)}\n`
        : `ln: failed to create ${what} '${link}': ${errnoText(problem)}\n`,
    );
    return 1;
  };
  let source: Entry | undefined;
  if (!symbolic) {
    const found = lookup(context, target);
    const problem = problemOf(found);
    if (problem) {
      context.io.stderr(`ln: failed to access '${target}': ${errnoText(problem)}\n`);
      return 1;
    }
    source = (found as Found).entry;
    if (source?.kind === 'dir') {
      context.io.stderr(`ln: ${target}: hard link not allowed for directory\n`);
      return 1;
    }
  }
  const place = lookup(context, link, false);
  if (typeof place === 'string') return fail(place);
  if (place.entry) {
    if (!options.flags.has('f')) return fail('EEXIST');
    attempt(() => context.fs.delete(place.path));
  }
  const entry: Entry = symbolic
    ? { ...symlinkEntry(target, context.now()), uid: context.user.uid, gid: context.user.gid }
    : { ...source! };
  const problem = attempt(() => context.fs.set(place.path, entry));
  if (problem) return fail(problem);
  if (options.flags.has('v')) context.io.stdout(`'${link}' -> '${target}'\n`);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// chmod and chown

export function chmod(context: ProgramContext, flavor: Flavor): number {
  const args = context.argv.slice(1);
  const modeIndex = args.findIndex((arg) => !/^-[Rvfc]+$/.test(arg) && arg !== '--recursive');
  const flags = args.slice(0, Math.max(0, modeIndex)).join('');
  const recursive = flags.includes('R') || args.includes('--recursive');
  const mode = modeIndex < 0 ? undefined : args[modeIndex];
  const files = modeIndex < 0 ? [] : args.slice(modeIndex + 1);
  if (mode === undefined) return usage(context, 'chmod', 'missing operand');
  if (files.length === 0) return usage(context, 'chmod', `missing operand after '${mode}'`);
  if (parseMode(mode, 0, false) === undefined)
    return usage(context, 'chmod', `invalid mode: '${mode}'`);
  let status = 0;
  for (const file of files) {
    const found = lookup(context, file);
    const problem = problemOf(found);
    if (problem) {
      context.io.stderr(
        flavor === 'busybox'
          ? `chmod: ${file}: ${errnoText(problem)}\n`
          : `chmod: cannot access '${file}': ${errnoText(problem)}\n`,
      );
      status = 1;
      continue;
    }
    const { path, entry } = found as Found;
    const apply = (at: string, e: Entry) => {
      if (e.kind === 'symlink') return;
      const next = parseMode(mode, e.mode, e.kind === 'dir')!;
      context.fs.set(at, { ...e, mode: next });
    };
    const failure = attempt(() => {
      apply(path, entry!);
      if (recursive && entry!.kind === 'dir') {
        for (const [childPath, child] of walk(context.fs, path)) apply(childPath, child);
      }
    });
    if (failure) {
      context.io.stderr(`chmod: changing permissions of '${file}': ${errnoText(failure)}\n`);
      status = 1;
    }
  }
  return status;
}

export function chown(context: ProgramContext): number {
  const args = context.argv.slice(1);
  const recursive = args.some((arg) => /^-[a-zA-Z]*R/.test(arg) || arg === '--recursive');
  const operands = args.filter((arg) => !arg.startsWith('-'));
  const spec = operands[0];
  const files = operands.slice(1);
  if (spec === undefined) return usage(context, 'chown', 'missing operand');
  if (files.length === 0) return usage(context, 'chown', `missing operand after '${spec}'`);
  const [userPart, groupPart] = spec.split(/[:.]/, 2) as [string, string | undefined];
  let uid: number | undefined;
  let gid: number | undefined;
  if (userPart !== '') {
    if (/^\d+$/.test(userPart)) uid = Number(userPart);
    else {
      const user = findUser(context.fs, userPart);
      if (!user) {
        context.io.stderr(`chown: invalid user: '${spec}'\n`);
        return 1;
      }
      uid = user.uid;
      if (groupPart === '') gid = user.gid;
    }
  }
  if (groupPart) {
    if (/^\d+$/.test(groupPart)) gid = Number(groupPart);
    else {
      const group = groupId(context, groupPart);
      if (group === undefined) {
        context.io.stderr(`chown: invalid group: '${spec}'\n`);
        return 1;
      }
      gid = group;
    }
  }
  let status = 0;
  for (const file of files) {
    const found = lookup(context, file);
    const problem = problemOf(found);
    if (problem) {
      context.io.stderr(`chown: cannot access '${file}': ${errnoText(problem)}\n`);
      status = 1;
      continue;
    }
    const { path, entry } = found as Found;
    const apply = (at: string, e: Entry) =>
      context.fs.set(at, { ...e, uid: uid ?? e.uid, gid: gid ?? e.gid });
    const failure = attempt(() => {
      apply(path, entry!);
      if (recursive && entry!.kind === 'dir') {
        for (const [childPath, child] of walk(context.fs, path)) apply(childPath, child);
      }
    });
    if (failure) {
      context.io.stderr(`chown: changing ownership of '${file}': ${errnoText(failure)}\n`);
      status = 1;
    }
  }
  return status;
}

function groupId(context: ProgramContext, name: string): number | undefined {
  const found = resolve(context.fs, '/etc/group');
  if (typeof found === 'string' || found.entry?.kind !== 'file') return undefined;
  for (const line of found.entry.content.split('\n')) {
    const fields = line.split(':');
    if (fields[0] === name && fields[2] !== undefined) return Number(fields[2]);
  }
  return undefined;
}

/** Absolute form of a path for programs that report it. */
export function absolutePath(context: ProgramContext, path: string): string {
  return resolvePath(context.cwd, path);
}
