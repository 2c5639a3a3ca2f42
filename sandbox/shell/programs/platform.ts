import { dirEntry, fileEntry } from '../../fs/entry.ts';
import { mkdirp, resolve } from '../../fs/ops.ts';
import { resolvePath } from '../../fs/path.ts';
import type { ProgramContext } from '../program.ts';
import { attempt, errnoText, putEntry, readText, spawnChild, type Flavor } from './common.ts';

/**
 * What a build script asks about the machine: `dpkg --print-architecture`, `dpkg-architecture`,
 * `nproc`, and `mktemp` for scratch files. The simulated machine is x86-64 (`amd64` to Debian,
 * `x86_64` to Alpine) with the processors the sandbox reports as 2.
 */

export const DEBIAN_ARCH = 'amd64';
export const GNU_TYPE = 'x86_64-linux-gnu';
export const PROCESSORS = 2;

const DPKG_ARCHITECTURE: Record<string, string> = {
  DEB_BUILD_ARCH: DEBIAN_ARCH,
  DEB_BUILD_ARCH_ABI: 'base',
  DEB_BUILD_ARCH_BITS: '64',
  DEB_BUILD_ARCH_CPU: DEBIAN_ARCH,
  DEB_BUILD_ARCH_ENDIAN: 'little',
  DEB_BUILD_ARCH_LIBC: 'gnu',
  DEB_BUILD_ARCH_OS: 'linux',
  DEB_BUILD_GNU_CPU: 'x86_64',
  DEB_BUILD_GNU_SYSTEM: 'linux-gnu',
  DEB_BUILD_GNU_TYPE: GNU_TYPE,
  DEB_BUILD_MULTIARCH: GNU_TYPE,
};

for (const key of Object.keys(DPKG_ARCHITECTURE)) {
  DPKG_ARCHITECTURE[key.replace('BUILD', 'HOST')] = DPKG_ARCHITECTURE[key]!;
  DPKG_ARCHITECTURE[key.replace('BUILD', 'TARGET')] = DPKG_ARCHITECTURE[key]!;
}

export function dpkgArchitecture(context: ProgramContext): number {
  const args = context.argv.slice(1);
  let query: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--query' || arg === '-q') query = args[++i] ?? '';
    else if (arg.startsWith('-q')) query = arg.slice(2);
    else if (arg.startsWith('--query=')) query = arg.slice(8);
  }
  if (query === undefined) {
    const keys = Object.keys(DPKG_ARCHITECTURE).sort();
    context.io.stdout(keys.map((key) => `${key}=${DPKG_ARCHITECTURE[key]}\n`).join(''));
    return 0;
  }
  const value = DPKG_ARCHITECTURE[query];
  if (value === undefined) {
    context.io.stderr(`dpkg-architecture: error: unknown variable ${query}\n`);
    return 2;
  }
  context.io.stdout(`${value}\n`);
  return 0;
}

/** `dpkg`: the architecture questions; anything else is a tool the simulation does not model. */
export function dpkg(context: ProgramContext): number {
  const args = context.argv.slice(1);
  if (args.includes('--print-architecture')) {
    context.io.stdout(`${DEBIAN_ARCH}\n`);
    return 0;
  }
  if (args.includes('--print-foreign-architectures')) return 0;
  context.io.stderr(
    `dpkg: error: ${args[0] ?? 'no action'} is not simulated; only --print-architecture is\n`,
  );
  return 2;
}

export function nproc(context: ProgramContext): number {
  context.io.stdout(`${PROCESSORS}\n`);
  return 0;
}

/**
 * `mktemp [-d] [-p DIR] [TEMPLATE]`: a new file or directory named from the template's X's.
 * The letters come from the sandbox clock and a counter, so the same build names the same.
 */
export function mktemp(context: ProgramContext, flavor: Flavor): number {
  const args = context.argv.slice(1);
  let directory = false;
  let dry = false;
  let quiet = false;
  let parent: string | undefined;
  let template: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-p' || arg === '--tmpdir') parent = args[++i];
    else if (arg.startsWith('--tmpdir=')) parent = arg.slice(9);
    else if (arg === '--directory') directory = true;
    else if (/^-[dqut]+$/.test(arg)) {
      directory ||= arg.includes('d');
      dry ||= arg.includes('u');
      quiet ||= arg.includes('q');
      if (arg.includes('t')) parent ??= context.env.TMPDIR ?? '/tmp';
    } else if (arg.startsWith('-')) {
      context.io.stderr(`mktemp: invalid option -- '${arg.slice(1, 2)}'\n`);
      return 1;
    } else template = arg;
  }
  const explicit = template !== undefined;
  template ??= 'tmp.XXXXXXXXXX';
  const xs = /X{3,}$/.exec(template)?.[0].length ?? 0;
  if (xs < 3) {
    if (!quiet) context.io.stderr(`mktemp: too few X's in template '${template}'\n`);
    return 1;
  }
  const dir = parent ?? (explicit && template.includes('/') ? '' : (context.env.TMPDIR ?? '/tmp'));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const seed = Math.floor(context.now() / 1000);
  for (let attemptNumber = 0; attemptNumber < 1000; attemptNumber++) {
    let suffix = '';
    let n = seed + attemptNumber * 7919;
    for (let i = 0; i < xs; i++) {
      suffix += letters[n % letters.length];
      n = Math.floor(n / letters.length) + i * 31 + attemptNumber;
    }
    const name = template.slice(0, template.length - xs) + suffix;
    const path = resolvePath(context.cwd, dir === '' ? name : `${dir}/${name}`);
    if (context.fs.get(path)) continue;
    if (!dry) {
      const found = resolve(context.fs, path.slice(0, path.lastIndexOf('/')) || '/');
      const problem =
        typeof found === 'string' || found.entry?.kind !== 'dir'
          ? 'ENOENT'
          : attempt(() =>
              putEntry(context.fs, path, {
                ...(directory
                  ? dirEntry(0o700, context.now())
                  : fileEntry('', 0o600, context.now())),
                uid: context.user.uid,
                gid: context.user.gid,
              }),
            );
      if (problem) {
        if (!quiet) {
          context.io.stderr(
            flavor === 'busybox'
              ? `mktemp: (null): ${errnoText(problem)}\n`
              : `mktemp: failed to create ${directory ? 'directory' : 'file'} via template '${dir ? `${dir}/` : ''}${template}': ${errnoText(problem)}\n`,
          );
        }
        return 1;
      }
    }
    context.io.stdout(`${path}\n`);
    return 0;
  }
  return 1;
}

/**
 * `install -d` (with `-o`, `-g`, `-m`, `-v`), which the postgres images use to make their
 * directories; copying files with `install` is done as `cp` would.
 */
export function installProgram(context: ProgramContext): number | Promise<number> {
  const args = context.argv.slice(1);
  let directory = false;
  let verbose = false;
  let owner: string | undefined;
  let group: string | undefined;
  let mode: number | undefined;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[++i] ?? ''));
    if (arg === '-d' || arg === '--directory') directory = true;
    else if (arg === '-v' || arg === '--verbose') verbose = true;
    else if (arg === '-o' || arg.startsWith('--owner')) owner = value();
    else if (arg === '-g' || arg.startsWith('--group')) group = value();
    else if (arg === '-m' || arg.startsWith('--mode')) mode = parseInt(value(), 8);
    else if (/^-[dv]+$/.test(arg)) {
      directory ||= arg.includes('d');
      verbose ||= arg.includes('v');
    } else operands.push(arg);
  }
  if (!directory) {
    return spawnChild(context, ['cp', ...operands]);
  }
  const idOf = (file: string, name: string | undefined) => {
    if (name === undefined) return undefined;
    if (/^\d+$/.test(name)) return Number(name);
    const text = readText(context, file);
    const row =
      typeof text === 'string'
        ? text.split('\n').find((line) => line.startsWith(`${name}:`))
        : undefined;
    return row === undefined ? null : Number(row.split(':')[2]);
  };
  const uid = idOf('/etc/passwd', owner);
  const gid = idOf('/etc/group', group);
  if (uid === null) {
    context.io.stderr(`install: invalid user '${owner}'\n`);
    return 1;
  }
  if (gid === null) {
    context.io.stderr(`install: invalid group '${group}'\n`);
    return 1;
  }
  for (const operand of operands) {
    const path = resolvePath(context.cwd, operand);
    const problem = attempt(() => {
      let at = '';
      for (const part of path.split('/').filter(Boolean)) {
        at += `/${part}`;
        const existing = context.fs.get(at);
        if (existing?.kind === 'dir') continue;
        if (existing) return 'ENOTDIR';
        if (verbose) context.io.stdout(`install: creating directory '${at}'\n`);
        context.fs.set(at, dirEntry(0o755, context.now()));
      }
      const entry = context.fs.get(path)!;
      context.fs.set(path, {
        ...entry,
        mode: mode ?? entry.mode,
        uid: uid ?? entry.uid,
        gid: gid ?? entry.gid,
      });
      return undefined;
    });
    if (problem) {
      context.io.stderr(`install: cannot create directory '${operand}': ${errnoText(problem)}\n`);
      return 1;
    }
  }
  return 0;
}

/** `dpkg-divert --add --rename --divert NEW OLD`: moves the file aside, as postgres does. */
export function dpkgDivert(context: ProgramContext): number {
  const args = context.argv.slice(1);
  let divert: string | undefined;
  let rename = false;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--divert') divert = args[++i];
    else if (arg === '--rename') rename = true;
    else if (!arg.startsWith('-')) operands.push(arg);
  }
  const original = operands[0];
  if (original === undefined) {
    context.io.stderr('dpkg-divert: error: --add needs a single argument\n');
    return 2;
  }
  const target = divert ?? `${original}.distrib`;
  context.io.stdout(`Adding 'local diversion of ${original} to ${target}'\n`);
  const from = resolvePath(context.cwd, original);
  const entry = context.fs.get(from);
  if (rename && entry) {
    const problem = attempt(() => {
      context.fs.set(resolvePath(context.cwd, target), entry);
      context.fs.delete(from);
    });
    if (problem) {
      context.io.stderr(
        `dpkg-divert: error: rename '${original}' to '${target}': ${errnoText(problem)}\n`,
      );
      return 2;
    }
  }
  return 0;
}

const LOCALE_ARCHIVE = '/usr/lib/locale/locale-archive';

/** `locale-gen`: compiles the locales /etc/locale.gen names (a list, in the simulation). */
export function localeGen(context: ProgramContext): number {
  const text = readText(context, '/etc/locale.gen');
  const wanted =
    typeof text === 'string' && !['ENOENT', 'EISDIR', 'ENOTDIR', 'ELOOP'].includes(text)
      ? text
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '' && !line.startsWith('#'))
          .map((line) => line.split(/\s+/)[0]!)
      : [];
  context.io.stdout('Generating locales (this might take a while)...\n');
  for (const name of wanted) context.io.stdout(`  ${name.replace(/\.(.*)$/, '.$1')}... done\n`);
  context.io.stdout('Generation complete.\n');
  const names = wanted.map((name) => name.replace(/\.UTF-8$/i, '.utf8'));
  const problem = attempt(() => {
    mkdirp(context.fs, '/usr/lib/locale', { mtime: context.now() });
    return putEntry(
      context.fs,
      LOCALE_ARCHIVE,
      fileEntry(`${names.join('\n')}\n`, 0o644, context.now()),
    );
  });
  if (problem) {
    context.io.stderr(`locale-gen: cannot write ${LOCALE_ARCHIVE}: ${errnoText(problem)}\n`);
    return 1;
  }
  return 0;
}

/** `locale -a`: C, C.utf8, POSIX and what `locale-gen` compiled. */
export function locale(context: ProgramContext): number {
  if (!context.argv.includes('-a')) {
    const lang = context.env.LANG ?? '';
    const names = [
      'LANG',
      'LANGUAGE',
      'LC_CTYPE',
      'LC_NUMERIC',
      'LC_TIME',
      'LC_COLLATE',
      'LC_MONETARY',
      'LC_MESSAGES',
      'LC_PAPER',
      'LC_NAME',
      'LC_ADDRESS',
      'LC_TELEPHONE',
      'LC_MEASUREMENT',
      'LC_IDENTIFICATION',
      'LC_ALL',
    ];
    for (const name of names) {
      const value =
        name === 'LANG'
          ? lang
          : name === 'LANGUAGE' || name === 'LC_ALL'
            ? (context.env[name] ?? '')
            : `"${context.env.LC_ALL ?? (lang || 'POSIX')}"`;
      context.io.stdout(`${name}=${value}\n`);
    }
    return 0;
  }
  const archive = readText(context, LOCALE_ARCHIVE);
  const built =
    typeof archive === 'string' && !['ENOENT', 'EISDIR', 'ENOTDIR', 'ELOOP'].includes(archive)
      ? archive.split('\n').filter(Boolean)
      : [];
  context.io.stdout(
    ['C', 'C.utf8', 'POSIX', ...built]
      .sort()
      .map((name) => `${name}\n`)
      .join(''),
  );
  return 0;
}
