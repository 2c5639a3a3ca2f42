/**
 * Dockyard's beginner checks (`source: 'dockyard'`): habits that BuildKit does not warn about
 * but that cost a learner time or image size. Each check reads only the typed instructions, so
 * it never fires on a file BuildKit rejects. Wording lives in `messages.ts`; messages and hints
 * quote the file's own values.
 */

import { wording } from './language.ts';
import type { dockyardChecks } from './messages.ts';
import type { DockyardCheckCode } from './messages.ts';
import type {
  AddInstruction,
  CmdInstruction,
  CopyInstruction,
  Diagnostic,
  EntrypointInstruction,
  Instruction,
  RunInstruction,
  SourceRange,
  Stage,
} from './types.ts';

type Check<C extends DockyardCheckCode> = (typeof dockyardChecks)[C];
type Values<C extends DockyardCheckCode> = Parameters<Check<C>['message']>[0];

function diagnostic<C extends DockyardCheckCode>(
  code: C,
  severity: Diagnostic['severity'],
  range: SourceRange,
  values: Values<C> & Parameters<Check<C>['hint']>[0],
): Diagnostic {
  const check = wording().dockyardChecks[code] as unknown as {
    message: (v: unknown) => string;
    hint: (v: unknown) => string;
  };
  return {
    severity,
    code,
    message: check.message(values),
    hint: check.hint(values),
    range,
    source: 'dockyard',
  };
}

export function beginnerChecks(stages: readonly Stage[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stageNames = new Set<string>();
  for (const stage of stages) {
    checkBaseImageTag(stage, stageNames, out);
    if (stage.name !== '') {
      stageNames.add(stage.name);
    }
    for (const command of stage.commands) {
      if (command.kind === 'add') {
        checkAdd(command, out);
      }
      if (command.kind === 'run') {
        checkRunScript(command, out);
      }
      if (command.kind === 'run' || command.kind === 'cmd' || command.kind === 'entrypoint') {
        checkExecFormJson(command, out);
      }
    }
    checkConsecutiveRuns(stage, out);
    checkCopyAllBeforeInstall(stage, out);
    checkExposedPorts(stage, out);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line);
}

function checkBaseImageTag(stage: Stage, earlierStages: Set<string>, out: Diagnostic[]): void {
  const image = stage.from.image;
  if (
    image.includes('$') ||
    image.includes('@') ||
    image.toLowerCase() === 'scratch' ||
    earlierStages.has(image.toLowerCase())
  ) {
    return;
  }
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  const repository = colon < 0 ? image : image.slice(0, colon);
  if (colon < 0) {
    out.push(diagnostic('BaseImageWithoutTag', 'info', stage.from.range, { image, repository }));
  } else if (image.slice(colon + 1) === 'latest') {
    out.push(diagnostic('BaseImageLatestTag', 'info', stage.from.range, { image, repository }));
  }
}

/**
 * `CMD ['node', 'server.js']` or `RUN ["echo", "hi"`: meant as the JSON form, read as shell
 * form because it does not parse, so the shell gets brackets and quotes as part of the command.
 */
function checkExecFormJson(
  command: RunInstruction | CmdInstruction | EntrypointInstruction,
  out: Diagnostic[],
): void {
  if (command.command.form !== 'shell' || command.command.heredocs.length > 0) {
    return;
  }
  const text = command.command.script.trim();
  if (!jsonLike.test(text)) {
    return;
  }
  const keyword = command.node.keywordAsWritten.toUpperCase();
  const doubled = text.replaceAll("'", '"');
  out.push(
    diagnostic('ExecFormNotJson', 'warning', command.range, {
      keyword,
      text: shorten(text),
      fixed: doubled !== text && isStringArray(doubled) ? `${keyword} ${doubled}` : '',
    }),
  );
}

/**
 * A first quoted item followed by a comma, by another quoted item (a missing comma), or alone
 * before the closing `]`: an attempt at the JSON form. A shell test such as
 * `[ "$A" = b ] && ...` has an operator there and is left alone.
 */
const jsonLike = /^\[\s*(["'])(?:(?!\1)[^\n])*\1\s*(,|["']|\]$)/;

function isStringArray(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string');
  } catch {
    // Not JSON: the caller then gives the general hint.
    return false;
  }
}

const archiveSuffix =
  /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst|tzst|gz|bz2|xz|zst)$/i;
const remoteScheme = /^(https?:\/\/|git@|git:\/\/|ssh:\/\/)/i;
const gitSuffix = /\.git(#.*)?$/i;
const lineTerminator = /[\n\r\u2028\u2029]/g;

/**
 * A URL or a Git repository. `.git#ref` cannot reach back over a line terminator (`.` stops
 * there), so the suffix is looked for after the last one: searched over the whole of a long
 * word, `\.git(#.*)?$` takes quadratic time.
 */
function isRemoteSource(source: string): boolean {
  if (remoteScheme.test(source)) {
    return true;
  }
  let tail = 0;
  for (const match of source.matchAll(lineTerminator)) {
    tail = match.index + 1;
  }
  return gitSuffix.test(tail === 0 ? source : source.slice(tail));
}

function checkAdd(command: AddInstruction, out: Diagnostic[]): void {
  const local = command.sources.every(
    (source) =>
      !source.includes('$') &&
      !source.startsWith('<<') &&
      !isRemoteSource(source) &&
      !archiveSuffix.test(source),
  );
  if (!local || command.checksum !== undefined || command.keepGitDir) {
    return;
  }
  if (command.unpack !== undefined) {
    return;
  }
  const node = command.node;
  const copy = 'COPY' + node.original.slice(node.keywordAsWritten.length);
  out.push(
    diagnostic('AddWhereCopyWorks', 'info', command.range, {
      sources: command.sources.map((source) => `"${source}"`).join(', '),
      copy: shorten(copy),
    }),
  );
}

/** Keeps quoted instructions readable in a hint. */
function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 120 ? oneLine.slice(0, 117) + '...' : oneLine;
}

/**
 * Simple commands of a shell script, split at `&&`, `||`, `;`, `|`, `&` and newlines, as single
 * spaced words without the shell keywords around them (`then apt-get install x fi`). Works on
 * words, not regular expressions, so that long runs of spaces cost linear time.
 */
function simpleCommands(script: string): string[] {
  const out: string[] = [];
  for (const part of script.split(/&&|\|\||[;|&\n]/)) {
    const words = part.split(/\s+/).filter((word) => word !== '');
    let start = 0;
    let end = words.length;
    while (start < end && leadingKeywords.has(words[start]!)) start++;
    while (end > start && trailingKeywords.has(words[end - 1]!)) end--;
    if (start < end) {
      out.push(words.slice(start, end).join(' '));
    }
  }
  return out;
}

const leadingKeywords = new Set([
  'then',
  'else',
  'do',
  'if',
  'elif',
  'while',
  'until',
  '!',
  '{',
  '(',
]);
const trailingKeywords = new Set(['fi', 'done', '}', ')']);

function scriptsOf(command: RunInstruction): string[] {
  return command.command.form === 'exec'
    ? [command.command.argv.join(' ')]
    : [command.command.script, ...command.command.heredocs.map((h) => h.content)];
}

/** The words of an `apt-get install` / `apt install` command, or undefined. */
function aptInstall(
  text: string,
): { words: string[]; programAt: number; subcommandAt: number } | undefined {
  const apt = aptCommand(text);
  if (apt === undefined || apt.subcommand !== 'install') {
    return undefined;
  }
  const subcommandAt = apt.words.indexOf('install', apt.at + 1);
  return { words: apt.words, programAt: apt.at, subcommandAt };
}

const noQuestion = new Set([
  '--yes',
  '--assume-yes',
  '--force-yes',
  '-qq',
  '--simulate',
  '--just-print',
  '--dry-run',
  '--recon',
  '--no-act',
]);

/** The subcommand of an apt / apt-get command (`update`, `install`), and its words. */
function aptCommand(text: string): { words: string[]; at: number; subcommand: string } | undefined {
  if (!text.includes('apt')) {
    return undefined;
  }
  const words = text.split(' ');
  const at = words.findIndex((word) => /(^|\/)apt(-get)?$/.test(word));
  if (at < 0) {
    return undefined;
  }
  const subcommand = words.slice(at + 1).find((word) => !word.startsWith('-')) ?? '';
  return { words, at, subcommand };
}

/** A command that downloads the package lists: `apt-get update`, `apt install --update`. */
function downloadsLists(text: string): boolean {
  const apt = aptCommand(text);
  return (
    apt !== undefined &&
    (apt.subcommand === 'update' ||
      (apt.subcommand === 'install' && apt.words.slice(apt.at + 1).includes('--update')))
  );
}

/** `rm` of the lists, or apt's own `dist-clean`, which removes them too (`clean` does not). */
function removesLists(text: string): boolean {
  const program = text.slice(0, text.indexOf(' ') < 0 ? text.length : text.indexOf(' '));
  if (/(^|\/)rm$/.test(program)) {
    return text.includes('/var/lib/apt/lists');
  }
  return aptCommand(text)?.subcommand === 'dist-clean';
}

function checkRunScript(command: RunInstruction, out: Diagnostic[]): void {
  const scripts = scriptsOf(command);
  const commands = scripts.flatMap(simpleCommands);

  let firstUpdate: string | undefined;
  for (const text of commands) {
    if (firstUpdate === undefined && downloadsLists(text)) {
      firstUpdate = text;
    }
    const install = aptInstall(text);
    if (install === undefined) {
      continue;
    }
    const rest = install.words.slice(install.programAt + 1);
    // -y and its spellings answer the question; -s and its spellings only simulate, and ask none.
    const answersYes = rest.some(
      (word) =>
        noQuestion.has(word) ||
        (/^-[a-zA-Z]+$/.test(word) && (word.includes('y') || word.includes('s'))),
    );
    if (!answersYes) {
      const fixed = [
        ...install.words.slice(0, install.subcommandAt + 1),
        '-y',
        ...install.words.slice(install.subcommandAt + 1),
      ].join(' ');
      out.push(
        diagnostic('AptGetInstallWithoutYes', 'warning', command.range, {
          command: text,
          fixed: shorten(fixed),
        }),
      );
    }
  }
  const cachesLists = command.mounts.some((mount) =>
    (mount.target ?? '').startsWith('/var/lib/apt'),
  );
  if (firstUpdate !== undefined && !cachesLists && !commands.some(removesLists)) {
    out.push(
      diagnostic('AptListsNotCleaned', 'info', command.range, { command: shorten(firstUpdate) }),
    );
  }

  checkServerInRun(command, out);

  if (command.command.form === 'shell') {
    const shellCommands = simpleCommands(command.command.script);
    const cd = shellCommands.find((text) => /^cd(\s|$)/.test(text));
    if (cd !== undefined) {
      const directory = cd.slice(2).trim().split(/\s+/)[0] || '/root';
      const only = shellCommands.length === 1;
      out.push(
        diagnostic(only ? 'CdOnlyRun' : 'CdInRun', only ? 'warning' : 'info', command.range, {
          command: cd,
          directory,
        }),
      );
    }
  }
}

/** Commands that start a server and keep running until stopped. */
const serverCommands = [
  /^(npm|yarn|pnpm) (run )?start$/,
  /^python3? -m http\.server(\s|$)/,
  /^http-server(\s|$)/,
  /^flask run(\s|$)/,
  /^(gunicorn|uvicorn)\s/,
  /^nginx -g .?daemon off/,
  /^php -S\s/,
  /^(bundle exec )?rails s(erver)?(\s|$)/,
  /^node (server|app)\.js$/,
];

/**
 * A RUN that starts a server: the build waits for every RUN to end, and a server does not. A
 * server sent to the background (`nginx &`, for a test inside the RUN) is left alone.
 */
function checkServerInRun(command: RunInstruction, out: Diagnostic[]): void {
  const scripts = scriptsOf(command);
  if (scripts.some((script) => /(^|[^&])&([^&]|$)/.test(script))) {
    return;
  }
  const server = scripts.flatMap(simpleCommands).find((text) => {
    return serverCommands.some((pattern) => pattern.test(text));
  });
  if (server === undefined) {
    return;
  }
  const exec = /["'\\$]/.test(server) ? '' : `CMD ${JSON.stringify(server.split(' '))}`;
  out.push(
    diagnostic('ServerInRun', 'warning', command.range, {
      command: shorten(server),
      exec: exec.replaceAll('","', '", "'),
    }),
  );
}

/** RUNs next to each other that could be one: same options, shell form, no heredocs. */
function checkConsecutiveRuns(stage: Stage, out: Diagnostic[]): void {
  let group: RunInstruction[] = [];
  const flush = () => {
    if (group.length >= 2) {
      const first = group[0]!;
      const last = group[group.length - 1]!;
      const scripts = group.map((run) => (run.command.form === 'shell' ? run.command.script : ''));
      // Joined, a `cd` would carry over to the commands after it, so such RUNs get no example.
      const plain = scripts.every(
        (script) =>
          !/[;|&\n]/.test(script.replace(/&&/g, '')) &&
          !simpleCommands(script).some((command) => /^cd(\s|$)/.test(command)),
      );
      const joined = 'RUN ' + scripts.join(' && ');
      out.push(
        diagnostic(
          'ConsecutiveRunInstructions',
          'info',
          { start: first.range.start, end: last.range.end },
          {
            count: group.length,
            first: first.range.start.line,
            last: last.range.start.line,
            joined: plain && joined.length <= 120 ? joined : '',
          },
        ),
      );
    }
    group = [];
  };
  for (const command of stage.commands) {
    const joinable =
      command.kind === 'run' &&
      command.command.form === 'shell' &&
      command.command.heredocs.length === 0;
    if (!joinable) {
      flush();
      continue;
    }
    const previous = group[group.length - 1];
    if (
      previous !== undefined &&
      previous.node.flags.join('\n') !== command.node.flags.join('\n')
    ) {
      flush();
    }
    group.push(command);
  }
  flush();
}

interface DependencyInstall {
  /** The install command as written. */
  command: string;
  /** The files the install reads, to copy first. */
  manifests: string;
}

/** A command that installs a project's dependencies from files in the build context. */
function dependencyInstall(text: string): DependencyInstall | undefined {
  const words = text.split(/\s+/).filter((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
  const [tool = '', sub = ''] = words;
  const args = words.slice(2);
  const program = tool.slice(tool.lastIndexOf('/') + 1);
  switch (program) {
    case 'npm':
      if (
        ['install', 'i', 'ci'].includes(sub) &&
        !args.some((a) => a === '-g' || a === '--global')
      ) {
        return { command: text, manifests: 'package*.json' };
      }
      return undefined;
    case 'yarn':
      return sub === '' || sub === 'install' || sub.startsWith('-')
        ? { command: text, manifests: 'package.json yarn.lock' }
        : undefined;
    case 'pnpm':
      return sub === 'install' || sub === 'i'
        ? { command: text, manifests: 'package.json pnpm-lock.yaml' }
        : undefined;
    case 'bundle':
      return sub === 'install' ? { command: text, manifests: 'Gemfile Gemfile.lock' } : undefined;
    case 'go':
      return sub === 'mod' && args[0] === 'download'
        ? { command: text, manifests: 'go.mod go.sum' }
        : undefined;
    case 'composer':
      return sub === 'install'
        ? { command: text, manifests: 'composer.json composer.lock' }
        : undefined;
    case 'poetry':
      return sub === 'install'
        ? { command: text, manifests: 'pyproject.toml poetry.lock' }
        : undefined;
    default:
      break;
  }
  const pip = /^pip[0-9.]*$/.test(program)
    ? words.slice(1)
    : /^python[0-9.]*$/.test(program) && sub === '-m' && /^pip[0-9.]*$/.test(args[0] ?? '')
      ? words.slice(3)
      : undefined;
  if (pip === undefined || pip[0] !== 'install') {
    return undefined;
  }
  for (let i = 1; i < pip.length; i++) {
    const word = pip[i]!;
    if ((word === '-r' || word === '--requirement') && pip[i + 1] !== undefined) {
      return { command: text, manifests: pip[i + 1]! };
    }
    const joined = /^(?:-r|--requirement=)(.+)$/.exec(word);
    if (joined) {
      return { command: text, manifests: joined[1]! };
    }
  }
  return undefined;
}

function isWholeContext(command: CopyInstruction | AddInstruction): boolean {
  if (command.kind === 'copy' && command.from !== undefined) {
    return false;
  }
  return command.sources.length > 0 && command.sources.every((s) => s === '.' || s === './');
}

/** `COPY . .` before `npm install` and friends: every edit reruns the install. */
function checkCopyAllBeforeInstall(stage: Stage, out: Diagnostic[]): void {
  let wholeCopy: CopyInstruction | AddInstruction | undefined;
  for (const command of stage.commands) {
    if ((command.kind === 'copy' || command.kind === 'add') && isWholeContext(command)) {
      wholeCopy ??= command;
      continue;
    }
    if (command.kind !== 'run' || wholeCopy === undefined) {
      continue;
    }
    const install = scriptsOf(command)
      .flatMap(simpleCommands)
      .map(dependencyInstall)
      .find((found) => found !== undefined);
    if (install === undefined) {
      continue;
    }
    const copy = shorten(wholeCopy.node.original);
    out.push(
      diagnostic('CopyAllBeforeInstall', 'info', wholeCopy.range, {
        copy,
        install: install.command,
        line: command.range.start.line,
        manifests: install.manifests,
        dest: wholeCopy.dest === '.' ? './' : wholeCopy.dest,
      }),
    );
    return;
  }
}

interface Server {
  /** The command as the learner wrote it. */
  text: string;
  port: number;
}

/** The argv a stage's container starts with, as far as the stage itself says. */
function startCommand(stage: Stage): string[] | undefined {
  let cmd: Instruction | undefined;
  let entrypoint: Instruction | undefined;
  for (const command of stage.commands) {
    if (command.kind === 'cmd') {
      cmd = command;
    }
    if (command.kind === 'entrypoint') {
      // ENTRYPOINT drops the base image's CMD, not one this stage set (BuildKit's cmdSet).
      entrypoint = command;
    }
  }
  const words = (command: Instruction | undefined): string[] | undefined => {
    if (command === undefined || (command.kind !== 'cmd' && command.kind !== 'entrypoint')) {
      return undefined;
    }
    if (command.command.form === 'exec') {
      return command.command.argv;
    }
    const script = command.command.script.trim();
    if (/[;&|<>`$()\n]/.test(script)) {
      return undefined;
    }
    return script
      .split(/\s+/)
      .filter((word) => word !== '')
      .filter((word, index) => !(index === 0 && word === 'exec'));
  };
  if (entrypoint === undefined && cmd === undefined) {
    // Without CMD or ENTRYPOINT the stage runs its base image's command; nginx's is known.
    const image = stage.from.image.replace(/^(docker\.io\/)?(library\/)?/, '');
    return /^nginx(:[^@]*)?$/.test(image) ? ['nginx'] : undefined;
  }
  if (entrypoint !== undefined) {
    const head = words(entrypoint);
    if (head === undefined) {
      return undefined;
    }
    if (entrypoint.kind === 'entrypoint' && entrypoint.command.form === 'shell') {
      return head;
    }
    const tail = cmd === undefined ? [] : words(cmd);
    return tail === undefined ? undefined : [...head, ...tail];
  }
  return words(cmd);
}

function portWord(word: string | undefined): number | undefined {
  return word !== undefined && /^[0-9]{1,5}$/.test(word) ? Number(word) : undefined;
}

/** A server whose port can be read from its command line, or undefined. */
function knownServer(argv: string[], stage: Stage): Server | undefined {
  let words = argv;
  if (words[0] === 'npx') {
    words = words.slice(1).filter((word) => word !== '-y' && word !== '--yes');
  }
  const program = (words[0] ?? '').slice((words[0] ?? '').lastIndexOf('/') + 1);
  const text = argv.join(' ');
  if (program === 'http-server') {
    const setsPort = stage.commands.some(
      (c) => c.kind === 'env' && c.pairs.some((pair) => pair.key === 'PORT'),
    );
    let port: number | undefined = 8080;
    for (let i = 1; i < words.length; i++) {
      const word = words[i]!;
      if (word === '-p' || word === '--port') {
        port = portWord(words[i + 1]);
      } else if (word.startsWith('--port=')) {
        port = portWord(word.slice('--port='.length));
      } else if (/^-p[0-9]/.test(word)) {
        port = portWord(word.slice(2));
      } else {
        continue;
      }
      return port === undefined ? undefined : { text, port };
    }
    return setsPort ? undefined : { text, port };
  }
  if (/^python[0-9.]*$/.test(program) && words[1] === '-m' && words[2] === 'http.server') {
    const valued = new Set(['-b', '--bind', '-d', '--directory', '-p', '--protocol']);
    for (let i = 3; i < words.length; i++) {
      const word = words[i]!;
      if (valued.has(word)) {
        i++;
        continue;
      }
      if (word.startsWith('-')) {
        continue;
      }
      const port = portWord(word);
      return port === undefined ? undefined : { text, port };
    }
    return { text, port: 8000 };
  }
  if (program === 'nginx') {
    const ownConfig =
      words.includes('-c') ||
      stage.commands.some(
        (c) => (c.kind === 'copy' || c.kind === 'add') && c.dest.startsWith('/etc/nginx'),
      );
    return ownConfig ? undefined : { text, port: 80 };
  }
  return undefined;
}

/** An EXPOSE port that the stage's own known server never listens on. */
function checkExposedPorts(stage: Stage, out: Diagnostic[]): void {
  const argv = startCommand(stage);
  if (argv === undefined || argv.length === 0) {
    return;
  }
  const server = knownServer(argv, stage);
  if (server === undefined) {
    return;
  }
  for (const command of stage.commands) {
    if (command.kind !== 'expose') {
      continue;
    }
    for (const item of command.ports) {
      const match = /^([0-9]+)(?:-([0-9]+))?(?:\/tcp)?$/i.exec(item);
      if (match === null) {
        continue;
      }
      const low = Number(match[1]);
      const high = match[2] === undefined ? low : Number(match[2]);
      if (server.port >= low && server.port <= high) {
        continue;
      }
      out.push(
        diagnostic('ExposedPortNotListening', 'warning', command.range, {
          port: item,
          server: server.text,
          listens: String(server.port),
        }),
      );
    }
  }
}
