import { resolvePath, type FileSystem } from '../fs/index.ts';
import { daemonError, isEngineError, type EngineError } from './daemon-errors.ts';
import type { Container, ContainerMount, ContainerSpec, Volume } from './engine.ts';

/**
 * Where a new container's volumes and bind mounts come from: `--volumes-from`, `-v`, `--mount`
 * and the image's `VOLUME`s, checked and ordered as the daemon does.
 */

const VOLUME_ROOT = '/var/lib/docker/volumes';

/** A volume's folder on the host, as `docker inspect` shows it. */
export function volumeMountpoint(name: string): string {
  return `${VOLUME_ROOT}/${name}/_data`;
}

/** What planning needs from the engine: containers, volumes and the host's files. */
export interface MountSources {
  findContainer(nameOrId: string): Container | undefined;
  readonly volumes: ReadonlyMap<string, Volume>;
  createVolume(name: string | undefined): Volume | EngineError;
  readonly host: FileSystem;
}

export interface MountPlan {
  mounts: ContainerMount[];
  tmpfs: Array<{ destination: string; readWrite: boolean }>;
  /** New volumes that start with the image's content at their mount point. */
  fill: Array<{ volume: Volume; destination: string }>;
}

/**
 * The mounts of a new container, in Docker's order of precedence: `--volumes-from` first,
 * replaced by `-v` and `--mount` on the same path, then an anonymous volume for every image
 * `VOLUME` left uncovered. New volumes are created here; `fill` lists those that start with the
 * image's content.
 */
export function planMounts(
  engine: MountSources,
  spec: ContainerSpec,
  imageVolumes: Record<string, unknown>,
): MountPlan | EngineError {
  const inherited: ContainerMount[] = [];
  for (const value of spec.volumesFrom ?? []) {
    const colon = value.indexOf(':');
    const mode = colon >= 0 ? value.slice(colon + 1) : '';
    const name = colon >= 0 ? value.slice(0, colon) : value;
    if (colon >= 0 && mode !== 'ro' && mode !== 'rw') return daemonError(`invalid mode: ${mode}`);
    const source = engine.findContainer(name);
    if (!source) return daemonError(`No such container: ${name}`);
    for (const mount of source.mounts) {
      inherited.push({
        ...mount,
        readWrite: mode === 'ro' ? false : mode === 'rw' ? true : mount.readWrite,
      });
    }
  }

  const explicit: ContainerMount[] = [];
  const tmpfs: Array<{ destination: string; readWrite: boolean }> = [];
  const fill: Array<{ volume: Volume; destination: string }> = [];
  const claimed = new Set<string>();
  const claim = (destination: string): EngineError | undefined => {
    if (claimed.has(destination)) return daemonError(`Duplicate mount point: ${destination}`);
    claimed.add(destination);
    return undefined;
  };
  const volumeMount = (
    name: string,
    destination: string,
    readWrite: boolean,
    mode: string,
  ): EngineError | undefined => {
    const existing = name !== '' ? engine.volumes.get(name) : undefined;
    const volume = existing ?? engine.createVolume(name === '' ? undefined : name);
    if (isEngineError(volume)) return volume;
    // Docker copies the image's content into a volume that is empty when first mounted.
    if (volume.fs.list('/').length === 0) fill.push({ volume, destination });
    explicit.push({
      type: 'volume',
      name: volume.name,
      source: volumeMountpoint(volume.name),
      destination,
      readWrite,
      mode,
      named: name !== '',
    });
    return undefined;
  };

  for (const value of spec.volumes) {
    const parsed = parseVolumeFlag(value);
    if (isEngineError(parsed)) return parsed;
    const duplicate = claim(parsed.destination);
    if (duplicate) return duplicate;
    if (parsed.source.startsWith('/')) {
      explicit.push({
        type: 'bind',
        source: parsed.source,
        destination: parsed.destination,
        readWrite: !parsed.readonly,
        mode: parsed.mode,
      });
      continue;
    }
    const error = volumeMount(
      parsed.source,
      parsed.destination,
      !parsed.readonly,
      parsed.mode || 'z',
    );
    if (error) return error;
  }

  for (const request of spec.mounts ?? []) {
    const type = request.type;
    if (type !== 'bind' && type !== 'volume' && type !== 'tmpfs') {
      return daemonError(`invalid mount config for type "${type}": mount type unknown`);
    }
    if (!request.target.startsWith('/')) {
      return daemonError(
        `invalid mount config for type "${type}": invalid mount path: '${request.target}' mount path must be absolute`,
      );
    }
    const destination = resolvePath('/', request.target);
    if (type === 'bind') {
      if (request.source === '') {
        return daemonError(`invalid mount config for type "bind": field Source must not be empty`);
      }
      if (!request.source.startsWith('/')) {
        return daemonError(
          `invalid mount config for type "bind": invalid mount path: '${request.source}' mount path must be absolute`,
        );
      }
      const source = resolvePath('/', request.source);
      // Unlike `-v`, `--mount` never creates a missing host folder.
      if (!engine.host.get(source)) {
        return daemonError(
          `invalid mount config for type "bind": bind source path does not exist: ${source}`,
        );
      }
      const duplicate = claim(destination);
      if (duplicate) return duplicate;
      explicit.push({
        type: 'bind',
        source,
        destination,
        readWrite: !request.readonly,
        mode: '',
      });
    } else if (type === 'tmpfs') {
      if (request.source !== '') {
        return daemonError(
          `invalid mount config for type "tmpfs": field Source must not be specified`,
        );
      }
      const duplicate = claim(destination);
      if (duplicate) return duplicate;
      tmpfs.push({ destination, readWrite: !request.readonly });
    } else {
      const duplicate = claim(destination);
      if (duplicate) return duplicate;
      const error = volumeMount(request.source, destination, !request.readonly, '');
      if (error) return error;
    }
  }

  const mounts = [...inherited.filter((mount) => !claimed.has(mount.destination)), ...explicit];
  for (const mount of mounts) claimed.add(mount.destination);
  for (const path of Object.keys(imageVolumes)) {
    const destination = resolvePath('/', path);
    if (claimed.has(destination)) continue;
    claimed.add(destination);
    const volume = engine.createVolume(undefined) as Volume;
    fill.push({ volume, destination });
    mounts.push({
      type: 'volume',
      name: volume.name,
      source: volumeMountpoint(volume.name),
      destination,
      readWrite: true,
      mode: '',
    });
  }
  return { mounts, tmpfs, fill };
}

/** One `-v` value as the daemon reads it: `[SOURCE:]DESTINATION[:MODE]`. */
function parseVolumeFlag(
  value: string,
): { source: string; destination: string; readonly: boolean; mode: string } | EngineError {
  const parts = value.split(':');
  if (parts.length === 1) {
    if (!parts[0]!.startsWith('/')) {
      return daemonError(
        `invalid volume specification: '${value}': invalid mount config for type "volume": invalid mount path: '${value}' mount path must be absolute`,
      );
    }
    return { source: '', destination: resolvePath('/', parts[0]!), readonly: false, mode: '' };
  }
  if (parts.length > 3) return daemonError(`invalid volume specification: '${value}'`);
  const [source = '', destination = '', mode = 'rw'] = parts;
  if (!destination.startsWith('/')) {
    return daemonError(
      `invalid volume specification: '${value}': invalid mount config for type "${source.startsWith('/') ? 'bind' : 'volume'}": invalid mount path: '${destination}' mount path must be absolute`,
    );
  }
  const options = mode.split(',');
  if (!validVolumeMode(options)) return daemonError(`invalid mode: ${mode}`);
  return {
    source: source.startsWith('/') ? resolvePath('/', source) : source,
    destination: resolvePath('/', destination),
    readonly: options.includes('ro'),
    mode: parts.length === 3 ? mode : '',
  };
}

/**
 * The daemon's check of a `-v` mode: comma-separated options, at most one of each kind (access,
 * SELinux label, propagation, copy, consistency). Only `ro`/`rw` change what the simulation does.
 */
function validVolumeMode(options: readonly string[]): boolean {
  const kinds = [
    ['rw', 'ro'],
    ['z', 'Z'],
    ['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave'],
    ['nocopy'],
    ['consistent', 'cached', 'delegated'],
  ];
  const used = new Set<number>();
  for (const option of options) {
    const kind = kinds.findIndex((names) => names.includes(option));
    if (kind < 0 || used.has(kind)) return false;
    used.add(kind);
  }
  return true;
}
