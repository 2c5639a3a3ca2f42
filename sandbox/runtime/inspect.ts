import { imageSize, type Image } from '../image/image.ts';
import { Engine, type Container, type Volume } from './engine.ts';
import { inspectTime } from './format.ts';
import { DEFAULT_RUNTIME } from './runtimes.ts';

/**
 * `docker inspect` objects, with Docker's field names and order, limited to the fields the
 * simulation can fill truthfully.
 */

export function volumeJson(volume: Volume): Record<string, unknown> {
  return {
    CreatedAt: new Date(volume.created).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Driver: 'local',
    Labels: volume.anonymous ? { 'com.docker.volume.anonymous': '' } : null,
    Mountpoint: Engine.volumeMountpoint(volume.name),
    Name: volume.name,
    Options: null,
    Scope: 'local',
  };
}

export function imageJson(image: Image, engine: Engine): Record<string, unknown> {
  const config = image.config;
  return {
    Id: image.id,
    RepoTags: engine.tagsOf(image),
    RepoDigests:
      image.repoDigest && image.pulledAs
        ? [`${image.pulledAs.split(':')[0]}@${image.repoDigest}`]
        : [],
    Parent: '',
    Comment: 'buildkit.dockerfile.v0',
    Created: inspectTime(image.created),
    DockerVersion: '',
    Author: image.author ?? '',
    Config: {
      Env: config.Env,
      Cmd: config.Cmd,
      ...(config.Healthcheck ? { Healthcheck: config.Healthcheck } : {}),
      ...(config.ArgsEscaped ? { ArgsEscaped: true } : {}),
      ...(config.Entrypoint ? { Entrypoint: config.Entrypoint } : { Entrypoint: null }),
      WorkingDir: config.WorkingDir,
      ...(Object.keys(config.ExposedPorts).length > 0 ? { ExposedPorts: config.ExposedPorts } : {}),
      ...(config.Volumes ? { Volumes: config.Volumes } : {}),
      Labels: config.Labels,
      ...(config.User ? { User: config.User } : {}),
      ...(config.StopSignal ? { StopSignal: config.StopSignal } : {}),
      ...(config.Shell ? { Shell: config.Shell } : {}),
      ...(config.OnBuild ? { OnBuild: config.OnBuild } : {}),
    },
    Architecture: 'amd64',
    Os: 'linux',
    Size: imageSize(image),
    RootFS: { Type: 'layers', Layers: image.layers.map((layer) => layer.digest) },
    Metadata: { LastTagTime: inspectTime(image.created) },
  };
}

function portMap(
  container: Container,
): Record<string, Array<{ HostIp: string; HostPort: string }> | null> {
  const ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null> = {};
  for (const exposed of Object.keys(container.image.config.ExposedPorts)) ports[exposed] = null;
  for (const binding of container.ports) {
    const key = `${binding.containerPort}/${binding.protocol}`;
    const list = (ports[key] ??= []);
    if (binding.hostIp) list.push({ HostIp: binding.hostIp, HostPort: String(binding.hostPort) });
    else {
      list.push({ HostIp: '0.0.0.0', HostPort: String(binding.hostPort) });
      list.push({ HostIp: '::', HostPort: String(binding.hostPort) });
    }
  }
  return sortedKeys(ports);
}

/** A Go map as `encoding/json` writes it: keys in sorted order. */
function sortedKeys<T>(map: Record<string, T>): Record<string, T> {
  const sorted: Record<string, T> = {};
  for (const key of Object.keys(map).sort()) sorted[key] = map[key]!;
  return sorted;
}

export function containerJson(container: Container, _engine: Engine): Record<string, unknown> {
  const running = container.state === 'running';
  const portBindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  // What was asked for: a port left to the daemon (`-p 80`, `-P`) has an empty HostPort here.
  for (const binding of container.portRequests ?? container.ports) {
    (portBindings[`${binding.containerPort}/${binding.protocol}`] ??= []).push({
      HostIp: binding.hostIp,
      HostPort:
        binding.hostPort === 0
          ? ''
          : binding.hostPortLast !== undefined
            ? `${binding.hostPort}-${binding.hostPortLast}`
            : String(binding.hostPort),
    });
  }
  const exposed = { ...container.image.config.ExposedPorts };
  for (const binding of container.portRequests ?? container.ports)
    exposed[`${binding.containerPort}/${binding.protocol}`] = {};
  return {
    Id: container.id,
    Created: inspectTime(container.created),
    Path: container.path,
    Args: container.args,
    State: {
      Status: container.state,
      Running: running,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: running ? 1000 + parseInt(container.id.slice(0, 3), 16) : 0,
      ExitCode: container.exitCode,
      Error: container.error,
      StartedAt: inspectTime(container.startedAt),
      FinishedAt: inspectTime(container.finishedAt),
    },
    Image: container.image.id,
    Name: `/${container.name}`,
    RestartCount: 0,
    Driver: 'overlayfs',
    Platform: 'linux',
    HostConfig: {
      Binds: container.binds.length > 0 ? container.binds : null,
      NetworkMode: 'bridge',
      PortBindings: sortedKeys(portBindings),
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      AutoRemove: container.autoRemove,
      Runtime: container.runtime ?? DEFAULT_RUNTIME,
    },
    Mounts: [
      ...container.mounts.map((mount) =>
        mount.type === 'bind'
          ? {
              Type: 'bind',
              Source: mount.source,
              Destination: mount.destination,
              Mode: mount.mode ?? '',
              RW: mount.readWrite,
              Propagation: 'rprivate',
            }
          : {
              Type: 'volume',
              Name: mount.name,
              Source: mount.source,
              Destination: mount.destination,
              Driver: 'local',
              Mode: mount.mode ?? '',
              RW: mount.readWrite,
              Propagation: '',
            },
      ),
      ...(container.tmpfs ?? []).map((tmpfs) => ({
        Type: 'tmpfs',
        Source: '',
        Destination: tmpfs.destination,
        Mode: '',
        RW: tmpfs.readWrite,
        Propagation: '',
      })),
    ],
    Config: {
      Hostname: container.id.slice(0, 12),
      Domainname: '',
      User: container.user,
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      ...(Object.keys(exposed).length > 0 ? { ExposedPorts: sortedKeys(exposed) } : {}),
      Tty: false,
      OpenStdin: false,
      Env: container.env,
      Cmd: container.cmd !== undefined ? container.cmd : container.image.config.Cmd,
      Image: container.imageName,
      Volumes: container.image.config.Volumes,
      WorkingDir: container.workingDir,
      Entrypoint:
        container.entrypoint !== undefined
          ? container.entrypoint
          : container.image.config.Entrypoint,
      Labels: container.image.config.Labels ?? {},
    },
    NetworkSettings: {
      Ports: running ? portMap(container) : {},
      Gateway: running ? '172.17.0.1' : '',
      IPAddress: container.ip ?? '',
      IPPrefixLen: running ? 16 : 0,
      MacAddress: running
        ? `02:42:ac:11:00:${Number(container.ip?.split('.')[3] ?? 0)
            .toString(16)
            .padStart(2, '0')}`
        : '',
    },
  };
}
