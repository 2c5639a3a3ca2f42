import { dirEntry, fileEntry, symlinkEntry } from '../../fs/entry.ts';
import { mkdirp, readFile, resolve } from '../../fs/ops.ts';
import { dirname, resolvePath } from '../../fs/path.ts';
import { PROGRAM_MARKER, type ProgramContext } from '../program.ts';
import { resolveCommand } from '../resolve.ts';
import { attempt, errnoText, putEntry, readText, type Errno } from './common.ts';
import { NPM_CATALOG, parseSpec, satisfies, type CatalogPackage } from './npm-catalog.ts';
import { nodeVersion } from './node.ts';

/**
 * `npm` as far as a Dockerfile uses it: `-v`, `config set/get/delete/list`, `install` (global,
 * of named packages, or of a package.json's dependencies) from a small catalog of real
 * packages, and `run`/`start`/`test`. Output follows npm 10 and 11. Packages outside the catalog
 * cannot be fetched (there is no network); npm says so plainly instead of pretending.
 */

const DEFAULT_REGISTRY = 'https://registry.npmjs.org/';
const FALLBACK_VERSION = '10.9.2';
/** How long npm takes, as its summary line reports it; the simulation does not wait. */

interface Npm {
  context: ProgramContext;
  version: string;
  home: string;
  config: Map<string, string>;
  global: boolean;
  /** Options given on the command line (`--registry=...`), over the config files. */
  flags: Map<string, string>;
  /** When this npm started, for the `in 3s` of its summary. */
  started: number;
}

/** How long npm has run, as its summary prints it: `412ms` under a second, else `3s`. */
function elapsed(npm: Npm): string {
  const ms = Math.max(0, npm.context.now() - npm.started);
  return ms < 1000 ? `${Math.round(ms)}ms` : `${Math.round(ms / 1000)}s`;
}

function npmVersion(context: ProgramContext): string {
  const text = readFile(context.fs, '/usr/local/lib/node_modules/npm/package.json');
  const match = /"version"\s*:\s*"([^"]+)"/.exec(text);
  return match ? match[1]! : FALLBACK_VERSION;
}

function npmrcPath(npm: Npm): string {
  return `${npm.home.replace(/\/$/, '')}/.npmrc`;
}

function readConfig(context: ProgramContext, path: string): Map<string, string> {
  const config = new Map<string, string>();
  const text = readText(context, path);
  if (['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP'].includes(text)) return config;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith(';') || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    if (eq < 0) config.set(trimmed, 'true');
    else config.set(trimmed.slice(0, eq).trim(), trimmed.slice(eq + 1).trim());
  }
  return config;
}

function setting(npm: Npm, key: string): string | undefined {
  return npm.flags.get(key) ?? npm.config.get(key);
}

function registry(npm: Npm): string {
  const value = setting(npm, 'registry') ?? DEFAULT_REGISTRY;
  return value.endsWith('/') ? value : `${value}/`;
}

function enabled(npm: Npm, key: string): boolean {
  return setting(npm, key) !== 'false';
}

function prefix(npm: Npm): string {
  return setting(npm, 'prefix') ?? '/usr/local';
}

/** The closing line of every npm error, naming a debug log that npm also writes. */
function logLine(npm: Npm, lines: string[]): string {
  const stamp = new Date(npm.context.now()).toISOString().replace(/[:.]/g, '_');
  const path = `${npm.home.replace(/\/$/, '')}/.npm/_logs/${stamp}-debug-0.log`;
  const body = [
    `0 verbose cli /usr/local/bin/node /usr/local/bin/npm`,
    `1 info using npm@${npm.version}`,
    `2 info using node@v${nodeVersion(npm.context)}`,
    ...lines.map((line, i) => `${i + 3} error ${line.replace(/^npm error /, '')}`),
  ].join('\n');
  attempt(() => {
    const problem = mkdirp(npm.context.fs, dirname(path));
    if (!problem) npm.context.fs.set(path, { ...fileEntry(`${body}\n`), mtime: npm.context.now() });
  });
  return `npm error A complete log of this run can be found in: ${path}\n`;
}

function fail(npm: Npm, lines: string[], status = 1): number {
  npm.context.io.stderr(lines.map((line) => `${line}\n`).join('') + logLine(npm, lines));
  return status;
}

export async function npm(context: ProgramContext): Promise<number> {
  const args = context.argv.slice(1);
  const flags = new Map<string, string>();
  const positional: string[] = [];
  let global = false;
  let showVersion = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-g' || arg === '--global') global = true;
    else if (arg === '-v' || arg === '--version') showVersion = true;
    else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
      else if (['--registry', '--prefix'].includes(arg) && args[i + 1] !== undefined) {
        flags.set(arg.slice(2), args[++i]!);
      } else if (arg.startsWith('--no-')) flags.set(arg.slice(5), 'false');
      else flags.set(arg.slice(2), 'true');
    } else if (/^-[a-zA-Z]$/.test(arg)) flags.set(arg.slice(1), 'true');
    else positional.push(arg);
  }
  const home = context.env.HOME ?? context.user.home;
  const state: Npm = {
    context,
    version: npmVersion(context),
    home,
    config: new Map(),
    global,
    flags,
    started: context.now(),
  };
  state.config = readConfig(context, npmrcPath(state));
  const [command, ...rest] = positional;
  if (command === undefined) {
    if (showVersion) {
      context.io.stdout(`${state.version}\n`);
      return 0;
    }
    context.io.stdout(
      `npm <command>\n\nUsage:\n\nnpm install        install all the dependencies in your project\nnpm install <foo>  add the <foo> dependency to your project\nnpm test           run this project's tests\nnpm run <foo>      run the script named <foo>\nnpm <command> -h   quick help on <command>\n\nnpm@${state.version} ${prefix(state)}/lib/node_modules/npm\n`,
    );
    return 1;
  }
  switch (command) {
    case 'config':
    case 'c':
      return config(state, rest);
    case 'install':
    case 'i':
    case 'in':
    case 'add':
    case 'ci':
      return global ? installGlobal(state, rest) : installLocal(state, rest);
    case 'run':
    case 'run-script':
    case 'rum':
    case 'urn':
      return runScript(state, rest[0], rest.slice(1));
    case 'start':
    case 'test':
    case 'stop':
    case 'restart':
      return runScript(state, command, rest);
    default:
      context.io.stdout(
        `Unknown command: "${command}"\n\nTo see a list of supported npm commands, run:\n  npm help\n`,
      );
      return 1;
  }
}

function config(npm: Npm, args: string[]): number {
  const { context } = npm;
  const [action, ...rest] = args;
  const path = npmrcPath(npm);
  const save = () => {
    const text = [...npm.config].map(([key, value]) => `${key}=${value}\n`).join('');
    return attempt(() => {
      const problem = mkdirp(context.fs, dirname(path));
      if (problem) return problem;
      const existing = resolve(context.fs, path);
      const base =
        typeof existing !== 'string' && existing.entry?.kind === 'file'
          ? existing.entry
          : undefined;
      context.fs.set(path, {
        ...fileEntry(text, base?.mode ?? 0o600),
        uid: base?.uid ?? context.user.uid,
        gid: base?.gid ?? context.user.gid,
        mtime: context.now(),
      });
      return undefined;
    });
  };
  switch (action) {
    case 'set': {
      if (rest.length === 0) return usageError(npm);
      for (let i = 0; i < rest.length; i++) {
        const item = rest[i]!;
        const eq = item.indexOf('=');
        if (eq > 0) npm.config.set(item.slice(0, eq), item.slice(eq + 1));
        else npm.config.set(item, rest[++i] ?? '');
      }
      const problem = save();
      if (problem)
        return fail(npm, [
          `npm error code ${problem}`,
          `npm error ${problem}: cannot write ${path}`,
        ]);
      return 0;
    }
    case 'delete':
    case 'rm':
    case 'del': {
      for (const key of rest) npm.config.delete(key);
      save();
      return 0;
    }
    case 'get': {
      if (rest.length === 0) return listConfig(npm);
      for (const key of rest) {
        const value =
          setting(npm, key) ??
          (key === 'registry' ? DEFAULT_REGISTRY : key === 'prefix' ? prefix(npm) : undefined);
        context.io.stdout(rest.length > 1 ? `${key}=${value}\n` : `${value}\n`);
      }
      return 0;
    }
    case 'list':
    case 'ls':
      return listConfig(npm);
    default:
      return usageError(npm);
  }
}

function listConfig(npm: Npm): number {
  const { context } = npm;
  const lines: string[] = [];
  if (npm.config.size > 0) {
    lines.push(`; "user" config from ${npmrcPath(npm)}`, '');
    for (const [key, value] of [...npm.config].sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(
        value === 'true' || value === 'false' || /^\d+$/.test(value)
          ? `${key} = ${value}`
          : `${key} = "${value}"`,
      );
    }
    lines.push('');
  }
  lines.push(
    `; node bin location = /usr/local/bin/node`,
    `; node version = v${nodeVersion(context)}`,
    `; npm local prefix = ${context.cwd}`,
    `; npm version = ${npm.version}`,
    `; cwd = ${context.cwd}`,
    `; HOME = ${npm.home}`,
    '; Run `npm config ls -l` to show all defaults.',
  );
  context.io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

function usageError(npm: Npm): number {
  return fail(npm, [
    'npm error code EUSAGE',
    'npm error',
    'npm error Manage the npm configuration files',
    'npm error',
    'npm error Usage:',
    'npm error npm config set <key>=<value> [<key>=<value> ...]',
    'npm error npm config get [<key> [<key> ...]]',
    'npm error npm config delete <key> [<key> ...]',
    'npm error npm config list [--json]',
    'npm error npm config edit',
    'npm error npm config fix',
    'npm error',
    'npm error Run "npm help config" for more info',
  ]);
}

function notFound(npm: Npm, name: string, range: string | undefined): number {
  const base = registry(npm);
  const url = base + name.replace('/', '%2f');
  const detail = base.includes('registry.npmmirror.com')
    ? ` - [NOT_FOUND] ${name} not found`
    : base === DEFAULT_REGISTRY
      ? ' - Not found'
      : '';
  const id = `${name}@${range ?? '*'}`;
  const explanation =
    Number(npm.version.split('.')[0]) >= 11
      ? `npm error 404  The requested resource '${id}' could not be found or you do not have permission to access it.`
      : `npm error 404  '${id}' is not in this registry.`;
  return fail(npm, [
    'npm error code E404',
    `npm error 404 Not Found - GET ${url}${detail}`,
    'npm error 404',
    explanation,
    'npm error 404',
    'npm error 404 Note that you can also install from a',
    'npm error 404 tarball, folder, http url, or git url.',
  ]);
}

function noMatchingVersion(npm: Npm, name: string, range: string): number {
  return fail(npm, [
    'npm error code ETARGET',
    `npm error notarget No matching version found for ${name}@${range}.`,
    'npm error notarget In most cases you or one of your dependencies are requesting',
    "npm error notarget a package version that doesn't exist.",
  ]);
}

/** A write npm could not make, reported the way npm reports a failed system call. */
class WriteFailure {
  constructor(
    readonly errno: Errno,
    readonly syscall: string,
    readonly path: string,
  ) {}
}

/** Throws `WriteFailure` for a problem a write returned. */
function check(problem: Errno | undefined, syscall: string, path: string): void {
  if (problem) throw new WriteFailure(problem, syscall, path);
}

/** Node's negative errno numbers, as npm prints them. */
const ERRNO_NUMBER: Record<Errno, number> = {
  ENOENT: -2,
  ENOTDIR: -20,
  EISDIR: -21,
  EEXIST: -17,
  ELOOP: -40,
  EROFS: -30,
  EACCES: -13,
  ENOTEMPTY: -39,
};

/** Runs the writes of an install; a write that fails prints npm's error and gives status 1. */
function installing(npm: Npm, writes: () => number): number {
  try {
    return writes();
  } catch (error) {
    if (!(error instanceof WriteFailure)) throw error;
    return fail(npm, [
      `npm error code ${error.errno}`,
      `npm error syscall ${error.syscall}`,
      `npm error path ${error.path}`,
      `npm error errno ${ERRNO_NUMBER[error.errno]}`,
      `npm error ${error.errno}: ${errnoText(error.errno).toLowerCase()}, ${error.syscall} '${error.path}'`,
    ]);
  }
}

/** Lays a package and its dependency tree out under `modules` (a node_modules folder). */
function placePackage(npm: Npm, modules: string, pkg: CatalogPackage, nested: boolean): void {
  const { context } = npm;
  const fs = context.fs;
  const now = context.now();
  const owner = { uid: context.user.uid, gid: context.user.gid, mtime: now };
  const root = `${modules}/${pkg.name}`;
  if (fs.get(root) !== undefined) fs.delete(root);
  check(mkdirp(fs, root, owner), 'mkdir', root);
  const manifest = {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    bin: pkg.bin,
    dependencies: pkg.dependencies,
  };
  const manifestPath = `${root}/package.json`;
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  check(putEntry(fs, manifestPath, { ...fileEntry(manifestText), ...owner }), 'open', manifestPath);
  for (const [command, binPath] of Object.entries(pkg.bin)) {
    const path = resolvePath(root, binPath);
    check(mkdirp(fs, dirname(path), owner), 'mkdir', dirname(path));
    const marker = pkg.runnable ? `// ${PROGRAM_MARKER} ${command}\n` : '';
    const content = `#!/usr/bin/env node\n${marker}// Dockyard stand-in for ${pkg.name}'s ${command}: the simulation runs the program itself.\n`;
    check(putEntry(fs, path, { ...fileEntry(content, 0o755), ...owner }), 'open', path);
  }
  const depsRoot = nested ? `${root}/node_modules` : modules;
  if (pkg.tree.length > 0) check(mkdirp(fs, depsRoot, owner), 'mkdir', depsRoot);
  for (const item of pkg.tree) {
    const { name, range: version } = parseSpec(item);
    const dir = `${depsRoot}/${name}`;
    check(mkdirp(fs, dir, owner), 'mkdir', dir);
    const text = `${JSON.stringify({ name, version }, null, 2)}\n`;
    const path = `${dir}/package.json`;
    check(putEntry(fs, path, { ...fileEntry(text), ...owner }), 'open', path);
  }
}

function linkBins(
  npm: Npm,
  binDir: string,
  target: (binPath: string) => string,
  pkg: CatalogPackage,
): void {
  const { context } = npm;
  const owner = { uid: context.user.uid, gid: context.user.gid };
  check(mkdirp(context.fs, binDir, owner), 'mkdir', binDir);
  for (const [command, binPath] of Object.entries(pkg.bin)) {
    const link = `${binDir}/${command}`;
    if (context.fs.get(link) !== undefined) context.fs.delete(link);
    const entry = {
      ...symlinkEntry(target(binPath.replace(/^\.\//, '')), context.now()),
      ...owner,
    };
    check(putEntry(context.fs, link, entry), 'symlink', link);
  }
}

/** Looks specs up in the catalog; prints npm's error for the first that cannot be had. */
function lookupSpecs(npm: Npm, specs: string[]): CatalogPackage[] | number {
  const found: CatalogPackage[] = [];
  for (const spec of specs) {
    const { name, range } = parseSpec(spec);
    const pkg = NPM_CATALOG.get(name);
    if (!pkg) return notFound(npm, name, range);
    if (!satisfies(pkg.version, range)) return noMatchingVersion(npm, name, range!);
    found.push(pkg);
  }
  return found;
}

function summary(
  npm: Npm,
  added: number,
  changed: number,
  audited: number | undefined,
  funding: number,
): string {
  let text = '\n';
  if (added === 0 && changed === 0) text += audited !== undefined ? 'up to date, ' : 'up to date';
  else {
    if (added > 0) text += `added ${added} package${added === 1 ? '' : 's'}`;
    if (changed > 0)
      text += `${added > 0 ? ', ' : ''}changed ${changed} package${changed === 1 ? '' : 's'}`;
    if (audited !== undefined) text += ', and ';
  }
  if (audited !== undefined) text += `audited ${audited} package${audited === 1 ? '' : 's'}`;
  text += ` in ${elapsed(npm)}\n`;
  if (funding > 0 && enabled(npm, 'fund')) {
    const is = funding === 1 ? 'package is' : 'packages are';
    text += `\n${funding} ${is} looking for funding\n  run \`npm fund\` for details\n`;
  }
  if (audited !== undefined) text += '\nfound 0 vulnerabilities\n';
  return text;
}

function installGlobal(npm: Npm, specs: string[]): number {
  const { context } = npm;
  if (specs.length === 0) {
    context.io.stdout(`\nup to date in ${elapsed(npm)}\n`);
    return 0;
  }
  const packages = lookupSpecs(npm, specs);
  if (typeof packages === 'number') return packages;
  const lib = `${prefix(npm)}/lib/node_modules`;
  let added = 0;
  let changed = 0;
  let funding = 0;
  return installing(npm, () => {
    const problem = attempt(() => {
      for (const pkg of packages) {
        const existing = context.fs.get(`${lib}/${pkg.name}/package.json`);
        placePackage(npm, lib, pkg, true);
        linkBins(
          npm,
          `${prefix(npm)}/bin`,
          (binPath) => `../lib/node_modules/${pkg.name}/${binPath}`,
          pkg,
        );
        if (existing) changed += pkg.tree.length + 1;
        else added += pkg.tree.length + 1;
        funding += pkg.funding;
      }
    });
    if (problem) {
      return fail(npm, [
        `npm error code ${problem}`,
        `npm error ${problem}: cannot write to ${lib}`,
      ]);
    }
    context.io.stdout(summary(npm, added, changed, undefined, funding));
    return 0;
  });
}

interface Manifest {
  name?: string;
  version?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [key: string]: unknown;
}

function readManifest(npm: Npm): Manifest | number {
  const path = resolvePath(npm.context.cwd, 'package.json');
  const text = readText(npm.context, path);
  if (['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP'].includes(text)) {
    return fail(
      npm,
      [
        'npm error code ENOENT',
        'npm error syscall open',
        `npm error path ${path}`,
        'npm error errno -2',
        `npm error enoent Could not read package.json: Error: ENOENT: no such file or directory, open '${path}'`,
        'npm error enoent This is related to npm not being able to find a file.',
        'npm error enoent',
      ],
      254,
    );
  }
  try {
    return JSON.parse(text) as Manifest;
  } catch (error) {
    return fail(npm, [
      'npm error code EJSONPARSE',
      `npm error JSON.parse Invalid package.json: JSONParseError: ${(error as Error).message}`,
      'npm error JSON.parse Failed to parse JSON data.',
      'npm error JSON.parse Note: package.json must be actual JSON, not just JavaScript.',
    ]);
  }
}

function installLocal(npm: Npm, specs: string[]): number {
  const { context } = npm;
  const cwd = context.cwd;
  let manifest: Manifest;
  const manifestPath = resolvePath(cwd, 'package.json');
  if (specs.length === 0) {
    const read = readManifest(npm);
    if (typeof read === 'number') return read;
    manifest = read;
  } else {
    const read = readText(context, manifestPath);
    if (['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP'].includes(read)) manifest = {};
    else {
      // A package.json that is not JSON gets npm's EJSONPARSE from the reader of manifests.
      const parsed = readManifest(npm);
      if (typeof parsed === 'number') return parsed;
      manifest = parsed;
    }
  }

  let wanted: Array<{ name: string; range: string | undefined }>;
  if (specs.length > 0) {
    const found = lookupSpecs(npm, specs);
    if (typeof found === 'number') return found;
    wanted = found.map((pkg) => ({ name: pkg.name, range: pkg.version }));
    manifest.dependencies = { ...manifest.dependencies };
    for (const pkg of found) manifest.dependencies[pkg.name] = `^${pkg.version}`;
  } else {
    wanted = Object.entries({ ...manifest.dependencies, ...manifest.devDependencies }).map(
      ([name, range]) => ({ name, range }),
    );
  }

  const packages: CatalogPackage[] = [];
  for (const { name, range } of wanted) {
    const pkg = NPM_CATALOG.get(name);
    if (pkg && satisfies(pkg.version, range)) packages.push(pkg);
    else {
      const known = [...NPM_CATALOG.keys()].join(', ');
      context.io.stderr(
        `dockyard: npm cannot fetch ${name}@${range ?? 'latest'}: there is no network here, and Dockyard's package catalog only has ${known}; it was skipped\n`,
      );
    }
  }

  const modules = `${cwd === '/' ? '' : cwd}/node_modules`;
  let added = 0;
  let funding = 0;
  return installing(npm, () => {
    const problem = attempt(() => {
      for (const pkg of packages) {
        const existed = context.fs.get(`${modules}/${pkg.name}`) !== undefined;
        placePackage(npm, modules, pkg, false);
        linkBins(npm, `${modules}/.bin`, (binPath) => `../${pkg.name}/${binPath}`, pkg);
        if (!existed) added += pkg.tree.length + 1;
        funding += pkg.funding;
      }
      const lock = {
        name: manifest.name,
        version: manifest.version,
        lockfileVersion: 3,
        requires: true,
        packages: Object.fromEntries(
          packages.flatMap((pkg) => [
            [`node_modules/${pkg.name}`, { version: pkg.version, license: pkg.license }],
            ...pkg.tree.map((item) => {
              const { name, range } = parseSpec(item);
              return [`node_modules/${name}`, { version: range }];
            }),
          ]),
        ),
      };
      const owner = { uid: context.user.uid, gid: context.user.gid, mtime: context.now() };
      const lockPath = resolvePath(cwd, 'package-lock.json');
      const lockEntry = { ...fileEntry(`${JSON.stringify(lock, null, 2)}\n`), ...owner };
      check(putEntry(context.fs, lockPath, lockEntry), 'open', lockPath);
      if (specs.length > 0) {
        const entry = { ...fileEntry(`${JSON.stringify(manifest, null, 2)}\n`), ...owner };
        check(putEntry(context.fs, manifestPath, entry), 'open', manifestPath);
      }
      if (packages.length > 0 && context.fs.get(modules) === undefined) {
        check(putEntry(context.fs, modules, { ...dirEntry(), ...owner }), 'mkdir', modules);
      }
    });
    if (problem) {
      return fail(npm, [
        `npm error code ${problem}`,
        `npm error ${problem}: cannot write to ${cwd}`,
      ]);
    }
    const total = packages.reduce((sum, pkg) => sum + pkg.tree.length + 1, 0);
    const audited = enabled(npm, 'audit') ? total + 1 : undefined;
    context.io.stdout(summary(npm, added, 0, audited, funding));
    return 0;
  });
}

async function runScript(npm: Npm, name: string | undefined, extra: string[]): Promise<number> {
  const { context } = npm;
  const manifest = readManifest(npm);
  if (typeof manifest === 'number') return manifest;
  const scripts = manifest.scripts ?? {};
  const id = `${manifest.name ?? ''}@${manifest.version ?? ''}`;
  if (name === undefined) {
    const lifecycle = ['start', 'test', 'stop', 'restart'];
    const lines: string[] = [];
    const own = Object.keys(scripts).filter((key) => lifecycle.includes(key));
    const other = Object.keys(scripts).filter((key) => !lifecycle.includes(key));
    if (own.length > 0) {
      lines.push(`Lifecycle scripts included in ${id}:`);
      for (const key of own) lines.push(`  ${key}`, `    ${scripts[key]}`);
    }
    if (other.length > 0) {
      lines.push('available via `npm run-script`:');
      for (const key of other) lines.push(`  ${key}`, `    ${scripts[key]}`);
    }
    if (lines.length > 0) context.io.stdout(`${lines.join('\n')}\n`);
    return 0;
  }
  let command = scripts[name];
  if (command === undefined && name === 'start') {
    const server = resolve(context.fs, resolvePath(context.cwd, 'server.js'));
    if (typeof server !== 'string' && server.entry) command = 'node server.js';
  }
  if (command === undefined) {
    return fail(npm, [
      `npm error Missing script: "${name}"`,
      'npm error',
      'npm error To see a list of scripts, run:',
      'npm error   npm run',
    ]);
  }
  const full = extra.length > 0 ? `${command} ${extra.join(' ')}` : command;
  context.io.stdout(`\n> ${id} ${name}\n> ${full}\n\n`);
  const bin = `${context.cwd === '/' ? '' : context.cwd}/node_modules/.bin`;
  const env = {
    ...context.env,
    PATH: `${bin}:${context.env.PATH ?? ''}`,
    npm_lifecycle_event: name,
    npm_package_name: manifest.name ?? '',
    npm_package_version: manifest.version ?? '',
  };
  return context.spawn(['sh', '-c', full], { env });
}

/** `npx <command>`: runs a package's bin from node_modules/.bin or PATH. */
export async function npx(context: ProgramContext): Promise<number> {
  const args = context.argv.slice(1).filter((arg) => arg !== '-y' && arg !== '--yes');
  const [spec, ...rest] = args;
  if (spec === undefined) {
    context.io.stderr('npm error npx needs a command to run\n');
    return 1;
  }
  const { name } = parseSpec(spec);
  const local = `${context.cwd === '/' ? '' : context.cwd}/node_modules/.bin`;
  const env = { ...context.env, PATH: `${local}:${context.env.PATH ?? ''}` };
  const found = resolveCommand(context.fs, name, env, context.cwd);
  if (found.kind !== 'not-found') return context.spawn([name, ...rest], { env });
  context.io.stderr(
    `dockyard: npx would download ${spec} from the registry, which the simulation cannot do; install it first with npm install -g ${name}\n`,
  );
  return 1;
}
