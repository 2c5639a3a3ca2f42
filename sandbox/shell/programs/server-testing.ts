import type {
  HttpHandler,
  HttpRequest,
  HttpResponse,
  NetworkAccess,
  ProgramContext,
} from '../program.ts';
import { execute } from '../execute.ts';
import { testMachine, type TestMachine } from '../testing.ts';

/**
 * For the server programs' tests: a container network that records what listens and lets a test
 * send requests, and a way to start a program and later send it a named signal.
 */

export class FakeNetwork implements NetworkAccess {
  readonly addresses = ['127.0.0.1', '172.17.0.2'];
  readonly handlers = new Map<number, { host: string; handler: HttpHandler }>();
  closed: number[] = [];

  listen(port: number, host: string, handler: HttpHandler) {
    if (this.handlers.has(port)) return 'EADDRINUSE' as const;
    this.handlers.set(port, { host, handler });
    return {
      close: () => {
        this.closed.push(port);
        this.handlers.delete(port);
      },
    };
  }

  request(
    port: number,
    url: string,
    options: { method?: string; headers?: Record<string, string> } = {},
  ): HttpResponse {
    const request: HttpRequest = {
      method: options.method ?? 'GET',
      url,
      headers: {
        host: `localhost:${port}`,
        'user-agent': 'curl/8.14.1',
        accept: '*/*',
        ...options.headers,
      },
      remoteAddress: '172.17.0.1',
    };
    const listening = this.handlers.get(port);
    if (!listening) throw new Error(`nothing listens on ${port}`);
    return listening.handler(request);
  }
}

export interface Started {
  machine: TestMachine;
  net: FakeNetwork;
  /** Resolves to the exit status. */
  exit: Promise<number>;
  /** Sends a signal (`docker stop` sends the image's STOPSIGNAL) and waits for the exit. */
  stop(signal: string): Promise<number>;
}

/** Lets queued promise jobs and zero-length timers run, so a program reaches its wait. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((done) => setTimeout(() => done(), 0));
}

export async function startProgram(
  argv: string[],
  prepare?: (machine: TestMachine) => void,
  existing?: { machine: TestMachine; net: FakeNetwork },
  /** The sandbox's waits; absent, a wait ends at once. */
  delay?: ProgramContext['delay'],
): Promise<Started> {
  const machine = existing?.machine ?? testMachine();
  const net = existing?.net ?? new FakeNetwork();
  machine.net = net;
  machine.stdout = '';
  machine.stderr = '';
  prepare?.(machine);
  const controller = new AbortController();
  const context: ProgramContext = { ...machine.context(argv), signal: controller.signal, delay };
  context.spawn = (childArgv, overrides = {}) =>
    execute(childArgv, { ...context, ...overrides, argv: childArgv });
  const exit = execute(argv, context);
  await settle();
  return {
    machine,
    net,
    exit,
    stop: async (signal) => {
      controller.abort(signal);
      return exit;
    },
  };
}
