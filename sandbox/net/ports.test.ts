import { describe, expect, it } from 'vitest';
import type { PortBinding } from './host-network.ts';
import { apiPorts, displayablePorts } from './ports.ts';

const bind = (hostPort: number, containerPort: number, protocol = 'tcp', hostIp = '') =>
  ({ hostIp, hostPort, containerPort, protocol }) as PortBinding;

const column = (bindings: PortBinding[], exposed: string[] = []) =>
  displayablePorts(apiPorts(bindings, exposed));

describe("docker ps's PORTS column", () => {
  it('lists a port published to another number once per address, IPv4 first', () => {
    expect(column([bind(8888, 8080)], ['8080/tcp'])).toBe(
      '0.0.0.0:8888->8080/tcp, [::]:8888->8080/tcp',
    );
  });

  it('shows an exposed port nobody published as port/protocol, consecutive ones as a range', () => {
    expect(column([], ['8080/tcp'])).toBe('8080/tcp');
    expect(column([], ['80/tcp', '443/tcp'])).toBe('80/tcp, 443/tcp');
    expect(column([], ['80/tcp', '81/tcp', '53/udp'])).toBe('53/udp, 80-81/tcp');
  });

  it('folds same-number ranges, then lists mappings to other host ports in port order', () => {
    expect(
      column([
        bind(5353, 53, 'udp'),
        bind(8000, 8000),
        bind(8001, 8001),
        bind(7000, 8080, 'tcp', '127.0.0.1'),
      ]),
    ).toBe(
      '0.0.0.0:8000-8001->8000-8001/tcp, [::]:8000-8001->8000-8001/tcp, ' +
        '0.0.0.0:5353->53/udp, [::]:5353->53/udp, 127.0.0.1:7000->8080/tcp',
    );
  });

  it('writes a group a gap ends at once, and the groups still open in the order they began', () => {
    expect(column([bind(80, 80), bind(82, 82)], ['81/tcp'])).toBe(
      '0.0.0.0:80->80/tcp, [::]:80->80/tcp, 0.0.0.0:82->82/tcp, [::]:82->82/tcp, 81/tcp',
    );
  });
});
