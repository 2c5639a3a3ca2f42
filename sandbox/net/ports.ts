import type { PortBinding } from './host-network.ts';

/**
 * A container's ports as the Engine API lists them (`GET /containers/json`): one entry per host
 * address a binding listens on, and one without an address for each exposed port nobody
 * published.
 */
export interface ApiPort {
  ip: string;
  privatePort: number;
  publicPort: number;
  type: string;
}

export function apiPorts(bindings: readonly PortBinding[], exposed: readonly string[]): ApiPort[] {
  const ports: ApiPort[] = [];
  const published = new Set<string>();
  for (const binding of bindings) {
    published.add(`${binding.containerPort}/${binding.protocol}`);
    const base = {
      privatePort: binding.containerPort,
      publicPort: binding.hostPort,
      type: binding.protocol,
    };
    if (binding.hostIp === '') ports.push({ ip: '0.0.0.0', ...base }, { ip: '::', ...base });
    else ports.push({ ip: binding.hostIp.replace(/^\[(.*)\]$/, '$1'), ...base });
  }
  for (const key of exposed) {
    if (published.has(key)) continue;
    const [port = '', type = 'tcp'] = key.split('/');
    ports.push({ ip: '', privatePort: Number(port), publicPort: 0, type });
  }
  return ports;
}

/** Go's `net.JoinHostPort`: an IPv6 address in brackets. */
export function joinHostPort(ip: string, port: string | number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/**
 * The PORTS column of `docker ps`, as the Docker client's `DisplayablePorts` builds it: ports
 * sorted by container port, address, host port and protocol; runs of consecutive ports published
 * to the same numbers (or merely exposed) folded into ranges (`0.0.0.0:8000-8001->8000-8001/tcp`)
 * in the order their groups appeared; mappings to another host port listed last, one by one.
 */
export function displayablePorts(ports: readonly ApiPort[]): string {
  const sorted = [...ports].sort(
    (a, b) =>
      a.privatePort - b.privatePort ||
      (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0) ||
      a.publicPort - b.publicPort ||
      (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
  );
  const groups = new Map<string, { first: number; last: number }>();
  const order: string[] = [];
  const result: string[] = [];
  const mappings: string[] = [];
  const form = (key: string, first: number, last: number) => {
    const slash = key.lastIndexOf('/');
    const ip = slash >= 0 ? key.slice(0, slash) : '';
    const type = slash >= 0 ? key.slice(slash + 1) : key;
    const range = first === last ? `${first}` : `${first}-${last}`;
    return ip !== '' ? `${joinHostPort(ip, range)}->${range}/${type}` : `${range}/${type}`;
  };
  for (const port of sorted) {
    let key = port.type;
    if (port.ip !== '') {
      if (port.publicPort !== port.privatePort) {
        mappings.push(
          `${joinHostPort(port.ip, port.publicPort)}->${port.privatePort}/${port.type}`,
        );
        continue;
      }
      key = `${port.ip}/${port.type}`;
    }
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { first: port.privatePort, last: port.privatePort });
      order.push(key);
      continue;
    }
    if (port.privatePort === group.last + 1) {
      group.last = port.privatePort;
      continue;
    }
    result.push(form(key, group.first, group.last));
    groups.set(key, { first: port.privatePort, last: port.privatePort });
  }
  for (const key of order) {
    const group = groups.get(key)!;
    result.push(form(key, group.first, group.last));
  }
  return [...result, ...mappings].join(', ');
}
