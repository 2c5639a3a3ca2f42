/**
 * `docker version`, `docker info`, `docker system df` and `docker system prune`. Version and info
 * keep Docker's layout but say what answers: a simulated client and a simulated engine.
 */
import { imageSize } from '../image/image.ts';
import { humanDuration, humanSize, humanSizePrecise } from '../runtime/format.ts';
import { BUILT_IN_RUNTIMES, DEFAULT_RUNTIME } from '../runtime/runtimes.ts';
import { API_VERSION, CLIENT_VERSION } from './commands.ts';
import { ellipsis, statusText } from './container-queries.ts';
import type { CliContext, Terminal } from './docker.ts';
import { flagBool, flagString, type ParsedFlags } from './flags.ts';
import { layerBytes, pruneImages } from './image-commands.ts';
import { printListing, renderListing } from './listing.ts';
import { confirm } from './prompt.ts';
import { compileTemplate, templateFailure } from './template.ts';
import { CHANGE_MESSAGES, QUERY_MESSAGES, SYSTEM_MESSAGES } from './messages.ts';

const line = (terminal: Terminal, text: string) => terminal.out(`${text}\n`);
const errLine = (terminal: Terminal, text: string) => terminal.err(`${text}\n`);

const SIMULATED = SYSTEM_MESSAGES.simulated;

/** `docker version --format`'s view, with Go's field names. */
function versionObject() {
  return {
    Client: {
      Platform: { Name: SYSTEM_MESSAGES.clientName },
      Version: CLIENT_VERSION,
      ApiVersion: API_VERSION,
      DefaultAPIVersion: API_VERSION,
      GitCommit: 'n/a',
      GoVersion: 'n/a',
      Os: 'linux',
      Arch: 'amd64',
      BuildTime: 'n/a',
      Context: 'default',
    },
    Server: {
      Platform: { Name: SYSTEM_MESSAGES.serverName },
      Version: CLIENT_VERSION,
      ApiVersion: API_VERSION,
      MinAPIVersion: '1.24',
      GitCommit: 'n/a',
      GoVersion: 'n/a',
      Os: 'linux',
      Arch: 'amd64',
      KernelVersion: 'n/a',
      Experimental: false,
      BuildTime: 'n/a',
    },
  };
}

/** `label:` padded so that values line up, as the client's version template does. */
function field(indent: number, label: string, value: string): string {
  return `${' '.repeat(indent)}${`${label}:`.padEnd(20 - indent)}${value}`;
}

/**
 * `version --format` and `info --format`: the client writes what the template printed and a
 * newline even when it fails, then the error. `typeName` is Go's name for the value's struct.
 */
function formatted(
  context: CliContext,
  format: string,
  value: unknown,
  typeName: string,
  name = '',
): number {
  const template = compileTemplate(format, name);
  if (typeof template !== 'function') {
    errLine(context.terminal, templateFailure(template, QUERY_MESSAGES.templateParse));
    return template.limit ? 1 : 64;
  }
  const text = template(value, { typeName });
  if (typeof text !== 'string') {
    line(context.terminal, text.partial ?? '');
    errLine(context.terminal, text.error);
    return 1;
  }
  line(context.terminal, text);
  return 0;
}

export function versionCommand(parsed: ParsedFlags, context: CliContext): number {
  const format = flagString(parsed, 'format');
  const object = versionObject();
  if (format !== undefined) {
    const template = format === 'json' ? '{{json .}}' : format;
    return formatted(context, template, object, 'system.versionInfo', 'version');
  }
  const { Client: client, Server: server } = object;
  const text = [
    `Client: ${client.Platform.Name}`,
    field(1, 'Version', client.Version),
    field(1, 'API version', client.ApiVersion),
    field(1, 'Go version', `${client.GoVersion} (${SIMULATED})`),
    field(1, 'Git commit', client.GitCommit),
    field(1, 'Built', client.BuildTime),
    field(1, 'OS/Arch', `${client.Os}/${client.Arch}`),
    field(1, 'Context', client.Context),
    '',
    `Server: ${server.Platform.Name}`,
    ' Engine:',
    field(2, 'Version', SYSTEM_MESSAGES.engineVersion(server.Version)),
    field(2, 'API version', `${server.ApiVersion} (minimum version ${server.MinAPIVersion})`),
    field(2, 'Go version', server.GoVersion),
    field(2, 'Git commit', server.GitCommit),
    field(2, 'Built', server.BuildTime),
    field(2, 'OS/Arch', `${server.Os}/${server.Arch}`),
    field(2, 'Experimental', String(server.Experimental)),
  ];
  line(context.terminal, text.join('\n'));
  return 0;
}

export function infoCommand(parsed: ParsedFlags, context: CliContext): number {
  const { engine } = context;
  const containers = [...engine.containers.values()];
  const running = containers.filter((c) => c.state === 'running').length;
  const info = {
    Containers: containers.length,
    ContainersRunning: running,
    ContainersPaused: 0,
    ContainersStopped: containers.length - running,
    Images: engine.images.size,
    ServerVersion: CLIENT_VERSION,
    Driver: 'overlay2',
    LoggingDriver: 'json-file',
    OperatingSystem: SYSTEM_MESSAGES.operatingSystem,
    OSType: 'linux',
    Architecture: 'x86_64',
    Name: 'dockyard',
    DockerRootDir: '/var/lib/docker',
    Runtimes: Object.fromEntries(
      engine
        .runtimeNames()
        .map((name) => [name, { path: BUILT_IN_RUNTIMES.includes(name) ? 'runc' : name }]),
    ),
    DefaultRuntime: DEFAULT_RUNTIME,
  };
  const format = flagString(parsed, 'format');
  if (format !== undefined) {
    return formatted(context, format === 'json' ? '{{json .}}' : format, info, 'system.dockerInfo');
  }
  const text = [
    'Client:',
    ' Version:    ' + CLIENT_VERSION,
    ' Context:    default',
    ' Debug Mode: false',
    '',
    'Server:',
    ` Containers: ${info.Containers}`,
    `  Running: ${info.ContainersRunning}`,
    `  Paused: ${info.ContainersPaused}`,
    `  Stopped: ${info.ContainersStopped}`,
    ` Images: ${info.Images}`,
    ` Server Version: ${info.ServerVersion} (${SIMULATED})`,
    ` Storage Driver: ${SYSTEM_MESSAGES.storage(info.Driver)}`,
    ` Logging Driver: ${info.LoggingDriver}`,
    ' Plugins:',
    '  Volume: local',
    '  Network: bridge',
    '  Log: json-file',
    ` Runtimes: ${Object.keys(info.Runtimes).join(' ')}`,
    ` Default Runtime: ${info.DefaultRuntime}`,
    ` Operating System: ${info.OperatingSystem}`,
    ` OSType: ${info.OSType}`,
    ` Architecture: ${info.Architecture}`,
    ` Name: ${info.Name}`,
    ` Docker Root Dir: ${info.DockerRootDir}`,
    ' Debug Mode: false',
    ' Experimental: false',
    ' Live Restore Enabled: false',
  ];
  line(context.terminal, text.join('\n'));
  return 0;
}

/** `X (NN%)` as the disk-usage table prints what could be freed. */
function reclaimable(bytes: number, total: number): string {
  if (total <= 0) return humanSizePrecise(bytes);
  return `${humanSizePrecise(bytes)} (${Math.trunc((bytes * 100) / total)}%)`;
}

export function systemDfCommand(parsed: ParsedFlags, context: CliContext): number {
  const { engine, terminal } = context;
  const containers = [...engine.containers.values()];
  const usedImages = new Set(containers.map((c) => c.image.id));
  const imageTotal = layerBytes(engine);
  const usedLayers = new Map<string, number>();
  for (const image of engine.images.values()) {
    if (!usedImages.has(image.id)) continue;
    for (const layer of image.layers) usedLayers.set(layer.digest, layer.size);
  }
  const usedBytes = [...usedLayers.values()].reduce((sum, size) => sum + size, 0);
  const volumes = [...engine.volumes.values()];
  const volumeSize = (volume: (typeof volumes)[number]) =>
    engine.volumeFiles(volume).reduce((sum, file) => sum + file.size, 0);
  const volumeTotal = volumes.reduce((sum, volume) => sum + volumeSize(volume), 0);
  const volumeActive = volumes.filter((volume) => engine.volumeUsers(volume).length > 0);
  const volumeFree = volumes
    .filter((volume) => engine.volumeUsers(volume).length === 0)
    .reduce((sum, volume) => sum + volumeSize(volume), 0);
  const rows = [
    {
      Type: 'Images',
      TotalCount: String(engine.images.size),
      Active: String(usedImages.size),
      Size: humanSizePrecise(imageTotal),
      Reclaimable: reclaimable(imageTotal - usedBytes, imageTotal),
    },
    {
      Type: 'Containers',
      TotalCount: String(containers.length),
      Active: String(containers.filter((c) => c.state === 'running').length),
      // Writable layers are not measured by the simulation.
      Size: '0B',
      Reclaimable: '0B',
    },
    {
      Type: 'Local Volumes',
      TotalCount: String(volumes.length),
      Active: String(volumeActive.length),
      Size: humanSizePrecise(volumeTotal),
      Reclaimable: reclaimable(volumeFree, volumeTotal),
    },
    {
      Type: 'Build Cache',
      TotalCount: '0',
      Active: '0',
      Size: '0B',
      Reclaimable: '0B',
    },
  ];
  if (flagBool(parsed, 'verbose') && flagString(parsed, 'format') === undefined) {
    terminal.out(verboseDiskUsage(context));
    return 0;
  }
  return printListing(terminal, {
    rows,
    format: flagString(parsed, 'format'),
    defaultTable: 'table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}',
    headers: {
      Type: 'TYPE',
      TotalCount: 'TOTAL',
      Active: 'ACTIVE',
      Size: 'SIZE',
      Reclaimable: 'RECLAIMABLE',
    },
    typeName: '*formatter.diskUsageContext',
    json: (row) => row,
  });
}

/** `docker system df -v`: a table per kind of object, as the client's verbose template prints. */
function verboseDiskUsage(context: CliContext): string {
  const { engine } = context;
  const now = context.environment.now();
  const containers = [...engine.containers.values()].sort((a, b) => b.sequence - a.sequence);
  const layerUsers = new Map<string, number>();
  for (const image of engine.images.values()) {
    for (const layer of new Set(image.layers.map((l) => l.digest))) {
      layerUsers.set(layer, (layerUsers.get(layer) ?? 0) + 1);
    }
  }
  const images = [...engine.images.values()].sort((a, b) => b.created - a.created);
  const imageRows = images.flatMap((image) => {
    let shared = 0;
    for (const layer of image.layers)
      if ((layerUsers.get(layer.digest) ?? 0) > 1) shared += layer.size;
    const size = imageSize(image);
    const tags = engine.tagsOf(image);
    const row = (repository: string, tag: string) => ({
      Repository: repository,
      Tag: tag,
      ID: image.id.slice(7, 19),
      CreatedSince: `${humanDuration(now - image.created)} ago`,
      Size: humanSize(size),
      SharedSize: humanSize(shared),
      UniqueSize: humanSize(size - shared),
      Containers: String(containers.filter((c) => c.image.id === image.id).length),
    });
    if (tags.length === 0) return [row('<none>', '<none>')];
    return tags.map((name) => {
      const colon = name.lastIndexOf(':');
      return row(name.slice(0, colon), name.slice(colon + 1));
    });
  });
  const containerRows = containers.map((container) => {
    const command = [container.path, ...container.args].join(' ');
    return {
      ID: container.id.slice(0, 12),
      Image: engine.imageShownFor(container),
      Command: JSON.stringify(ellipsis(command, 20)),
      LocalVolumes: String(container.mounts.filter((m) => m.type === 'volume').length),
      Size: '0B',
      RunningFor: `${humanDuration(now - container.created)} ago`,
      Status: statusText(container, now),
      Names: container.name,
    };
  });
  const volumeRows = [...engine.volumes.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((volume) => ({
      Name: volume.name,
      Links: String(engine.volumeUsers(volume).length),
      Size: humanSize(engine.volumeFiles(volume).reduce((sum, file) => sum + file.size, 0)),
    }));
  const section = <Row extends Record<string, unknown>>(
    rows: Row[],
    defaultTable: string,
    headers: Record<string, string>,
  ) => {
    const result = renderListing({ rows, format: undefined, defaultTable, headers, typeName: '' });
    return 'text' in result ? result.text : '';
  };
  return [
    'Images space usage:\n\n',
    section(
      imageRows,
      'table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}',
      {
        Repository: 'REPOSITORY',
        Tag: 'TAG',
        ID: 'IMAGE ID',
        CreatedSince: 'CREATED',
        Size: 'SIZE',
        SharedSize: 'SHARED SIZE',
        UniqueSize: 'UNIQUE SIZE',
        Containers: 'CONTAINERS',
      },
    ),
    '\nContainers space usage:\n\n',
    section(
      containerRows,
      'table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}',
      {
        ID: 'CONTAINER ID',
        Image: 'IMAGE',
        Command: 'COMMAND',
        LocalVolumes: 'LOCAL VOLUMES',
        Size: 'SIZE',
        RunningFor: 'CREATED',
        Status: 'STATUS',
        Names: 'NAMES',
      },
    ),
    '\nLocal Volumes space usage:\n\n',
    section(volumeRows, 'table {{.Name}}\t{{.Links}}\t{{.Size}}', {
      Name: 'VOLUME NAME',
      Links: 'LINKS',
      Size: 'SIZE',
    }),
    '\nBuild cache usage: 0B\n\n',
    section(
      [],
      'table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}',
      {
        ID: 'CACHE ID',
        CacheType: 'CACHE TYPE',
        Size: 'SIZE',
        CreatedSince: 'CREATED',
        LastUsedSince: 'LAST USED',
        UsageCount: 'USAGE',
        Shared: 'SHARED',
      },
    ),
  ].join('');
}

/** `docker system prune`: stopped containers and dangling (with `-a` unused) images. */
export async function systemPruneCommand(
  parsed: ParsedFlags,
  context: CliContext,
): Promise<number> {
  const { engine, terminal } = context;
  const all = flagBool(parsed, 'all');
  const volumes = flagBool(parsed, 'volumes');
  if (!flagBool(parsed, 'force')) {
    const items = [
      '  - all stopped containers',
      '  - all networks not used by at least one container',
      ...(volumes ? ['  - all anonymous volumes not used by at least one container'] : []),
      all
        ? '  - all images without at least one container associated to them'
        : '  - all dangling images',
      all ? '  - all build cache' : '  - unused build cache',
    ];
    const question = `${CHANGE_MESSAGES.systemPrune(items)}

${CHANGE_MESSAGES.continueQuestion}`;
    if (!(await confirm(context, question))) return 0;
  }
  const removed: string[] = [];
  for (const container of [...engine.containers.values()]) {
    if (container.state === 'running') continue;
    if (!engine.removeContainer(container, { force: false, volumes: false })) {
      removed.push(container.id);
    }
  }
  if (removed.length > 0) line(terminal, CHANGE_MESSAGES.deleted('Containers', removed));
  const volumesRemoved: string[] = [];
  if (volumes) {
    for (const volume of [...engine.volumes.values()]) {
      if (!volume.anonymous || engine.volumeUsers(volume).length > 0) continue;
      if (!engine.removeVolume(volume.name)) volumesRemoved.push(volume.name);
    }
    if (volumesRemoved.length > 0) {
      line(terminal, CHANGE_MESSAGES.deleted('Volumes', volumesRemoved));
    }
  }
  const images = pruneImages(engine, all);
  if (images.lines.length > 0) line(terminal, CHANGE_MESSAGES.deleted('Images', images.lines));
  line(terminal, CHANGE_MESSAGES.reclaimed(humanSizePrecise(images.reclaimed)));
  return 0;
}
