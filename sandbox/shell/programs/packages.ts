import { fileEntry } from '../../fs/entry.ts';
import { mkdirp, readFile, walk, writeFile } from '../../fs/ops.ts';
import { programMarker, simulationNote, type ProgramContext } from '../program.ts';
import { attempt, errnoText, putEntry, type Errno } from './common.ts';

/**
 * `apt-get`/`apt` (Debian, Ubuntu) and `apk` (Alpine): `update` and `install`/`add` of a small
 * list of well-known packages. Nothing is downloaded: the package lists and packages are stand-ins,
 * and an installed program the simulation does not model says so when it runs. What the real
 * tools require is kept: Debian images ship without package lists, so `install` before `update`
 * cannot find anything, and the lists `update` writes stay in the layer.
 */

interface KnownPackage {
  /** Version in Debian 12; absent when Debian has no package by this name. */
  debian?: string;
  /** Version in Alpine 3.22; absent when Alpine has no package by this name. */
  alpine?: string;
  /** Download size in kB, for apt's summary. */
  size: number;
  /** Version in Oracle Linux 9 (microdnf); absent when not modelled there. */
  oracle?: string;
  /** Programs the package installs: a name for /usr/bin, or an absolute path. */
  programs: string[];
  /** Text files the package installs (configuration later steps edit), by path. */
  files?: Record<string, string>;
}

const pkg = (
  debian: string | undefined,
  alpine: string | undefined,
  size: number,
  programs: string[] = [],
): KnownPackage => ({ debian, alpine, size, programs });

/** Libraries and headers: nothing to run, the same on both. */
const lib = (debian: string, size: number): KnownPackage => ({ debian, size, programs: [] });

const KNOWN: Record<string, KnownPackage> = {
  curl: pkg('7.88.1-10+deb12u14', '8.14.1-r2', 315, ['curl']),
  wget: pkg('1.21.3-1+deb12u1', '1.25.0-r1', 937, ['wget']),
  git: pkg('1:2.39.5-0+deb12u2', '2.49.1-r0', 7264, ['git']),
  vim: pkg('2:9.0.1378-2+deb12u2', '9.1.1415-r0', 1567, ['vim']),
  nano: pkg('7.2-1+deb12u1', '8.4-r0', 690, ['nano']),
  less: pkg('590-2.1~deb12u2', '679-r0', 132, ['less']),
  jq: pkg('1.6-2.1', '1.8.0-r0', 64, ['jq']),
  unzip: pkg('6.0-28', '6.0-r15', 166, ['unzip']),
  zip: pkg('3.0-13', '3.0-r13', 230, ['zip']),
  procps: pkg('2:4.0.2-3', '4.0.4-r3', 709, ['ps', 'top', 'free']),
  'iputils-ping': pkg('3:20221126-1+deb12u1', '20250602-r0', 47, ['ping']),
  'ca-certificates': pkg('20230311+deb12u1', '20250619-r0', 153),
  tzdata: pkg('2025b-0+deb12u1', '2025b-r0', 256),
  netbase: pkg('6.4', undefined, 12),
  python3: pkg('3.11.2-1+b1', '3.12.11-r0', 26, ['python3']),
  'python3-pip': pkg('23.0.1+dfsg-1', undefined, 1325, ['pip3']),
  'py3-pip': pkg(undefined, '25.1.1-r0', 1380, ['pip3']),
  'py-setuptools': pkg(undefined, '80.9.0-r0', 700),
  'build-essential': pkg('12.9', undefined, 7, ['gcc', 'g++', 'make']),
  'build-base': pkg(undefined, '0.5-r3', 1, ['gcc', 'g++', 'make']),
  bash: pkg('5.2.15-2+b8', '5.2.37-r0', 1505, ['bash']),
  gnupg: pkg('2.2.40-1.1', '2.4.7-r0', 411, ['gpg', 'gpgconf', 'gpg-agent', 'dirmngr']),
  gnupg1: pkg('1.4.23-1.1+b1', undefined, 599, ['gpg1']),
  gpg: pkg('2.2.40-1.1', undefined, 950, ['gpg']),
  dirmngr: pkg('2.2.40-1.1', undefined, 793, ['dirmngr']),
  openssl: pkg('3.0.17-1~deb12u2', '3.5.1-r0', 1417, ['openssl']),
  make: pkg('4.3-4.1', '4.4.1-r3', 396, ['make']),
  gcc: pkg('4:12.2.0-3', '14.2.0-r6', 5, ['gcc', 'cc']),
  'g++': pkg('4:12.2.0-3', '14.2.0-r6', 2, ['g++', 'c++']),
  'binutils-gold': pkg(undefined, '2.44-r0', 900, ['ld.gold']),
  'dpkg-dev': pkg('1.21.22', undefined, 1346, [
    'dpkg-buildflags',
    'dpkg-source',
    'dpkg-architecture',
  ]),
  patch: pkg('2.7.6-7', '2.8-r0', 128, ['patch']),
  bzip2: pkg('1.0.8-5+b1', '1.0.8-r6', 49, ['bzip2', 'bunzip2']),
  'xz-utils': pkg('5.4.1-1', undefined, 471, ['xz', 'unxz', 'xzcat']),
  xz: pkg(undefined, '5.8.1-r0', 300, ['xz', 'unxz']),
  zstd: pkg('1.5.4+dfsg2-5', '1.5.7-r0', 571, ['zstd']),
  gzip: pkg('1.12-1', '1.14-r1', 142, ['gzip']),
  tar: pkg('1.34+dfsg-1.2+deb12u1', '1.35-r3', 827, ['tar']),
  sed: pkg('4.9-1', '4.9-r2', 306, ['sed']),
  gosu: pkg('1.14-1+b10', undefined, 980, ['gosu']),
  'su-exec': pkg(undefined, '0.2-r3', 12, ['su-exec']),
  locales: pkg('2.36-9+deb12u10', undefined, 3964, ['locale-gen']),
  'gettext-base': pkg('0.21-12', undefined, 157, ['envsubst']),
  'lsb-release': pkg('12.0-1', undefined, 6, ['lsb_release']),
  xsltproc: pkg('1.1.35-1+deb12u1', undefined, 127, ['xsltproc']),
  'libxml2-utils': pkg('2.9.14+dfsg-1.3~deb12u2', undefined, 91, ['xmllint']),
  devscripts: pkg('2.23.4+deb12u2', undefined, 1070, ['debuild']),
  equivs: pkg('2.3.1', undefined, 26, ['equivs-build']),
  nginx: {
    ...pkg('1.22.1-9+deb12u2', '1.28.0-r3', 521, ['/usr/sbin/nginx']),
    files: {
      '/etc/nginx/nginx.conf':
        'user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n    access_log  /var/log/nginx/access.log;\n    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n',
      '/etc/nginx/conf.d/default.conf':
        'server {\n    listen       80;\n    listen  [::]:80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n}\n',
      '/usr/share/nginx/html/index.html':
        '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n',
      '/var/log/nginx/': '',
      '/var/cache/nginx/': '',
    },
  },
  'postgresql-common': {
    ...pkg('248+deb12u1', undefined, 175, ['pg_lsclusters', 'pg_createcluster']),
    files: {
      '/etc/postgresql-common/createcluster.conf':
        '# Default values for pg_createcluster(8)\n# Create a "main" cluster when a new postgresql-x.y server package is installed\n#create_main_cluster = true\n',
    },
  },
  'libnss-wrapper': lib('1.1.15-1', 40),
  'linux-headers': pkg(undefined, '6.14.2-r0', 1300),
  libgcc: pkg(undefined, '14.2.0-r6', 150),
  'libstdc++': pkg(undefined, '14.2.0-r6', 700),
  'libc6-dev': lib('2.36-9+deb12u10', 1901),
  'libssl-dev': lib('3.0.17-1~deb12u2', 2440),
  'zlib1g-dev': lib('1:1.2.13.dfsg-1', 916),
  'libffi-dev': lib('3.4.4-1', 58),
  'libbz2-dev': lib('1.0.8-5+b1', 30),
  'liblzma-dev': lib('5.4.1-1', 294),
  'libsqlite3-dev': lib('3.40.1-2+deb12u1', 1003),
  'libreadline-dev': lib('8.2-1.3', 159),
  'libncursesw5-dev': lib('6.4-4', 8),
  'libgdbm-dev': lib('1.23-3', 116),
  'libdb-dev': lib('5.3.2', 2),
  'libbluetooth-dev': lib('5.66-1+deb12u2', 114),
  'libzstd-dev': lib('1.5.4+dfsg2-5', 352),
  'tk-dev': lib('8.6.13', 5),
  'uuid-dev': lib('2.38.1-5+deb12u3', 40),
  'libapr1-dev': lib('1.7.2-3+deb12u1', 825),
  'libaprutil1-dev': lib('1.6.3-1', 387),
  'libaprutil1-ldap': lib('1.6.3-1', 11),
  'libldap-common': lib('2.5.13+dfsg-5', 29),
  'libbrotli-dev': lib('1.0.9-2+b6', 301),
  'libcurl4-openssl-dev': lib('7.88.1-10+deb12u14', 491),
  'libjansson-dev': lib('2.14-2', 40),
  'liblua5.2-dev': lib('5.2.4-3', 167),
  'libnghttp2-dev': lib('1.52.0-1+deb12u2', 116),
  'libpcre2-dev': lib('10.42-1', 729),
  'libxml2-dev': lib('2.9.14+dfsg-1.3~deb12u2', 778),
};

/**
 * Families of packages whose names carry a version (`postgresql-18`, `nginx-module-njs`) and
 * that come from the vendors' own repositories the official images add.
 */
const FAMILIES: Array<[RegExp, (match: RegExpExecArray) => KnownPackage]> = [
  [
    /^postgresql-(\d+)$/,
    (match) => ({
      ...pkg('stand-in', undefined, 17000, [
        `/usr/lib/postgresql/${match[1]}/bin/postgres`,
        `/usr/lib/postgresql/${match[1]}/bin/initdb`,
        `/usr/lib/postgresql/${match[1]}/bin/pg_ctl`,
      ]),
      files: {
        [`/usr/share/postgresql/${match[1]}/postgresql.conf.sample`]:
          "#listen_addresses = 'localhost'\t\t# what IP address(es) to listen on;\n#port = 5432\t\t\t\t# (change requires restart)\n",
      },
    }),
  ],
  [/^postgresql-client-(\d+)$/, () => pkg('stand-in', undefined, 1900, ['psql'])],
  [/^nginx-module-[a-z-]+$/, () => pkg('stand-in', undefined, 200, [])],
];

/** Oracle Linux 9 packages, for `microdnf` in the mysql images. */
const ORACLE: Record<string, KnownPackage> = {
  bzip2: { oracle: '1.0.8-10.el9', size: 60, programs: ['bzip2'] },
  gzip: { oracle: '1.12-1.el9', size: 170, programs: ['gzip'] },
  openssl: { oracle: '3.2.2-6.0.1.el9', size: 1400, programs: ['openssl'] },
  xz: { oracle: '5.2.5-8.el9', size: 230, programs: ['xz'] },
  zstd: { oracle: '1.5.5-1.el9', size: 460, programs: ['zstd'] },
  findutils: { oracle: '4.8.0-7.el9', size: 550, programs: ['find', 'xargs'] },
  'mysql-community-server-minimal': {
    oracle: 'stand-in',
    size: 30000,
    programs: ['/usr/sbin/mysqld', 'mysql'],
    files: {
      '/etc/my.cnf':
        '[mysqld]\nskip-host-cache\nskip-name-resolve\ndatadir=/var/lib/mysql\nsocket=/var/lib/mysql/mysql.sock\nsecure-file-priv=/var/lib/mysql-files\nuser=mysql\n\npid-file=/var/run/mysqld/mysqld.pid\n',
    },
  },
  'mysql-shell': { oracle: 'stand-in', size: 40000, programs: ['mysqlsh'] },
};

/** A package by name (a pinned `name=version` keeps its version). */
function findPackage(
  spec: string,
  distro: 'debian' | 'alpine' | 'oracle',
): (KnownPackage & { name: string; version: string }) | undefined {
  const [name, pinned] = spec.split('=', 2) as [string, string | undefined];
  if (distro === 'oracle') {
    // microdnf names a version with a dash: mysql-shell-8.4.10-1.el9.
    const match = /^(.*?)-(\d[\w.]*-[\w.]+)$/.exec(spec);
    const base = ORACLE[spec] ? spec : match?.[1];
    const known = base === undefined ? undefined : ORACLE[base];
    if (!known || base === undefined) return undefined;
    return { ...known, name: base, version: ORACLE[spec] ? known.oracle! : match![2]! };
  }
  const family = FAMILIES.map(([pattern, make]) => {
    const match = pattern.exec(name);
    return match ? make(match) : undefined;
  }).find((found) => found !== undefined);
  const known = KNOWN[name] ?? family;
  const version = known?.[distro];
  if (!known || version === undefined) return undefined;
  return { ...known, name, version: pinned ?? version };
}

/** Says that a package was refused because the simulation's short catalog lacks it. */
function catalogNote(context: ProgramContext, name: string): void {
  simulationNote(
    context,
    `package:${name}`,
    `the simulation knows ${Object.keys(KNOWN).length} packages; ${name} is not one of them, so it cannot be installed here`,
  );
}

function osRelease(context: ProgramContext, key: string): string | undefined {
  const text = readFile(context.fs, '/etc/os-release');
  return new RegExp(`^${key}="?([^"\\n]*)"?$`, 'm').exec(text)?.[1];
}

/**
 * Puts each program's stand-in in place (/usr/bin unless the path is absolute) and the
 * package's text files; the first that cannot be written, and why.
 */
function installPrograms(
  context: ProgramContext,
  programs: string[],
  files: Record<string, string> = {},
): { path: string; problem: Errno } | undefined {
  const put = (path: string, content: string, mode: number) => {
    if (context.fs.get(path)) return undefined;
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    const made = attempt(() => mkdirp(context.fs, parent, { mtime: context.now() }));
    if (made) return made;
    return putEntry(context.fs, path, { ...fileEntry(content, mode), mtime: context.now() });
  };
  for (const name of programs) {
    const path = name.startsWith('/') ? name : `/usr/bin/${name}`;
    const problem = put(path, programMarker(path.slice(path.lastIndexOf('/') + 1)), 0o755);
    if (problem) return { path, problem };
  }
  for (const [path, content] of Object.entries(files)) {
    // A path ending in `/` is a directory the package owns (/var/log/nginx/).
    const problem = path.endsWith('/')
      ? attempt(() => mkdirp(context.fs, path.slice(0, -1), { mtime: context.now() }))
      : put(path, content, 0o644);
    if (problem) return { path, problem };
  }
  return undefined;
}

/** The programs and files of the packages given, for `installPrograms`. */
function contentsOf(packages: KnownPackage[]): [string[], Record<string, string>] {
  return [
    packages.flatMap((item) => item.programs),
    Object.assign({}, ...packages.map((item) => item.files ?? {})) as Record<string, string>,
  ];
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

/** Splits apt's or apk's arguments into options and words, skipping the values options take. */
function splitArgs(
  args: string[],
  withValue: Set<string>,
): { words: string[]; flags: Set<string>; values: Map<string, string> } {
  const words: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('-')) {
      const eq = arg.indexOf('=');
      if (eq > 0 && arg.startsWith('--')) values.set(arg.slice(0, eq), arg.slice(eq + 1));
      else if (withValue.has(arg)) values.set(arg, args[++i] ?? '');
      else flags.add(arg);
    } else words.push(arg);
  }
  return { words, flags, values };
}

/** Removes the stand-ins a package put in /usr/bin (only files that are still stand-ins). */
function removePrograms(context: ProgramContext, programs: string[]): void {
  for (const name of programs) {
    const path = name.startsWith('/') ? name : `/usr/bin/${name}`;
    const entry = context.fs.get(path);
    if (
      entry?.kind === 'file' &&
      entry.content === programMarker(path.slice(path.lastIndexOf('/') + 1))
    ) {
      attempt(() => context.fs.delete(path));
    }
  }
}

function hasAptLists(context: ProgramContext): boolean {
  return context.fs
    .list(APT_LISTS)
    .some((name) => name !== 'partial' && name !== 'lock' && name !== 'auxfiles');
}

function aptUpdate(
  context: ProgramContext,
  codename: string,
  ubuntu: boolean,
  mirror: string,
  out: (text: string) => void,
): number {
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
  const problem = attempt(() => mkdirp(context.fs, APT_LISTS)) ?? putEntry(context.fs, file, entry);
  if (problem) {
    context.io.stderr(
      `E: List directory ${APT_LISTS}/partial is missing. - Acquire (${ERRNO_NUMBER[problem]}: ${errnoText(problem)})\n`,
    );
    return 100;
  }
  return 0;
}

/** Empties a directory the way `rm -rf DIR/*` would, keeping the directory. */
function emptyDirectory(context: ProgramContext, dir: string, keep: string[] = []): void {
  for (const name of context.fs.list(dir)) {
    if (keep.includes(name)) continue;
    const path = `${dir}/${name}`;
    attempt(() => {
      for (const [child] of walk(context.fs, path).reverse()) context.fs.delete(child);
      context.fs.delete(path);
    });
  }
}

const APT_WITH_VALUE = new Set(['-o', '--option', '-t', '--target-release', '-c', '--config-file']);

export function aptGet(context: ProgramContext): number {
  const invokedAs = context.argv[0]?.endsWith('apt') ? 'apt' : 'apt-get';
  const { words, flags, values } = splitArgs(context.argv.slice(1), APT_WITH_VALUE);
  const command = words[0];
  const names = words.slice(1);
  // -qq (or -q=2, or q twice in a bundle like -yqq) leaves only errors.
  const quietness =
    [...flags].reduce(
      (sum, flag) =>
        sum +
        (/^-q=\d+$/.test(flag)
          ? Number(flag.slice(3))
          : /^-[a-z]+$/.test(flag)
            ? flag.split('q').length - 1
            : flag === '--quiet'
              ? 1
              : 0),
      0,
    ) + Number(values.get('--quiet') ?? 0);
  const out = (text: string) => {
    if (quietness < 2) context.io.stdout(text);
  };
  const changes = ['update', 'install', 'remove', 'purge', 'autoremove', 'upgrade', 'dist-upgrade'];
  if (context.user.uid !== 0 && command !== undefined && changes.includes(command)) {
    context.io.stderr(
      command === 'update'
        ? `E: Could not open lock file ${APT_LISTS}/lock - open (13: Permission denied)\nE: Unable to lock directory ${APT_LISTS}/\n`
        : 'E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n',
    );
    return 100;
  }
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
      context.io.stderr(`E: Invalid operation ${context.argv[1] ?? ''}\n`.replace(' \n', '\n'));
      return 100;
    case 'update':
      return aptUpdate(context, codename, ubuntu, mirror, out);
    case 'install': {
      if (flags.has('--update')) {
        const status = aptUpdate(context, codename, ubuntu, mirror, out);
        if (status !== 0) return status;
      }
      out(reading);
      const hasLists = hasAptLists(context);
      const missing = names.find((name) => !hasLists || !findPackage(name, 'debian'));
      if (missing !== undefined) {
        const name = missing.split('=', 1)[0]!;
        if (hasLists && !KNOWN[name]) catalogNote(context, name);
        context.io.stderr(
          missing.includes('=') && hasLists && KNOWN[name]?.debian !== undefined
            ? `E: Version '${missing.split('=')[1]}' for '${name}' was not found\n`
            : `E: Unable to locate package ${name}\n`,
        );
        return 100;
      }
      if (names.length === 0) {
        out('0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n');
        return 0;
      }
      const packages = names.map((name) => findPackage(name, 'debian')!);
      const total = packages.reduce((sum, item) => sum + item.size, 0);
      const list = packages.map((item) => item.name);
      out(`The following NEW packages will be installed:\n  ${list.join(' ')}\n`);
      out(`0 upgraded, ${list.length} newly installed, 0 to remove and 0 not upgraded.\n`);
      out(
        `Need to get ${total} kB of archives.\nAfter this operation, ${total * 3} kB of additional disk space will be used.\n`,
      );
      packages.forEach((item, i) => {
        out(
          `Get:${i + 1} ${mirror} ${codename}/main amd64 ${item.name} amd64 ${item.version} [${item.size} kB]\n`,
        );
      });
      context.io.stderr(
        'debconf: delaying package configuration, since apt-utils is not installed\n',
      );
      out(`Fetched ${total} kB in 0s (${total * 10} kB/s)\n`);
      for (const item of packages) {
        const file = `${item.name}_${item.version.replace(/^\d+:/, '')}_amd64.deb`;
        out(`Selecting previously unselected package ${item.name}.\n`);
        out(`Preparing to unpack .../${file} ...\nUnpacking ${item.name} (${item.version}) ...\n`);
      }
      for (const item of packages) out(`Setting up ${item.name} (${item.version}) ...\n`);
      const failed = installPrograms(context, ...contentsOf(packages));
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
      emptyDirectory(context, '/var/cache/apt/archives', ['partial', 'lock']);
      return 0;
    case 'distclean':
    case 'dist-clean':
      emptyDirectory(context, '/var/cache/apt/archives', ['partial', 'lock']);
      emptyDirectory(context, APT_LISTS, ['partial', 'lock', 'auxfiles']);
      return 0;
    case 'remove':
    case 'purge':
    case 'autoremove': {
      out(reading);
      const removed = names
        .map((name) => findPackage(name, 'debian'))
        .filter((item) => item !== undefined);
      for (const item of removed) removePrograms(context, item.programs);
      if (removed.length > 0) {
        out(
          `The following packages will be REMOVED:\n  ${removed.map((item) => item.name).join(' ')}\n`,
        );
      }
      out(`0 upgraded, 0 newly installed, ${removed.length} to remove and 0 not upgraded.\n`);
      return 0;
    }
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
/** Virtual packages (`apk add --virtual .build-deps ...`) and what they pulled in. */
const APK_VIRTUAL = '/lib/apk/db/dockyard-virtual';
const APK_WITH_VALUE = new Set([
  '--virtual',
  '-t',
  '--repository',
  '-X',
  '--root',
  '-p',
  '--arch',
  '--repositories-file',
  '--cache-dir',
  '--keys-dir',
]);

function virtualGroups(context: ProgramContext): Map<string, string[]> {
  const text = readFile(context.fs, APK_VIRTUAL);
  const groups = new Map<string, string[]>();
  if (['ENOENT', 'EISDIR', 'ENOTDIR', 'ELOOP'].includes(text)) return groups;
  for (const line of text.split('\n')) {
    const [name, ...members] = line.split(' ');
    if (name) groups.set(name, members);
  }
  return groups;
}

export function apk(context: ProgramContext): number {
  const { words, flags, values } = splitArgs(context.argv.slice(1), APK_WITH_VALUE);
  const command = words[0];
  const names = words.slice(1);
  const noCache = flags.has('--no-cache');
  const version = osRelease(context, 'VERSION_ID') ?? '3.22.2';
  const branch = `v${version.split('.').slice(0, 2).join('.')}`;
  const out = (text: string) => context.io.stdout(text);
  if (flags.has('--print-arch')) {
    out('x86_64\n');
    return 0;
  }
  if (
    context.user.uid !== 0 &&
    command !== undefined &&
    ['add', 'del', 'update', 'upgrade'].includes(command)
  ) {
    context.io.stderr(
      'ERROR: Unable to lock database: Permission denied\nERROR: Failed to open apk database: Permission denied\n',
    );
    return 99;
  }
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
      const missing = names.filter((name) => !available || !findPackage(name, 'alpine'));
      if (missing.length > 0) {
        if (available) for (const name of missing) if (!KNOWN[name]) catalogNote(context, name);
        const lines = missing.map(
          (name) => `  ${name} (no such package):\n    required by: world[${name}]\n`,
        );
        context.io.stderr(`ERROR: unable to select packages:\n${lines.join('')}`);
        return missing.length;
      }
      const packages = names.map((name) => findPackage(name, 'alpine')!);
      const virtual = values.get('--virtual') ?? values.get('-t');
      const steps = packages.length + (virtual ? 1 : 0);
      packages.forEach((item, i) => {
        out(`(${i + 1}/${steps}) Installing ${item.name} (${item.version})\n`);
      });
      if (virtual) {
        // apk versions a virtual package by the moment it was made: YYYYMMDD.HHMMSS.
        const stamp = new Date(context.now()).toISOString().replace(/[-:]/g, '');
        out(
          `(${steps}/${steps}) Installing ${virtual} (${stamp.slice(0, 8)}.${stamp.slice(9, 15)})\n`,
        );
        const groups = virtualGroups(context);
        groups.set(
          virtual,
          packages.map((item) => item.name),
        );
        const text = [...groups].map(([name, members]) => [name, ...members].join(' ')).join('\n');
        attempt(() => writeFile(context.fs, APK_VIRTUAL, `${text}\n`, { mtime: context.now() }));
      }
      out(
        `Executing busybox-1.37.0-r19.trigger\nOK: ${9 + packages.length * 2} MiB in ${16 + packages.length} packages\n`,
      );
      const failed = installPrograms(context, ...contentsOf(packages));
      if (failed) {
        context.io.stderr(
          `ERROR: failed to extract ${failed.path.slice(1)}: ${errnoText(failed.problem)}\n`,
        );
        return 1;
      }
      return 0;
    }
    case 'del': {
      const groups = virtualGroups(context);
      let count = 0;
      const removed = names.flatMap((name) =>
        (groups.get(name) ?? [name])
          .map((member) => findPackage(member, 'alpine'))
          .filter((item) => item !== undefined),
      );
      for (const item of removed) {
        removePrograms(context, item.programs);
        out(`(${++count}/${removed.length}) Purging ${item.name} (${item.version})\n`);
      }
      for (const name of names) groups.delete(name);
      const text = [...groups].map(([name, members]) => [name, ...members].join(' ')).join('\n');
      if (context.fs.get(APK_VIRTUAL)) {
        attempt(() =>
          writeFile(context.fs, APK_VIRTUAL, text === '' ? '' : `${text}\n`, {
            mtime: context.now(),
          }),
        );
      }
      out(`OK: 9 MiB in 16 packages\n`);
      return 0;
    }
    default:
      context.io.stderr(
        `apk-tools 2.14.9, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n`,
      );
      return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// pip

/** Versions pip would pick today for a few packages tutorials install. */
const PYPI: Record<string, string> = {
  flask: '3.1.1',
  django: '5.2.4',
  requests: '2.32.4',
  fastapi: '0.116.1',
  uvicorn: '0.35.0',
  gunicorn: '23.0.0',
  numpy: '2.3.1',
  pandas: '2.3.1',
  pytest: '8.4.1',
  pip: '25.1.1',
  setuptools: '80.9.0',
  wheel: '0.45.1',
};

/** The site-packages directory of the newest Python under /usr/local, or Debian's. */
function sitePackages(context: ProgramContext): string {
  const versions = context.fs
    .list('/usr/local/lib')
    .filter((name) => /^python3\.\d+$/.test(name))
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  const newest = versions[versions.length - 1];
  return newest ? `/usr/local/lib/${newest}/site-packages` : '/usr/lib/python3/dist-packages';
}

/**
 * `pip install`: names (`flask`, `flask==3.0.0`) and `-r requirements.txt`. Nothing is
 * downloaded: each package is recorded as a `.dist-info` folder in site-packages, and the build
 * notes once that pip is simulated. Other pip commands do nothing and say so.
 */
export function pip(context: ProgramContext): number {
  const args = context.argv.slice(1);
  const out = (text: string) => context.io.stdout(text);
  if (args[0] === '--version' || args[0] === '-V') {
    out(`pip ${PYPI.pip} from ${sitePackages(context)}/pip (python 3)\n`);
    return 0;
  }
  const command = args.find((arg) => !arg.startsWith('-'));
  if (command !== 'install') {
    simulationNote(
      context,
      `pip:${command ?? ''}`,
      `pip ${command ?? ''} is not simulated; it did nothing`.replace('  ', ' '),
    );
    return 0;
  }
  const specs: string[] = [];
  const rest = args.slice(args.indexOf('install') + 1);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (
      arg === '-r' ||
      arg === '--requirement' ||
      arg.startsWith('--requirement=') ||
      (arg.startsWith('-r') && arg.length > 2)
    ) {
      const file =
        arg === '-r' || arg === '--requirement'
          ? (rest[++i] ?? '')
          : arg.startsWith('-r') && !arg.startsWith('--')
            ? arg.slice(2)
            : arg.slice(14);
      const text = readFile(context.fs, file, context.cwd);
      if (['ENOENT', 'EISDIR', 'ENOTDIR', 'ELOOP'].includes(text)) {
        context.io.stderr(
          `ERROR: Could not open requirements file: [Errno 2] No such file or directory: '${file}'\n`,
        );
        return 1;
      }
      for (const line of text.split('\n')) {
        const spec = line.replace(/(^|\s)#.*$/, '').trim();
        if (spec !== '' && !spec.startsWith('-')) specs.push(spec);
      }
    } else if (
      [
        '-c',
        '--constraint',
        '-i',
        '--index-url',
        '--extra-index-url',
        '-t',
        '--target',
        '--root-user-action',
        '--prefix',
        '-f',
        '--find-links',
      ].includes(arg)
    ) {
      i++;
    } else if (!arg.startsWith('-')) specs.push(arg);
  }
  if (specs.length === 0) {
    context.io.stderr(
      'ERROR: You must give at least one requirement to install (see "pip help install")\n',
    );
    return 1;
  }
  simulationNote(
    context,
    'pip',
    'pip is simulated: packages are recorded in site-packages, nothing is downloaded',
  );
  const site = sitePackages(context);
  const installed: string[] = [];
  for (const spec of specs) {
    const match =
      /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(?:(==|>=|~=|<=|>|<|!=)\s*([^,;\s]+))?/.exec(
        spec,
      );
    if (!match) {
      context.io.stderr(`ERROR: Invalid requirement: '${spec}'\n`);
      return 1;
    }
    const name = match[1]!;
    const version = match[3] === '==' ? match[4]! : (PYPI[name.toLowerCase()] ?? match[4]);
    out(`Collecting ${spec}\n`);
    const label = version === undefined ? name : `${name}-${version}`;
    const dir = `${site}/${name.replace(/-/g, '_')}-${version ?? 'unknown'}.dist-info`;
    const problem =
      attempt(() => mkdirp(context.fs, dir, { mtime: context.now() })) ??
      attempt(() =>
        writeFile(
          context.fs,
          `${dir}/METADATA`,
          `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version ?? 'unknown'}\n`,
          { mtime: context.now() },
        ),
      );
    if (problem) {
      context.io.stderr(
        `ERROR: Could not install packages due to an OSError: [Errno ${ERRNO_NUMBER[problem]}] ${errnoText(problem)}: '${dir}'\n`,
      );
      return 1;
    }
    installed.push(label);
  }
  out(
    `Installing collected packages: ${specs.map((spec) => /^[A-Za-z0-9._-]+/.exec(spec)![0]).join(', ')}\n`,
  );
  out(`Successfully installed ${installed.join(' ')}\n`);
  if (context.user.uid === 0) {
    context.io.stderr(
      "WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager, possibly rendering your system unusable. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv. Use the --root-user-action option if you know what you are doing and want to suppress this warning.\n",
    );
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// microdnf (Oracle Linux)

/** `microdnf install -y PKG...` and `clean all`, with a short catalog of Oracle Linux packages. */
export function microdnf(context: ProgramContext): number {
  const { words } = splitArgs(
    context.argv.slice(1),
    new Set(['--setopt', '--enablerepo', '--disablerepo']),
  );
  const [command, ...names] = words;
  const out = (text: string) => context.io.stdout(text);
  switch (command) {
    case 'install': {
      const missing = names.find((name) => !findPackage(name, 'oracle'));
      if (missing !== undefined) {
        if (!ORACLE[missing]) catalogNote(context, missing);
        context.io.stderr(`error: No package matches '${missing}'\n`);
        return 1;
      }
      const packages = names.map((name) => findPackage(name, 'oracle')!);
      out(
        'Downloading metadata...\nPackage                                  Repository        Size\nInstalling:\n',
      );
      for (const item of packages)
        out(
          ` ${`${item.name}-${item.version}.x86_64`.padEnd(40)} ol9_baseos_latest ${item.size} kB\n`,
        );
      out(`Transaction Summary:\n Installing:       ${packages.length} packages\n`);
      for (const item of packages) out(`Installing: ${item.name};${item.version};x86_64\n`);
      out('Complete.\n');
      const failed = installPrograms(context, ...contentsOf(packages));
      if (failed) {
        context.io.stderr(`error: cannot create ${failed.path}: ${errnoText(failed.problem)}\n`);
        return 1;
      }
      return 0;
    }
    case 'clean':
      out('Complete.\n');
      return 0;
    default:
      context.io.stderr(`error: Unknown argument "${command ?? ''}" for command "microdnf".\n`);
      return 1;
  }
}
