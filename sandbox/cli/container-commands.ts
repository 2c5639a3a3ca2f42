import { resolvePath } from '../fs/index.ts';
import { parseReference } from '../image/reference.ts';
import type { PortBinding } from '../net/host-network.ts';
import {
  isEngineError,
  type Container,
  type ContainerSpec,
  type Engine,
} from '../runtime/engine.ts';
import { pullImage, runError, type CliContext } from './docker.ts';
import { flagBool, flagList, flagString, type CommandSpec, type ParsedFlags } from './flags.ts';

/**
 * The container lifecycle commands: `run`, `create`, `start`, `stop`, `rm` and their checks of
 * `-p`, `-v` and the rest before the daemon is asked.
 */

const line = (terminal: CliContext['terminal'], text: string) => terminal.out(`${text}\n`);
const errLine = (terminal: CliContext['terminal'], text: string) => terminal.err(`${text}\n`);

/** `-p` values, checked the way the client checks them before asking the daemon. */
function parsePublish(value: string, random: () => number): PortBinding[] | string {
  // The client splits `[ip:][hostPort:]containerPort` first; only the container side may carry
  // a protocol, so `80/tcp:80` is a bad host port.
  const parts = value.split(':');
  const containerSide = parts.pop()!;
  const slash = containerSide.indexOf('/');
  const proto = slash >= 0 ? containerSide.slice(slash + 1) : 'tcp';
  const containerPart = slash >= 0 ? containerSide.slice(0, slash) : containerSide;
  if (!['tcp', 'udp', 'sctp'].includes(proto)) return `invalid proto: ${proto}`;
  const hostPart = parts.pop() ?? '';
  const hostIp = parts.join(':');
  const octets = hostIp.split('.');
  const ipv4 = octets.length === 4 && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
  if (hostIp !== '' && !ipv4 && !/^\[.*\]$/.test(hostIp)) return `invalid IP address: ${hostIp}`;
  const range = (text: string) => {
    const match = /^(\d+)(?:-(\d+))?$/.exec(text);
    if (!match) return undefined;
    const start = Number(match[1]);
    const end = match[2] !== undefined ? Number(match[2]) : start;
    return start > 65535 || end > 65535 || end < start ? undefined : ([start, end] as const);
  };
  const container = range(containerPart);
  if (!container) return `invalid containerPort: ${containerPart}`;
  const hostRange = hostPart === '' ? undefined : range(hostPart);
  if (hostPart !== '' && !hostRange) return `invalid hostPort: ${hostPart}`;
  const bindings: PortBinding[] = [];
  for (let port = container[0]; port <= container[1]; port++) {
    const offset = port - container[0];
    // No host port, or port 0, means "any free port": Docker picks one from the ephemeral range.
    const chosen = hostRange && hostRange[0] !== 0 ? hostRange[0] + offset : 0;
    const hostPort = chosen || 32768 + Math.floor(random() * 28000);
    bindings.push({
      hostIp,
      hostPort,
      containerPort: port,
      protocol: proto as PortBinding['protocol'],
    });
  }
  return bindings;
}

/**
 * `-v ./site:/app`: since Docker 23 the client reads a source that starts with `.` as a path
 * relative to the current folder and sends the daemon an absolute one.
 */
function absoluteBindSource(value: string, cwd: string): string {
  if (!value.startsWith('.')) return value;
  const colon = value.indexOf(':');
  if (colon < 0) return value;
  return resolvePath(cwd, value.slice(0, colon)) + value.slice(colon);
}

/** `docker run`: create, start, and (unless `-d`) follow the output until the process ends. */
export function runCommand(
  parsed: ParsedFlags,
  context: CliContext,
  spec: CommandSpec,
): Promise<number> {
  return createAndMaybeStart(parsed, context, spec, true);
}

/** `docker create`: the container, not started; prints its ID. */
export function createCommand(
  parsed: ParsedFlags,
  context: CliContext,
  spec: CommandSpec,
): Promise<number> {
  return createAndMaybeStart(parsed, context, spec, false);
}

async function createAndMaybeStart(
  parsed: ParsedFlags,
  context: CliContext,
  spec: CommandSpec,
  start: boolean,
): Promise<number> {
  const { terminal, engine, environment } = context;
  const [imageName, ...command] = parsed.args as [string, ...string[]];

  if (flagBool(parsed, 'tty') && flagBool(parsed, 'interactive') && !terminal.tty) {
    errLine(terminal, 'the input device is not a TTY');
    return 1;
  }
  for (const value of flagList(parsed, 'volume')) {
    if (value.split(':').some((part) => part === '')) {
      return runError(terminal, spec, `invalid spec: ${value}: empty section between colons`);
    }
  }
  const ports: PortBinding[] = [];
  for (const value of flagList(parsed, 'publish')) {
    const bindings = parsePublish(value, () => environment.random());
    if (typeof bindings === 'string') return runError(terminal, spec, bindings);
    ports.push(...bindings);
  }
  const ref = parseReference(imageName);
  if ('error' in ref) return runError(terminal, spec, ref.error);

  let image = engine.findImage(imageName);
  if (!image) {
    const pulled = await pullImage(ref, context, true);
    if (typeof pulled === 'string') return runError(terminal, spec, pulled);
    image = pulled;
  }

  const containerSpec: ContainerSpec = {
    image: imageName,
    name: flagString(parsed, 'name') || undefined,
    command,
    entrypoint: flagString(parsed, 'entrypoint'),
    env: flagList(parsed, 'env'),
    ports,
    volumes: flagList(parsed, 'volume').map((value) => absoluteBindSource(value, context.cwd)),
    workdir: flagString(parsed, 'workdir'),
    user: flagString(parsed, 'user'),
    autoRemove: flagBool(parsed, 'rm'),
  };
  const container = engine.createContainer(containerSpec, image);
  if (isEngineError(container)) return runError(terminal, spec, container.error);
  if (!start) {
    line(terminal, container.id);
    return 0;
  }

  const detach = flagBool(parsed, 'detach');
  const stop = detach
    ? undefined
    : engine.followLogs(container, (entry) =>
        entry.stream === 'stdout' ? terminal.out(entry.text) : terminal.err(entry.text),
      );
  const started = await engine.startContainer(container);
  if (started) {
    stop?.();
    errLine(terminal, `docker: ${started.error}\n\nRun 'docker run --help' for more information`);
    return container.exitCode || 125;
  }
  if (detach) {
    line(terminal, container.id);
    return 0;
  }
  const status = await waitForExit(container, engine, terminal.signal);
  stop?.();
  return status;
}

/** Waits for the main process; Ctrl+C is passed on to it as SIGINT, as `docker run` does. */
async function waitForExit(
  container: Container,
  engine: Engine,
  signal?: AbortSignal,
): Promise<number> {
  const process = container.process;
  if (!process) return container.exitCode;
  const onAbort = () => void engine.stopContainer(container, 'SIGINT');
  signal?.addEventListener('abort', onAbort, { once: true });
  const status = await process.done;
  signal?.removeEventListener('abort', onAbort);
  return container.killedWith === 'SIGKILL' ? 137 : status;
}

function eachContainer(
  parsed: ParsedFlags,
  context: CliContext,
  action: (container: Container, name: string) => Promise<string | undefined> | string | undefined,
): Promise<number> {
  return (async () => {
    let status = 0;
    for (const name of parsed.args) {
      const container = context.engine.requireContainer(name);
      if (isEngineError(container)) {
        errLine(context.terminal, container.error);
        status = 1;
        continue;
      }
      const error = await action(container, name);
      if (error) {
        errLine(context.terminal, error);
        status = 1;
      } else line(context.terminal, name);
    }
    return status;
  })();
}

export function startCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  return eachContainer(parsed, context, async (container) => {
    const error = await context.engine.startContainer(container);
    return error
      ? `${error.error}\nError: failed to start containers: ${parsed.args.join(', ')}`
      : undefined;
  });
}

export function stopCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  const signal = flagString(parsed, 'signal') ?? undefined;
  return eachContainer(parsed, context, async (container) => {
    await context.engine.stopContainer(
      container,
      signal ?? container.image.config.StopSignal ?? 'SIGTERM',
    );
    return undefined;
  });
}

export function rmCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  return eachContainer(parsed, context, (container) => {
    const error = context.engine.removeContainer(container, {
      force: flagBool(parsed, 'force'),
      volumes: flagBool(parsed, 'volumes'),
    });
    return error?.error;
  });
}
