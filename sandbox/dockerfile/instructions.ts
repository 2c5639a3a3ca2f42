/**
 * BuildKit's instruction layer: turns each syntax node into a typed instruction, checks argument
 * counts and flags with BuildKit's messages, groups instructions into stages, collects the ARGs
 * before the first FROM, and raises the checks BuildKit raises at this point (FromAsCasing,
 * StageNameCasing, MaintainerDeprecated, DuplicateStageName, ReservedStageName,
 * ConsistentInstructionCasing, NoEmptyContinuation). Errors come back as values, worded
 * `dockerfile parse error on line N: …` where BuildKit words them so.
 */

import { CheckRecorder, parseCheckDirective } from './checks.ts';
import { parseGoDuration } from './duration.ts';
import { wording } from './language.ts';
import { buildkitChecks, instructionMessages } from './messages.ts';
import { parseRunMount } from './mount.ts';
import { parseHeredocMarker } from './parser.ts';
import { suggestName } from './suggest.ts';
import { trimGoSpace } from './text.ts';
import type {
  AddInstruction,
  ArgDeclaration,
  ArgInstruction,
  CommandLine,
  CopyInstruction,
  DockerfileError,
  FromInstruction,
  HealthcheckInstruction,
  Instruction,
  InstructionsResult,
  KeyValue,
  Node,
  ParseResult,
  RunInstruction,
  RunMount,
  Stage,
} from './types.ts';

/** The 18 instructions, in lower case. */
export const instructionNames = [
  'add',
  'arg',
  'cmd',
  'copy',
  'entrypoint',
  'env',
  'expose',
  'from',
  'healthcheck',
  'label',
  'maintainer',
  'onbuild',
  'run',
  'shell',
  'stopsignal',
  'user',
  'volume',
  'workdir',
] as const;

const validStageName = /^[a-z][a-z0-9\-_.]*$/;

/** A failure inside one instruction, before the line prefix is added. */
interface Failure {
  failure: string;
  code: string;
}

type Parsed<T> = T | Failure;

function failure(message: string, code: string): Failure {
  return { failure: message, code };
}

function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && 'failure' in value;
}

export function parseInstructions(parse: ParseResult): InstructionsResult {
  const empty = { metaArgs: [], stages: [], warnings: [] };
  if (parse.error) {
    return { ...empty, error: parse.error };
  }
  const checkConfig = parseCheckDirective(parse.directives.check);
  if (!checkConfig.ok) {
    const line = parse.directives.lines?.check ?? 1;
    return {
      ...empty,
      error: {
        message: checkConfig.message,
        code: 'InvalidCheckDirective',
        startLine: line,
        endLine: line,
      },
    };
  }
  const checks = new CheckRecorder(checkConfig.config);
  for (const warning of parse.warnings) {
    if (warning.code === 'NoEmptyContinuation') {
      checks.report('NoEmptyContinuation', warning.range, buildkitChecks.NoEmptyContinuation());
    }
  }

  const metaArgs: ArgInstruction[] = [];
  const stages: Stage[] = [];
  const stop = (error: DockerfileError): InstructionsResult => ({
    metaArgs: [],
    stages: [],
    warnings: checks.diagnostics,
    error,
  });

  for (const node of parse.nodes) {
    const parsed = parseInstruction(node, checks);
    if (isFailure(parsed)) {
      return stop({
        message: instructionMessages.wrap(node.range.start.line, parsed.failure),
        code: parsed.code,
        startLine: node.range.start.line,
        endLine: node.range.end.line,
      });
    }
    if (parsed.kind === 'from') {
      stages.push({
        index: stages.length,
        name: parsed.stageName ?? '',
        from: parsed,
        commands: [],
      });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (stage === undefined) {
      if (parsed.kind === 'arg') {
        metaArgs.push(parsed);
        continue;
      }
      return stop({
        message: instructionMessages.noBuildStage,
        code: 'NoBuildStage',
        startLine: node.range.start.line,
        endLine: node.range.end.line,
      });
    }
    stage.commands.push(parsed);
  }

  if (stages.length === 0) {
    const last = parse.nodes[parse.nodes.length - 1]!;
    return stop({
      message: instructionMessages.noStages,
      code: 'NoStages',
      startLine: last.range.start.line,
      endLine: last.range.end.line,
    });
  }

  checkStageNames(stages, checks);
  checkInstructionCasing(stages, checks);
  return { metaArgs, stages, warnings: checks.diagnostics };
}

function checkStageNames(stages: readonly Stage[], checks: CheckRecorder): void {
  const seen = new Set<string>();
  for (const stage of stages) {
    if (stage.name === '') {
      continue;
    }
    if (stage.name === 'scratch' || stage.name === 'context') {
      checks.report(
        'ReservedStageName',
        stage.from.range,
        buildkitChecks.ReservedStageName(stage.name),
      );
    }
    if (seen.has(stage.name)) {
      checks.report(
        'DuplicateStageName',
        stage.from.range,
        buildkitChecks.DuplicateStageName(stage.name),
      );
    }
    seen.add(stage.name);
  }
}

/** ConsistentInstructionCasing: every keyword should follow the file's majority case. */
function checkInstructionCasing(stages: readonly Stage[], checks: CheckRecorder): void {
  const keywords: Node[] = [];
  for (const stage of stages) {
    keywords.push(stage.from.node);
    for (const command of stage.commands) {
      keywords.push(command.node);
    }
  }
  let lower = 0;
  let upper = 0;
  for (const node of keywords) {
    const word = node.keywordAsWritten;
    if (word === word.toLowerCase()) {
      lower++;
    } else if (word === word.toUpperCase()) {
      upper++;
    }
  }
  const majorityLower = lower > upper;
  for (const node of keywords) {
    const word = node.keywordAsWritten;
    let casing = '';
    if (majorityLower && word.toLowerCase() !== word) {
      casing = 'lowercase';
    } else if (!majorityLower && word.toUpperCase() !== word) {
      casing = 'uppercase';
    }
    if (casing !== '') {
      checks.report(
        'ConsistentInstructionCasing',
        node.range,
        buildkitChecks.ConsistentInstructionCasing(word, casing),
      );
    }
  }
}

/** Parses one node into its typed instruction (ONBUILD triggers are not parsed further). */
export function parseInstruction(node: Node, checks: CheckRecorder): Parsed<Instruction> {
  const range = node.range;
  const args = node.args;
  const flags = new FlagSet(node.flags);

  switch (node.keyword) {
    case 'from':
      return parseFrom(node, flags, checks);
    case 'run':
      return parseRun(node, flags);
    case 'cmd': {
      const error = flags.parse();
      return error ?? { node, range, kind: 'cmd', command: commandLine(node) };
    }
    case 'entrypoint': {
      const error = flags.parse();
      return error ?? { node, range, kind: 'entrypoint', command: commandLine(node) };
    }
    case 'shell': {
      const error = flags.parse();
      if (error) {
        return error;
      }
      if (args.length === 0) {
        return failure(instructionMessages.atLeastOneArgument('SHELL'), 'ArgumentCount');
      }
      if (!node.json) {
        return failure(shellNotJson(node.original), 'ShellNotJson');
      }
      return { node, range, kind: 'shell', argv: [...args] };
    }
    case 'copy':
      return parseCopy(node, flags);
    case 'add':
      return parseAdd(node, flags);
    case 'env':
    case 'label': {
      const error = flags.parse();
      if (error) {
        return error;
      }
      const pairs = keyValuePairs(node);
      if (isFailure(pairs)) {
        return pairs;
      }
      return node.keyword === 'env'
        ? { node, range, kind: 'env', pairs }
        : { node, range, kind: 'label', pairs };
    }
    case 'arg':
      return parseArg(node, checks);
    case 'workdir':
    case 'user':
    case 'maintainer': {
      if (node.keyword === 'maintainer') {
        const name = args.length === 1 ? args[0]! : undefined;
        checks.report(
          'MaintainerDeprecated',
          node.range,
          buildkitChecks.MaintainerDeprecated(),
          name === undefined
            ? undefined
            : wording().buildkitCheckValueHints.MaintainerDeprecated(name),
        );
      }
      if (args.length !== 1) {
        return failure(
          instructionMessages.exactlyOneArgument(node.keyword.toUpperCase()),
          'ArgumentCount',
        );
      }
      const error = flags.parse();
      if (error) {
        return error;
      }
      const value = args[0]!;
      if (node.keyword === 'workdir') {
        return { node, range, kind: 'workdir', path: value };
      }
      return node.keyword === 'user'
        ? { node, range, kind: 'user', user: value }
        : { node, range, kind: 'maintainer', name: value };
    }
    case 'stopsignal':
      // BuildKit never checks STOPSIGNAL's flags.
      if (args.length !== 1) {
        return failure(instructionMessages.exactlyOneArgument('STOPSIGNAL'), 'ArgumentCount');
      }
      return { node, range, kind: 'stopsignal', signal: args[0]! };
    case 'expose':
    case 'volume': {
      if (args.length === 0) {
        return failure(
          instructionMessages.atLeastOneArgument(node.keyword.toUpperCase()),
          'ArgumentCount',
        );
      }
      const error = flags.parse();
      if (error) {
        return error;
      }
      if (node.keyword === 'expose') {
        return { node, range, kind: 'expose', ports: [...args] };
      }
      const paths: string[] = [];
      for (const item of args) {
        const path = trimGoSpace(item);
        if (path === '') {
          return failure(instructionMessages.emptyVolume, 'EmptyVolume');
        }
        paths.push(path);
      }
      return { node, range, kind: 'volume', paths };
    }
    case 'healthcheck':
      return parseHealthcheck(node, flags);
    case 'onbuild':
      return parseOnbuild(node);
    default:
      return unknownInstruction(node.keywordAsWritten);
  }
}

/**
 * BuildKit adds a note when the text looks like a JSON list holding a Windows path whose
 * back-slash was not doubled (`SHELL ["c:\windows\cmd.exe", "/c"]` is not valid JSON).
 */
function shellNotJson(original: string): string {
  const text = original.toLowerCase().split('shell ').join('');
  const windowsPath = /"[a-z]:\\/.test(text);
  if (windowsPath && !text.includes('\\\\') && text.includes('[') && text.includes(']')) {
    return instructionMessages.shellNotJson + instructionMessages.unescapedBackslash(text);
  }
  return instructionMessages.shellNotJson;
}

function unknownInstruction(keyword: string): Failure {
  const message = instructionMessages.unknownInstruction(keyword);
  const suggestion = suggestName(keyword, instructionNames, false);
  if (suggestion === undefined) {
    return failure(message, 'UnknownInstruction');
  }
  const shown = keyword === keyword.toUpperCase() ? suggestion.toUpperCase() : suggestion;
  return failure(instructionMessages.didYouMean(message, shown), 'UnknownInstruction');
}

type FlagKind = 'bool' | 'string' | 'strings';

/** BuildKit's per-instruction flag checking: declared flags, then one pass over the words. */
class FlagSet {
  private readonly kinds = new Map<string, FlagKind>();
  private readonly values = new Map<string, string[]>();

  constructor(private readonly words: readonly string[]) {}

  define(name: string, kind: FlagKind): this {
    this.kinds.set(name, kind);
    return this;
  }

  /** The last value given, `'true'`/`'false'` for bool flags, undefined when not given. */
  get(name: string): string | undefined {
    const values = this.values.get(name);
    return values?.[values.length - 1];
  }

  getAll(name: string): string[] {
    return this.values.get(name) ?? [];
  }

  bool(name: string): boolean {
    return this.get(name) === 'true';
  }

  parse(): Failure | undefined {
    for (const word of this.words) {
      if (!word.startsWith('--')) {
        return failure(instructionMessages.flagWithoutDashes(word), 'UnknownFlag');
      }
      if (word === '--') {
        return undefined;
      }
      const body = word.slice(2);
      const equals = body.indexOf('=');
      const name = equals < 0 ? body : body.slice(0, equals);
      const value = equals < 0 ? '' : body.slice(equals + 1);
      const hasValue = equals >= 0;

      const kind = this.kinds.get(name);
      if (kind === undefined) {
        const message = instructionMessages.unknownFlag(name);
        const suggestion = suggestName(name, [...this.kinds.keys()], true);
        return failure(
          suggestion ? instructionMessages.didYouMean(message, suggestion) : message,
          'UnknownFlag',
        );
      }
      if (this.values.has(name) && kind !== 'strings') {
        return failure(instructionMessages.duplicateFlag(name), 'DuplicateFlag');
      }
      const values = this.values.get(name) ?? [];
      this.values.set(name, values);
      if (kind === 'bool') {
        if (hasValue && value === '') {
          return failure(instructionMessages.flagMissingValue(name), 'FlagMissingValue');
        }
        const lowered = value.toLowerCase();
        if (lowered !== 'true' && lowered !== 'false' && lowered !== '') {
          return failure(instructionMessages.flagNotBoolean(name, value), 'FlagNotBoolean');
        }
        values.push(lowered === 'false' ? 'false' : 'true');
        continue;
      }
      if (!hasValue) {
        return failure(instructionMessages.flagMissingValue(name), 'FlagMissingValue');
      }
      values.push(value);
    }
    return undefined;
  }
}

function parseFrom(node: Node, flags: FlagSet, checks: CheckRecorder): Parsed<FromInstruction> {
  const args = node.args;
  if (args.length === 3 && args[2] !== args[2]!.toLowerCase()) {
    checks.report('StageNameCasing', node.range, buildkitChecks.StageNameCasing(args[2]!));
  }
  if (!fromMatchesAsCase(node)) {
    checks.report(
      'FromAsCasing',
      node.range,
      buildkitChecks.FromAsCasing(node.keywordAsWritten, args[1]!),
    );
  }

  let stageName: string | undefined;
  if (args.length === 3 && args[1]!.toLowerCase() === 'as') {
    stageName = args[2]!.toLowerCase();
    if (!validStageName.test(stageName)) {
      return failure(instructionMessages.invalidStageName(args[2]!), 'InvalidStageName');
    }
  } else if (args.length !== 1) {
    return failure(instructionMessages.fromArguments, 'FromArguments');
  }
  const error = flags.define('platform', 'string').parse();
  if (error) {
    return error;
  }
  if (stageName !== undefined) {
    checkDefinitionDescription('FROM', [stageName], node, checks);
  }

  const from: FromInstruction = { node, range: node.range, kind: 'from', image: args[0]! };
  if (stageName !== undefined) {
    from.stageName = stageName;
    from.stageNameAsWritten = args[2]!;
  }
  const platform = flags.get('platform');
  if (platform !== undefined) {
    from.platform = platform;
  }
  return from;
}

/** FromAsCasing only compares when FROM itself is all upper or all lower case. */
function fromMatchesAsCase(node: Node): boolean {
  if (node.args.length < 3) {
    return true;
  }
  const keyword = node.keywordAsWritten;
  const as = node.args[1]!;
  const isLower = keyword === keyword.toLowerCase();
  const isUpper = keyword === keyword.toUpperCase();
  if (!isLower && !isUpper) {
    return true;
  }
  return isLower ? as === as.toLowerCase() : as === as.toUpperCase();
}

/** InvalidDefinitionDescription (experimental): a comment above ARG/FROM names what it describes. */
function checkDefinitionDescription(
  instruction: 'ARG' | 'FROM',
  names: readonly string[],
  node: Node,
  checks: CheckRecorder,
): void {
  if (node.comments.length === 0 || names.length === 0) {
    return;
  }
  const firstWord = node.comments[node.comments.length - 1]!.split(' ')[0];
  if (names.some((name) => name === firstWord)) {
    return;
  }
  const example = names.length > 1 ? '<arg_key>' : names[0]!;
  checks.report(
    'InvalidDefinitionDescription',
    node.range,
    buildkitChecks.InvalidDefinitionDescription(instruction, example),
  );
}

function commandLine(node: Node): CommandLine {
  if (node.json) {
    return { form: 'exec', argv: [...node.args] };
  }
  return { form: 'shell', script: node.args.join(' '), heredocs: node.heredocs };
}

function parseRun(node: Node, flags: FlagSet): Parsed<RunInstruction> {
  flags
    .define('device', 'strings')
    .define('mount', 'strings')
    .define('network', 'string')
    .define('security', 'string');
  const error = flags.parse();
  if (error) {
    return error;
  }

  const mounts: RunMount[] = [];
  for (const value of flags.getAll('mount')) {
    const mount = parseRunMount(value);
    if (!mount.ok) {
      return failure(mount.message, 'InvalidMount');
    }
    mounts.push(mount.mount);
  }
  const run: RunInstruction = {
    node,
    range: node.range,
    kind: 'run',
    command: commandLine(node),
    mounts,
  };

  const network = flags.get('network');
  if (network !== undefined) {
    if (network !== 'default' && network !== 'none' && network !== 'host') {
      return failure(instructionMessages.invalidNetwork(network), 'InvalidNetwork');
    }
    run.network = network;
  }
  const security = flags.get('security');
  if (security !== undefined) {
    if (security !== 'sandbox' && security !== 'insecure') {
      return failure(instructionMessages.invalidSecurity(security), 'InvalidSecurity');
    }
    run.security = security;
  }
  return run;
}

interface SourcesAndDest {
  sources: string[];
  dest: string;
}

function sourcesAndDest(node: Node, instruction: 'COPY' | 'ADD'): Parsed<SourcesAndDest> {
  const dest = node.args[node.args.length - 1]!;
  const marker = parseHeredocMarker(dest);
  if (marker !== null && !('message' in marker)) {
    return failure(instructionMessages.heredocDestination(instruction), 'HeredocDestination');
  }
  return { sources: node.args.slice(0, -1), dest };
}

function parseCopy(node: Node, flags: FlagSet): Parsed<CopyInstruction> {
  if (node.args.length < 2) {
    return failure(instructionMessages.noDestination('COPY'), 'NoDestination');
  }
  flags
    .define('chown', 'string')
    .define('from', 'string')
    .define('chmod', 'string')
    .define('link', 'bool')
    .define('parents', 'bool')
    .define('exclude', 'strings');
  const error = flags.parse();
  if (error) {
    return error;
  }
  const paths = sourcesAndDest(node, 'COPY');
  if (isFailure(paths)) {
    return paths;
  }
  const copy: CopyInstruction = {
    node,
    range: node.range,
    kind: 'copy',
    sources: paths.sources,
    dest: paths.dest,
    link: flags.bool('link'),
    parents: flags.bool('parents'),
    exclude: flags.getAll('exclude'),
    heredocs: node.heredocs,
  };
  setIfGiven(copy, 'from', nonEmpty(flags.get('from')));
  setIfGiven(copy, 'chown', nonEmpty(flags.get('chown')));
  setIfGiven(copy, 'chmod', nonEmpty(flags.get('chmod')));
  return copy;
}

function parseAdd(node: Node, flags: FlagSet): Parsed<AddInstruction> {
  if (node.args.length < 2) {
    return failure(instructionMessages.noDestination('ADD'), 'NoDestination');
  }
  flags
    .define('chown', 'string')
    .define('chmod', 'string')
    .define('link', 'bool')
    .define('keep-git-dir', 'bool')
    .define('checksum', 'string')
    .define('exclude', 'strings')
    .define('unpack', 'bool');
  const error = flags.parse();
  if (error) {
    return error;
  }
  const paths = sourcesAndDest(node, 'ADD');
  if (isFailure(paths)) {
    return paths;
  }
  const add: AddInstruction = {
    node,
    range: node.range,
    kind: 'add',
    sources: paths.sources,
    dest: paths.dest,
    link: flags.bool('link'),
    keepGitDir: flags.bool('keep-git-dir'),
    exclude: flags.getAll('exclude'),
    heredocs: node.heredocs,
  };
  setIfGiven(add, 'chown', nonEmpty(flags.get('chown')));
  setIfGiven(add, 'chmod', nonEmpty(flags.get('chmod')));
  setIfGiven(add, 'checksum', flags.get('checksum'));
  const unpack = flags.get('unpack');
  if (unpack !== undefined) {
    add.unpack = unpack === 'true';
  }
  return add;
}

/** `--from=`, `--chown=` and `--chmod=` with nothing after `=` are as if left out, as in BuildKit. */
function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}

function setIfGiven<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) {
    target[key] = value;
  }
}

function keyValuePairs(node: Node): Parsed<KeyValue[]> {
  const instruction = node.keyword.toUpperCase();
  const args = node.args;
  if (args.length === 0) {
    return failure(instructionMessages.atLeastOneArgument(instruction), 'ArgumentCount');
  }
  const pairs: KeyValue[] = [];
  for (let i = 0; i + 2 < args.length; i += 3) {
    if (args[i] === '') {
      return failure(instructionMessages.blankNames(instruction), 'BlankName');
    }
    pairs.push({ key: args[i]!, value: args[i + 1]!, usedEquals: args[i + 2] === '=' });
  }
  return pairs;
}

function parseArg(node: Node, checks: CheckRecorder): Parsed<ArgInstruction> {
  // BuildKit never checks ARG's flags.
  if (node.args.length === 0) {
    return failure(instructionMessages.atLeastOneArgument('ARG'), 'ArgumentCount');
  }
  const declarations: ArgDeclaration[] = [];
  for (const item of node.args) {
    const equals = item.indexOf('=');
    if (equals < 0) {
      declarations.push({ name: item });
      continue;
    }
    if (equals === 0) {
      return failure(instructionMessages.blankNames('ARG'), 'BlankName');
    }
    declarations.push({ name: item.slice(0, equals), defaultValue: item.slice(equals + 1) });
  }
  checkDefinitionDescription(
    'ARG',
    declarations.map((d) => d.name),
    node,
    checks,
  );
  return { node, range: node.range, kind: 'arg', args: declarations };
}

function parseHealthcheck(node: Node, flags: FlagSet): Parsed<HealthcheckInstruction> {
  const args = node.args;
  if (args.length === 0) {
    return failure(instructionMessages.atLeastOneArgument('HEALTHCHECK'), 'ArgumentCount');
  }
  const range = node.range;
  const type = args[0]!.toUpperCase();
  const rest = args.slice(1);
  if (type === 'NONE') {
    // BuildKit does not check flags for HEALTHCHECK NONE.
    if (rest.length !== 0) {
      return failure(instructionMessages.healthcheckNoneArguments, 'HealthcheckArguments');
    }
    return { node, range, kind: 'healthcheck', test: ['NONE'] };
  }

  flags
    .define('interval', 'string')
    .define('timeout', 'string')
    .define('start-period', 'string')
    .define('start-interval', 'string')
    .define('retries', 'string');
  const error = flags.parse();
  if (error) {
    return error;
  }
  if (type !== 'CMD') {
    return failure(instructionMessages.healthcheckUnknownType(type), 'HealthcheckUnknownType');
  }
  if (rest.length === 0) {
    return failure(instructionMessages.healthcheckMissingCommand, 'HealthcheckMissingCommand');
  }
  const test = node.json ? ['CMD', ...rest] : ['CMD-SHELL', rest.join(' ')];
  const healthcheck: HealthcheckInstruction = { node, range, kind: 'healthcheck', test };

  const durations = [
    ['interval', 'interval'],
    ['timeout', 'timeout'],
    ['start-period', 'startPeriod'],
    ['start-interval', 'startInterval'],
  ] as const;
  for (const [flag, field] of durations) {
    const value = flags.get(flag);
    if (value === undefined || value === '') {
      continue;
    }
    const parsed = parseGoDuration(value);
    if (!parsed.ok) {
      return failure(parsed.message, 'InvalidDuration');
    }
    if (parsed.nanoseconds === 0n) {
      continue;
    }
    if (parsed.nanoseconds < 1_000_000n) {
      return failure(instructionMessages.intervalTooShort(flag), 'DurationTooShort');
    }
    healthcheck[field] = Number(parsed.nanoseconds);
  }

  const retries = flags.get('retries');
  if (retries !== undefined && retries !== '') {
    if (!/^[+-]?[0-9]+$/.test(retries)) {
      return failure(instructionMessages.parseIntSyntax(retries), 'InvalidRetries');
    }
    const count = BigInt(retries);
    if (count > 2147483647n || count < -2147483648n) {
      return failure(instructionMessages.parseIntRange(retries), 'InvalidRetries');
    }
    if (count < 0n) {
      return failure(instructionMessages.retriesNegative(count.toString()), 'InvalidRetries');
    }
    healthcheck.retries = Number(count);
  }
  return healthcheck;
}

function parseOnbuild(node: Node): Parsed<Instruction> {
  // BuildKit never checks ONBUILD's own flags.
  const child = node.child;
  if (child === undefined) {
    return failure(instructionMessages.atLeastOneArgument('ONBUILD'), 'ArgumentCount');
  }
  const trigger = trimGoSpace(child.keywordAsWritten).toUpperCase();
  if (trigger === 'ONBUILD') {
    return failure(instructionMessages.onbuildChaining, 'OnbuildChaining');
  }
  if (trigger === 'MAINTAINER' || trigger === 'FROM') {
    return failure(instructionMessages.onbuildTrigger(trigger), 'OnbuildTrigger');
  }
  let text = node.original.replace(/^\s*ONBUILD\s*/i, '');
  for (const heredoc of node.heredocs) {
    text += '\n' + heredoc.content + heredoc.name;
  }
  return { node, range: node.range, kind: 'onbuild', trigger: text };
}
