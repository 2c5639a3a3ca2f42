import { fileEntry } from '../../fs/entry.ts';
import { mkdirp, readFile } from '../../fs/ops.ts';
import { programMarker, type ProgramContext } from '../program.ts';
import { attempt, errnoText, putEntry, type Errno } from './common.ts';

/**
 * `apt-get`/`apt` (Debian, Ubuntu) and `apk` (Alpine): `update` and `install`/`add` of a small
 * list of well-known packages. Nothing is downloaded: the package lists and packages are stand-ins,
 * and an installed program the simulation does not model says so when it runs. What the real
 * tools require is kept: Debian images ship without package lists, so `install` before `update`
 * cannot find anything, and the lists `update` writes stay in the layer.
 */

interface KnownPackage {
  debian: string;
  alpine: string;
  /** Download size in kB, for apt's summary. */
  size: number;
  programs: string[];
}

const KNOWN: Record<string, KnownPackage> = {
  curl: { debian: '7.88.1-10+deb12u14', alpine: '8.14.1-r2', size: 315, programs: ['curl'] },
  wget: { debian: '1.21.3-1+deb12u1', alpine: '1.25.0-r1', size: 937, programs: ['wget'] },
  git: { debian: '1:2.39.5-0+deb12u2', alpine: '2.49.1-r0', size: 7264, programs: ['git'] },
  vim: { debian: '2:9.0.1378-2+deb12u2', alpine: '9.1.1415-r0', size: 1567, programs: ['vim'] },
  nano: { debian: '7.2-1+deb12u1', alpine: '8.4-r0', size: 690, programs: ['nano'] },
  less: { debian: '590-2.1~deb12u2', alpine: '679-r0', size: 132, programs: ['less'] },
  jq: { debian: '1.6-2.1', alpine: '1.8.0-r0', size: 64, programs: ['jq'] },
  unzip: { debian: '6.0-28', alpine: '6.0-r15', size: 166, programs: ['unzip'] },
  zip: { debian: '3.0-13', alpine: '3.0-r13', size: 230, programs: ['zip'] },
  procps: { debian: '2:4.0.2-3', alpine: '4.0.4-r3', size: 709, programs: ['ps', 'top', 'free'] },
  'iputils-ping': {
    debian: '3:20221126-1+deb12u1',
    alpine: '20250602-r0',
    size: 47,
    programs: ['ping'],
  },
  'ca-certificates': { debian: '20230311+deb12u1', alpine: '20250619-r0', size: 153, programs: [] },
  tzdata: { debian: '2025b-0+deb12u1', alpine: '2025b-r0', size: 256, programs: [] },
  python3: { debian: '3.11.2-1+b1', alpine: '3.12.11-r0', size: 26, programs: ['python3'] },
  'build-essential': { debian: '12.9', alpine: '', size: 7, programs: ['gcc', 'g++', 'make'] },
  'build-base': { debian: '', alpine: '0.5-r3', size: 1, programs: ['gcc', 'g++', 'make'] },
  bash: { debian: '5.2.15-2+b8', alpine: '5.2.37-r0', size: 1505, programs: ['bash'] },
};

function osRelease(context: ProgramContext, key: string): string | undefined {
  const text = readFile(context.fs, '/etc/os-release');
  return new RegExp(`^${key}="?([^"\\n]*)"?$`, 'm').exec(text)?.[1];
}

/** Puts each program's stand-in in /usr/bin; the first that cannot be written, and why. */
function installPrograms(
  context: ProgramContext,
  programs: string[],
): { path: string; problem: Errno } | undefined {
  for (const name of programs) {
    const path = `/usr/bin/${name}`;
    if (context.fs.get(path)) continue;
    const entry = { ...fileEntry(programMarker(name), 0o755), mtime: context.now() };
    const problem = putEntry(context.fs, path, entry);
    if (problem) return { path, problem };
  }
  return undefined;
}

const APT_LISTS = '/var/lib/apt/lists';

/** The errno numbers apt prints beside a reason. */
const ERRNO_NUMBER: Record<Errno, number> = {
  ENOENT: 2,
  ENOTDIR: 20,
  EISDIR: 21,
  EEXIST: 17,
  ELOOP: 40,
  EROFS: 30,
  EACCES: 13,
  ENOTEMPTY: 39,
};

export function aptGet(context: ProgramContext): number {
  const invokedAs = context.argv[0]?.endsWith('apt') ? 'apt' : 'apt-get';
  const args = context.argv.slice(1);
  const command = args.find((arg) => !arg.startsWith('-'));
  const names = args.filter((arg) => !arg.startsWith('-')).slice(1);
  const out = (text: string) => context.io.stdout(text);
  if (invokedAs === 'apt') {
    context.io.stderr(
      '\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n',
    );
  }
  const codename = osRelease(context, 'VERSION_CODENAME') ?? 'bookworm';
  const ubuntu = osRelease(context, 'ID') === 'ubuntu';
  const mirror = ubuntu ? 'http://archive.ubuntu.com/ubuntu' : 'http://deb.debian.org/debian';
  const reading =
    'Reading package lists...\nBuilding dependency tree...\nReading state information...\n';

  switch (command) {
    case undefined:
      context.io.stderr(`E: Invalid operation ${args[0] ?? ''}\n`.replace(' \n', '\n'));
      return 100;
    case 'update': {
      const lists = ubuntu
        ? [
            `${codename} InRelease [256 kB]`,
            `${codename}-updates InRelease [128 kB]`,
            `${codename}-security InRelease [128 kB]`,
            `${codename}/main amd64 Packages [1792 kB]`,
          ]
        : [
            `${codename} InRelease [151 kB]`,
            `${codename}-updates InRelease [55.4 kB]`,
            `${codename}-security InRelease [48.0 kB]`,
            `${codename}/main amd64 Packages [8792 kB]`,
          ];
      lists.forEach((line, i) => {
        const base =
          line.includes('-security') && !ubuntu ? 'http://deb.debian.org/debian-security' : mirror;
        out(`Get:${i + 1} ${base} ${line}\n`);
      });
      out(
        `Fetched ${ubuntu ? '2304' : '9046'} kB in 1s (${ubuntu ? '2190' : '8613'} kB/s)\nReading package lists...\n`,
      );
      const file = `${APT_LISTS}/${mirror.replace('http://', '').replace(/\//g, '_')}_dists_${codename}_InRelease`;
      const entry = {
        ...fileEntry('Dockyard stand-in for a package list: no server was contacted.\n'),
        mtime: context.now(),
      };
      const problem =
        attempt(() => mkdirp(context.fs, APT_LISTS)) ?? putEntry(context.fs, file, entry);
      if (problem) {
        context.io.stderr(
          `E: List directory ${APT_LISTS}/partial is missing. - Acquire (${ERRNO_NUMBER[problem]}: ${errnoText(problem)})\n`,
        );
        return 100;
      }
      return 0;
    }
    case 'install': {
      out(reading);
      const hasLists = context.fs
        .list(APT_LISTS)
        .some((name) => name !== 'partial' && name !== 'lock');
      const missing = names.find((name) => !hasLists || !KNOWN[name]?.debian);
      if (missing !== undefined) {
        context.io.stderr(`E: Unable to locate package ${missing}\n`);
        return 100;
      }
      if (names.length === 0) {
        out('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n');
        return 0;
      }
      const packages = names.map((name) => ({ name, ...KNOWN[name]! }));
      const total = packages.reduce((sum, pkg) => sum + pkg.size, 0);
      out(`The following NEW packages will be installed:\n  ${names.join(' ')}\n`);
      out(`0 upgraded, ${names.length} newly installed, 0 to remove and 0 not upgraded.\n`);
      out(
        `Need to get ${total} kB of archives.\nAfter this operation, ${total * 3} kB of additional disk space will be used.\n`,
      );
      packages.forEach((pkg, i) => {
        out(
          `Get:${i + 1} ${mirror} ${codename}/main amd64 ${pkg.name} amd64 ${pkg.debian} [${pkg.size} kB]\n`,
        );
      });
      context.io.stderr(
        'debconf: delaying package configuration, since apt-utils is not installed\n',
      );
      out(`Fetched ${total} kB in 0s (${total * 10} kB/s)\n`);
      for (const pkg of packages) {
        const file = `${pkg.name}_${pkg.debian.replace(/^\d+:/, '')}_amd64.deb`;
        out(`Selecting previously unselected package ${pkg.name}.\n`);
        out(`Preparing to unpack .../${file} ...\nUnpacking ${pkg.name} (${pkg.debian}) ...\n`);
      }
      for (const pkg of packages) out(`Setting up ${pkg.name} (${pkg.debian}) ...\n`);
      const failed = installPrograms(
        context,
        packages.flatMap((pkg) => pkg.programs),
      );
      if (failed) {
        context.io.stderr(
          `dpkg: error processing archive (--unpack):\n unable to create '${failed.path}.dpkg-new' (while processing '.${failed.path}'): ${errnoText(failed.problem)}\nE: Sub-process /usr/bin/dpkg returned an error code (1)\n`,
        );
        return 100;
      }
      return 0;
    }
    case 'clean':
    case 'autoclean':
      return 0;
    case 'remove':
    case 'purge':
    case 'autoremove':
      out(reading);
      out('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n');
      return 0;
    case 'upgrade':
    case 'dist-upgrade':
      out(reading);
      out(
        'Calculating upgrade...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n',
      );
      return 0;
    default:
      context.io.stderr(`E: Invalid operation ${command}\n`);
      return 100;
  }
}

const APK_INDEX = '/var/cache/apk';

export function apk(context: ProgramContext): number {
  const args = context.argv.slice(1);
  const command = args.find((arg) => !arg.startsWith('-'));
  const names = args.filter((arg) => !arg.startsWith('-')).slice(1);
  const noCache = args.includes('--no-cache');
  const version = osRelease(context, 'VERSION_ID') ?? '3.22.2';
  const branch = `v${version.split('.').slice(0, 2).join('.')}`;
  const out = (text: string) => context.io.stdout(text);
  const fetchIndex = () => {
    out(`fetch https://dl-cdn.alpinelinux.org/alpine/${branch}/main/x86_64/APKINDEX.tar.gz\n`);
    out(`fetch https://dl-cdn.alpinelinux.org/alpine/${branch}/community/x86_64/APKINDEX.tar.gz\n`);
  };
  const indexed = () => context.fs.list(APK_INDEX).some((name) => name.startsWith('APKINDEX'));
  switch (command) {
    case 'update':
      fetchIndex();
      out(
        `${branch}.${version.split('.')[2] ?? '0'}-0-g0000000000 [https://dl-cdn.alpinelinux.org/alpine/${branch}/main]\n`,
      );
      out(
        `${branch}.${version.split('.')[2] ?? '0'}-0-g0000000000 [https://dl-cdn.alpinelinux.org/alpine/${branch}/community]\n`,
      );
      out('OK: 26326 distinct packages available\n');
      {
        const entry = {
          ...fileEntry('Dockyard stand-in for a package index: no server was contacted.\n'),
          mtime: context.now(),
        };
        const path = `${APK_INDEX}/APKINDEX.00000000.tar.gz`;
        const problem =
          attempt(() => mkdirp(context.fs, APK_INDEX)) ?? putEntry(context.fs, path, entry);
        if (problem) {
          context.io.stderr(`ERROR: unable to write ${path}: ${errnoText(problem)}\n`);
          return 1;
        }
      }
      return 0;
    case 'add': {
      if (noCache) fetchIndex();
      const available = noCache || indexed();
      const missing = names.filter((name) => !available || !KNOWN[name]?.alpine);
      if (missing.length > 0) {
        const lines = missing.map(
          (name) => `  ${name} (no such package):\n    required by: world[${name}]\n`,
        );
        context.io.stderr(`ERROR: unable to select packages:\n${lines.join('')}`);
        return missing.length;
      }
      names.forEach((name, i) => {
        out(`(${i + 1}/${names.length}) Installing ${name} (${KNOWN[name]!.alpine})\n`);
      });
      out(
        `Executing busybox-1.37.0-r19.trigger\nOK: ${9 + names.length * 2} MiB in ${16 + names.length} packages\n`,
      );
      const failed = installPrograms(
        context,
        names.flatMap((name) => KNOWN[name]!.programs),
      );
      if (failed) {
        context.io.stderr(
          `ERROR: failed to extract ${failed.path.slice(1)}: ${errnoText(failed.problem)}\n`,
        );
        return 1;
      }
      return 0;
    }
    case 'del':
      out(`OK: 9 MiB in 16 packages\n`);
      return 0;
    default:
      context.io.stderr(
        `apk-tools 2.14.9, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n`,
      );
      return 1;
  }
}
