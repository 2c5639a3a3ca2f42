import { dirEntry, fileEntry, symlinkEntry, type Entry } from '../../fs/entry.ts';
import { mkdirp, resolve, walk, writeFile } from '../../fs/ops.ts';
import { resolvePath } from '../../fs/path.ts';
import { programMarker, simulationNote, type ProgramContext } from '../program.ts';
import { attempt, errnoText, putEntry, readText, type Flavor } from './common.ts';

/**
 * There is no network: `curl` and `wget` write a stand-in file that records the URL, and the
 * build notes once that downloads are simulated. A few well-known release archives (Node.js,
 * Yarn, the Python, Redis and Apache httpd sources) are modelled, so extracting their stand-in
 * yields the files the official images' Dockerfiles then use, and `./configure` and `make` in
 * such a source tree install stand-ins for the programs. `tar` also creates and extracts real
 * archives of simulated files. `gpg` checks nothing and says so.
 */

const DOWNLOAD_MARKER = '# dockyard-download: ';

/**
 * The text of a file that stands in for what `url` would have returned. It is a shell comment,
 * so the `curl ... | sh` idiom runs nothing, and `tar` recognises it.
 */
export function downloadStandIn(url: string): string {
  return `${DOWNLOAD_MARKER}${url}\n# (no network in this simulation: this file stands in for the download)\n`;
}

export function isDownloadStandIn(content: string): boolean {
  return content.startsWith(DOWNLOAD_MARKER);
}

/** Single-file downloads that are programs the simulation models, by URL. */
const DOWNLOADED_PROGRAMS: Array<[RegExp, string]> = [
  [/\/tianon\/gosu\/releases\/download\/[^/]+\/gosu-[a-z0-9]+$/, 'gosu'],
];

/** The registered program a downloaded stand-in is, if its URL names one. */
export function downloadedProgram(content: string): string | undefined {
  const url = downloadUrl(content);
  return url === undefined
    ? undefined
    : DOWNLOADED_PROGRAMS.find(([pattern]) => pattern.test(url))?.[1];
}

export function downloadUrl(content: string): string | undefined {
  if (!isDownloadStandIn(content)) return undefined;
  return content.slice(DOWNLOAD_MARKER.length).split('\n', 1)[0];
}

const DOWNLOADS_NOTE =
  'downloads are simulated: curl and wget write a stand-in file and fetch nothing';

/** One file of a modelled archive, by its path inside the archive. */
type ArchiveItem =
  | { kind: 'program'; name: string }
  | { kind: 'file'; content: string; mode?: number }
  | { kind: 'link'; target: string }
  | { kind: 'dir' };

const program = (name: string): ArchiveItem => ({ kind: 'program', name });
const file = (content: string, mode?: number): ArchiveItem => ({ kind: 'file', content, mode });
const link = (target: string): ArchiveItem => ({ kind: 'link', target });

/**
 * A Makefile stand-in that `make` understands: `# dockyard-make TARGET: PATH=ITEM ...`, where
 * ITEM is `program:NAME`, `link:TARGET`, `copy:NAME` (a program whose bytes equal another's)
 * or `dir`. A path starting with `$(prefix)` lands under the prefix `./configure` recorded.
 */
function makefile(targets: Record<string, string[]>): ArchiveItem {
  const lines = Object.entries(targets).map(
    ([target, items]) => `# dockyard-make ${target}: ${items.join(' ')}`,
  );
  return file(
    `# Stand-in Makefile: the sources were never downloaded, so make installs stand-ins.\n${lines.join('\n')}\n`,
  );
}

const CONFIGURE = program('configure');

interface ModelledArchive {
  pattern: RegExp;
  contents(match: RegExpExecArray): Record<string, ArchiveItem>;
}

const ARCHIVES: ModelledArchive[] = [
  {
    // Node.js binaries: https://nodejs.org/dist/v22.1.0/node-v22.1.0-linux-x64.tar.xz
    pattern: /\/(node-v[\d.]+-linux-[a-z0-9]+(?:-musl)?)\.tar\.(?:xz|gz)$/,
    contents: (match) => {
      const top = match[1]!;
      const items: Record<string, ArchiveItem> = {
        [`${top}/bin/node`]: program('node'),
        [`${top}/bin/npm`]: program('npm'),
        [`${top}/bin/npx`]: program('npx'),
        [`${top}/bin/corepack`]: program('corepack'),
        [`${top}/lib/node_modules/npm/package.json`]: file('{ "name": "npm" }\n'),
        [`${top}/share/doc/node/README.md`]: file('Node.js\n'),
      };
      for (const arch of [
        'linux-x86_64',
        'linux-aarch64',
        'linux-armv4',
        'linux-elf',
        'linux-ppc64le',
        'linux-s390x',
      ]) {
        items[`${top}/include/node/openssl/archs/${arch}/opensslconf.h`] = file('/* stand-in */\n');
      }
      return items;
    },
  },
  {
    // https://yarnpkg.com/downloads/1.22.22/yarn-v1.22.22.tar.gz
    pattern: /\/(yarn-v[\d.]+)\.tar\.gz$/,
    contents: (match) => ({
      [`${match[1]}/bin/yarn`]: program('yarn'),
      [`${match[1]}/bin/yarnpkg`]: link('yarn'),
      [`${match[1]}/lib/cli.js`]: file('// stand-in\n'),
      [`${match[1]}/package.json`]: file('{ "name": "yarn" }\n'),
    }),
  },
  {
    // https://www.python.org/ftp/python/3.14.0/Python-3.14.0.tar.xz
    pattern: /\/Python-((\d+)\.(\d+)[.\w]*)\.(?:tar\.xz|tgz|tar\.gz)$/,
    contents: (match) => {
      const top = `Python-${match[1]}`;
      const short = `${match[2]}.${match[3]}`;
      return {
        [`${top}/configure`]: CONFIGURE,
        [`${top}/README.rst`]: file(`This is Python version ${match[1]}\n`),
        [`${top}/Makefile`]: makefile({
          all: ['python=program:python'],
          python: ['python=program:python'],
          install: [
            `$(prefix)/bin/python${short}=program:python`,
            `$(prefix)/bin/python3=link:python${short}`,
            `$(prefix)/bin/pip${short}=program:pip3`,
            `$(prefix)/bin/pip3=program:pip3`,
            `$(prefix)/bin/idle${short}=program:idle3`,
            `$(prefix)/bin/idle3=link:idle${short}`,
            `$(prefix)/bin/pydoc${short}=program:pydoc3`,
            `$(prefix)/bin/pydoc3=link:pydoc${short}`,
            `$(prefix)/bin/python${short}-config=program:python3-config`,
            `$(prefix)/bin/python3-config=link:python${short}-config`,
            `$(prefix)/lib/libpython${short}.so.1.0=program:libpython`,
            `$(prefix)/lib/python${short}/site-packages=dir`,
            `$(prefix)/include/python${short}=dir`,
          ],
        }),
      };
    },
  },
  {
    // http://download.redis.io/releases/redis-7.2.5.tar.gz
    pattern: /\/(redis-[\d.]+)\.tar\.gz$/,
    contents: (match) => {
      const top = match[1]!;
      return {
        [`${top}/src/config.c`]: file(
          '    createBoolConfig("protected-mode", NULL, MODIFIABLE_CONFIG, server.protected_mode, 1, NULL, NULL),\n',
        ),
        [`${top}/deps/Makefile`]: file(
          '\tcd jemalloc && ./configure --disable-cxx --with-version=5.3.0-0-g0 --with-lg-quantum=3 --disable-cache-oblivious\n',
        ),
        [`${top}/Makefile`]: makefile({
          all: ['src/redis-server=program:redis-server', 'src/redis-cli=program:redis-cli'],
          install: [
            '$(prefix)/bin/redis-server=program:redis-server',
            '$(prefix)/bin/redis-benchmark=program:redis-benchmark',
            '$(prefix)/bin/redis-cli=program:redis-cli',
            '$(prefix)/bin/redis-check-aof=copy:redis-server',
            '$(prefix)/bin/redis-check-rdb=copy:redis-server',
            '$(prefix)/bin/redis-sentinel=copy:redis-server',
          ],
        }),
      };
    },
  },
  {
    // https://dlcdn.apache.org/httpd/httpd-2.4.62.tar.bz2
    pattern: /\/(httpd-[\d.]+)\.tar\.(?:bz2|gz)$/,
    contents: (match) => {
      const top = match[1]!;
      const conf = (name: string) =>
        `# ${name} (stand-in for the file httpd installs)\nUser daemon\nGroup daemon\nErrorLog "logs/error_log"\nCustomLog "logs/access_log" common\nTransferLog "logs/access_log"\n`;
      return {
        [`${top}/configure`]: CONFIGURE,
        [`${top}/Makefile`]: makefile({
          all: [],
          install: [
            '$(prefix)/bin/httpd=program:httpd',
            '$(prefix)/bin/apachectl=program:apachectl',
            `$(prefix)/conf/httpd.conf=text:${encodeURIComponent(conf('httpd.conf'))}`,
            `$(prefix)/conf/extra/httpd-ssl.conf=text:${encodeURIComponent(conf('httpd-ssl.conf'))}`,
            '$(prefix)/htdocs/index.html=text:%3Chtml%3E%3Cbody%3E%3Ch1%3EIt%20works!%3C%2Fh1%3E%3C%2Fbody%3E%3C%2Fhtml%3E%0A',
            '$(prefix)/logs=dir',
            '$(prefix)/modules=dir',
            '$(prefix)/man=dir',
            '$(prefix)/manual=dir',
          ],
        }),
      };
    },
  },
];

/** The files a modelled archive holds, by path inside it; undefined when it is not modelled. */
function modelledContents(url: string): Record<string, ArchiveItem> | undefined {
  const path = url.replace(/[?#].*$/, '');
  for (const archive of ARCHIVES) {
    const match = archive.pattern.exec(path);
    if (match) return archive.contents(match);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// curl and wget

function saveDownload(context: ProgramContext, name: string, target: string, url: string): number {
  simulationNote(context, 'downloads', DOWNLOADS_NOTE);
  const path = resolvePath(context.cwd, target);
  const existing = context.fs.get(path);
  const problem = attempt(() => {
    const parent = resolve(context.fs, path.slice(0, path.lastIndexOf('/')) || '/');
    if (typeof parent === 'string' || parent.entry?.kind !== 'dir') return 'ENOENT';
    return writeFile(context.fs, path, downloadStandIn(url), {
      mtime: context.now(),
      mode: existing?.kind === 'file' ? existing.mode : 0o644,
      uid: context.user.uid,
      gid: context.user.gid,
    });
  });
  if (problem) {
    context.io.stderr(
      name === 'curl'
        ? `curl: (23) Failure writing output to destination, passed 0 returned 0\n`
        : `${target}: ${errnoText(problem)}\n`,
    );
    return name === 'curl' ? 23 : 3;
  }
  return 0;
}

function remoteName(url: string): string {
  const path = url.replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/[?#].*$/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

const CURL_WITH_VALUE = new Set([
  '-o',
  '--output',
  '-H',
  '--header',
  '-A',
  '--user-agent',
  '-u',
  '--user',
  '-X',
  '--request',
  '-d',
  '--data',
  '--data-raw',
  '--data-binary',
  '--retry',
  '--retry-delay',
  '--retry-max-time',
  '--connect-timeout',
  '-m',
  '--max-time',
  '-e',
  '--referer',
  '--cacert',
  '-w',
  '--write-out',
  '-x',
  '--proxy',
  '--proto',
  '--tlsv1.2',
  '-C',
  '--continue-at',
  '--output-dir',
  '-T',
]);

export function curl(context: ProgramContext): number {
  const args = context.argv.slice(1);
  const urls: string[] = [];
  const outputs: Array<string | 'remote'> = [];
  let outputDir: string | undefined;
  let remoteAll = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--remote-name' || arg === '-O') outputs.push('remote');
    else if (arg === '--remote-name-all') remoteAll = true;
    else if (arg === '-o' || arg === '--output') outputs.push(args[++i] ?? '');
    else if (arg === '--output-dir') outputDir = args[++i];
    else if (CURL_WITH_VALUE.has(arg)) i++;
    else if (arg.startsWith('--')) continue;
    else if (/^-[a-zA-Z]+$/.test(arg)) {
      // Bundled short options: -fsSLO, -fsSLo file.
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        if (letter === 'O') outputs.push('remote');
        else if (CURL_WITH_VALUE.has(`-${letter}`)) {
          const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
          if (letter === 'o') outputs.push(value ?? '');
          break;
        }
      }
    } else urls.push(arg);
  }
  if (urls.length === 0) {
    context.io.stderr("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  let status = 0;
  urls.forEach((url, index) => {
    const output = outputs[index] ?? (remoteAll ? 'remote' : undefined);
    if (output === undefined || output === '-') {
      simulationNote(context, 'downloads', DOWNLOADS_NOTE);
      context.io.stdout(downloadStandIn(url));
      return;
    }
    const name = output === 'remote' ? remoteName(url) : output;
    if (name === '') {
      context.io.stderr('curl: (23) Failed writing received data to disk/application\n');
      status = 23;
      return;
    }
    const target = outputDir ? `${outputDir}/${name}` : name;
    const code = saveDownload(context, 'curl', target, url);
    if (code !== 0) status = code;
  });
  return status;
}

export function wget(context: ProgramContext, flavor: Flavor): number {
  const args = context.argv.slice(1);
  const urls: string[] = [];
  let output: string | undefined;
  let prefix: string | undefined;
  let quiet = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--output-document') output = args[++i];
    else if (arg.startsWith('--output-document=')) output = arg.slice(18);
    else if (arg === '--directory-prefix') prefix = args[++i];
    else if (arg.startsWith('--directory-prefix=')) prefix = arg.slice(19);
    else if (arg === '--quiet' || arg === '--no-verbose') quiet = true;
    else if (['--tries', '--timeout', '--user-agent', '--header'].includes(arg)) i++;
    else if (arg.startsWith('--')) continue;
    else if (/^-[a-zA-Z]/.test(arg)) {
      // Bundled short options: -qO- URL, -O file, -nv.
      if (arg === '-nv') {
        quiet = true;
        continue;
      }
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        if (letter === 'q') quiet = true;
        else if (
          letter === 'O' ||
          letter === 'P' ||
          letter === 'T' ||
          letter === 't' ||
          letter === 'U'
        ) {
          const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
          if (letter === 'O') output = value;
          if (letter === 'P') prefix = value;
          break;
        }
      }
    } else urls.push(arg);
  }
  if (urls.length === 0) {
    context.io.stderr(
      flavor === 'busybox'
        ? 'Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]... URL...\n'
        : "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n",
    );
    return 1;
  }
  void quiet;
  let status = 0;
  for (const url of urls) {
    if (output === '-') {
      simulationNote(context, 'downloads', DOWNLOADS_NOTE);
      context.io.stdout(downloadStandIn(url));
      continue;
    }
    const name = output ?? (remoteName(url) || 'index.html');
    const target = prefix && output === undefined ? `${prefix}/${name}` : name;
    const code = saveDownload(context, 'wget', target, url);
    if (code !== 0) status = code;
  }
  return status;
}

// ---------------------------------------------------------------------------------------------
// tar

const ARCHIVE_MARKER = 'dockyard-tar 1\n';

interface ArchivedEntry {
  path: string;
  kind: Entry['kind'];
  mode: number;
  content?: string;
  target?: string;
}

function makeEntry(context: ProgramContext, item: ArchivedEntry, owner: boolean): Entry {
  const base =
    item.kind === 'dir'
      ? dirEntry(item.mode, context.now())
      : item.kind === 'symlink'
        ? symlinkEntry(item.target ?? '', context.now())
        : fileEntry(item.content ?? '', item.mode, context.now());
  return owner ? base : { ...base, uid: context.user.uid, gid: context.user.gid };
}

function itemsOfModel(
  contents: Record<string, ArchiveItem>,
  fs: ProgramContext['fs'],
): ArchivedEntry[] {
  void fs;
  const out: ArchivedEntry[] = [];
  const dirs = new Set<string>();
  for (const [path, item] of Object.entries(contents)) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!dirs.has(dir)) {
        dirs.add(dir);
        out.push({ path: dir, kind: 'dir', mode: 0o755 });
      }
    }
    switch (item.kind) {
      case 'program':
        out.push({ path, kind: 'file', mode: 0o755, content: programMarker(item.name) });
        break;
      case 'file':
        out.push({ path, kind: 'file', mode: item.mode ?? 0o644, content: item.content });
        break;
      case 'link':
        out.push({ path, kind: 'symlink', mode: 0o777, target: item.target });
        break;
      case 'dir':
        out.push({ path, kind: 'dir', mode: 0o755 });
        break;
    }
  }
  return out;
}

/** The entries of an archive file: a real one the simulation made, or a modelled download. */
function readArchive(
  content: string,
  fs: ProgramContext['fs'],
): ArchivedEntry[] | { standIn: string } | undefined {
  if (content.startsWith(ARCHIVE_MARKER)) {
    try {
      return JSON.parse(content.slice(ARCHIVE_MARKER.length)) as ArchivedEntry[];
    } catch {
      return undefined;
    }
  }
  const url = downloadUrl(content);
  if (url === undefined) return undefined;
  const contents = modelledContents(url);
  return contents ? itemsOfModel(contents, fs) : { standIn: url };
}

export function tar(context: ProgramContext, flavor: Flavor): number {
  let args = context.argv.slice(1);
  // The old form without a dash: `tar xzf file.tgz`.
  if (args[0] && /^[A-Za-z]+$/.test(args[0]) && /[xctr]/.test(args[0])) {
    args = [`-${args[0]}`, ...args.slice(1)];
  }
  let mode: 'x' | 'c' | 't' | undefined;
  let archive: string | undefined;
  let directory: string | undefined;
  let strip = 0;
  let verbose = false;
  let keepOwner = context.user.uid === 0;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--')) {
      const [key, value] = arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
      const take = () => value ?? args[++i] ?? '';
      if (key === '--extract' || key === '--get') mode = 'x';
      else if (key === '--create') mode = 'c';
      else if (key === '--list') mode = 't';
      else if (key === '--file') archive = take();
      else if (key === '--directory') directory = take();
      else if (key === '--strip-components' || key === '--strip') strip = Number(take());
      else if (key === '--verbose') verbose = true;
      else if (key === '--no-same-owner') keepOwner = false;
      else if (key === '--same-owner') keepOwner = true;
      else if (
        [
          '--exclude',
          '--owner',
          '--group',
          '--mode',
          '--transform',
          '--use-compress-program',
        ].includes(key)
      ) {
        if (value === undefined) i++;
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        if (letter === 'x' || letter === 'c' || letter === 't') mode = letter;
        else if (letter === 'v') verbose = true;
        else if (letter === 'f' || letter === 'C') {
          const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i];
          if (letter === 'f') archive = value;
          else directory = value;
          break;
        } else if (!'zjJaopPkmhvOUSwB'.includes(letter)) {
          context.io.stderr(
            flavor === 'busybox'
              ? `tar: unrecognized option '-${letter}'\n`
              : `tar: invalid option -- '${letter}'\nTry 'tar --help' or 'tar --usage' for more information.\n`,
          );
          return 2;
        }
      }
      continue;
    }
    operands.push(arg);
  }
  if (mode === undefined) {
    context.io.stderr(
      flavor === 'busybox'
        ? 'tar: need at least one of -c, -t or -x\n'
        : "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n",
    );
    return 2;
  }
  const base = resolvePath(context.cwd, directory ?? '.');
  if (directory !== undefined && context.fs.get(base)?.kind !== 'dir') {
    const found = resolve(context.fs, base);
    if (typeof found === 'string' || found.entry?.kind !== 'dir') {
      context.io.stderr(
        `tar: ${directory}: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n`,
      );
      return 2;
    }
  }

  if (mode === 'c') {
    const items: ArchivedEntry[] = [];
    for (const operand of operands) {
      const root = resolvePath(base, operand);
      const entry = context.fs.get(root);
      if (!entry) {
        context.io.stderr(`tar: ${operand}: Cannot stat: No such file or directory\n`);
        continue;
      }
      const name = operand.replace(/\/+$/, '') || '.';
      const add = (path: string, e: Entry) => {
        items.push({
          path,
          kind: e.kind,
          mode: e.mode,
          content: e.kind === 'file' ? e.content : undefined,
          target: e.kind === 'symlink' ? e.target : undefined,
        });
        if (verbose) context.io.stdout(`${path}${e.kind === 'dir' ? '/' : ''}\n`);
      };
      add(name, entry);
      if (entry.kind === 'dir') {
        for (const [path, child] of walk(context.fs, root))
          add(`${name}${path.slice(root.length)}`, child);
      }
    }
    const text = ARCHIVE_MARKER + JSON.stringify(items);
    if (archive === undefined || archive === '-') {
      context.io.stdout(text);
      return 0;
    }
    const problem = attempt(() =>
      writeFile(context.fs, archive!, text, { cwd: context.cwd, mtime: context.now() }),
    );
    if (problem) {
      context.io.stderr(`tar: ${archive}: Cannot open: ${errnoText(problem)}\n`);
      return 2;
    }
    return 0;
  }

  const source =
    archive === undefined || archive === '-' ? context.io.stdin : readText(context, archive);
  if (source === 'ENOENT' || source === 'EISDIR' || source === 'ENOTDIR' || source === 'ELOOP') {
    context.io.stderr(
      flavor === 'busybox'
        ? `tar: can't open '${archive}': ${errnoText(source)}\n`
        : `tar: ${archive}: Cannot open: ${errnoText(source)}\ntar: Error is not recoverable: exiting now\n`,
    );
    return flavor === 'busybox' ? 1 : 2;
  }
  const items = readArchive(source, context.fs);
  if (items === undefined) {
    context.io.stderr(
      flavor === 'busybox'
        ? 'tar: invalid tar magic\n'
        : 'tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors\n',
    );
    return 2;
  }
  if ('standIn' in items) {
    simulationNote(
      context,
      `tar:${items.standIn}`,
      `${archive ?? 'the archive'} is a simulated download (${items.standIn}); extracting it created nothing`,
    );
    return 0;
  }
  for (const item of items) {
    const parts = item.path.split('/').filter((part) => part !== '' && part !== '.');
    if (parts.length <= strip) continue;
    const relative = parts.slice(strip).join('/');
    if (mode === 't') {
      context.io.stdout(`${relative}${item.kind === 'dir' ? '/' : ''}\n`);
      continue;
    }
    if (verbose) context.io.stdout(`${relative}${item.kind === 'dir' ? '/' : ''}\n`);
    const target = resolvePath(base, relative);
    const existing = context.fs.get(target);
    if (item.kind === 'dir' && existing?.kind === 'dir') continue;
    const problem = attempt(() => {
      mkdirp(context.fs, target.slice(0, target.lastIndexOf('/')) || '/', { mtime: context.now() });
      if (existing && existing.kind !== 'dir') context.fs.delete(target);
      return putEntry(context.fs, target, makeEntry(context, item, keepOwner));
    });
    if (problem) {
      context.io.stderr(`tar: ${relative}: Cannot open: ${errnoText(problem)}\n`);
      return 2;
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// ./configure and make in a modelled source tree

/** Where `configure` recorded the install prefix, read by `make`. */
const CONFIG_RECORD = 'config.dockyard';

export function configure(context: ProgramContext): number {
  let prefix = '/usr/local';
  for (const arg of context.argv.slice(1)) {
    if (arg.startsWith('--prefix=')) prefix = arg.slice('--prefix='.length);
  }
  context.io.stdout(
    'checking build system type... (not simulated: the sources are stand-ins)\n' +
      `configure: the stand-in Makefile installs into ${prefix}\n`,
  );
  const problem = attempt(() =>
    writeFile(context.fs, resolvePath(context.cwd, CONFIG_RECORD), `prefix=${prefix}\n`, {
      mtime: context.now(),
    }),
  );
  if (problem) {
    context.io.stderr(`configure: error: cannot write ${CONFIG_RECORD}: ${errnoText(problem)}\n`);
    return 1;
  }
  return 0;
}

/** The text of a `text:` item, percent-encoded; malformed escapes stay as written. */
function decodeText(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function make(context: ProgramContext): number {
  const args = context.argv.slice(1);
  let dir = context.cwd;
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-C' || arg === '--directory') dir = resolvePath(dir, args[++i] ?? '.');
    else if (arg.startsWith('-C') && arg.length > 2) dir = resolvePath(dir, arg.slice(2));
    else if (arg === '-j' || arg === '-l' || arg === '-f') {
      if (/^\d+$/.test(args[i + 1] ?? '')) i++;
    } else if (arg.startsWith('-') || arg.includes('=')) continue;
    else targets.push(arg);
  }
  const text = ['Makefile', 'makefile', 'GNUmakefile']
    .map((name) => readText({ ...context, cwd: dir }, name))
    .find((content) => !['ENOENT', 'EISDIR', 'ENOTDIR', 'ELOOP'].includes(content));
  if (text === undefined) {
    context.io.stderr(
      targets.length === 0
        ? 'make: *** No targets specified and no makefile found.  Stop.\n'
        : `make: *** No rule to make target '${targets[0]}'.  Stop.\n`,
    );
    return 2;
  }
  const rules = new Map<string, string[]>();
  for (const match of text.matchAll(/^# dockyard-make ([^:]+):(.*)$/gm)) {
    rules.set(match[1]!.trim(), match[2]!.trim().split(/\s+/).filter(Boolean));
  }
  if (rules.size === 0) {
    simulationNote(context, 'make', 'make is not simulated for this Makefile; it built nothing');
    return 0;
  }
  const record = readText({ ...context, cwd: dir }, CONFIG_RECORD);
  const prefix =
    /^prefix=(.*)$/m.exec(typeof record === 'string' ? record : '')?.[1] ?? '/usr/local';
  const wanted = targets.length > 0 ? targets : [rules.keys().next().value!];
  for (const target of wanted) {
    const items = rules.get(target);
    if (items === undefined) continue;
    context.io.stdout(`make: '${target}' (stand-in: the sources were never downloaded)\n`);
    for (const item of items) {
      const eq = item.indexOf('=');
      const where = item.slice(0, eq).replace('$(prefix)', prefix);
      const what = item.slice(eq + 1);
      const path = resolvePath(dir, where);
      const colon = what.indexOf(':');
      const kind = colon < 0 ? what : what.slice(0, colon);
      const value = colon < 0 ? '' : what.slice(colon + 1);
      const entry: Entry =
        kind === 'dir'
          ? dirEntry(0o755, context.now())
          : kind === 'link'
            ? symlinkEntry(value, context.now())
            : kind === 'text'
              ? fileEntry(decodeText(value), 0o644, context.now())
              : fileEntry(programMarker(value), 0o755, context.now());
      const problem = attempt(() => {
        const parent = path.slice(0, path.lastIndexOf('/')) || '/';
        const made = mkdirp(context.fs, parent, { mtime: context.now() });
        if (made) return made;
        if (entry.kind === 'dir' && context.fs.get(path)?.kind === 'dir') return undefined;
        return putEntry(context.fs, path, entry);
      });
      if (problem) {
        context.io.stderr(
          `install: cannot create '${path}': ${errnoText(problem)}\nmake: *** [Makefile] Error 1\n`,
        );
        return 2;
      }
    }
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// gpg

export function gpg(context: ProgramContext): number {
  const args = context.argv.slice(1);
  simulationNote(context, 'gpg', 'gpg is simulated: no key is fetched and no signature is checked');
  let output: string | undefined;
  let decrypt = false;
  let dearmor = false;
  let exportKeys = false;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--output' || arg === '-o') output = args[++i];
    else if (arg.startsWith('--output=')) output = arg.slice(9);
    else if (arg === '--decrypt' || arg === '-d') decrypt = true;
    else if (arg === '--dearmor' || arg === '--dearmour') dearmor = true;
    else if (arg === '--export') exportKeys = true;
    else if (
      [
        '--keyserver',
        '--recv-keys',
        '--homedir',
        '--keyring',
        '--default-key',
        '--trust-model',
      ].includes(arg)
    ) {
      if (arg !== '--recv-keys') i++;
    } else if (!arg.startsWith('-')) operands.push(arg);
  }
  let produced: string | undefined;
  if (decrypt) {
    const input = operands[0] === undefined ? context.io.stdin : readText(context, operands[0]);
    if (['ENOENT', 'EISDIR', 'ENOTDIR', 'ELOOP'].includes(input)) {
      context.io.stderr(`gpg: can't open '${operands[0]}': No such file or directory\n`);
      return 2;
    }
    produced = listingForSigned(context, operands[0]) ?? input;
  } else if (dearmor) {
    produced =
      operands[0] === undefined ? context.io.stdin : String(readText(context, operands[0]));
  } else if (exportKeys) {
    produced =
      '-----BEGIN PGP PUBLIC KEY BLOCK-----\n(stand-in: no key was fetched)\n-----END PGP PUBLIC KEY BLOCK-----\n';
  }
  if (produced === undefined) return 0;
  if (output === undefined || output === '-') {
    context.io.stdout(produced);
    return 0;
  }
  const problem = attempt(() =>
    writeFile(context.fs, output!, produced!, { cwd: context.cwd, mtime: context.now() }),
  );
  if (problem) {
    context.io.stderr(`gpg: can't create '${output}': ${errnoText(problem)}\n`);
    return 2;
  }
  return 0;
}

/**
 * What decrypting a signed checksum list (`SHASUMS256.txt.asc`) that is itself a stand-in
 * gives: a list of the stand-in downloads beside it, with their real digests, so a following
 * `grep ... | sha256sum -c -` finds its line.
 */
function listingForSigned(context: ProgramContext, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  const content = readText(context, file);
  if (typeof content !== 'string' || !isDownloadStandIn(content)) return undefined;
  const path = resolvePath(context.cwd, file);
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  const lines: string[] = [];
  for (const name of context.fs.list(dir)) {
    const entry = context.fs.get(dir === '/' ? `/${name}` : `${dir}/${name}`);
    if (
      entry?.kind !== 'file' ||
      !isDownloadStandIn(entry.content) ||
      name === file.split('/').pop()
    )
      continue;
    lines.push(`${'0'.repeat(64)}  ${name}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}
