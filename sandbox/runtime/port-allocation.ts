import type { HostNetwork, PortBinding } from '../net/host-network.ts';
import { daemonError, type EngineError } from './daemon-errors.ts';
import type { Container } from './engine.ts';
import { randomHex } from './names.ts';

/**
 * Host ports for a starting container, as the daemon's port allocator hands them out: the port
 * asked for, the first free one of an asked-for range, or a free one from the ephemeral range.
 */

/** Linux's default `ip_local_port_range`, where Docker takes a host port when none is given. */
export const EPHEMERAL_PORTS = { first: 32768, last: 60999 } as const;

/**
 * The host ports a starting container gets: the ones asked for, refused in Docker's words when
 * a running container holds one, and a free one from the ephemeral range where none was given.
 * `random` is the engine's injected random source.
 */
export function allocatePorts(
  container: Container,
  resume: boolean,
  network: HostNetwork,
  random: () => number,
): PortBinding[] | EngineError {
  const requests = container.portRequests ?? container.ports;
  const previous = container.ports;
  const chosen: PortBinding[] = [];
  const busy = (port: number, protocol: PortBinding['protocol']) => {
    const holder = network.holder(port, protocol);
    return (
      (holder !== undefined && holder !== container.id) ||
      chosen.some((c) => c.hostPort === port && c.protocol === protocol)
    );
  };
  for (const request of requests) {
    if (request.hostPortLast !== undefined) {
      const { hostPortLast, ...binding } = request;
      const kept = previous.find(
        (p) =>
          p.containerPort === request.containerPort &&
          p.protocol === request.protocol &&
          p.hostPort >= request.hostPort &&
          p.hostPort <= hostPortLast &&
          !busy(p.hostPort, p.protocol),
      );
      let port = resume && kept ? kept.hostPort : request.hostPort;
      while (port <= hostPortLast && busy(port, request.protocol)) port++;
      if (port > hostPortLast) return networkingError(container, random, 'all ports are allocated');
      chosen.push({ ...binding, hostPort: port });
      continue;
    }
    if (request.hostPort !== 0) {
      if (busy(request.hostPort, request.protocol)) {
        return networkingError(
          container,
          random,
          alreadyAllocated(request.hostIp, request.hostPort),
        );
      }
      chosen.push({ ...request });
      continue;
    }
    // A container resumed after a reload keeps the port it had, as a live-restored one does.
    const kept = resume
      ? previous.find(
          (p) =>
            p.containerPort === request.containerPort &&
            p.protocol === request.protocol &&
            p.hostIp === request.hostIp &&
            !busy(p.hostPort, p.protocol),
        )
      : undefined;
    if (kept) {
      chosen.push({ ...request, hostPort: kept.hostPort });
      continue;
    }
    const span = EPHEMERAL_PORTS.last - EPHEMERAL_PORTS.first + 1;
    let port = EPHEMERAL_PORTS.first + Math.floor(random() * span);
    for (let tries = 0; busy(port, request.protocol); tries++) {
      if (tries >= span) {
        return networkingError(container, random, alreadyAllocated(request.hostIp, 0));
      }
      port = port === EPHEMERAL_PORTS.last ? EPHEMERAL_PORTS.first : port + 1;
    }
    chosen.push({ ...request, hostPort: port });
  }
  return chosen;
}

function alreadyAllocated(hostIp: string, port: number): string {
  return `Bind for ${hostIp || '0.0.0.0'}:${port} failed: port is already allocated`;
}

/** The daemon's refusal when a port cannot be had; the parenthesis names the network endpoint. */
function networkingError(container: Container, random: () => number, reason: string): EngineError {
  return daemonError(
    `failed to set up container networking: driver failed programming external connectivity on endpoint ${container.name} (${randomHex(random)}): ${reason}`,
  );
}
