import type { Environment } from '../environment.ts';
import type { FileSystem } from '../fs/index.ts';
import { catalogImage, catalogRepositories, lookupCatalog } from '../image/catalog.ts';
import { catalogHint, daemonPullError } from '../image/messages.ts';
import { imageSize, type Image } from '../image/image.ts';
import { familiarName, fullName, parseReference, type Reference } from '../image/reference.ts';
import { Engine, isEngineError, type Container, type ContainerShell } from '../runtime/engine.ts';
import { humanDuration, humanSize, table } from '../runtime/format.ts';
import { containerJson, imageJson, volumeJson } from '../runtime/inspect.ts';
import { CLIENT_VERSION_LINE, NOT_MODELLED, resolveCommand } from './commands.ts';
import {
  argumentCountError,
  FlagError,
  flagBool,
  flagErrorText,
  flagString,
  HELP_SHORTHAND,
  helpText,
  parseFlags,
  type CommandSpec,
  type ParsedFlags,
} from './flags.ts';
import { applyTemplate, goJson } from './template.ts';
import {
  cpCommand,
  createCommand,
  execCommand,
  killCommand,
  portCommand,
  restartCommand,
  rmCommand,
  runCommand,
  startCommand,
  stopCommand,
  volumeCreateCommand,
  volumeInspectCommand,
  volumeLsCommand,
  volumePruneCommand,
  volumeRmCommand,
} from './container-commands.ts';
import { buildCommand } from './build-command.ts';

/** `docker inspect` output: a JSON array indented by four spaces, as Docker's client prints it. */
function renderJson(objects: unknown[]): string {
  return goJson(objects, 4);
}

/** Where a command writes, and what kind of terminal it writes to. */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  tty: boolean;
  columns: number;
  signal?: AbortSignal;
}

export interface CliContext {
  engine: Engine;
  host: FileSystem;
  cwd: string;
  environment: Environment;
  terminal: Terminal;
  /** The host shell's exported variables, for `-e NAME` without a value. */
  hostEnv?: Record<string, string>;
  /** Hands the terminal to a shell in a container (`docker exec -it CONTAINER sh`) until `exit`. */
  attachShell?: (shell: ContainerShell) => void;
}

type Handler = (
  parsed: ParsedFlags,
  context: CliContext,
  spec: CommandSpec,
) => Promise<number> | number;

const line = (terminal: Terminal, text: string) => terminal.out(`${text}\n`);
const errLine = (terminal: Terminal, text: string) => terminal.err(`${text}\n`);

/** `docker ...`: finds the sub-command, reads its flags, runs it; returns the exit status. */
export async function docker(argv: readonly string[], context: CliContext): Promise<number> {
  const { terminal } = context;
  const resolved = resolveCommand(argv);
  switch (resolved.kind) {
    case 'help':
      if (resolved.stream === 'out') line(terminal, resolved.text);
      else errLine(terminal, resolved.text);
      return resolved.status;
    case 'version':
      line(terminal, CLIENT_VERSION_LINE);
      return 0;
    case 'error':
      errLine(terminal, resolved.text);
      return resolved.status;
    case 'unmodelled':
      errLine(terminal, NOT_MODELLED.command(resolved.name));
      return 1;
    case 'command':
      break;
  }
  const { spec } = resolved;
  const parsed = parseFlags(spec, resolved.argv);
  if (parsed instanceof FlagError) {
    errLine(terminal, flagErrorText(spec, parsed));
    return 125;
  }
  if (flagBool(parsed, 'help')) {
    if (parsed.values.has(HELP_SHORTHAND))
      line(terminal, 'Flag shorthand -h has been deprecated, use --help');
    line(terminal, helpText(spec));
    return 0;
  }
  const countError = argumentCountError(spec, parsed.args.length);
  if (countError) {
    errLine(terminal, `docker: ${countError}`);
    return 1;
  }
  const handler = HANDLERS[resolved.handler];
  if (!handler) {
    errLine(terminal, NOT_MODELLED.command(spec.path));
    return 1;
  }
  if (spec.modelled) {
    for (const name of parsed.values.keys()) {
      if (name !== HELP_SHORTHAND && name !== 'help' && !spec.modelled.includes(name)) {
        errLine(terminal, NOT_MODELLED.flag(spec.path, name));
      }
    }
  }
  return handler(parsed, context, spec);
}

/** `docker: <message>` + the hint to run `--help`: how `run` and friends report bad input. */
export function runError(terminal: Terminal, spec: CommandSpec, message: string): number {
  errLine(terminal, `docker: ${message}\n\nRun 'docker ${spec.path} --help' for more information`);
  return 125;
}

const HANDLERS: Record<string, Handler> = {
  build: buildCommand,
  run: runCommand,
  create: createCommand,
  start: startCommand,
  stop: stopCommand,
  restart: restartCommand,
  kill: killCommand,
  rm: rmCommand,
  exec: execCommand,
  cp: cpCommand,
  port: portCommand,
  ps: psCommand,
  images: imagesCommand,
  rmi: rmiCommand,
  history: historyCommand,
  logs: logsCommand,
  inspect: inspectCommand,
  pull: pullCommand,
  'volume ls': volumeLsCommand,
  'volume create': volumeCreateCommand,
  'volume inspect': volumeInspectCommand,
  'volume rm': volumeRmCommand,
  'volume prune': volumePruneCommand,
};

/** The pull `docker run` and `docker pull` do for an image the store lacks. */
export async function pullImage(
  ref: Reference,
  context: CliContext,
  forRun: boolean,
): Promise<Image | string> {
  const { terminal, engine, environment } = context;
  const name = familiarName(ref);
  if (forRun) errLine(terminal, `Unable to find image '${name}' locally`);
  const found = lookupCatalog(ref);
  if (found.kind !== 'found') {
    return `${daemonPullError(found)}\n${catalogHint(found, catalogRepositories())}`;
  }
  const image = found.image;
  const out = forRun
    ? (text: string) => errLine(terminal, text)
    : (text: string) => line(terminal, text);
  out(`${ref.tag ?? 'latest'}: Pulling from ${ref.path}`);
  const ids = image.layers.map((layer) => layer.digest.slice(7, 19));
  for (const id of ids) out(`${id}: Pulling fs layer`);
  for (const [index, id] of ids.entries()) {
    await environment.delay(
      Math.min(400, 20 + image.layers[index]!.size / 2_000_000),
      terminal.signal,
    );
    out(`${id}: Verifying Checksum`);
    out(`${id}: Download complete`);
  }
  for (const id of ids) out(`${id}: Pull complete`);
  out(`Digest: ${image.repoDigest}`);
  out(`Status: Downloaded newer image for ${name}`);
  if (!forRun) out(fullName(ref));
  engine.storePulled(ref, image);
  return image;
}

// Listings

function containerCommand(container: Container): string {
  return [container.path, ...container.args].join(' ');
}

function ellipsis(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

export function portsText(container: Container): string {
  if (container.state !== 'running') return '';
  const published = new Set(
    container.ports.map((binding) => `${binding.containerPort}/${binding.protocol}`),
  );
  const items: string[] = [];
  for (const binding of container.ports) {
    const target = `${binding.containerPort}/${binding.protocol}`;
    if (binding.hostIp) items.push(`${binding.hostIp}:${binding.hostPort}->${target}`);
    else
      items.push(`0.0.0.0:${binding.hostPort}->${target}`, `[::]:${binding.hostPort}->${target}`);
  }
  for (const exposed of Object.keys(container.image.config.ExposedPorts)) {
    if (!published.has(exposed)) items.push(exposed);
  }
  return items.join(', ');
}

export function statusText(container: Container, now: number): string {
  switch (container.state) {
    case 'created':
      return 'Created';
    case 'running':
      return `Up ${humanDuration(now - container.startedAt)}`;
    case 'exited':
      return `Exited (${container.exitCode}) ${humanDuration(now - container.finishedAt)} ago`;
  }
}

function psCommand(parsed: ParsedFlags, context: CliContext): number {
  const { engine, terminal } = context;
  const now = context.environment.now();
  let containers = [...engine.containers.values()].sort((a, b) => b.sequence - a.sequence);
  if (flagBool(parsed, 'latest')) containers = containers.slice(0, 1);
  else if (!flagBool(parsed, 'all')) containers = containers.filter((c) => c.state === 'running');
  const noTrunc = flagBool(parsed, 'no-trunc');
  if (flagBool(parsed, 'quiet')) {
    for (const container of containers)
      line(terminal, noTrunc ? container.id : container.id.slice(0, 12));
    return 0;
  }
  const rows = [['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES']];
  for (const container of containers) {
    const command = containerCommand(container);
    rows.push([
      noTrunc ? container.id : container.id.slice(0, 12),
      engine.imageShownFor(container),
      JSON.stringify(noTrunc ? command : ellipsis(command, 20)),
      `${humanDuration(now - container.created)} ago`,
      statusText(container, now),
      portsText(container),
      container.name,
    ]);
  }
  line(terminal, table(rows));
  return 0;
}

function imagesCommand(parsed: ParsedFlags, context: CliContext): number {
  const { engine, terminal } = context;
  const now = context.environment.now();
  const filter = parsed.args[0];
  const rows: Array<{ repository: string; tag: string; image: Image }> = [];
  for (const image of engine.images.values()) {
    const tags = engine.tagsOf(image);
    if (tags.length === 0) rows.push({ repository: '<none>', tag: '<none>', image });
    for (const tag of tags) {
      const colon = tag.lastIndexOf(':');
      rows.push({ repository: tag.slice(0, colon), tag: tag.slice(colon + 1), image });
    }
  }
  const shown = rows
    .filter((row) => {
      if (filter === undefined) return true;
      const [repository, tag] = filter.split(':');
      return row.repository === repository && (tag === undefined || row.tag === tag);
    })
    .sort((a, b) => b.image.created - a.image.created || a.repository.localeCompare(b.repository));
  const noTrunc = flagBool(parsed, 'no-trunc');
  const idOf = (image: Image) => (noTrunc ? image.id : image.id.slice(7, 19));
  if (flagBool(parsed, 'quiet')) {
    for (const id of new Set(shown.map((row) => idOf(row.image)))) line(terminal, id);
    return 0;
  }
  const table_ = [['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE']];
  for (const row of shown) {
    table_.push([
      row.repository,
      row.tag,
      idOf(row.image),
      `${humanDuration(now - row.image.created)} ago`,
      humanSize(imageSize(row.image)),
    ]);
  }
  line(terminal, table(table_));
  return 0;
}

/** `docker history`: newest step first; steps below the top have no image of their own. */
function historyCommand(parsed: ParsedFlags, context: CliContext): number {
  const { engine, terminal } = context;
  const name = parsed.args[0]!;
  const image = engine.requireImage(name);
  if (isEngineError(image)) {
    errLine(terminal, image.error);
    return 1;
  }
  const noTrunc = flagBool(parsed, 'no-trunc');
  const human = parsed.values.has('human') ? flagBool(parsed, 'human') : true;
  const shortId = noTrunc ? image.id : image.id.slice(7, 19);
  if (flagBool(parsed, 'quiet')) {
    line(terminal, shortId);
    for (let i = 1; i < image.history.length; i++) line(terminal, '<missing>');
    return 0;
  }
  const now = context.environment.now();
  let layer = 0;
  const rows = image.history.map((entry) => {
    const size = entry.emptyLayer ? 0 : (image.layers[layer++]?.size ?? 0);
    const createdBy = noTrunc ? entry.createdBy : ellipsis(entry.createdBy, 45);
    const buildkit = entry.createdBy.endsWith('# buildkit') || !entry.createdBy.startsWith('#');
    return [
      human ? `${humanDuration(now - entry.created)} ago` : new Date(entry.created).toISOString(),
      createdBy,
      human ? humanSize(size) : String(size),
      buildkit ? 'buildkit.dockerfile.v0' : '',
    ];
  });
  rows.reverse();
  const table_ = [['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT']];
  rows.forEach((row, index) => table_.push([index === 0 ? shortId : '<missing>', ...row]));
  line(terminal, table(table_));
  return 0;
}

function rmiCommand(parsed: ParsedFlags, context: CliContext): number {
  let status = 0;
  for (const name of parsed.args) {
    const result = context.engine.removeImage(name, flagBool(parsed, 'force'));
    if (isEngineError(result)) {
      errLine(context.terminal, result.error);
      status = 1;
    } else for (const text of result) line(context.terminal, text);
  }
  return status;
}

async function logsCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  const { engine, terminal } = context;
  const name = parsed.args[0]!;
  const container = engine.requireContainer(name);
  if (isEngineError(container)) {
    errLine(terminal, container.error);
    return 1;
  }
  const timestamps = flagBool(parsed, 'timestamps');
  const print = (entry: { stream: 'stdout' | 'stderr'; time: number; text: string }) => {
    const text = timestamps
      ? entry.text.replace(
          /^(?=.)/gm,
          `${new Date(entry.time).toISOString().replace('Z', '000000Z')} `,
        )
      : entry.text;
    if (entry.stream === 'stdout') terminal.out(text);
    else terminal.err(text);
  };
  const tail = flagString(parsed, 'tail');
  let entries = container.logs;
  if (tail !== undefined && tail !== 'all') {
    const count = Number(tail);
    if (!Number.isInteger(count)) {
      errLine(terminal, `invalid value for "tail": ${tail}`);
      return 1;
    }
    entries = lastLines(entries, count);
  }
  for (const entry of entries) print(entry);
  if (!flagBool(parsed, 'follow') || container.state !== 'running' || !container.process) return 0;
  const stop = engine.followLogs(container, print);
  await new Promise<void>((resolve) => {
    container.process!.done.then(() => resolve());
    terminal.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  stop();
  return 0;
}

function lastLines<T extends { text: string }>(entries: readonly T[], count: number): T[] {
  const split: T[] = [];
  for (const entry of entries) {
    for (const piece of entry.text.split(/(?<=\n)/)) split.push({ ...entry, text: piece });
  }
  return count <= 0 ? [] : split.slice(-count);
}

function inspectCommand(parsed: ParsedFlags, context: CliContext): number {
  const { engine, terminal } = context;
  const format = flagString(parsed, 'format');
  const type = flagString(parsed, 'type');
  const found: unknown[] = [];
  let status = 0;
  for (const name of parsed.args) {
    const container =
      type === undefined || type === 'container' ? engine.findContainer(name) : undefined;
    const image =
      !container && (type === undefined || type === 'image') ? engine.findImage(name) : undefined;
    const volume =
      !container && !image && (type === undefined || type === 'volume')
        ? engine.volumes.get(name)
        : undefined;
    const object = container
      ? containerJson(container, engine)
      : image
        ? imageJson(image, engine)
        : volume
          ? volumeJson(volume)
          : undefined;
    if (object === undefined) {
      status = 1;
      continue;
    }
    found.push(object);
  }
  if (format !== undefined) {
    for (const object of found) {
      const result = applyTemplate(format, object);
      if (typeof result !== 'string') {
        errLine(terminal, result.error);
        return 1;
      }
      line(terminal, result);
    }
  } else line(terminal, renderJson(found));
  if (status !== 0) {
    const missing = parsed.args.filter(
      (name) => !engine.findContainer(name) && !engine.findImage(name) && !engine.volumes.has(name),
    );
    errLine(terminal, `Error: No such object: ${missing[0]}`);
  }
  return status;
}

async function pullCommand(
  parsed: ParsedFlags,
  context: CliContext,
  spec: CommandSpec,
): Promise<number> {
  const ref = parseReference(parsed.args[0]!);
  if ('error' in ref) return runError(context.terminal, spec, ref.error);
  const existing = context.engine.findImage(familiarName(ref));
  const fresh = catalogImage(ref);
  if (existing && fresh && existing.id === fresh.id) {
    if (flagBool(parsed, 'quiet')) {
      line(context.terminal, fullName(ref));
      return 0;
    }
    line(context.terminal, `${ref.tag ?? 'latest'}: Pulling from ${ref.path}`);
    line(context.terminal, `Digest: ${fresh.repoDigest}`);
    line(context.terminal, `Status: Image is up to date for ${familiarName(ref)}`);
    line(context.terminal, fullName(ref));
    return 0;
  }
  const quiet = flagBool(parsed, 'quiet');
  const pulled = await pullImage(
    ref,
    quiet ? { ...context, terminal: silenced(context.terminal) } : context,
    false,
  );
  if (quiet && typeof pulled !== 'string') line(context.terminal, fullName(ref));
  if (typeof pulled === 'string') {
    errLine(context.terminal, pulled);
    return 1;
  }
  return 0;
}

/** The same terminal with standard output dropped (`--quiet`); errors still show. */
function silenced(terminal: Terminal): Terminal {
  return { ...terminal, out: () => {} };
}
