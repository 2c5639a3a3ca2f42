import type {
  HttpHandler,
  HttpRequest,
  HttpResponse,
  Listener,
  LiveServer,
  NetworkAccess,
} from '../shell/program.ts';

/**
 * The simulated host's network: containers on the default bridge (172.17.0.0/16) with their own
 * loopback, and host ports published to container ports. A request to `localhost:<port>` travels
 * host port → published binding → the process listening in the container, or fails where a real
 * one would, with curl's words.
 */

export interface PortBinding {
  hostIp: string;
  /** 0 asks the daemon for any free port. */
  hostPort: number;
  /**
   * The last port of a host range given for one container port (`-p 9000-9001:80`): the daemon
   * takes the first free port from `hostPort` to this one.
   */
  hostPortLast?: number;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

interface Listening {
  host: string;
  handler: HttpHandler;
  /** A real server that answers on this port as well. */
  live?: LiveServer;
}

/** A container's network namespace: what its processes listen on. */
export class ContainerNetwork implements NetworkAccess {
  readonly listeners = new Map<number, Listening>();

  constructor(
    readonly ip: string,
    /** Told when a real server comes or goes behind a listener. */
    private readonly onChange: () => void = () => {},
  ) {}

  get addresses(): string[] {
    return ['127.0.0.1', this.ip];
  }

  listen(
    port: number,
    host: string,
    handler: HttpHandler,
    live?: LiveServer,
  ): Listener | 'EADDRINUSE' {
    if (this.listeners.has(port)) return 'EADDRINUSE';
    const listening: Listening = live ? { host, handler, live } : { host, handler };
    this.listeners.set(port, listening);
    return {
      close: () => {
        if (this.listeners.get(port) === listening) this.listeners.delete(port);
      },
    };
  }

  changed(): void {
    this.onChange();
  }

  /** The listener that accepts a connection to `address:port`, if any. */
  accepting(address: string, port: number): Listening | undefined {
    const listening = this.listeners.get(port);
    if (!listening) return undefined;
    const { host } = listening;
    if (host !== '0.0.0.0' && host !== '::' && host !== address) return undefined;
    return listening;
  }
}

interface Published {
  binding: PortBinding;
  containerId: string;
  network: ContainerNetwork;
}

export type HttpResult =
  | {
      ok: true;
      response: HttpResponse;
      /** The real server behind the listener, when one runs (the simulated answer stands in). */
      live?: LiveServer;
      /** The request as the listener received it, for asking `live`. */
      request: HttpRequest;
    }
  | { ok: false; code: number; message: string };

const USER_AGENT = 'curl/8.14.1';

/** A published port with nothing listening behind it, as curl reports it. */
export const RESET = {
  ok: false as const,
  code: 56,
  message: 'Recv failure: Connection reset by peer',
};

export class HostNetwork {
  /** Keyed by `protocol/hostPort`: one holder per host port and protocol. */
  private readonly published = new Map<string, Published>();
  private nextAddress = 2;
  private readonly freed: number[] = [];

  /** The next free address on the default bridge. */
  allocateAddress(): string {
    const last = this.freed.length > 0 ? this.freed.shift()! : this.nextAddress++;
    return `172.17.0.${last}`;
  }

  releaseAddress(ip: string): void {
    const last = Number(ip.split('.').pop());
    if (!this.freed.includes(last)) this.freed.push(last);
    this.freed.sort((a, b) => a - b);
  }

  /** Who holds a host port now, if anyone. */
  holder(hostPort: number, protocol: PortBinding['protocol'] = 'tcp'): string | undefined {
    return this.published.get(`${protocol}/${hostPort}`)?.containerId;
  }

  /** Every host port held now, with the container that holds it. */
  bindings(): Array<{ binding: PortBinding; containerId: string }> {
    return [...this.published.values()].map(({ binding, containerId }) => ({
      binding,
      containerId,
    }));
  }

  publish(containerId: string, network: ContainerNetwork, bindings: readonly PortBinding[]): void {
    for (const binding of bindings) {
      this.published.set(`${binding.protocol}/${binding.hostPort}`, {
        binding,
        containerId,
        network,
      });
    }
  }

  unpublish(containerId: string): void {
    for (const [port, published] of this.published) {
      if (published.containerId === containerId) this.published.delete(port);
    }
  }

  /**
   * Sends an HTTP GET from the host, as curl or a browser on the learner's machine would. Only
   * `localhost` and `127.0.0.1` exist here: the simulation has no outside network.
   */
  request(url: string, headers: Record<string, string> = {}): HttpResult {
    const parsed = parseUrl(url);
    if (!parsed)
      return { ok: false, code: 3, message: 'URL rejected: Malformed input to a URL function' };
    const { host, port, path } = parsed;
    if (!['localhost', '127.0.0.1', '0.0.0.0', '[::1]'].includes(host)) {
      return { ok: false, code: 6, message: `Could not resolve host: ${host}` };
    }
    const refused = {
      ok: false as const,
      code: 7,
      message: `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`,
    };
    // HTTP is TCP: a UDP publication leaves the TCP port closed. A binding to one address
    // (`-p 127.0.0.1:8888:80`) answers only there; `localhost` reaches it over 127.0.0.1.
    const published = this.published.get(`tcp/${port}`);
    if (!published || !reachable(published.binding.hostIp, host)) return refused;
    const request: HttpRequest = {
      method: 'GET',
      url: path,
      headers: { host: `${host}:${port}`, 'user-agent': USER_AGENT, accept: '*/*', ...headers },
      remoteAddress: '172.17.0.1',
    };
    const listening = published.network.accepting(
      published.network.ip,
      published.binding.containerPort,
    );
    if (!listening) return RESET;
    const response = listening.handler(request);
    return listening.live
      ? { ok: true, response, live: listening.live, request }
      : { ok: true, response, request };
  }
}

/** Whether a binding to `hostIp` (empty: every address) answers a request sent to `host`. */
function reachable(hostIp: string, host: string): boolean {
  if (hostIp === '' || hostIp === '0.0.0.0') return host !== '[::1]' || hostIp === '';
  if (hostIp === '::' || hostIp === '[::]') return host === '[::1]' || host === 'localhost';
  if (hostIp === '127.0.0.1') return host === '127.0.0.1' || host === 'localhost';
  if (hostIp === '[::1]' || hostIp === '::1') return host === '[::1]' || host === 'localhost';
  return host === hostIp;
}

function parseUrl(url: string): { host: string; port: number; path: string } | undefined {
  const match = /^(?:(https?):\/\/)?(\[[^\]]+\]|[^/:?#[]+)(?::(\d+))?([^#]*)/.exec(url.trim());
  if (!match) return undefined;
  const [, scheme = 'http', host = '', portText, rest = ''] = match;
  const port = portText !== undefined ? Number(portText) : scheme === 'https' ? 443 : 80;
  if (port > 65535) return undefined;
  const path = rest === '' ? '/' : rest.startsWith('/') ? rest : `/${rest}`;
  return { host: host.toLowerCase(), port, path };
}
