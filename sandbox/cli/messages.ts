/**
 * The words of the terminal's `docker` command: the client's (cobra, pflag, the formatter), the
 * daemon's as the client prints them, and the simulation's own notes (which start `dockyard:`).
 * Docker's strings are matched exactly; the real client was run to take them.
 */

const daemon = (message: string) => `Error response from daemon: ${message}`;

/** Flag and argument errors, as cobra and pflag word them. */
export const FLAG_MESSAGES = {
  unknownFlag: (name: string) => `unknown flag: --${name}`,
  unknownShorthand: (letter: string, rest: string) =>
    `unknown shorthand flag: '${letter}' in -${rest}`,
  needsArgument: (name: string) => `flag needs an argument: --${name}`,
  needsArgumentShort: (letter: string) => `flag needs an argument: '${letter}' in -${letter}`,
  invalidInt: (value: string, flag: string) =>
    `invalid argument "${value}" for "${flag}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`,
  invalidBool: (value: string, flag: string) =>
    `invalid argument "${value}" for "${flag}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`,
  /** A value the flag's type refuses: `reason` is one of the `VALUE_REASONS`. */
  invalidValue: (value: string, flag: string, reason: string) =>
    `invalid argument "${value}" for "${flag}" flag: ${reason}`,
  invalidFilter: (value: string, flag: string) =>
    `invalid argument "${value}" for "${flag}" flag: bad format of filter (expected name=value)`,
  acceptsNoArguments: (command: string) => `${command} accepts no arguments`,
  requiresAtMost: (command: string, count: string) => `${command} requires at most ${count}`,
  requiresExactly: (command: string, count: string) => `${command} requires ${count}`,
  requiresAtLeast: (command: string, count: string) => `${command} requires at least ${count}`,
  requiresBetween: (command: string, min: number, count: string) =>
    `${command} requires at least ${min} and at most ${count}`,
  /** The problem, the usage line and the hint, for `docker PATH` (`''` is `docker` itself). */
  usage: (problem: string, usage: string, verb: 'Run' | 'See' | 'SRun', path: string) =>
    `${problem}\n\nUsage:  ${usage}\n\n${verb} '${['docker', path].filter(Boolean).join(' ')} --help' for more information`,
  /** A flag word that is not a flag: `--foo`, or `-z` named by its first letter. */
  unknownWord: (word: string) =>
    word.startsWith('--')
      ? `unknown flag: ${word.split('=')[0]}`
      : `unknown shorthand flag: '${word[1]}' in ${word}`,
  shorthandHelp: 'Flag shorthand -h has been deprecated, use --help',
};

/** Why a size (`-m 512m`) or a CPU count (`--cpus 1.5`) is refused, in go-units' and Go's words. */
export const VALUE_REASONS = {
  invalidSize: (value: string) => `invalid size: '${value}'`,
  invalidSuffix: (suffix: string) => `invalid suffix: '${suffix}'`,
  parseFloat: (number: string) => `strconv.ParseFloat: parsing "${number}": invalid syntax`,
  notRational: (value: string) => `failed to parse ${value} as a rational number`,
  tooPrecise: 'value is too precise',
};

/** Finding the command. */
export const COMMAND_MESSAGES = {
  unknownCommand: (words: string) =>
    `docker: unknown command: docker ${words}\n\nRun 'docker --help' for more information`,
  unknownGroupCommand: (group: string, sub: string) =>
    `docker: unknown command: docker ${group} ${sub}\n\nUsage:  docker ${group}\n\nRun 'docker ${group} --help' for more information`,
  unknownHelpTopic: (topic: string) => `unknown help topic: ${topic}`,
  /** The last paragraph of buildx's help while its experimental flags are hidden. */
  buildxExperimentalHint:
    'Experimental commands and flags are hidden. Set BUILDX_EXPERIMENTAL=1 to show them.',
  notModelled: (name: string) =>
    `dockyard: 'docker ${name}' is a Docker command that this simulation does not model yet`,
  flagNotModelled: (path: string, flag: string) =>
    `dockyard: 'docker ${path} --${flag}' is not modelled by this simulation; it has no effect here`,
  /** A beginner's slip: `docker run IMAGE -p 8888:8080`, where Docker hands `-p` to the container. */
  optionsAfterImage: (path: string, options: string, image: string) =>
    `dockyard: ${options} comes after the image name, so Docker passes it to the container's command, not to docker ${path}; put options before the image: docker ${path} ${options} ${image}`,
};

/** Listings, filters, templates and inspect. */
export const QUERY_MESSAGES = {
  invalidFilter: (key: string) => daemon(`invalid filter '${key}'`),
  invalidDangling: (value: string) => daemon(`Invalid filter 'dangling=${value}'`),
  badExitCode: (value: string) => daemon(`strconv.Atoi: parsing "${value}": invalid syntax`),
  badHealth: (value: string) => daemon(`Unrecognised filter value for health: ${value}`),
  portWithColon: (key: string, value: string) =>
    daemon(`filter for '${key}' should not contain ':': ${value}`),
  badPort: (key: string, value: string, part: string) =>
    daemon(
      `error while looking up for ${key} ${value}: strconv.ParseUint: parsing "${part}": invalid syntax`,
    ),
  noSuchContainer: (name: string) => daemon(`No such container: ${name}`),
  noSuchImage: (name: string) => daemon(`No such image: ${name}`),
  templateParse: (error: string) => `template parsing error: ${error}`,
  /** `docker ps` tries its `--format` on an empty row before it asks the daemon. */
  psTemplateParse: (error: string) => `failed to parse template: ${error}`,
  psTemplateExecute: (error: string) => `failed to execute template: ${error}`,
  templateTooBig: (steps: number, bytes: number) =>
    `dockyard: this template does more than the simulation lets one template do (${steps} steps or ${bytes / 1024 / 1024} MB of output); it was stopped`,
  templateTooDeep:
    'dockyard: this template nests deeper than the simulation can follow; it was stopped',
  quietIgnoresFormat: 'WARNING: Ignoring custom format, because both --format and --quiet are set.',
  badInspectType: (type: string) => `"${type}" is not a valid value for --type`,
  noSuchObject: (noun: string, name: string) => `Error: No such ${noun}: ${name}`,
  badTime: (key: string, value: string) =>
    `invalid value for "${key}": failed to parse value as time or duration: "${value}"`,
};

/** tag, prune and the rest that change images and containers. */
export const CHANGE_MESSAGES = {
  badReference: (name: string, error: string) =>
    `Error parsing reference: "${name}" is not a valid repository/tag: ${error}`,
  digestTag: daemon('refusing to create a tag with a digest reference'),
  confirm: (question: string) => `${question} [y/N] `,
  pruneContainers: 'WARNING! This will remove all stopped containers.',
  pruneDangling: 'WARNING! This will remove all dangling images.',
  pruneAllImages:
    'WARNING! This will remove all images without at least one container associated to them.',
  continueQuestion: 'Are you sure you want to continue?',
  systemPrune: (items: string[]) => `WARNING! This will remove:\n${items.join('\n')}`,
  deleted: (what: 'Containers' | 'Images' | 'Volumes', lines: string[]) =>
    `Deleted ${what}:\n${lines.join('\n')}\n`,
  reclaimed: (size: string) => `Total reclaimed space: ${size}`,
};

/** The pull's lines, as the daemon sends them. */
export const PULL_MESSAGES = {
  notLocal: (name: string) => `Unable to find image '${name}' locally`,
  defaultTag: 'Using default tag: latest',
  pullingFrom: (path: string) => `Pulling from ${path}`,
  digest: (digest: string) => `Digest: ${digest}`,
  downloaded: (name: string) => `Status: Downloaded newer image for ${name}`,
  upToDate: (name: string) => `Status: Image is up to date for ${name}`,
  canceled: 'context canceled',
};

/** The simulation's own words in `version` and `info`. */
export const SYSTEM_MESSAGES = {
  simulated: 'simulated by Dockyard in this page',
  clientName: 'Dockyard (simulated Docker client)',
  serverName: 'Dockyard simulated engine',
  engineVersion: (version: string) => `${version} (simulated: no Docker daemon runs here)`,
  storage: (driver: string) => `${driver} (simulated: files are kept in memory)`,
  operatingSystem: 'Dockyard simulated engine (no real containers run)',
};
