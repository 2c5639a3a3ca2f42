import type { Environment } from '../environment.ts';
import type { FileSystem } from '../fs/index.ts';
import { parseReference } from '../image/reference.ts';
import type { ContainerShell, Engine } from '../runtime/engine.ts';
import { CLIENT_VERSION_LINE, NOT_MODELLED, resolveCommand } from './commands.ts';
import { pullImage } from './pull.ts';
import {
  containerPruneCommand,
  inspectCommand,
  logsCommand,
  psCommand,
} from './container-queries.ts';
import {
  historyCommand,
  imagePruneCommand,
  imagesCommand,
  rmiCommand,
  tagCommand,
} from './image-commands.ts';
import {
  infoCommand,
  systemDfCommand,
  systemPruneCommand,
  versionCommand,
} from './system-commands.ts';
import {
  argumentCountError,
  FlagError,
  flagBool,
  flagErrorText,
  HELP_SHORTHAND,
  helpText,
  parseFlags,
  type CommandSpec,
  type ParsedFlags,
} from './flags.ts';
import {
  cpCommand,
  createCommand,
  execCommand,
  killCommand,
  portCommand,
  restartCommand,
  rmCommand,
  runCommand,
  startCommand,
  stopCommand,
  volumeCreateCommand,
  volumeInspectCommand,
  volumeLsCommand,
  volumePruneCommand,
  volumeRmCommand,
} from './container-commands.ts';
import { buildCommand } from './build-command.ts';
import { FLAG_MESSAGES } from './messages.ts';

/** Where a command writes, and what kind of terminal it writes to. */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
  tty: boolean;
  columns: number;
  signal?: AbortSignal;
}

export interface CliContext {
  engine: Engine;
  host: FileSystem;
  cwd: string;
  environment: Environment;
  terminal: Terminal;
  /** The host shell's exported variables, for `-e NAME` without a value. */
  hostEnv?: Record<string, string>;
  /** The next line of piped standard input, or undefined at its end (the terminal gives none). */
  readLine?: () => Promise<string | undefined>;
  /**
   * Asks a one-line question (`... [y/N] `) and reads the answer: the next line of piped input,
   * or on the terminal the next line the learner types, the question being the prompt; undefined
   * at the end of input or on Ctrl+C.
   */
  ask?: (question: string) => Promise<string | undefined>;
  /** Hands the terminal to a shell in a container (`docker exec -it CONTAINER sh`) until `exit`. */
  attachShell?: (shell: ContainerShell) => void;
}

type Handler = (
  parsed: ParsedFlags,
  context: CliContext,
  spec: CommandSpec,
) => Promise<number> | number;

const line = (terminal: Terminal, text: string) => terminal.out(`${text}\n`);
const errLine = (terminal: Terminal, text: string) => terminal.err(`${text}\n`);

/** `docker ...`: finds the sub-command, reads its flags, runs it; returns the exit status. */
export async function docker(argv: readonly string[], context: CliContext): Promise<number> {
  const { terminal } = context;
  const resolved = resolveCommand(argv);
  switch (resolved.kind) {
    case 'help':
      if (resolved.stream === 'out') line(terminal, resolved.text);
      else errLine(terminal, resolved.text);
      return resolved.status;
    case 'version':
      line(terminal, CLIENT_VERSION_LINE);
      return 0;
    case 'error':
      errLine(terminal, resolved.text);
      return resolved.status;
    case 'unmodelled':
      errLine(terminal, NOT_MODELLED.command(resolved.name));
      return 1;
    case 'command':
      break;
  }
  const { spec } = resolved;
  const parsed = parseFlags(spec, resolved.argv);
  if (parsed instanceof FlagError) {
    errLine(terminal, flagErrorText(spec, parsed));
    return 125;
  }
  if (flagBool(parsed, 'help')) {
    if (parsed.values.has(HELP_SHORTHAND)) line(terminal, FLAG_MESSAGES.shorthandHelp);
    line(terminal, helpText(spec));
    return 0;
  }
  const countError = argumentCountError(spec, parsed.args.length);
  if (countError) {
    errLine(terminal, `docker: ${countError}`);
    return 1;
  }
  const handler = HANDLERS[resolved.handler];
  if (!handler) {
    errLine(terminal, NOT_MODELLED.command(spec.path));
    return 1;
  }
  if (spec.modelled) {
    for (const name of parsed.values.keys()) {
      if (name !== HELP_SHORTHAND && name !== 'help' && !spec.modelled.includes(name)) {
        errLine(terminal, NOT_MODELLED.flag(spec.path, name));
      }
    }
  }
  return handler(parsed, context, spec);
}

/** `docker: <message>` + the hint to run `--help`: how `run` and friends report bad input. */
export function runError(terminal: Terminal, spec: CommandSpec, message: string): number {
  errLine(terminal, `docker: ${message}\n\nRun 'docker ${spec.path} --help' for more information`);
  return 125;
}

const HANDLERS: Record<string, Handler> = {
  build: buildCommand,
  run: runCommand,
  create: createCommand,
  start: startCommand,
  stop: stopCommand,
  restart: restartCommand,
  kill: killCommand,
  rm: rmCommand,
  exec: execCommand,
  cp: cpCommand,
  port: portCommand,
  ps: psCommand,
  images: imagesCommand,
  rmi: rmiCommand,
  history: historyCommand,
  tag: tagCommand,
  logs: logsCommand,
  inspect: inspectCommand,
  'container inspect': inspectCommand,
  'image inspect': inspectCommand,
  'container prune': containerPruneCommand,
  'image prune': imagePruneCommand,
  pull: pullCommand,
  version: versionCommand,
  info: infoCommand,
  'system df': systemDfCommand,
  'system prune': systemPruneCommand,
  'volume ls': volumeLsCommand,
  'volume create': volumeCreateCommand,
  'volume inspect': volumeInspectCommand,
  'volume rm': volumeRmCommand,
  'volume prune': volumePruneCommand,
};

/** The command paths the simulation answers (`ps`, `volume ls`, `container prune`). */
export function handledCommands(): string[] {
  return Object.keys(HANDLERS);
}

export { pullImage } from './pull.ts';
export { portsText, statusText } from './container-queries.ts';

async function pullCommand(parsed: ParsedFlags, context: CliContext): Promise<number> {
  const ref = parseReference(parsed.args[0]!);
  if ('error' in ref) {
    errLine(context.terminal, ref.error);
    return 1;
  }
  const quiet = flagBool(parsed, 'quiet');
  const pulled = await pullImage(ref, context, false, { quiet });
  if (typeof pulled === 'string') {
    errLine(context.terminal, pulled);
    return 1;
  }
  return 0;
}
