import {
  flagsFromHelp,
  helpText,
  usageFromHelp,
  type CommandSpec,
  type FlagSpec,
} from './flags.ts';
import { HELP_TEXTS } from './help-texts.ts';
import { COMMAND_MESSAGES, FLAG_MESSAGES } from './messages.ts';

/**
 * The `docker` sub-commands the simulation answers. Usage, flags and `--help` come from the
 * client's own help texts (`help-texts.ts`), so parsing and help read as on a real machine; each
 * command lists the flags the simulation acts on, and the rest are accepted with a note.
 * `build` is BuildKit's (`docker buildx build`), written out here.
 */

const flag = (
  long: string,
  short: string | undefined,
  kind: FlagSpec['kind'],
  description: string,
  valueName?: string,
): FlagSpec => ({ long, short, kind, description, valueName });

const spec = (path: string, rest: Omit<CommandSpec, 'path'>): CommandSpec => ({ path, ...rest });

const BUILD_SPECS: Record<string, CommandSpec> = {
  build: spec('build', {
    usage: 'docker buildx build [OPTIONS] PATH | URL | -',
    description: 'Start a build',
    aliases: ['docker build', 'docker builder build', 'docker image build', 'docker buildx b'],
    footer: COMMAND_MESSAGES.buildxExperimentalHint,
    minArgs: 1,
    maxArgs: 1,
    interspersed: true,
    flags: [
      flag('build-arg', undefined, 'list', 'Set build-time variables', 'stringArray'),
      flag('file', 'f', 'string', 'Name of the Dockerfile (default: "PATH/Dockerfile")'),
      flag('iidfile', undefined, 'string', 'Write the image ID to a file'),
      flag('no-cache', undefined, 'bool', 'Do not use cache when building the image'),
      flag(
        'progress',
        undefined,
        'string',
        'Set type of progress output ("auto", "none", "plain", "quiet", "rawjson", "tty"). Use plain to show container output (default "auto")',
      ),
      flag('quiet', 'q', 'bool', 'Suppress the build output and print image ID on success'),
      flag(
        'tag',
        't',
        'list',
        'Image identifier (format: "[registry/]repository[:tag]")',
        'stringArray',
      ),
      flag('target', undefined, 'string', 'Set the target build stage to build'),
    ],
  }),
};

/** How a command takes its arguments, and which of its flags the simulation acts on. */
interface Shape {
  minArgs: number;
  maxArgs: number;
  /** False for commands whose own arguments may look like flags (`run IMAGE ls -l`). */
  interspersed?: boolean;
  modelled: readonly string[];
}

const RUN_MODELLED = [
  'detach',
  'entrypoint',
  'env',
  'env-file',
  'interactive',
  'mount',
  'name',
  'publish',
  'publish-all',
  'rm',
  'runtime',
  'tty',
  'user',
  'volume',
  'volumes-from',
  'workdir',
];

/** Keyed by the handler's name: the top-level command, or `group sub` where there is none. */
const SHAPES: Record<string, Shape> = {
  run: { minArgs: 1, maxArgs: Infinity, interspersed: false, modelled: RUN_MODELLED },
  create: { minArgs: 1, maxArgs: Infinity, interspersed: false, modelled: RUN_MODELLED },
  start: { minArgs: 1, maxArgs: Infinity, modelled: [] },
  stop: { minArgs: 1, maxArgs: Infinity, modelled: ['signal', 'timeout'] },
  restart: { minArgs: 1, maxArgs: Infinity, modelled: ['signal', 'timeout'] },
  kill: { minArgs: 1, maxArgs: Infinity, modelled: ['signal'] },
  rm: { minArgs: 1, maxArgs: Infinity, modelled: ['force', 'volumes'] },
  exec: {
    minArgs: 2,
    maxArgs: Infinity,
    interspersed: false,
    modelled: ['detach', 'env', 'env-file', 'interactive', 'tty', 'user', 'workdir'],
  },
  cp: { minArgs: 2, maxArgs: 2, modelled: ['quiet'] },
  port: { minArgs: 1, maxArgs: 2, modelled: [] },
  ps: {
    minArgs: 0,
    maxArgs: 0,
    modelled: ['all', 'filter', 'format', 'last', 'latest', 'no-trunc', 'quiet', 'size'],
  },
  images: {
    minArgs: 0,
    maxArgs: 1,
    modelled: ['all', 'digests', 'filter', 'format', 'no-trunc', 'quiet'],
  },
  history: { minArgs: 1, maxArgs: 1, modelled: ['format', 'human', 'no-trunc', 'quiet'] },
  rmi: { minArgs: 1, maxArgs: Infinity, modelled: ['force'] },
  pull: { minArgs: 1, maxArgs: 1, modelled: ['quiet'] },
  logs: {
    minArgs: 1,
    maxArgs: 1,
    modelled: ['follow', 'since', 'tail', 'timestamps', 'until'],
  },
  inspect: { minArgs: 1, maxArgs: Infinity, modelled: ['format', 'size', 'type'] },
  'container inspect': { minArgs: 1, maxArgs: Infinity, modelled: ['format', 'size'] },
  'image inspect': { minArgs: 1, maxArgs: Infinity, modelled: ['format'] },
  tag: { minArgs: 2, maxArgs: 2, modelled: [] },
  version: { minArgs: 0, maxArgs: 0, modelled: ['format'] },
  info: { minArgs: 0, maxArgs: 0, modelled: ['format'] },
  'container prune': { minArgs: 0, maxArgs: 0, modelled: ['force'] },
  'image prune': { minArgs: 0, maxArgs: 0, modelled: ['all', 'force'] },
  'system df': { minArgs: 0, maxArgs: 0, modelled: ['format', 'verbose'] },
  'system prune': { minArgs: 0, maxArgs: 0, modelled: ['all', 'force', 'volumes'] },
  'volume ls': { minArgs: 0, maxArgs: 0, modelled: ['filter', 'format', 'quiet'] },
  'volume create': { minArgs: 0, maxArgs: 1, modelled: ['name'] },
  'volume inspect': { minArgs: 1, maxArgs: Infinity, modelled: ['format'] },
  'volume rm': { minArgs: 1, maxArgs: Infinity, modelled: ['force'] },
  'volume prune': { minArgs: 0, maxArgs: 0, modelled: ['all', 'force'] },
};

/** Management forms whose handler is a top-level command's (`docker container ls` is `ps`). */
const HANDLER_OF: Record<string, string> = {
  'container ls': 'ps',
  'image ls': 'images',
  'image rm': 'rmi',
  'image pull': 'pull',
  'image history': 'history',
  'image tag': 'tag',
  'system info': 'info',
};

/** Other names cobra accepts for a command: each maps to the name its help and errors use. */
export const ALIASES: Record<string, string> = {
  'container list': 'container ls',
  'container ps': 'container ls',
  'container remove': 'container rm',
  'image list': 'image ls',
  'image remove': 'image rm',
  'volume list': 'volume ls',
  'volume remove': 'volume rm',
  'image build': 'build',
  'builder build': 'build',
  'buildx build': 'build',
  'buildx b': 'build',
};

/** The handler a command path runs: `container ls` runs `ps`, `container logs` runs `logs`. */
export function handlerOf(path: string): string {
  const mapped = HANDLER_OF[path];
  if (mapped) return mapped;
  if (SHAPES[path]) return path;
  const [group, sub] = path.split(' ');
  return group === 'container' && sub !== undefined && SHAPES[sub] ? sub : path;
}

function specFor(path: string): CommandSpec | undefined {
  const help = HELP_TEXTS[path];
  const shape = SHAPES[handlerOf(path)];
  if (help === undefined || !shape) return undefined;
  const description = help.split('\n\n')[1] ?? '';
  return {
    path,
    usage: usageFromHelp(help),
    description,
    minArgs: shape.minArgs,
    maxArgs: shape.maxArgs,
    interspersed: shape.interspersed ?? true,
    flags: flagsFromHelp(help),
    help,
    modelled: shape.modelled,
  };
}

/** Every command path the simulation has a spec for, by the name its help and errors use. */
export const COMMANDS: Record<string, CommandSpec> = { ...BUILD_SPECS };
for (const path of Object.keys(HELP_TEXTS)) {
  const found = specFor(path);
  if (found) COMMANDS[path] = found;
}

/** The commands a management group's help lists (`docker image --help`): Docker's, modelled or not. */
function groupCommands(help: string): string[] {
  const names: string[] = [];
  for (const text of help.split('\n')) {
    const match = /^  ([a-z]+)\*? {2,}/.exec(text);
    if (match) names.push(match[1]!);
  }
  return names;
}

export const GROUPS = ['builder', 'buildx', 'container', 'image', 'system', 'volume'] as const;

/** What `docker WORDS...` names, before its flags are read. */
export type Resolution =
  | { kind: 'help'; text: string; stream: 'out' | 'err'; status: number }
  | { kind: 'version' }
  | { kind: 'command'; spec: CommandSpec; handler: string; argv: string[] }
  | { kind: 'unmodelled'; name: string }
  | { kind: 'error'; text: string; status: number };

const TOP_HELP = HELP_TEXTS['']!;
const TOP_USAGE = 'docker [OPTIONS] COMMAND [ARG...]';

export function resolveCommand(argv: readonly string[]): Resolution {
  const words = [...argv];
  const first = words.shift();
  if (first === undefined) return { kind: 'help', text: TOP_HELP, stream: 'err', status: 0 };
  if (first === '--help' || first === '-h') {
    return { kind: 'help', text: TOP_HELP, stream: 'out', status: 0 };
  }
  if (first === '--version' || first === '-v') return { kind: 'version' };
  if (first.startsWith('-') && first !== '-') {
    return {
      kind: 'error',
      text: FLAG_MESSAGES.usage(FLAG_MESSAGES.unknownWord(first), TOP_USAGE, 'Run', ''),
      status: 125,
    };
  }
  if (first === 'help') {
    if (words.length === 0) return { kind: 'help', text: TOP_HELP, stream: 'out', status: 0 };
    const topic = resolveCommand([...words, '--help']);
    if (topic.kind === 'command') {
      return { kind: 'help', text: helpOf(topic.spec), stream: 'out', status: 0 };
    }
    if (topic.kind === 'help') return { ...topic, stream: 'out' };
    return { kind: 'error', text: COMMAND_MESSAGES.unknownHelpTopic(words.join(' ')), status: 1 };
  }
  const known = groupCommands(TOP_HELP);
  if ((GROUPS as readonly string[]).includes(first) && first !== 'buildx') {
    const groupHelp = HELP_TEXTS[first];
    const sub = words.shift();
    if (sub === undefined || sub === '--help' || sub === '-h') {
      const text = groupHelp ?? TOP_HELP;
      return { kind: 'help', text, stream: sub === undefined ? 'err' : 'out', status: 0 };
    }
    if (sub.startsWith('-')) {
      return {
        kind: 'error',
        text: FLAG_MESSAGES.usage(FLAG_MESSAGES.unknownWord(sub), `docker ${first}`, 'Run', first),
        status: 125,
      };
    }
    const joined = `${first} ${sub}`;
    const path = ALIASES[joined] ?? joined;
    const found = COMMANDS[path];
    if (found) return { kind: 'command', spec: found, handler: handlerOf(path), argv: words };
    if (groupHelp && groupCommands(groupHelp).includes(sub))
      return { kind: 'unmodelled', name: joined };
    return {
      kind: 'error',
      text: COMMAND_MESSAGES.unknownGroupCommand(first, sub),
      status: 1,
    };
  }
  if (first === 'buildx') {
    const sub = words[0];
    if (sub !== undefined && ALIASES[`buildx ${sub}`]) {
      words.shift();
      return { kind: 'command', spec: COMMANDS.build!, handler: 'build', argv: words };
    }
    return { kind: 'unmodelled', name: sub === undefined ? 'buildx' : `buildx ${sub}` };
  }
  const found = COMMANDS[first];
  if (found) return { kind: 'command', spec: found, handler: handlerOf(first), argv: words };
  if (known.includes(first) || first === 'compose') {
    return { kind: 'unmodelled', name: [first, ...words.slice(0, 1)].join(' ') };
  }
  return {
    kind: 'error',
    text: COMMAND_MESSAGES.unknownCommand(first),
    status: 1,
  };
}

function helpOf(spec: CommandSpec): string {
  return helpText(spec);
}

/** Said for a command or flag Docker has and the simulation does not act on. */
export const NOT_MODELLED = {
  command: COMMAND_MESSAGES.notModelled,
  flag: COMMAND_MESSAGES.flagNotModelled,
};

/** The client the terminal imitates: its help texts are this version's. */
export const CLIENT_VERSION = '28.2.2';
export const API_VERSION = '1.50';
export const CLIENT_VERSION_LINE = `Docker version ${CLIENT_VERSION}, build dockyard (simulated)`;
