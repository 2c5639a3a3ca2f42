/**
 * The commands that look at containers without changing them, and the one that clears them out:
 * `ps` (filters, `--format`, `-n`, `-s`), `logs`, `inspect` (and `container inspect`, `image
 * inspect`) and `container prune`.
 */
import { imageSize, type Image } from '../image/image.ts';
import { isEngineError, type Container, type Engine } from '../runtime/engine.ts';
import { humanDuration, humanSize } from '../runtime/format.ts';
import { containerJson, imageJson, volumeJson } from '../runtime/inspect.ts';
import type { CliContext, Terminal } from './docker.ts';
import { flagBool, flagList, flagString, type CommandSpec, type ParsedFlags } from './flags.ts';
import { checkTemplate, printListing } from './listing.ts';
import { confirm } from './prompt.ts';
import { compileTemplate, goJson, templateFailure } from './template.ts';
import { apiPorts, displayablePorts } from '../net/ports.ts';
import { CHANGE_MESSAGES, QUERY_MESSAGES } from './messages.ts';

const line = (terminal: Terminal, text: string) => terminal.out(`${text}\n`);
const errLine = (terminal: Terminal, text: string) => terminal.err(`${text}\n`);

function containerCommand(container: Container): string {
  return [container.path, ...container.args].join(' ');
}

/** Docker's `formatter.Ellipsis`: cut to `max` characters, the last one `…`. */
export function ellipsis(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

/** The PORTS column, as the Docker client's `DisplayablePorts` writes it (`net/ports.ts`). */
export function portsText(container: Container): string {
  if (container.state !== 'running') return '';
  return displayablePorts(
    apiPorts(container.ports, Object.keys(container.image.config.ExposedPorts)),
  );
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

/** Go's `time.Time.String()` for a UTC time: `2026-12-04 10:00:00 +0000 UTC`. */
export function goTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('T', ' ').slice(0, 19)} +0000 UTC`;
}

function labelsText(labels: Record<string, string> | null | undefined): string {
  return Object.entries(labels ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

// docker ps

/** The filters `docker ps` knows; any other is the daemon's `invalid filter`. */
const PS_FILTERS = new Set([
  'ancestor',
  'before',
  'expose',
  'exited',
  'health',
  'id',
  'is-task',
  'label',
  'name',
  'network',
  'publish',
  'since',
  'status',
  'volume',
]);
const STATUSES = ['created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead'];

/** `key=value` filter flags, grouped by key. */
export function readFilters(values: string[]): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const value of values) {
    const eq = value.indexOf('=');
    const key = value.slice(0, eq).trim().toLowerCase();
    const list = filters.get(key) ?? [];
    list.push(value.slice(eq + 1).trim());
    filters.set(key, list);
  }
  return filters;
}

/** Whether `image` is `ancestor` or was built on it (its layers start with the ancestor's). */
function descendsFrom(image: Image, ancestor: Image): boolean {
  if (image.id === ancestor.id) return true;
  if (ancestor.layers.length === 0 || ancestor.layers.length > image.layers.length) return false;
  return ancestor.layers.every((layer, i) => image.layers[i]!.digest === layer.digest);
}

/**
 * `8080`, `8080/tcp` or `8000-8080/tcp`, as the publish and expose filters take them, with the
 * daemon's complaints.
 */
function portMatcher(
  key: string,
  value: string,
): ((port: number, proto: string) => boolean) | string {
  if (value.includes(':')) {
    return QUERY_MESSAGES.portWithColon(key, value);
  }
  const slash = value.indexOf('/');
  const proto = slash >= 0 ? value.slice(slash + 1) : 'tcp';
  const range = slash >= 0 ? value.slice(0, slash) : value;
  const [first, last] = range.split('-');
  const bad = [first, last].find((part) => part !== undefined && !/^\d+$/.test(part));
  if (bad !== undefined || Number(first) > 65535 || Number(last ?? 0) > 65535) {
    return QUERY_MESSAGES.badPort(key, value, bad ?? range);
  }
  const start = Number(first);
  const end = last !== undefined ? Number(last) : start;
  return (port, protocol) => port >= start && port <= end && protocol === proto;
}

function psFilter(
  filters: Map<string, string[]>,
  engine: Engine,
): ((container: Container) => boolean) | string {
  for (const key of filters.keys()) {
    if (!PS_FILTERS.has(key)) return QUERY_MESSAGES.invalidFilter(key);
  }
  const tests: Array<(container: Container) => boolean> = [];
  const any = (key: string, test: (value: string, container: Container) => boolean) => {
    const values = filters.get(key);
    if (values) tests.push((container) => values.some((value) => test(value, container)));
  };
  // The daemon checks exit codes before statuses, as it reads them.
  for (const value of filters.get('exited') ?? []) {
    if (!/^[-+]?\d+$/.test(value)) {
      return QUERY_MESSAGES.badExitCode(value);
    }
  }
  for (const value of filters.get('health') ?? []) {
    if (!['starting', 'healthy', 'unhealthy', 'none'].includes(value)) {
      return QUERY_MESSAGES.badHealth(value);
    }
  }
  for (const value of filters.get('status') ?? []) {
    if (!STATUSES.includes(value)) {
      return QUERY_MESSAGES.invalidFilter(`status=${value}`);
    }
  }
  const task = filters.get('is-task');
  if (task && !(task.length === 1 && (task[0] === 'true' || task[0] === 'false'))) {
    return QUERY_MESSAGES.invalidFilter(`is-task=${task.join(',')}`);
  }
  const matchers = new Map<string, Array<(port: number, proto: string) => boolean>>();
  for (const key of ['publish', 'expose']) {
    const list: Array<(port: number, proto: string) => boolean> = [];
    for (const value of filters.get(key) ?? []) {
      const matcher = portMatcher(key, value);
      if (typeof matcher === 'string') return matcher;
      list.push(matcher);
    }
    matchers.set(key, list);
  }
  const ancestors: Image[] = [];
  for (const value of filters.get('ancestor') ?? []) {
    const image = engine.findImage(value);
    if (image) ancestors.push(image);
  }
  any('name', (value, c) => {
    try {
      return new RegExp(value).test(c.name);
    } catch {
      return c.name.includes(value);
    }
  });
  any('id', (value, c) => {
    try {
      return new RegExp(value).test(c.id);
    } catch {
      return c.id.startsWith(value);
    }
  });
  any('status', (value, c) => c.state === value);
  any('exited', (value, c) => c.state === 'exited' && c.exitCode === Number(value));
  any('label', (value, c) => {
    const labels = c.image.config.Labels ?? {};
    const eq = value.indexOf('=');
    if (eq < 0) return value in labels;
    return labels[value.slice(0, eq)] === value.slice(eq + 1);
  });
  any('volume', (value, c) =>
    c.mounts.some((m) => m.name === value || m.destination === value || m.source === value),
  );
  any('network', (value) => value === 'bridge');
  any('is-task', (value) => value === 'false');
  if (filters.has('ancestor')) {
    tests.push((c) => ancestors.some((ancestor) => descendsFrom(c.image, ancestor)));
  }
  if (filters.has('publish')) {
    const list = matchers.get('publish')!;
    tests.push((c) => c.ports.some((b) => list.some((match) => match(b.hostPort, b.protocol))));
  }
  if (filters.has('expose')) {
    const list = matchers.get('expose')!;
    tests.push((c) => {
      const ports = [
        ...c.ports.map((b) => `${b.containerPort}/${b.protocol}`),
        ...Object.keys(c.image.config.ExposedPorts),
      ];
      return ports.some((port) => {
        const [number, proto] = port.split('/');
        return list.some((match) => match(Number(number), proto ?? 'tcp'));
      });
    });
  }
  const relative = (key: string, test: (c: Container, pivot: Container) => boolean) => {
    for (const value of filters.get(key) ?? []) {
      const pivot = engine.findContainer(value);
      if (!pivot) return QUERY_MESSAGES.noSuchContainer(value);
      tests.push((c) => test(c, pivot));
    }
    return undefined;
  };
  const before = relative('before', (c, pivot) => c.sequence < pivot.sequence);
  if (before) return before;
  const since = relative('since', (c, pivot) => c.sequence > pivot.sequence);
  if (since) return since;
  // No health checks run, so every container's health is "none".
  any('health', (value) => value === 'none');
  return (container) => tests.every((test) => test(container));
}

const PS_TYPE = '*formatter.ContainerContext';

const PS_HEADERS = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  CreatedAt: 'CREATED AT',
  RunningFor: 'CREATED',
  Ports: 'PORTS',
  State: 'STATE',
  Status: 'STATUS',
  Size: 'SIZE',
  Names: 'NAMES',
  Labels: 'LABELS',
  Mounts: 'MOUNTS',
  Networks: 'NETWORKS',
  LocalVolumes: 'LOCAL VOLUMES',
  Label: (_key: unknown) => 'LABEL',
};

/** A row of `docker ps` with nothing in it, as the client checks a `--format` against. */
const PS_EMPTY_ROW: Record<string, unknown> = Object.fromEntries(
  Object.entries(PS_HEADERS).map(([key, header]) => [
    key,
    typeof header === 'function' ? (_key: unknown) => '' : '',
  ]),
);

export function psCommand(parsed: ParsedFlags, context: CliContext): number {
  const { engine, terminal } = context;
  const now = context.environment.now();
  const format = flagString(parsed, 'format');
  const quiet = flagBool(parsed, 'quiet');
  if (format) {
    if (quiet) errLine(terminal, QUERY_MESSAGES.quietIgnoresFormat);
    const problem = checkTemplate(format, PS_EMPTY_ROW, PS_TYPE);
    if (problem) {
      errLine(terminal, problem);
      return 1;
    }
  }
  const filters = readFilters(flagList(parsed, 'filter'));
  const filter = psFilter(filters, engine);
  if (typeof filter === 'string') {
    errLine(terminal, filter);
    return 1;
  }
  let containers = [...engine.containers.values()].sort((a, b) => b.sequence - a.sequence);
  const last = Number(flagString(parsed, 'last') ?? -1);
  // A status filter shows stopped containers too; an exit-code filter does not (Docker's rule).
  const all =
    flagBool(parsed, 'all') || flagBool(parsed, 'latest') || last > 0 || filters.has('status');
  if (!all) containers = containers.filter((c) => c.state === 'running');
  containers = containers.filter(filter);
  if (flagBool(parsed, 'latest')) containers = containers.slice(0, 1);
  else if (last > 0) containers = containers.slice(0, last);
  const trunc = !flagBool(parsed, 'no-trunc');
  const size = flagBool(parsed, 'size');
  const rows = containers.map((container) => {
    const command = containerCommand(container);
    const mounts = container.mounts.map((mount) => {
      const name = mount.name ?? mount.source;
      return trunc ? ellipsis(name, 15) : name;
    });
    return {
      ID: trunc ? container.id.slice(0, 12) : container.id,
      Image: engine.imageShownFor(container),
      Command: JSON.stringify(trunc ? ellipsis(command, 20) : command),
      CreatedAt: goTime(container.created),
      RunningFor: `${humanDuration(now - container.created)} ago`,
      Ports: portsText(container),
      State: container.state,
      Status: statusText(container, now),
      // The writable layer is not measured; Docker's form with the image as the virtual size.
      Size: `0B (virtual ${humanSize(imageSize(container.image))})`,
      Names: container.name,
      Labels: labelsText(container.image.config.Labels),
      Mounts: mounts.join(','),
      Networks: 'bridge',
      LocalVolumes: String(container.mounts.filter((m) => m.type === 'volume').length),
      Label: (key: unknown) => (container.image.config.Labels ?? {})[String(key)] ?? '',
    };
  });
  return printListing(terminal, {
    rows,
    // With -q the client prints IDs whatever the format (after its warning above).
    format: quiet ? undefined : format,
    defaultTable: `table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}${size ? '\t{{.Size}}' : ''}`,
    quiet: quiet ? '{{.ID}}' : undefined,
    headers: PS_HEADERS,
    typeName: PS_TYPE,
    json: ({ Label: _label, ...row }) => ({ ...row, Size: size ? row.Size : '0B' }),
  });
}

// docker logs

/** `--since`/`--until`: an RFC 3339 time, a Unix time, or a duration back from now (`42m`). */
function parseTime(value: string, now: number): number | undefined {
  const duration = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
  if (duration) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[duration[2] as 'ms' | 's' | 'm' | 'h'];
    return now - Number(duration[1]) * unit;
  }
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

export async function logsCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  const { engine, terminal } = context;
  const name = parsed.args[0]!;
  const container = engine.requireContainer(name);
  if (isEngineError(container)) {
    errLine(terminal, container.error);
    return 1;
  }
  const now = context.environment.now();
  const bounds: Record<'since' | 'until', number | undefined> = {
    since: undefined,
    until: undefined,
  };
  for (const key of ['since', 'until'] as const) {
    const value = flagString(parsed, key);
    if (value === undefined) continue;
    const time = parseTime(value, now);
    if (time === undefined) {
      errLine(terminal, QUERY_MESSAGES.badTime(key, value));
      return 1;
    }
    bounds[key] = time;
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
  let entries = container.logs.filter(
    (entry) =>
      (bounds.since === undefined || entry.time >= bounds.since) &&
      (bounds.until === undefined || entry.time <= bounds.until),
  );
  if (tail !== undefined && tail !== 'all') {
    const count = Number(tail);
    // The daemon reads anything that is not a whole number as "all".
    if (Number.isInteger(count) && count >= 0) entries = lastLines(entries, count);
  }
  for (const entry of entries) print(entry);
  const follow = flagBool(parsed, 'follow') && bounds.until === undefined;
  if (!follow || container.state !== 'running' || !container.process) return 0;
  const stop = engine.followLogs(container, print);
  await new Promise<void>((resolve) => {
    void container.process!.done.then(() => resolve());
    if (terminal.signal?.aborted) resolve();
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

// docker inspect

/** `docker inspect` output: a JSON array indented by four spaces, as Docker's client prints it. */
function renderJson(objects: unknown[]): string {
  return goJson(objects, 4);
}

/**
 * The object a template sees: the inspected JSON with each mount as Go's full `MountPoint`
 * struct, so `{{.Mounts}}` prints every field (`{volume abc /var/lib/... /app local  true }`),
 * while `{{json .Mounts}}` leaves out the fields Docker tags `omitempty` (Type, Name, Driver).
 */
function typedView(object: Record<string, unknown>): Record<string, unknown> {
  const mounts = object.Mounts;
  if ('RootFS' in object && isRecord(object.Config)) {
    return { ...object, Config: imageConfigStruct(object.Config) };
  }
  if (!Array.isArray(mounts)) return object;
  // A container's sizes are nil pointers unless -s asked for them.
  const sizes = 'SizeRw' in object ? {} : { SizeRw: null, SizeRootFs: null };
  return { ...object, ...sizes, Mounts: mounts.map(mountPointStruct) };
}

/**
 * Zero values of the image config fields Docker's JSON leaves out when empty (`omitempty`). The
 * client runs a template against the typed struct first, where those fields exist:
 * `{{json .Config.OnBuild}}` prints `null`, `{{.Config.User}}` an empty line.
 */
const IMAGE_CONFIG_ZERO: Record<string, unknown> = {
  User: '',
  ExposedPorts: null,
  Env: null,
  Entrypoint: null,
  Cmd: null,
  Volumes: null,
  WorkingDir: '',
  Labels: null,
  StopSignal: '',
  ArgsEscaped: false,
  Healthcheck: null,
  OnBuild: null,
  Shell: null,
};

function imageConfigStruct(config: Record<string, unknown>): Record<string, unknown> {
  const struct = { ...config };
  for (const [key, zero] of Object.entries(IMAGE_CONFIG_ZERO)) {
    // Not enumerable, so `{{json .Config}}` still leaves them out, as omitempty does.
    if (!(key in struct)) Object.defineProperty(struct, key, { value: zero });
  }
  return struct;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MOUNT_OMITEMPTY = new Set(['Type', 'Name', 'Driver']);

function mountPointStruct(mount: Record<string, unknown>): Record<string, unknown> {
  const struct: Record<string, unknown> = {
    Type: mount.Type ?? '',
    Name: mount.Name ?? '',
    Source: mount.Source ?? '',
    Destination: mount.Destination ?? '',
    Driver: mount.Driver ?? '',
    Mode: mount.Mode ?? '',
    RW: mount.RW ?? false,
    Propagation: mount.Propagation ?? '',
  };
  // Not enumerable, so Go-style printing of the struct does not list it.
  Object.defineProperty(struct, 'toJSON', {
    value: () =>
      Object.fromEntries(
        Object.entries(struct).filter(
          ([key, value]) => !(MOUNT_OMITEMPTY.has(key) && value === ''),
        ),
      ),
  });
  return struct;
}

type InspectType = 'container' | 'image' | 'volume';

/**
 * `inspect --size`: `SizeRw` and `SizeRootFs` before `Mounts`, as the daemon adds them. The
 * writable layer is not measured, so it is 0; the root file system is the image's size.
 */
function withSize(
  object: Record<string, unknown>,
  container: Container,
  size: boolean,
): Record<string, unknown> {
  if (!size) return object;
  const result: Record<string, unknown> = {};
  const sizes = { SizeRw: 0, SizeRootFs: imageSize(container.image) };
  for (const [key, value] of Object.entries(object)) {
    if (key === 'Mounts') Object.assign(result, sizes);
    result[key] = value;
  }
  return 'SizeRw' in result ? result : { ...result, ...sizes };
}

export function inspectCommand(
  parsed: ParsedFlags,
  context: CliContext,
  spec: CommandSpec,
): number {
  const { engine, terminal } = context;
  const fixed: InspectType | undefined = spec.path.startsWith('container ')
    ? 'container'
    : spec.path.startsWith('image ')
      ? 'image'
      : undefined;
  const type = fixed ?? flagString(parsed, 'type');
  if (
    type !== undefined &&
    ![
      'container',
      'image',
      'volume',
      'network',
      'node',
      'plugin',
      'secret',
      'service',
      'task',
      'config',
    ].includes(type)
  ) {
    errLine(terminal, QUERY_MESSAGES.badInspectType(type));
    return 1;
  }
  const format = flagString(parsed, 'format');
  const template = format === undefined || format === 'json' ? undefined : compileTemplate(format);
  if (template !== undefined && typeof template !== 'function') {
    errLine(terminal, templateFailure(template, QUERY_MESSAGES.templateParse));
    if (template.limit) return 1;
    return 64;
  }
  const found: Array<Record<string, unknown>> = [];
  const missing: string[] = [];
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
      ? withSize(containerJson(container, engine), container, flagBool(parsed, 'size'))
      : image
        ? imageJson(image, engine)
        : volume
          ? volumeJson(volume)
          : undefined;
    if (object === undefined) missing.push(name);
    else found.push(object);
  }
  if (template === undefined) {
    if (found.length > 0 || missing.length === 0 || fixed === undefined) {
      line(terminal, renderJson(found));
    }
  }
  // The client runs the template on the typed object, and when that fails, on the object's JSON
  // with missing keys as errors; each object's output or error, then an empty line if none.
  const failed: string[] = [];
  if (template !== undefined) {
    let text = '';
    for (const object of found) {
      const typed = template(typedView(object), { missingKeyError: 'structs' });
      const result =
        typeof typed === 'string' || typed.limit
          ? typed
          : template(object, { missingKeyError: true });
      if (typeof result === 'string') text += `${result}\n`;
      else failed.push(templateFailure(result, QUERY_MESSAGES.templateParse));
    }
    terminal.out(text === '' ? '\n' : text);
  }
  const noun = fixed ?? 'object';
  for (const name of missing) failed.push(QUERY_MESSAGES.noSuchObject(noun, name));
  for (const message of failed) errLine(terminal, message);
  return failed.length > 0 ? 1 : 0;
}

// docker container prune

export async function containerPruneCommand(
  parsed: ParsedFlags,
  context: CliContext,
): Promise<number> {
  const { engine, terminal } = context;
  if (!flagBool(parsed, 'force')) {
    const yes = await confirm(
      context,
      `${CHANGE_MESSAGES.pruneContainers}
${CHANGE_MESSAGES.continueQuestion}`,
    );
    if (!yes) return 0;
  }
  const removed: string[] = [];
  for (const container of [...engine.containers.values()]) {
    if (container.state === 'running') continue;
    const error = engine.removeContainer(container, { force: false, volumes: false });
    if (!error) removed.push(container.id);
  }
  if (removed.length > 0) line(terminal, CHANGE_MESSAGES.deleted('Containers', removed));
  line(terminal, CHANGE_MESSAGES.reclaimed('0B'));
  return 0;
}
