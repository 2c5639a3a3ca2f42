/**
 * Every sentence the Dockerfile reader shows a learner, in one place. BuildKit's own texts are
 * reproduced exactly (they are facts about Docker's output, and learners compare them with what
 * real Docker prints); the hints and the `dockyard` checks are our own wording.
 */

import { goQuote } from './dump.ts';

/** Errors of the low-level parser. BuildKit prints them without a `line N:` prefix. */
export const parserMessages = {
  noInstructions: 'file with no instructions',
  /** What a full build says for a zero-byte Dockerfile, before the parser runs. */
  emptyDockerfile: 'the Dockerfile cannot be empty',
  lineTooLong: (max: number) => `dockerfile line greater than max allowed size of ${max}`,
  duplicateDirective: (name: string) => `only one ${name} parser directive can be used`,
  invalidEscape: (value: string) => `invalid escape token '${value}' does not match \` or \\`,
  jsonNotStrings: 'when using JSON array syntax, arrays must be comprised of strings only',
  needsTwoArguments: (instruction: string) => `${instruction} must have two arguments`,
  missingEquals: (word: string) =>
    `Syntax error - can't find = in ${goQuote(word)}. Must be of the form: name=value`,
  unterminatedHeredoc: 'unterminated heredoc',
  emptyContinuation: 'Empty continuation line',
  emptyContinuationHint:
    'Remove the blank line or put a comment there: Docker says empty continuation lines will become errors in a future release.',
} as const;

/** Errors of the instruction layer, before the `dockerfile parse error on line N: ` prefix. */
export const instructionMessages = {
  wrap: (line: number, message: string) => `dockerfile parse error on line ${line}: ${message}`,
  unknownInstruction: (keyword: string) => `unknown instruction: ${keyword}`,
  didYouMean: (message: string, suggestion: string) => `${message} (did you mean ${suggestion}?)`,
  unknownFlag: (name: string) => `unknown flag: --${name}`,
  duplicateFlag: (name: string) => `duplicate flag specified: --${name}`,
  flagMissingValue: (name: string) => `missing a value on flag: --${name}`,
  flagNotBoolean: (name: string, value: string) =>
    `expecting boolean value for flag --${name}, not: ${value}`,
  flagWithoutDashes: (word: string) => `arg should start with -- : ${word}`,
  atLeastOneArgument: (instruction: string) => `${instruction} requires at least one argument`,
  exactlyOneArgument: (instruction: string) => `${instruction} requires exactly one argument`,
  noDestination: (instruction: string) =>
    `${instruction} requires at least two arguments, but only one was provided. Destination could not be determined`,
  blankNames: (instruction: string) => `${instruction} names can not be blank`,
  fromArguments: 'FROM requires either one or three arguments',
  invalidStageName: (name: string) =>
    `invalid name for build stage: ${goQuote(name)}, name can't start with a number or contain symbols`,
  heredocDestination: (instruction: string) =>
    `${instruction} cannot accept a heredoc as a destination`,
  emptyVolume: 'VOLUME specified can not be an empty string',
  shellNotJson: 'SHELL requires the arguments to be in JSON form',
  unescapedBackslash: (text: string) =>
    `. It looks like '${text}' includes a file path without an escaped back-slash. JSON requires back-slashes to be escaped such as ["c:\\\\path\\\\to\\\\file.exe", "/parameter"]`,
  onbuildChaining: "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed",
  onbuildTrigger: (keyword: string) => `${keyword} isn't allowed as an ONBUILD trigger`,
  healthcheckNoneArguments: 'HEALTHCHECK NONE takes no arguments',
  healthcheckMissingCommand: 'Missing command after HEALTHCHECK CMD',
  healthcheckUnknownType: (type: string) =>
    `Unknown type ${goQuote(type)} in HEALTHCHECK (try CMD)`,
  intervalTooShort: (flag: string) => `Interval ${goQuote(flag)} cannot be less than 1ms`,
  retriesNegative: (value: string) => `--retries cannot be negative (${value})`,
  parseIntSyntax: (value: string) => `strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`,
  parseIntRange: (value: string) =>
    `strconv.ParseInt: parsing ${goQuote(value)}: value out of range`,
  invalidNetwork: (value: string) => `invalid network mode ${goQuote(value)}`,
  invalidSecurity: (value: string) => `security ${goQuote(value)} is not valid`,
  noBuildStage: 'no build stage in current context',
  noStages: 'dockerfile contains no stages to build',
  invalidCheckOption: (part: string) => `invalid check option ${goQuote(part)}`,
  checkOptionBool: (part: string, value: string) =>
    `failed to parse check option ${goQuote(part)}: strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`,
} as const;

/**
 * Errors BuildKit raises while converting a stage, before any step runs: Docker's port-spec
 * parser (go-connections `nat`), `signal.ParseSignal`, and the ADD `--checksum` rules.
 */
export const dispatchMessages = {
  invalidIp: (ip: string) => `invalid IP address: ${ip}`,
  noPort: (raw: string) => `no port specified: ${raw}<empty>`,
  invalidContainerPort: (port: string) => `invalid containerPort: ${port}`,
  invalidHostPort: (port: string) => `invalid hostPort: ${port}`,
  invalidRanges: (container: string, host: string) =>
    `invalid ranges specified for container and host Ports: ${container} and ${host}`,
  invalidProto: (proto: string) => `invalid proto: ${proto}`,
  invalidSignal: (value: string) => `invalid signal: ${value}`,
  checksumMultipleSources: "checksum can't be specified for multiple sources",
  checksumNeedsRemote: 'checksum requires HTTP(S) or Git sources',
} as const;

/** Go's `time.ParseDuration` errors, which BuildKit passes through unchanged. */
export const durationMessages = {
  invalid: (quoted: string) => `time: invalid duration ${quoted}`,
  missingUnit: (quoted: string) => `time: missing unit in duration ${quoted}`,
  unknownUnit: (unit: string, quoted: string) => `time: unknown unit ${unit} in duration ${quoted}`,
} as const;

/**
 * Limits Dockyard puts on variable expansion so that no Dockerfile can exhaust the stack, the
 * memory or the time of the editor. BuildKit has no such limits; these texts are our own and
 * follow BuildKit's `failed to process "<word>": ` prefix.
 */
export const expansionLimitMessages = {
  tooDeep: (max: number) =>
    `\${...} is nested more than ${max} levels deep (Dockyard stops expanding there)`,
  tooLong: (max: number) =>
    `the expanded value is longer than ${max} characters (Dockyard stops expanding there)`,
  patternTooComplex: (pattern: string) =>
    `pattern (${pattern}) in substitution needs too much work to match (Dockyard stops there)`,
} as const;

/** `RUN --mount` errors. */
export const mountMessages = {
  csv: (detail: string) => `failed to parse csv mounts: ${detail}`,
  csvPosition: (column: number, detail: string) =>
    `parse error on line 1, column ${column}: ${detail}`,
  csvBareQuote: 'bare " in non-quoted-field',
  csvQuote: 'extraneous or missing " in quoted-field',
  fromExpansion: "'from' doesn't support variable expansion, define alias stage instead",
  unsupportedType: (value: string) => `unsupported mount type ${goQuote(value)}`,
  invalidBool: (key: string, value: string) => `invalid value for ${key}: ${value}`,
  unexpectedKeyForType: (key: string, type: string) =>
    `unexpected key '${key}' for mount type '${type}'`,
  unexpectedKey: (key: string, field: string) => `unexpected key '${key}' in '${field}'`,
  notKeyValue: (field: string) => `invalid field '${field}' must be a key=value pair`,
  unsupportedSharing: (value: string) => `unsupported sharing value ${goQuote(value)}`,
  invalidNumber: (value: string, key: string) => `invalid value ${value} for ${key}`,
  notAllowedForType: (key: string, type: string) =>
    `${key} not allowed for ${goQuote(type)} type mounts`,
  sharingOnNonCache: (type: string) => `invalid cache sharing set for ${type} mount`,
  secretWithFrom: 'secret mount should not have a from',
  secretWithSharing: 'secret mount should not define sharing',
  secretWithoutTarget: 'invalid secret mount. one of source, target required',
  secretSourceAndId: "both source and id can't be set",
} as const;

/** Our hints for BuildKit's fatal errors, keyed by our error code. */
export const errorHints = {
  UnknownInstruction:
    'Every line must start with a Dockerfile instruction such as FROM, RUN or COPY. Check the spelling.',
  UnknownInstructionShellLike:
    'This looks like a shell command. If it belongs to the RUN above, end the previous line with a backslash (\\) so the command continues.',
  UnknownFlag:
    'Check the spelling of the option, or remove it: this instruction does not accept it.',
  DuplicateFlag: 'Give this option only once.',
  FlagMissingValue: 'Write the option as --name=value.',
  FlagNotBoolean: 'Write the option alone (--link) or with =true or =false.',
  NoDestination: 'Add the destination as the last argument, for example `COPY package.json /app/`.',
  FromArguments: 'Write `FROM image` or `FROM image AS name`.',
  InvalidStageName:
    'Stage names start with a letter and use only lowercase letters, digits, `-`, `_` and `.`.',
  MissingEquals:
    'Write every pair as name=value, with no spaces around `=` (quote values that contain spaces).',
  MissingValue: 'Give the variable a value: `ENV NAME=value`.',
  JsonNotStringArray: 'Every item of the JSON form must be a string in double quotes.',
  UnterminatedHeredoc:
    'End the heredoc with a line that holds only its marker word, for example `EOF`.',
  NoBuildStage: 'Start the Dockerfile with FROM. Only ARG may come before the first FROM.',
  NoStages: 'Add a FROM instruction to start a build stage.',
  NoInstructions: 'Add at least a FROM instruction.',
  EmptyDockerfile: 'Start with a FROM instruction naming the base image and its version tag.',
  ShellNotJson: 'Write SHELL in JSON form, for example `SHELL ["/bin/bash", "-c"]`.',
  ArgumentCount: 'Check how many arguments this instruction takes.',
  ExpansionFailed:
    'Check the variables in this line: every `${` needs its `}`, and `${NAME:?message}` stops the build when NAME is unset or empty.',
  InvalidPortSpec:
    'EXPOSE takes container ports: a number from 0 to 65535, or a range such as 8000-8010, optionally followed by /tcp, /udp or /sctp.',
  InvalidSignal:
    'Use a signal name such as SIGTERM, SIGINT or SIGQUIT (with or without SIG), or its number.',
  ChecksumSource:
    'Use --checksum only with a single URL or Git source; files from the build context need no checksum.',
  InvalidMount:
    'Write the mount as comma-separated key=value pairs, for example `--mount=type=cache,target=/root/.cache`.',
} satisfies Partial<Record<string, string>>;

/** Hints for BuildKit's checks that quote the file's own values. */
export const buildkitCheckValueHints = {
  JSONArgsRecommended: (instruction: string) =>
    `Use the JSON form, \`${instruction}\`, so the program runs as PID 1 and receives stop signals.`,
  MaintainerDeprecated: (name: string) =>
    `Use \`LABEL org.opencontainers.image.authors=${JSON.stringify(name)}\` instead.`,
  WorkdirRelativePath: (path: string) =>
    `Use an absolute path: \`WORKDIR /${path}\` if the directory is meant to be at the root.`,
} as const;

export interface CheckDefinition {
  /** BuildKit's documentation page, when the check has one. */
  url?: string;
  experimental?: boolean;
}

/** BuildKit's build checks: rule name, documentation page and message format. */
export const buildkitChecks = {
  StageNameCasing: (name: string) => `Stage name '${name}' should be lowercase`,
  FromAsCasing: (from: string, as: string) => `'${as}' and '${from}' keywords' casing do not match`,
  NoEmptyContinuation: () => 'Empty continuation line',
  ConsistentInstructionCasing: (command: string, casing: string) =>
    `Command '${command}' should match the case of the command majority (${casing})`,
  DuplicateStageName: (name: string) =>
    `Duplicate stage name ${goQuote(name)}, stage names should be unique`,
  ReservedStageName: (name: string) =>
    `Stage name should not use the same name as reserved stage ${goQuote(name)}`,
  JSONArgsRecommended: (command: string) =>
    `JSON arguments recommended for ${command} to prevent unintended behavior related to OS signals`,
  MaintainerDeprecated: () => 'Maintainer instruction is deprecated in favor of using label',
  UndefinedArgInFrom: (name: string, suggestion: string) =>
    `FROM argument '${name}' is not declared` +
    (suggestion ? ` (did you mean ${suggestion}?)` : ''),
  WorkdirRelativePath: (path: string) =>
    `Relative workdir "${path}" can have unexpected results if the base image changes`,
  UndefinedVar: (name: string, suggestion: string) =>
    `Usage of undefined variable '$${name}'` +
    (suggestion ? ` (did you mean $${suggestion}?)` : ''),
  MultipleInstructionsDisallowed: (command: string) =>
    `Multiple ${command} instructions should not be used in the same stage because only the last one will be used`,
  LegacyKeyValueFormat: (command: string) =>
    `"${command} key=value" should be used instead of legacy "${command} key value" format`,
  RedundantTargetPlatform: (platform: string) =>
    `Setting platform to predefined ${platform} in FROM is redundant as this is the default behavior`,
  SecretsUsedInArgOrEnv: (instruction: string, key: string) =>
    `Do not use ARG or ENV instructions for sensitive data (${instruction} ${goQuote(key)})`,
  InvalidDefaultArgInFrom: (baseName: string) =>
    `Default value for ARG ${baseName} results in empty or invalid base image name`,
  FromPlatformFlagConstDisallowed: (platform: string) =>
    `FROM --platform flag should not use constant value ${goQuote(platform)}`,
  CopyIgnoredFile: (command: string, file: string) =>
    `Attempting to ${command} file ${goQuote(file)} that is excluded by .dockerignore`,
  InvalidDefinitionDescription: (instruction: string, name: string) =>
    `Comment for ${instruction} should follow the format: \`# ${name} <description>\``,
  ExposeProtoCasing: (port: string) =>
    `Defined protocol '${port}' in EXPOSE instruction should be lowercase`,
  ExposeInvalidFormat: (port: string) =>
    `EXPOSE instruction should not define an IP address or host-port mapping, found '${port}'`,
} as const;

export type BuildkitCheckName = keyof typeof buildkitChecks;

/** Our hints for BuildKit's checks: what to do about each one. */
export const buildkitCheckHints: Record<BuildkitCheckName, string> = {
  StageNameCasing: 'Write the stage name in lowercase.',
  FromAsCasing: 'Write AS in the same case as FROM (`FROM x AS y` or `from x as y`).',
  NoEmptyContinuation: 'Remove the blank line inside the continued instruction.',
  ConsistentInstructionCasing: 'Write all instructions in the same case, usually uppercase.',
  DuplicateStageName: 'Give every stage its own name.',
  ReservedStageName: 'Pick another stage name: `scratch` and `context` have a special meaning.',
  JSONArgsRecommended:
    'Use the JSON form, one string per word, so the program runs as PID 1 and receives stop signals.',
  MaintainerDeprecated: 'Use `LABEL org.opencontainers.image.authors="name"` instead.',
  UndefinedArgInFrom: 'Declare the ARG before the first FROM so FROM can use it.',
  WorkdirRelativePath: 'Use an absolute path, starting with /.',
  UndefinedVar: 'Declare the variable with ARG or ENV before this line, or check its spelling.',
  MultipleInstructionsDisallowed: 'Keep only the last one: the earlier ones have no effect.',
  LegacyKeyValueFormat: 'Write the pair as key=value.',
  RedundantTargetPlatform: 'Remove the --platform option: this is already the default.',
  SecretsUsedInArgOrEnv:
    'ARG and ENV values are stored in the image. Pass secrets with `RUN --mount=type=secret` instead.',
  InvalidDefaultArgInFrom: 'Give the ARG a default value that makes a valid image name.',
  FromPlatformFlagConstDisallowed:
    'Leave --platform out, or use a variable such as $BUILDPLATFORM.',
  CopyIgnoredFile: 'Remove the file from .dockerignore, or do not copy it.',
  InvalidDefinitionDescription: 'Start the comment with the name it describes.',
  ExposeProtoCasing: 'Write the protocol in lowercase, for example 80/tcp.',
  ExposeInvalidFormat:
    'EXPOSE takes only the container port. Publish ports with `docker run -p host:container`.',
};

export const buildkitCheckDefinitions: Record<BuildkitCheckName, CheckDefinition> = {
  StageNameCasing: { url: checkUrl('StageNameCasing') },
  FromAsCasing: { url: checkUrl('FromAsCasing') },
  NoEmptyContinuation: { url: checkUrl('NoEmptyContinuation') },
  ConsistentInstructionCasing: { url: checkUrl('ConsistentInstructionCasing') },
  DuplicateStageName: { url: checkUrl('DuplicateStageName') },
  ReservedStageName: { url: checkUrl('ReservedStageName') },
  JSONArgsRecommended: { url: checkUrl('JSONArgsRecommended') },
  MaintainerDeprecated: { url: checkUrl('MaintainerDeprecated') },
  UndefinedArgInFrom: { url: checkUrl('UndefinedArgInFrom') },
  WorkdirRelativePath: { url: checkUrl('WorkdirRelativePath') },
  UndefinedVar: { url: checkUrl('UndefinedVar') },
  MultipleInstructionsDisallowed: { url: checkUrl('MultipleInstructionsDisallowed') },
  LegacyKeyValueFormat: { url: checkUrl('LegacyKeyValueFormat') },
  RedundantTargetPlatform: { url: checkUrl('RedundantTargetPlatform') },
  SecretsUsedInArgOrEnv: { url: checkUrl('SecretsUsedInArgOrEnv') },
  InvalidDefaultArgInFrom: { url: checkUrl('InvalidDefaultArgInFrom') },
  FromPlatformFlagConstDisallowed: { url: checkUrl('FromPlatformFlagConstDisallowed') },
  CopyIgnoredFile: { url: checkUrl('CopyIgnoredFile') },
  InvalidDefinitionDescription: {
    url: checkUrl('InvalidDefinitionDescription'),
    experimental: true,
  },
  ExposeProtoCasing: { url: checkUrl('ExposeProtoCasing') },
  ExposeInvalidFormat: { url: checkUrl('ExposeInvalidFormat') },
};

/** `JSONArgsRecommended` becomes `https://docs.docker.com/go/dockerfile/rule/json-args-recommended/`. */
export function checkUrl(rule: string): string {
  const kebab = rule
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
  return `https://docs.docker.com/go/dockerfile/rule/${kebab}/`;
}

/** Dockyard's own beginner checks: permanent code, message and hint, both quoting the file. */
export const dockyardChecks = {
  BaseImageLatestTag: {
    message: (v: { image: string }) =>
      `The base image ${goQuote(v.image)} uses the tag "latest", which changes whenever a new version is published.`,
    hint: (v: { repository: string }) =>
      `Pin a version instead of latest, \`FROM ${v.repository}:<version>\`, so the build gives the same result next month.`,
  },
  BaseImageWithoutTag: {
    message: (v: { image: string }) =>
      `The base image ${goQuote(v.image)} has no tag, so Docker uses "latest".`,
    hint: (v: { repository: string }) =>
      `Add a version tag, \`FROM ${v.repository}:<version>\`, so the build does not change under you.`,
  },
  AddWhereCopyWorks: {
    message: (v: { sources: string }) =>
      `ADD copies the local files ${v.sources}; COPY does the same with fewer surprises.`,
    hint: (v: { copy: string }) =>
      `Write \`${v.copy}\`. Keep ADD for URLs, Git repositories and archives you want unpacked.`,
  },
  AptGetInstallWithoutYes: {
    message: (v: { command: string }) =>
      `${goQuote(v.command)} asks for confirmation, and nobody can answer it during a build.`,
    hint: (v: { fixed: string }) => `Add -y so the install runs without asking: \`${v.fixed}\`.`,
  },
  AptListsNotCleaned: {
    message: (v: { command: string }) =>
      `${goQuote(v.command)} downloads apt's package lists, and this RUN leaves them in the image (/var/lib/apt/lists).`,
    hint: (_values: { command: string }) =>
      'End the same RUN with `&& rm -rf /var/lib/apt/lists/*`. Removing them in a later RUN does not make the image smaller: the earlier layer still holds them.',
  },
  ConsecutiveRunInstructions: {
    message: (v: { count: number; first: number; last: number }) =>
      `${v.count} RUN instructions in a row (lines ${v.first}-${v.last}) each add a layer and are cached separately.`,
    hint: (v: { joined: string }) =>
      v.joined === ''
        ? 'Join the commands that belong together into one RUN with `&&`, continuing long lines with `\\`.'
        : `Join the commands that belong together into one RUN with \`&&\`: \`${v.joined}\`.`,
  },
  CdInRun: {
    message: (v: { command: string }) =>
      `${goQuote(v.command)} changes the directory for this RUN only.`,
    hint: (v: { directory: string }) =>
      `Put \`WORKDIR ${v.directory}\` before this RUN to set the directory for it and for the following instructions.`,
  },
  CdOnlyRun: {
    message: (v: { command: string }) =>
      `${goQuote(v.command)} has no effect: the next instruction starts in the WORKDIR again.`,
    hint: (v: { directory: string }) => `Replace this RUN with \`WORKDIR ${v.directory}\`.`,
  },
  ExposedPortNotListening: {
    message: (v: { port: string; server: string; listens: string }) =>
      `EXPOSE ${v.port} documents port ${v.port}, but ${goQuote(v.server)} listens on port ${v.listens}.`,
    hint: (v: { listens: string }) =>
      `Make them agree: \`EXPOSE ${v.listens}\`, or start the server on the port you expose.`,
  },
  CopyAllBeforeInstall: {
    message: (v: { copy: string; install: string; line: number }) =>
      `${goQuote(v.copy)} copies the whole build context before ${goQuote(v.install)} (line ${v.line}), so changing any file reruns the install.`,
    hint: (v: { manifests: string; dest: string; install: string; copy: string }) =>
      `Copy only the dependency files first: \`COPY ${v.manifests} ${v.dest}\`, then \`RUN ${v.install}\`, then \`${v.copy}\`.`,
  },
  ServerInRun: {
    message: (v: { command: string }) =>
      `${goQuote(v.command)} starts a server, which keeps running, and the build waits for this RUN to end.`,
    hint: (v: { exec: string }) =>
      v.exec === ''
        ? 'RUN is for building the image. Start the server when the container starts, with CMD.'
        : `RUN is for building the image. Start the server when the container starts: \`${v.exec}\`.`,
  },
  ExecFormNotJson: {
    message: (v: { keyword: string; text: string }) =>
      `${v.keyword} ${v.text} starts like the JSON form but is not valid JSON, so Docker runs the whole line with a shell.`,
    hint: (v: { fixed: string }) =>
      v.fixed === ''
        ? 'Write the JSON form with double quotes around every item, commas between them and a closing ], for example `CMD ["node", "server.js"]`.'
        : `JSON takes only double quotes: \`${v.fixed}\`.`,
  },
} as const;

export type DockyardCheckCode = keyof typeof dockyardChecks;

/** What a build prints when `# check=error=true` is set and a check fired: each rule once, sorted. */
export const lintViolation = (rules: readonly string[]) =>
  `lint violation found for rules: ${[...new Set(rules)].sort().join(', ')}`;
