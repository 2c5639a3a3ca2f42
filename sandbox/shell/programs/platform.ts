import { dirEntry, fileEntry } from '../../fs/entry.ts';
import { resolve } from '../../fs/ops.ts';
import { resolvePath } from '../../fs/path.ts';
import type { ProgramContext } from '../program.ts';
import { attempt, errnoText, putEntry, type Flavor } from './common.ts';

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
  let seed = Math.floor(context.now() / 1000);
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
  seed++;
  return 1;
}
