import type { CommandSpec, FlagSpec } from './flags.ts';

/**
 * The `docker` sub-commands the simulation answers, with the flags each knows. Usage lines and
 * flag descriptions are Docker's, so `--help` reads as it does on a real machine; flags Docker
 * has and we do not model are left out (see the support table).
 */

const flag = (
  long: string,
  short: string | undefined,
  kind: FlagSpec['kind'],
  description: string,
  valueName?: string,
): FlagSpec => ({ long, short, kind, description, valueName });

const RUN_FLAGS: FlagSpec[] = [
  flag('detach', 'd', 'bool', 'Run container in background and print container ID'),
  flag('entrypoint', undefined, 'string', 'Overwrite the default ENTRYPOINT of the image'),
  flag('env', 'e', 'list', 'Set environment variables'),
  flag('interactive', 'i', 'bool', 'Keep STDIN open even if not attached'),
  flag('name', undefined, 'string', 'Assign a name to the container'),
  flag('publish', 'p', 'list', "Publish a container's port(s) to the host"),
  flag(
    'rm',
    undefined,
    'bool',
    'Automatically remove the container and its associated anonymous volumes when it exits',
  ),
  flag('tty', 't', 'bool', 'Allocate a pseudo-TTY'),
  flag('user', 'u', 'string', 'Username or UID (format: <name|uid>[:<group|gid>])'),
  flag('volume', 'v', 'list', 'Bind mount a volume'),
  flag('workdir', 'w', 'string', 'Working directory inside the container'),
];

const spec = (path: string, rest: Omit<CommandSpec, 'path'>): CommandSpec => ({ path, ...rest });

export const COMMANDS: Record<string, CommandSpec> = {
  build: spec('build', {
    usage: 'docker buildx build [OPTIONS] PATH | URL | -',
    description: 'Start a build',
    aliases: ['docker build', 'docker builder build', 'docker image build', 'docker buildx b'],
    minArgs: 1,
    maxArgs: 1,
    interspersed: true,
    flags: [
      flag('build-arg', undefined, 'list', 'Set build-time variables', 'stringArray'),
      flag('file', 'f', 'string', 'Name of the Dockerfile (default: "PATH/Dockerfile")'),
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
  run: spec('run', {
    usage: 'docker run [OPTIONS] IMAGE [COMMAND] [ARG...]',
    description: 'Create and run a new container from an image',
    aliases: ['docker container run', 'docker run'],
    minArgs: 1,
    maxArgs: Infinity,
    interspersed: false,
    flags: RUN_FLAGS,
  }),
  create: spec('create', {
    usage: 'docker create [OPTIONS] IMAGE [COMMAND] [ARG...]',
    description: 'Create a new container',
    aliases: ['docker container create', 'docker create'],
    minArgs: 1,
    maxArgs: Infinity,
    interspersed: false,
    flags: RUN_FLAGS.filter((f) => f.long !== 'detach' && f.long !== 'rm'),
  }),
  start: spec('start', {
    usage: 'docker start [OPTIONS] CONTAINER [CONTAINER...]',
    description: 'Start one or more stopped containers',
    aliases: ['docker container start', 'docker start'],
    minArgs: 1,
    maxArgs: Infinity,
    interspersed: true,
    flags: [],
  }),
  stop: spec('stop', {
    usage: 'docker stop [OPTIONS] CONTAINER [CONTAINER...]',
    description: 'Stop one or more running containers',
    aliases: ['docker container stop', 'docker stop'],
    minArgs: 1,
    maxArgs: Infinity,
    interspersed: true,
    flags: [
      flag('signal', 's', 'string', 'Signal to send to the container'),
      flag('timeout', 't', 'int', 'Seconds to wait before killing the container'),
    ],
  }),
  rm: spec('rm', {
    usage: 'docker rm [OPTIONS] CONTAINER [CONTAINER...]',
    description: 'Remove one or more containers',
    aliases: ['docker container rm', 'docker container remove', 'docker rm'],
    minArgs: 1,
    maxArgs: Infinity,
    interspersed: true,
    flags: [
      flag('force', 'f', 'bool', 'Force the removal of a running container (uses SIGKILL)'),
      flag('volumes', 'v', 'bool', 'Remove anonymous volumes associated with the container'),
    ],
  }),
  ps: spec('ps', {
    usage: 'docker ps [OPTIONS]',
    description: 'List containers',
    aliases: ['docker container ls', 'docker container list', 'docker container ps', 'docker ps'],
    minArgs: 0,
    maxArgs: 0,
    interspersed: true,
    flags: [
      flag('all', 'a', 'bool', 'Show all containers (default shows just running)'),
      flag('latest', 'l', 'bool', 'Show the latest created container (includes all states)'),
      flag('no-trunc', undefined, 'bool', "Don't truncate output"),
      flag('quiet', 'q', 'bool', 'Only display container IDs'),
    ],
  }),
  images: spec('images', {
    usage: 'docker images [OPTIONS] [REPOSITORY[:TAG]]',
    description: 'List images',
    aliases: ['docker image ls', 'docker image list', 'docker images'],
    minArgs: 0,
    maxArgs: 1,
    interspersed: true,
    flags: [
      flag('all', 'a', 'bool', 'Show all images (default hides intermediate images)'),
      flag('no-trunc', undefined, 'bool', "Don't truncate output"),
      flag('quiet', 'q', 'bool', 'Only show image IDs'),
    ],
  }),
  history: spec('history', {
    usage: 'docker history [OPTIONS] IMAGE',
    description: 'Show the history of an image',
    aliases: ['docker image history', 'docker history'],
    minArgs: 1,
    maxArgs: 1,
    interspersed: true,
    flags: [
      flag('human', 'H', 'bool', 'Print sizes and dates in human readable format (default true)'),
      flag('no-trunc', undefined, 'bool', "Don't truncate output"),
      flag('quiet', 'q', 'bool', 'Only show image IDs'),
    ],
  }),
  rmi: spec('rmi', {
    usage: 'docker rmi [OPTIONS] IMAGE [IMAGE...]',
    description: 'Remove one or more images',
    aliases: ['docker image rm', 'docker image remove', 'docker rmi'],
    minArgs: 1,
    maxArgs: Infinity,
    interspersed: true,
    flags: [flag('force', 'f', 'bool', 'Force removal of the image')],
  }),
  logs: spec('logs', {
    usage: 'docker logs [OPTIONS] CONTAINER',
    description: 'Fetch the logs of a container',
    aliases: ['docker container logs', 'docker logs'],
    minArgs: 1,
    maxArgs: 1,
    interspersed: true,
    flags: [
      flag('follow', 'f', 'bool', 'Follow log output'),
      flag(
        'tail',
        'n',
        'string',
        'Number of lines to show from the end of the logs (default "all")',
      ),
      flag('timestamps', 't', 'bool', 'Show timestamps'),
    ],
  }),
  inspect: spec('inspect', {
    usage: 'docker inspect [OPTIONS] NAME|ID [NAME|ID...]',
    description: 'Return low-level information on Docker objects',
    minArgs: 1,
    maxArgs: Infinity,
    interspersed: true,
    flags: [
      flag('format', 'f', 'string', 'Format output using a custom template'),
      flag('type', undefined, 'string', 'Only inspect objects of the given type'),
    ],
  }),
  pull: spec('pull', {
    usage: 'docker pull [OPTIONS] NAME[:TAG|@DIGEST]',
    description: 'Download an image from a registry',
    aliases: ['docker image pull', 'docker pull'],
    minArgs: 1,
    maxArgs: 1,
    interspersed: true,
    flags: [flag('quiet', 'q', 'bool', 'Suppress verbose output')],
  }),
  'volume ls': spec('volume ls', {
    usage: 'docker volume ls [OPTIONS]',
    description: 'List volumes',
    aliases: ['docker volume ls', 'docker volume list'],
    minArgs: 0,
    maxArgs: 0,
    interspersed: true,
    flags: [flag('quiet', 'q', 'bool', 'Only display volume names')],
  }),
  'volume create': spec('volume create', {
    usage: 'docker volume create [OPTIONS] [VOLUME]',
    description: 'Create a volume',
    minArgs: 0,
    maxArgs: 1,
    interspersed: true,
    flags: [flag('name', undefined, 'string', 'Specify volume name')],
  }),
  'volume inspect': spec('volume inspect', {
    usage: 'docker volume inspect [OPTIONS] VOLUME [VOLUME...]',
    description: 'Display detailed information on one or more volumes',
    minArgs: 1,
    maxArgs: Infinity,
    interspersed: true,
    flags: [flag('format', 'f', 'string', 'Format output using a custom template')],
  }),
  'volume rm': spec('volume rm', {
    usage: 'docker volume rm [OPTIONS] VOLUME [VOLUME...]',
    description:
      'Remove one or more volumes. You cannot remove a volume that is in use by a container.',
    aliases: ['docker volume rm', 'docker volume remove'],
    minArgs: 1,
    maxArgs: Infinity,
    interspersed: true,
    flags: [flag('force', 'f', 'bool', 'Force the removal of one or more volumes')],
  }),
};

/** Management forms that name the same commands (`docker container ls` is `docker ps`). */
export const ALIASES: Record<string, string> = {
  'container run': 'run',
  'container create': 'create',
  'container start': 'start',
  'container stop': 'stop',
  'container rm': 'rm',
  'container remove': 'rm',
  'container ls': 'ps',
  'container list': 'ps',
  'container ps': 'ps',
  'container logs': 'logs',
  'container inspect': 'inspect',
  'image ls': 'images',
  'image list': 'images',
  'image rm': 'rmi',
  'image remove': 'rmi',
  'image pull': 'pull',
  'image build': 'build',
  'image inspect': 'inspect',
  'image history': 'history',
  'buildx build': 'build',
  'builder build': 'build',
  'volume list': 'volume ls',
  'volume remove': 'volume rm',
};

export const VOLUME_HELP = `Usage:  docker volume COMMAND

Manage volumes

Commands:
  create      Create a volume
  inspect     Display detailed information on one or more volumes
  ls          List volumes
  rm          Remove one or more volumes

Run 'docker volume COMMAND --help' for more information on a command.`;

export const DOCKER_HELP = `
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers (simulated by Dockyard in this page)

Common Commands:
  run         Create and run a new container from an image
  build       Build an image from a Dockerfile
  pull        Download an image from a registry
  ps          List containers
  images      List images

Management Commands:
  volume      Manage volumes

Commands:
  create      Create a new container
  history     Show the history of an image
  inspect     Return low-level information on Docker objects
  logs        Fetch the logs of a container
  rm          Remove one or more containers
  rmi         Remove one or more images
  start       Start one or more stopped containers
  stop        Stop one or more running containers

Run 'docker COMMAND --help' for more information on a command.`;

/**
 * Docker's own top-level commands that the simulation does not model: for these it says so,
 * rather than claiming, as it does for a misspelt command, that Docker has no such command.
 */
export const REAL_UNMODELLED_COMMANDS = new Set([
  'attach',
  'checkpoint',
  'commit',
  'compose',
  'config',
  'context',
  'cp',
  'diff',
  'events',
  'exec',
  'export',
  'import',
  'info',
  'init',
  'kill',
  'load',
  'login',
  'logout',
  'manifest',
  'network',
  'node',
  'pause',
  'plugin',
  'port',
  'push',
  'rename',
  'restart',
  'save',
  'scout',
  'search',
  'secret',
  'service',
  'stack',
  'stats',
  'swarm',
  'system',
  'tag',
  'top',
  'trust',
  'unpause',
  'update',
  'wait',
]);
