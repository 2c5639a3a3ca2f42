import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from '../shell/program.ts';
import { ContainerNetwork, HostNetwork } from './host-network.ts';

function ok(body: string) {
  return (request: HttpRequest): HttpResponse => ({
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'text/plain']],
    body: `${body} ${request.url}`,
  });
}

function published(listenHost = '0.0.0.0') {
  const host = new HostNetwork();
  const ip = host.allocateAddress();
  const network = new ContainerNetwork(ip);
  network.listen(8080, listenHost, ok('hello'));
  host.publish('c1', network, [
    { hostIp: '', hostPort: 8888, containerPort: 8080, protocol: 'tcp' },
  ]);
  return { host, network, ip };
}

describe('HostNetwork', () => {
  it('hands out bridge addresses from 172.17.0.2 and reuses freed ones, lowest first', () => {
    const host = new HostNetwork();
    expect([host.allocateAddress(), host.allocateAddress(), host.allocateAddress()]).toEqual([
      '172.17.0.2',
      '172.17.0.3',
      '172.17.0.4',
    ]);
    host.releaseAddress('172.17.0.3');
    host.releaseAddress('172.17.0.2');
    expect(host.allocateAddress()).toBe('172.17.0.2');
  });

  it('delivers a request on a published host port to the container port', () => {
    const { host } = published();
    const result = host.request('http://localhost:8888/index.html');
    expect(result).toMatchObject({
      ok: true,
      response: { status: 200, body: 'hello /index.html' },
    });
  });

  it.each([
    'localhost:8888',
    '127.0.0.1:8888/',
    'http://0.0.0.0:8888',
    '[::1]:8888',
    'http://[::1]:8888/',
  ])('reaches the container through %j', (url) => {
    expect(published().host.request(url).ok).toBe(true);
  });

  it('refuses a port nothing publishes, in curl words', () => {
    expect(published().host.request('localhost:8890')).toEqual({
      ok: false,
      code: 7,
      message: "Failed to connect to localhost port 8890 after 0 ms: Couldn't connect to server",
    });
  });

  it('resets the connection when the port is published but nothing listens in the container', () => {
    const host = new HostNetwork();
    const network = new ContainerNetwork(host.allocateAddress());
    host.publish('c1', network, [
      { hostIp: '', hostPort: 8888, containerPort: 80, protocol: 'tcp' },
    ]);
    expect(host.request('localhost:8888')).toMatchObject({ ok: false, code: 56 });
  });

  it('does not reach a server that listens on the container loopback only', () => {
    expect(published('127.0.0.1').host.request('localhost:8888')).toMatchObject({
      ok: false,
      code: 56,
    });
  });

  it('cannot resolve hosts other than this machine', () => {
    expect(published().host.request('http://example.com/')).toMatchObject({
      ok: false,
      code: 6,
      message: 'Could not resolve host: example.com',
    });
  });

  it('stops delivering once the container is unpublished', () => {
    const { host } = published();
    host.unpublish('c1');
    expect(host.holder(8888)).toBeUndefined();
    expect(host.request('localhost:8888')).toMatchObject({ ok: false, code: 7 });
  });

  it('tells who holds a host port', () => {
    expect(published().host.holder(8888)).toBe('c1');
  });

  it('returns the real server behind a listener with the simulated answer and the request sent', () => {
    const host = new HostNetwork();
    const network = new ContainerNetwork(host.allocateAddress());
    const live = { url: 'https://real.example', request: async () => undefined };
    network.listen(8080, '0.0.0.0', ok('simulated'), live);
    network.listen(9090, '0.0.0.0', ok('plain'));
    host.publish('c1', network, [
      { hostIp: '', hostPort: 8888, containerPort: 8080, protocol: 'tcp' },
      { hostIp: '', hostPort: 9999, containerPort: 9090, protocol: 'tcp' },
    ]);

    const result = host.request('localhost:8888/a?b=1');
    expect(result).toMatchObject({ ok: true, response: { body: 'simulated /a?b=1' }, live });
    expect(result.ok && result.request).toMatchObject({
      method: 'GET',
      url: '/a?b=1',
      headers: { host: 'localhost:8888' },
    });
    const plain = host.request('localhost:9999/');
    expect(plain.ok && 'live' in plain).toBe(false);
  });
});

describe('ContainerNetwork', () => {
  it('refuses a second listener on the same port', () => {
    const network = new ContainerNetwork('172.17.0.2');
    network.listen(80, '0.0.0.0', ok('a'));
    expect(network.listen(80, '0.0.0.0', ok('b'))).toBe('EADDRINUSE');
  });

  it('frees the port when the listener closes', () => {
    const network = new ContainerNetwork('172.17.0.2');
    const listener = network.listen(80, '0.0.0.0', ok('a'));
    if (listener === 'EADDRINUSE') throw new Error('port taken');
    listener.close();
    expect(network.listen(80, '0.0.0.0', ok('b'))).not.toBe('EADDRINUSE');
  });
});
