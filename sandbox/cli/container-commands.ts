import { copyTree, ReadOnlyError, resolvePath, walk, type FileSystem } from '../fs/index.ts';
import { goQuote } from '../dockerfile/dump.ts';
import { parseReference } from '../image/reference.ts';
import type { PortBinding } from '../net/host-network.ts';
import {
  DEFAULT_STOP_TIMEOUT,
  Engine,
  ExecFailure,
  isEngineError,
  type Container,
  type ContainerShell,
  type ContainerSpec,
  type MountRequest,
  signalName,
} from '../runtime/engine.ts';
import { humanSize } from '../runtime/format.ts';
import { volumeJson } from '../runtime/inspect.ts';
import { pullImage, runError, type CliContext } from './docker.ts';
import {
  FlagError,
  flagBool,
  flagErrorText,
  flagList,
  flagString,
  type CommandSpec,
  type ParsedFlags,
} from './flags.ts';
import { COMMAND_MESSAGES } from './messages.ts';
import { parseMountOption } from './mount-option.ts';
import { renderListing } from './listing.ts';
import { confirm } from './prompt.ts';
import { applyTemplate, goJson } from './template.ts';

/**
 * The container and volume commands: `run`, `create`, `start`, `stop`, `restart`, `kill`, `rm`,
 * `exec`, `cp`, `port` and `volume ...`, with the client's own checks of `-p`, `-v`, `--mount`
 * and `--env-file` before the daemon is asked.
 */

const line = (terminal: CliContext['terminal'], text: string) => terminal.out(`${text}\n`);
const errLine = (terminal: CliContext['terminal'], text: string) => terminal.err(`${text}\n`);

/** `-p` values, checked the way the client checks them before asking the daemon. */
function parsePublish(value: string): PortBinding[] | string {
  // The client splits `[ip:][hostPort:]containerPort` at colons first; only the container side
  // may carry a protocol (`80/udp`; anything after a second slash is ignored), so `80/tcp:80`
  // is a bad host port.
  const parts = value.split(':');
  const [containerPart = '', protoPart = ''] = parts.pop()!.split('/');
  const proto = containerPart === '' ? '' : protoPart === '' ? 'tcp' : protoPart.toLowerCase();
  const hostPart = parts.pop() ?? '';
  const givenIp = parts.join(':');
  const hostIp = givenIp.startsWith('[') ? givenIp.replace(/^\[(.*)\]$/, '$1') : givenIp;
  if (hostIp !== '' && !isIpv4(hostIp) && !isIpv6(hostIp)) return `invalid IP address: ${hostIp}`;
  if (containerPart === '') return `no port specified: ${value}<empty>`;
  const range = (text: string) => {
    const match = /^(\d+)(?:-(\d+))?$/.exec(text);
    if (!match) return undefined;
    const start = Number(match[1]);
    const end = match[2] !== undefined ? Number(match[2]) : start;
    return start > 65535 || end > 65535 || end < start ? undefined : ([start, end] as const);
  };
  const container = range(containerPart);
  if (!container) return `invalid containerPort: ${containerPart}`;
  const hostRange = hostPart === '' ? undefined : range(hostPart);
  if (hostPart !== '' && !hostRange) return `invalid hostPort: ${hostPart}`;
  const hostSpan = hostRange ? hostRange[1] - hostRange[0] : 0;
  const containerSpan = container[1] - container[0];
  if (hostRange && hostRange[0] !== 0 && containerSpan > 0 && hostSpan !== containerSpan) {
    return `invalid ranges specified for container and host Ports: ${containerPart} and ${hostPart}`;
  }
  if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') return `invalid proto: ${proto}`;
  if (hostRange && hostRange[0] !== 0 && containerSpan === 0 && hostSpan > 0) {
    // One container port and a host range: the daemon picks the first free port of the range.
    return [
      {
        hostIp,
        hostPort: hostRange[0],
        hostPortLast: hostRange[1],
        containerPort: container[0],
        protocol: proto as PortBinding['protocol'],
      },
    ];
  }
  const bindings: PortBinding[] = [];
  for (let port = container[0]; port <= container[1]; port++) {
    const offset = port - container[0];
    // No host port, or port 0, means "any free port": the daemon picks one at every start.
    const hostPort = hostRange && hostRange[0] !== 0 ? hostRange[0] + offset : 0;
    bindings.push({
      hostIp,
      hostPort,
      containerPort: port,
      protocol: proto as PortBinding['protocol'],
    });
  }
  return bindings;
}

/**
 * A flag value the client refuses while reading its flags (`--mount`, `-e`), with the command's
 * usage line, as pflag reports it; status 125.
 */
function flagValueError(
  terminal: CliContext['terminal'],
  spec: CommandSpec,
  flag: string,
  value: string,
  problem: string,
): number {
  const message = `invalid argument ${goQuote(value)} for "${flag}" flag: ${problem}`;
  errLine(terminal, flagErrorText(spec, new FlagError(message)));
  return 125;
}

/** `-e` with no name before its `=`, which the client refuses: the status, or undefined. */
function refuseBadEnvFlag(
  parsed: ParsedFlags,
  terminal: CliContext['terminal'],
  spec: CommandSpec,
): number | undefined {
  const bad = flagList(parsed, 'env').find((item) => item.split('=')[0] === '');
  if (bad === undefined) return undefined;
  return flagValueError(terminal, spec, '-e, --env', bad, `invalid environment variable: ${bad}`);
}

/**
 * The status `docker run` ends with when the daemon could not start the container, read from the
 * message as the client reads it: 127 for a program that is not there, 126 for one that cannot
 * be run, 125 for anything else (a port already allocated, an unknown `-u` user).
 */
function startFailureStatus(message: string): number {
  if (/executable file not found|no such file or directory/.test(message)) return 127;
  if (/permission denied|is a directory/.test(message)) return 126;
  return 125;
}

/** Go's `net.ParseIP` for a dotted IPv4 address. */
function isIpv4(text: string): boolean {
  const octets = text.split('.');
  return octets.length === 4 && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
}

/** Go's `net.ParseIP` for an IPv6 address: eight groups, or fewer around one `::`. */
function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  let count = 0;
  for (const [index, group] of groups.entries()) {
    if (index === groups.length - 1 && group.includes('.')) {
      if (!isIpv4(group)) return false;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
      count += 1;
    } else {
      return false;
    }
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

/**
 * `-v ./site:/app`: since Docker 23 the client reads a source that starts with `.` as a path
 * relative to the current folder and sends the daemon an absolute one.
 */
function absoluteBindSource(value: string, cwd: string): string {
  if (!value.startsWith('.')) return value;
  const colon = value.indexOf(':');
  if (colon < 0) return value;
  return resolvePath(cwd, value.slice(0, colon)) + value.slice(colon);
}

/**
 * The options beginners put after the image name by mistake. Others (`-e` of `node -e`, `-c` of
 * `postgres -c`) are usually meant for the container's program and are left alone.
 */
const OFTEN_MISPLACED = new Set([
  'publish',
  'publish-all',
  'detach',
  'name',
  'volume',
  'mount',
  'rm',
  'interactive',
  'tty',
  'env',
]);

/**
 * The leading words of a container command that look like options of `docker run` itself
 * (`-p 8888:8080`, `--name web`, `-d`), with their values, or undefined. Docker gives them to the
 * container; a learner almost always meant them for docker.
 */
function optionsAfterImage(command: readonly string[], spec: CommandSpec): string | undefined {
  const taken: string[] = [];
  for (let i = 0; i < command.length; i++) {
    const word = command[i]!;
    const long = /^--([a-z-]+)(=.*)?$/.exec(word);
    const flags = long
      ? [spec.flags.find((f) => f.long === long[1])]
      : /^-[a-zA-Z]+$/.test(word)
        ? [...word.slice(1)].map((letter) => spec.flags.find((f) => f.short === letter))
        : [undefined];
    if (!flags.every((flag) => flag !== undefined && OFTEN_MISPLACED.has(flag.long))) break;
    const last = flags.at(-1)!;
    const inlineValue = long?.[2] !== undefined;
    const value = last.kind !== 'bool' && !inlineValue ? command[i + 1] : undefined;
    // `-e` with something other than NAME=value is most likely the program's own option.
    if (last.long === 'env' && !(value ?? long?.[2] ?? '').includes('=')) break;
    taken.push(word);
    if (value !== undefined) taken.push(command[++i]!);
  }
  return taken.length > 0 ? taken.join(' ') : undefined;
}

/** `docker run`: create, start, and (unless `-d`) follow the output until the process ends. */
export function runCommand(
  parsed: ParsedFlags,
  context: CliContext,
  spec: CommandSpec,
): Promise<number> {
  return createAndMaybeStart(parsed, context, spec, true);
}

/** `docker create`: the container, not started; prints its ID. */
export function createCommand(
  parsed: ParsedFlags,
  context: CliContext,
  spec: CommandSpec,
): Promise<number> {
  return createAndMaybeStart(parsed, context, spec, false);
}

async function createAndMaybeStart(
  parsed: ParsedFlags,
  context: CliContext,
  spec: CommandSpec,
  start: boolean,
): Promise<number> {
  const { terminal, engine } = context;
  const [imageName, ...command] = parsed.args as [string, ...string[]];

  if (flagBool(parsed, 'tty') && flagBool(parsed, 'interactive') && !terminal.tty) {
    errLine(terminal, 'the input device is not a TTY');
    return 1;
  }
  const envRefused = refuseBadEnvFlag(parsed, terminal, spec);
  if (envRefused !== undefined) return envRefused;
  for (const value of flagList(parsed, 'volume')) {
    if (value.split(':').some((part) => part === '')) {
      return runError(terminal, spec, `invalid spec: ${value}: empty section between colons`);
    }
  }
  const ports: PortBinding[] = [];
  for (const value of flagList(parsed, 'publish')) {
    const bindings = parsePublish(value);
    if (typeof bindings === 'string') return runError(terminal, spec, bindings);
    ports.push(...bindings);
  }
  const mounts: MountRequest[] = [];
  for (const value of flagList(parsed, 'mount')) {
    const mount = parseMountOption(value, context.cwd);
    if (typeof mount === 'string') return flagValueError(terminal, spec, '--mount', value, mount);
    mounts.push(mount);
  }
  const env: string[] = [];
  for (const file of flagList(parsed, 'env-file')) {
    const read = readEnvFile(context.host, resolvePath(context.cwd, file), file);
    if (typeof read === 'string') return runError(terminal, spec, read);
    env.push(...read);
  }
  env.push(...flagList(parsed, 'env'));
  const ref = parseReference(imageName);
  if ('error' in ref) return runError(terminal, spec, ref.error);
  const misplaced = optionsAfterImage(command, spec);
  if (misplaced) {
    errLine(terminal, COMMAND_MESSAGES.optionsAfterImage(spec.path, misplaced, imageName));
  }

  // The daemon refuses a bad working directory or runtime before it looks for the image.
  const refused = engine.verifyContainerSettings({
    workdir: flagString(parsed, 'workdir'),
    runtime: flagString(parsed, 'runtime'),
  });
  if (refused) return runError(terminal, spec, refused.error);

  let image = engine.findImage(imageName);
  if (!image) {
    const pulled = await pullImage(ref, context, true);
    if (typeof pulled === 'string') return runError(terminal, spec, pulled);
    image = pulled;
  }

  const containerSpec: ContainerSpec = {
    image: imageName,
    name: flagString(parsed, 'name') || undefined,
    command,
    entrypoint: flagString(parsed, 'entrypoint'),
    env: fromHostEnv(env, context),
    ports,
    publishAll: flagBool(parsed, 'publish-all'),
    mounts,
    volumesFrom: flagList(parsed, 'volumes-from'),
    volumes: flagList(parsed, 'volume').map((value) => absoluteBindSource(value, context.cwd)),
    workdir: flagString(parsed, 'workdir'),
    user: flagString(parsed, 'user'),
    autoRemove: flagBool(parsed, 'rm'),
    runtime: flagString(parsed, 'runtime'),
  };
  const container = engine.createContainer(containerSpec, image);
  if (isEngineError(container)) return runError(terminal, spec, container.error);
  if (!start) {
    line(terminal, container.id);
    return 0;
  }

  const detach = flagBool(parsed, 'detach');
  const stop = detach
    ? undefined
    : engine.followLogs(container, (entry) =>
        entry.stream === 'stdout' ? terminal.out(entry.text) : terminal.err(entry.text),
      );
  // `docker run -it IMAGE sh`: the shell that is the main process takes the terminal.
  const interactive =
    flagBool(parsed, 'interactive') && !detach && context.attachShell !== undefined;
  const attach = interactive && startsShell(container);
  const started = await engine.startContainer(container, { interactive: attach });
  if (started) {
    stop?.();
    // A container that never started is still removed when `--rm` asked for it.
    if (container.autoRemove) engine.removeContainer(container, { force: true, volumes: true });
    errLine(terminal, `docker: ${started.error}\n\nRun 'docker run --help' for more information`);
    return startFailureStatus(started.error);
  }
  if (detach) {
    line(terminal, container.id);
    return 0;
  }
  const shell = attach ? engine.attachedShell(container) : undefined;
  if (shell) {
    stop?.();
    context.attachShell!(shell);
    return 0;
  }
  const status = await waitForExit(container, engine, terminal.signal);
  stop?.();
  return status;
}

/** Whether the main process is a shell with no script, which reads its commands from stdin. */
function startsShell(container: Container): boolean {
  const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  let argv = [container.path, ...container.args];
  if (base(argv[0]!) === 'docker-entrypoint.sh' && argv.length > 1) argv = argv.slice(1);
  return argv.length === 1 && SHELLS.has(base(argv[0]!));
}

/** Waits for the main process; Ctrl+C is passed on to it as SIGINT, as `docker run` does. */
async function waitForExit(
  container: Container,
  engine: Engine,
  signal?: AbortSignal,
): Promise<number> {
  const process = container.process;
  if (!process) return container.exitCode;
  const onAbort = () => void engine.interrupt(container);
  signal?.addEventListener('abort', onAbort, { once: true });
  const status = await process.done;
  signal?.removeEventListener('abort', onAbort);
  return container.killedWith === 'SIGKILL' ? 137 : status;
}

function eachContainer(
  parsed: ParsedFlags,
  context: CliContext,
  action: (container: Container, name: string) => Promise<string | undefined> | string | undefined,
): Promise<number> {
  return (async () => {
    let status = 0;
    for (const name of parsed.args) {
      const container = context.engine.requireContainer(name);
      if (isEngineError(container)) {
        errLine(context.terminal, container.error);
        status = 1;
        continue;
      }
      const error = await action(container, name);
      if (error) {
        errLine(context.terminal, error);
        status = 1;
      } else line(context.terminal, name);
    }
    return status;
  })();
}

export function startCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  return eachContainer(parsed, context, async (container) => {
    const error = await context.engine.startContainer(container);
    return error
      ? `${error.error}\nError: failed to start containers: ${parsed.args.join(', ')}`
      : undefined;
  });
}

/** `-t`: whole seconds, as the client's integer flag reads them. */
function timeoutFlag(parsed: ParsedFlags): number | string {
  const text = flagString(parsed, 'timeout');
  if (text === undefined) return DEFAULT_STOP_TIMEOUT;
  if (!/^[+-]?\d+$/.test(text)) {
    return `invalid argument "${text}" for "-t, --timeout" flag: strconv.ParseInt: parsing "${text}": invalid syntax`;
  }
  return Number(text);
}

function stopOrRestart(
  parsed: ParsedFlags,
  context: CliContext,
  restart: boolean,
): Promise<number> {
  const timeout = timeoutFlag(parsed);
  if (typeof timeout === 'string') {
    errLine(context.terminal, timeout);
    return Promise.resolve(125);
  }
  const signal = flagString(parsed, 'signal');
  return eachContainer(parsed, context, async (container, name) => {
    const stopSignal = signal ?? container.image.config.StopSignal ?? 'SIGTERM';
    if (signal !== undefined && !signalOk(signal)) {
      return `Error response from daemon: Invalid signal: ${signal}`;
    }
    if (!restart) {
      await context.engine.stopContainer(container, stopSignal, timeout, context.terminal.signal);
      return undefined;
    }
    const error = await context.engine.restartContainer(container, stopSignal, timeout);
    return error
      ? `Error response from daemon: Cannot restart container ${name}: ${error.error.replace(/^Error response from daemon: /, '')}`
      : undefined;
  });
}

export function stopCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  return stopOrRestart(parsed, context, false);
}

export function restartCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  return stopOrRestart(parsed, context, true);
}

export function killCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  const signal = flagString(parsed, 'signal') ?? 'SIGKILL';
  return eachContainer(parsed, context, async (container, name) => {
    const error = await context.engine.killContainer(container, name, signal);
    return error?.error;
  });
}

function signalOk(signal: string): boolean {
  return signalName(signal) !== undefined;
}

export function rmCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  return eachContainer(parsed, context, (container) => {
    const error = context.engine.removeContainer(container, {
      force: flagBool(parsed, 'force'),
      volumes: flagBool(parsed, 'volumes'),
    });
    return error?.error;
  });
}

// --env-file, -e NAME

/**
 * `--env-file`: one `NAME=value` a line, taken as written (no quotes removed); `NAME` alone takes
 * the host's value; blank lines and `#` comments are skipped.
 */
function readEnvFile(host: FileSystem, path: string, given: string): string[] | string {
  const entry = host.get(path);
  if (!entry) return `open ${given}: no such file or directory`;
  if (entry.kind !== 'file') return `invalid env file (${given}): read ${given}: is a directory`;
  const items: string[] = [];
  for (const raw of entry.content.split('\n')) {
    const text = raw.replace(/\r$/, '').replace(/^\s+/, '');
    if (text === '' || text.startsWith('#')) continue;
    const eq = text.indexOf('=');
    const name = eq >= 0 ? text.slice(0, eq) : text;
    if (name === '') return `invalid env file (${given}): no variable name on line '${text}'`;
    if (/\s/.test(name)) {
      return `invalid env file (${given}): variable '${name}' contains whitespaces`;
    }
    items.push(text);
  }
  return items;
}

/** `-e NAME` with no `=`: the value from the host's environment, or nothing when it has none. */
function fromHostEnv(items: string[], context: CliContext): string[] {
  const host = context.hostEnv ?? {};
  const result: string[] = [];
  for (const item of items) {
    if (item.includes('=')) result.push(item);
    else if (host[item] !== undefined) result.push(`${item}=${host[item]}`);
  }
  return result;
}

// docker exec

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

export async function execCommand(
  parsed: ParsedFlags,
  context: CliContext,
  spec: CommandSpec,
): Promise<number> {
  const { engine, terminal } = context;
  const [name, ...argv] = parsed.args as [string, ...string[]];
  const envRefused = refuseBadEnvFlag(parsed, terminal, spec);
  if (envRefused !== undefined) return envRefused;
  const interactive = flagBool(parsed, 'interactive');
  const tty = flagBool(parsed, 'tty');
  if (interactive && tty && !terminal.tty) {
    errLine(terminal, 'the input device is not a TTY');
    return 1;
  }
  const container = engine.requireContainer(name);
  if (isEngineError(container)) {
    errLine(terminal, container.error);
    return 1;
  }
  const env: string[] = [];
  for (const file of flagList(parsed, 'env-file')) {
    const read = readEnvFile(context.host, resolvePath(context.cwd, file), file);
    if (typeof read === 'string') {
      errLine(terminal, read);
      return 1;
    }
    env.push(...read);
  }
  env.push(...flagList(parsed, 'env'));
  // `-i` passes standard input on: what a pipe gives (`echo ls | docker exec -i box sh`), or,
  // from the terminal, the next command lines, to a shell that then has the terminal.
  let piped = '';
  if (interactive && context.readLine) {
    const lines: string[] = [];
    for (let text = await context.readLine(); text !== undefined; text = await context.readLine())
      lines.push(text);
    if (lines.length > 0) piped = `${lines.join('\n')}\n`;
  }
  const options = {
    env: fromHostEnv(env, context),
    user: flagString(parsed, 'user'),
    workdir: flagString(parsed, 'workdir'),
    io: { stdout: terminal.out, stderr: terminal.err, stdin: piped, tty },
    signal: terminal.signal,
  };
  const program = argv[0]!.slice(argv[0]!.lastIndexOf('/') + 1);
  const shell = SHELLS.has(program) && argv.length === 1;
  if (interactive && shell && piped === '' && context.attachShell) {
    const opened = engine.openShell(container, argv, options);
    if (!isContainerShell(opened)) return execError(opened, context);
    context.attachShell(opened);
    return 0;
  }
  const detach = flagBool(parsed, 'detach');
  const started = engine.exec(
    container,
    argv,
    detach
      ? { ...options, io: { stdout: () => {}, stderr: () => {}, stdin: '' }, signal: undefined }
      : options,
  );
  if (started instanceof ExecFailure || isEngineError(started)) return execError(started, context);
  return detach ? 0 : started.done;
}

function isContainerShell(value: unknown): value is ContainerShell {
  return typeof value === 'object' && value !== null && 'prompt' in value;
}

function execError(error: ExecFailure | { error: string }, context: CliContext): number {
  if (error instanceof ExecFailure) {
    errLine(context.terminal, error.message);
    return error.status;
  }
  errLine(context.terminal, error.error);
  return 1;
}

// docker cp

/** A `docker cp` argument: `CONTAINER:PATH`, or a local path (absolute or `.`-relative first). */
function cpTarget(arg: string): { container: string; path: string } | { local: string } {
  if (arg.startsWith('/') || arg.startsWith('.')) return { local: arg };
  const colon = arg.indexOf(':');
  if (colon <= 0) return { local: arg };
  return { container: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

/** The size of the tar stream `docker cp` sends: a 512-byte header per entry, data padded to 512. */
function tarSize(fs: FileSystem, path: string): number {
  let size = 1024;
  const entries = fs.get(path)?.kind === 'dir' ? walk(fs, path) : [];
  const top = fs.get(path);
  const all = top ? [top, ...entries.map(([, entry]) => entry)] : [];
  for (const entry of all) {
    size += 512;
    if (entry.kind === 'file') {
      const bytes = entry.size ?? new TextEncoder().encode(entry.content).length;
      size += Math.ceil(bytes / 512) * 512;
    }
  }
  return size;
}

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function parentOf(path: string): string {
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

/**
 * Copies `from` in `source` to `to` in `target` with `docker cp`'s rules: into a folder that
 * exists, under the source's own name; `SRC/.` copies what is inside; otherwise to `to` itself.
 */
function copyPath(
  source: FileSystem,
  fromGiven: string,
  from: string,
  target: FileSystem,
  to: string,
): string | undefined {
  const entry = source.get(from);
  if (!entry) return 'missing';
  const destination = target.get(to);
  const contentsOnly = /\/\.$/.test(fromGiven);
  if (entry.kind === 'dir' && destination && destination.kind !== 'dir') {
    return `cannot copy a directory to a file`;
  }
  if (destination?.kind === 'dir') {
    if (contentsOnly) {
      for (const [path, child] of walk(source, from)) {
        target.set(`${to === '/' ? '' : to}${path.slice(from === '/' ? 0 : from.length)}`, {
          ...child,
        });
      }
      return undefined;
    }
    copyTree(source, from, target, `${to === '/' ? '' : to}/${basename(from)}`);
    return undefined;
  }
  if (target.get(parentOf(to))?.kind !== 'dir') return 'no parent';
  copyTree(source, from, target, to);
  return undefined;
}

/**
 * The absolute local path the client reports, keeping a trailing `/.` or `/` of the path as typed
 * (Go's `archive.PreserveTrailingDotOrSeparator`).
 */
function shownLocalPath(absolute: string, typed: string): string {
  let shown = absolute;
  const base = typed.replace(/\/+$/, '').split('/').pop();
  if (base === '.' && !absolute.endsWith('/.')) shown += `${shown.endsWith('/') ? '' : '/'}.`;
  if (typed.endsWith('/') && !shown.endsWith('/')) shown += '/';
  return shown;
}

export function cpCommand(parsed: ParsedFlags, context: CliContext): number {
  const { engine, terminal, host } = context;
  const [first, second] = parsed.args as [string, string];
  const src = cpTarget(first);
  const dst = cpTarget(second);
  if ('container' in src && 'container' in dst) {
    errLine(terminal, 'copying between containers is not supported');
    return 1;
  }
  if ('local' in src && 'local' in dst) {
    errLine(terminal, 'must specify at least one container source');
    return 1;
  }
  const quiet = flagBool(parsed, 'quiet') || !terminal.tty;
  if ('container' in src && 'local' in dst) {
    const container = engine.requireContainer(src.container);
    if (isEngineError(container)) {
      errLine(terminal, container.error);
      return 1;
    }
    const fs = engine.containerFs(container);
    const from = resolvePath('/', src.path);
    const to = resolvePath(context.cwd, dst.local);
    if (!fs.get(from)) {
      errLine(
        terminal,
        `Error response from daemon: Could not find the file ${src.path} in container ${src.container}`,
      );
      return 1;
    }
    const size = tarSize(fs, from);
    const problem = copyPath(fs, src.path, from, host, to);
    if (problem === 'no parent') {
      errLine(terminal, `lstat ${parentOf(to)}: no such file or directory`);
      return 1;
    }
    if (problem) {
      errLine(terminal, problem);
      return 1;
    }
    if (!quiet) {
      errLine(
        terminal,
        `Successfully copied ${humanSize(size)} to ${shownLocalPath(to, dst.local)}`,
      );
    }
    return 0;
  }
  if ('local' in src && 'container' in dst) {
    const from = resolvePath(context.cwd, src.local);
    if (!host.get(from)) {
      errLine(terminal, `lstat ${from}: no such file or directory`);
      return 1;
    }
    const container = engine.requireContainer(dst.container);
    if (isEngineError(container)) {
      errLine(terminal, container.error);
      return 1;
    }
    const fs = engine.containerFs(container);
    const to = resolvePath(container.workingDir, dst.path === '' ? '.' : dst.path);
    const size = tarSize(host, from);
    let problem: string | undefined;
    try {
      problem = copyPath(host, src.local, from, fs, to);
    } catch (error) {
      if (!(error instanceof ReadOnlyError)) throw error;
      problem = 'mounted volume is marked read-only';
    }
    if (problem === 'no parent') {
      errLine(
        terminal,
        `Error response from daemon: Could not find the file ${parentOf(to)} in container ${dst.container}`,
      );
      return 1;
    }
    if (problem) {
      errLine(terminal, `Error response from daemon: ${problem}`);
      return 1;
    }
    engine.changed();
    if (!quiet) errLine(terminal, `Successfully copied ${humanSize(size)} to ${second}`);
    return 0;
  }
  return 1;
}

// docker port

/** `host:port` as Go's `net.JoinHostPort` writes it: IPv6 addresses in brackets. */
function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') && !ip.startsWith('[') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Each published port as `docker port` lists it: IPv4 and IPv6 for a binding to every address. */
function frontends(container: Container): Array<{ from: string; to: string }> {
  if (container.state !== 'running') return [];
  const rows: Array<{ from: string; to: string }> = [];
  for (const binding of container.ports) {
    const from = `${binding.containerPort}/${binding.protocol}`;
    if (binding.hostIp) rows.push({ from, to: joinHostPort(binding.hostIp, binding.hostPort) });
    else {
      rows.push({ from, to: joinHostPort('0.0.0.0', binding.hostPort) });
      rows.push({ from, to: joinHostPort('::', binding.hostPort) });
    }
  }
  return rows;
}

export function portCommand(parsed: ParsedFlags, context: CliContext): number {
  const { engine, terminal } = context;
  const [name, wanted] = parsed.args as [string, string | undefined];
  const container = engine.requireContainer(name);
  if (isEngineError(container)) {
    errLine(terminal, container.error);
    return 1;
  }
  const rows = frontends(container);
  if (wanted === undefined) {
    for (const text of rows.map((row) => `${row.from} -> ${row.to}`).sort()) line(terminal, text);
    return 0;
  }
  const [port = '', protocol = 'tcp'] = wanted.split('/');
  if (!/^\d+$/.test(port) || Number(port) > 65535) {
    errLine(terminal, `Error: invalid port (${port}): invalid syntax`);
    return 1;
  }
  const key = `${Number(port)}/${protocol}`;
  const matching = rows.filter((row) => row.from === key);
  if (matching.length === 0) {
    errLine(terminal, `Error: No public port '${key}' published for ${name}`);
    return 1;
  }
  for (const row of matching) line(terminal, row.to);
  return 0;
}

// docker volume ...

function volumeSize(engine: Engine, name: string): number {
  const volume = engine.volumes.get(name);
  return volume ? engine.volumeFiles(volume).reduce((sum, file) => sum + file.size, 0) : 0;
}

export function volumeLsCommand(parsed: ParsedFlags, context: CliContext): number {
  const { engine, terminal } = context;
  let volumes = [...engine.volumes.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const filter of flagList(parsed, 'filter')) {
    const eq = filter.indexOf('=');
    const key = eq >= 0 ? filter.slice(0, eq) : filter;
    const value = eq >= 0 ? filter.slice(eq + 1) : '';
    if (eq < 0) {
      errLine(
        terminal,
        `invalid argument "${filter}" for "-f, --filter" flag: bad format of filter (expected name=value)`,
      );
      return 125;
    }
    if (key === 'dangling') {
      if (!['true', 'false', '1', '0'].includes(value)) {
        errLine(terminal, `Error response from daemon: invalid filter 'dangling=${value}'`);
        return 1;
      }
      const dangling = value === 'true' || value === '1';
      volumes = volumes.filter((v) => (engine.volumeUsers(v).length === 0) === dangling);
    } else if (key === 'name') {
      volumes = volumes.filter((v) => v.name.includes(value));
    } else if (key === 'driver') {
      volumes = volumes.filter(() => value === 'local');
    } else {
      errLine(terminal, `Error response from daemon: invalid filter '${key}'`);
      return 1;
    }
  }
  // The fields of the client's volume formatter; `ls` has no usage data, so Size and Links are N/A.
  const rows = volumes.map((volume) => ({
    Availability: 'N/A',
    Driver: 'local',
    Group: 'N/A',
    Labels: '',
    Links: 'N/A',
    Mountpoint: Engine.volumeMountpoint(volume.name),
    Name: volume.name,
    Scope: 'local',
    Size: 'N/A',
    Status: 'N/A',
  }));
  const result = renderListing({
    rows,
    format: flagString(parsed, 'format'),
    defaultTable: 'table {{.Driver}}\t{{.Name}}',
    quiet: flagBool(parsed, 'quiet') ? '{{.Name}}' : undefined,
    headers: {
      Driver: 'DRIVER',
      Name: 'VOLUME NAME',
      Scope: 'SCOPE',
      Mountpoint: 'MOUNTPOINT',
      Labels: 'LABELS',
      Links: 'LINKS',
      Size: 'SIZE',
      Availability: 'AVAILABILITY',
      Group: 'GROUP',
      Status: 'STATUS',
    },
    typeName: '*formatter.volumeContext',
    json: (row) => row,
  });
  if ('error' in result) {
    errLine(terminal, result.error);
    return 1;
  }
  terminal.out(result.text);
  return 0;
}

export function volumeCreateCommand(parsed: ParsedFlags, context: CliContext): number {
  const name = flagString(parsed, 'name') ?? parsed.args[0];
  const volume = context.engine.createVolume(name);
  if (isEngineError(volume)) {
    errLine(context.terminal, volume.error);
    return 1;
  }
  line(context.terminal, volume.name);
  return 0;
}

export function volumeInspectCommand(parsed: ParsedFlags, context: CliContext): number {
  const found: unknown[] = [];
  let missing: string | undefined;
  for (const name of parsed.args) {
    const volume = context.engine.volumes.get(name);
    if (volume) found.push(volumeJson(volume));
    else missing ??= name;
  }
  const format = flagString(parsed, 'format');
  if (format !== undefined) {
    for (const object of found) {
      const result = applyTemplate(format, object);
      if (typeof result !== 'string') {
        errLine(context.terminal, result.error);
        return 1;
      }
      line(context.terminal, result);
    }
  } else line(context.terminal, goJson(found, 4));
  if (missing !== undefined) {
    errLine(context.terminal, `Error response from daemon: get ${missing}: no such volume`);
    return 1;
  }
  return 0;
}

export function volumeRmCommand(parsed: ParsedFlags, context: CliContext): number {
  let status = 0;
  for (const name of parsed.args) {
    const error = context.engine.removeVolume(name, flagBool(parsed, 'force'));
    if (error) {
      errLine(context.terminal, error.error);
      status = 1;
    } else line(context.terminal, name);
  }
  return status;
}

/**
 * `docker volume prune`: volumes no container uses, anonymous ones only unless `-a` (Docker 23
 * and later). Without `-f` it asks first, and only `y` goes ahead.
 */
export async function volumePruneCommand(
  parsed: ParsedFlags,
  context: CliContext,
): Promise<number> {
  const { engine, terminal } = context;
  const all = flagBool(parsed, 'all');
  if (!flagBool(parsed, 'force')) {
    const question = `WARNING! This will remove ${all ? 'all' : 'anonymous'} local volumes not used by at least one container.\nAre you sure you want to continue?`;
    if (!(await confirm(context, question))) return 0;
  }
  const removed: string[] = [];
  let reclaimed = 0;
  for (const volume of [...engine.volumes.values()]) {
    if (!all && !volume.anonymous) continue;
    if (engine.volumeUsers(volume).length > 0) continue;
    const size = volumeSize(engine, volume.name);
    if (!engine.removeVolume(volume.name)) {
      removed.push(volume.name);
      reclaimed += size;
    }
  }
  if (removed.length > 0) line(terminal, `Deleted Volumes:\n${removed.join('\n')}\n`);
  line(terminal, `Total reclaimed space: ${humanSize(reclaimed)}`);
  return 0;
}
