/**
 * Everything the editor can say about a Dockerfile without building it: BuildKit's fatal error
 * (as an error diagnostic with its lines and exact text), BuildKit's build checks as far as they
 * can be computed before building, and Dockyard's own beginner checks (`source: 'dockyard'`).
 *
 * BuildKit runs most checks while it converts stages to build steps. This file walks the stages
 * the same way, tracking ENV and ARG so that expansions resolve as they would in a build. What it
 * cannot know without images (the base image's ENV) it asks `baseImageEnv` for; when that gives
 * nothing, UndefinedVar stays silent for that stage rather than guess.
 */

import { beginnerChecks } from './beginner.ts';
import { checkChecksumSources, checkPortSpec, checkStopSignal } from './dispatch.ts';
import { CheckRecorder, parseCheckDirective } from './checks.ts';
import type { CheckConfig } from './checks.ts';
import { lexWord } from './expand.ts';
import type { EscapeToken, VariableLookup } from './expand.ts';
import { parseInstructions } from './instructions.ts';
import { inLanguage, wording } from './language.ts';
import type { Language } from './language.ts';
import { buildkitChecks, lintViolation, parserMessages } from './messages.ts';
import { parseRunMount } from './mount.ts';
import { parseDockerfile } from './parser.ts';
import { isValidImageReference } from './reference.ts';
import { suggestName } from './suggest.ts';
import type {
  Diagnostic,
  DockerfileError,
  Instruction,
  Node,
  ParseResult,
  SourceRange,
  Stage,
} from './types.ts';

export interface LintOptions {
  /** `--build-arg` values. */
  buildArgs?: Record<string, string>;
  /** The ENV of a base image, by the reference as written after expansion; undefined if unknown. */
  baseImageEnv?: (ref: string) => Record<string, string> | undefined;
  /** True when `.dockerignore` excludes this build-context path. */
  dockerignore?: (path: string) => boolean;
  /**
   * The language of Dockyard's own sentences (beginner checks, hints); BuildKit's messages stay
   * in English. English by default.
   */
  language?: Language;
}

const defaultPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Arguments BuildKit always defines in the global scope. */
const platformArgs = [
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'BUILDOSVERSION',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'TARGETOSVERSION',
  'TARGETSTAGE',
];

const platformDefaults: Record<string, string> = {
  BUILDPLATFORM: 'linux/amd64',
  BUILDOS: 'linux',
  BUILDARCH: 'amd64',
  BUILDVARIANT: '',
  BUILDOSVERSION: '',
  TARGETPLATFORM: 'linux/amd64',
  TARGETOS: 'linux',
  TARGETARCH: 'amd64',
  TARGETVARIANT: '',
  TARGETOSVERSION: '',
  TARGETSTAGE: '',
};

/** What lint found, and what the `# check=` directive asks a build to do about it. */
export interface LintReport {
  diagnostics: Diagnostic[];
  /** `# check=error=true`: a build fails when any of BuildKit's checks fired. */
  errorOnWarning: boolean;
  /** The line of the `# check=` directive, where BuildKit points the failure; 1 without one. */
  checkLine: number;
  /**
   * BuildKit's failure text when `errorOnWarning` is set and checks fired (`lint violation found
   * for rules: …`, each rule once, in the order first reported); undefined otherwise.
   */
  violation?: string;
}

export function lintDockerfile(text: string, options: LintOptions = {}): Diagnostic[] {
  return lintDockerfileReport(text, options).diagnostics;
}

export function lintDockerfileReport(text: string, options: LintOptions = {}): LintReport {
  return inLanguage(options.language ?? 'en', () => lintReport(text, options));
}

function lintReport(text: string, options: LintOptions): LintReport {
  const parse = text.length === 0 ? undefined : parseDockerfile(text);
  const config = parse === undefined ? undefined : parseCheckDirective(parse.directives.check);
  const diagnostics = lintParsed(text, parse, options);
  const errorOnWarning = config?.ok === true && config.config.errorOnWarning;
  const report: LintReport = {
    diagnostics,
    errorOnWarning,
    checkLine: parse?.directives.lines?.check ?? 1,
  };
  const rules = [
    ...new Set(
      diagnostics
        .filter((d) => d.source === 'buildkit' && d.severity === 'warning')
        .map((d) => d.code),
    ),
  ];
  if (errorOnWarning && rules.length > 0) {
    report.violation = lintViolation(rules);
  }
  return report;
}

function lintParsed(
  text: string,
  parsed: ParseResult | undefined,
  options: LintOptions,
): Diagnostic[] {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const rangeOf = (error: DockerfileError): SourceRange => ({
    start: { line: error.startLine, column: 1 },
    end: { line: error.endLine, column: (lines[error.endLine - 1]?.length ?? 0) + 1 },
  });

  if (parsed === undefined) {
    const error = {
      message: parserMessages.emptyDockerfile,
      code: 'EmptyDockerfile',
      startLine: 1,
      endLine: 1,
    };
    return [errorDiagnostic(error, rangeOf(error))];
  }

  const parse = parsed;
  const checkConfig = parseCheckDirective(parse.directives.check);
  if (!checkConfig.ok) {
    const line = parse.directives.lines?.check ?? 1;
    const error = {
      message: checkConfig.message,
      code: 'InvalidCheckDirective',
      startLine: line,
      endLine: line,
    };
    return [errorDiagnostic(error, rangeOf(error))];
  }
  if (parse.error) {
    const recorder = new CheckRecorder(checkConfig.config);
    for (const warning of parse.warnings) {
      recorder.report('NoEmptyContinuation', warning.range, buildkitChecks.NoEmptyContinuation());
    }
    return [
      errorDiagnostic(parse.error, rangeOf(parse.error), hintFor(parse.error, parse)),
      ...recorder.diagnostics,
    ];
  }

  const instructions = parseInstructions(parse);
  if (instructions.error) {
    return [
      errorDiagnostic(
        instructions.error,
        rangeOf(instructions.error),
        hintFor(instructions.error, parse),
      ),
      ...instructions.warnings,
    ];
  }

  const walk = new StageWalk(parse, checkConfig.config, options);
  walk.run(instructions.stages, instructions.metaArgs);
  return [
    ...instructions.warnings,
    ...walk.checks.diagnostics,
    ...walk.errors,
    ...beginnerChecks(instructions.stages),
  ];
}

function errorDiagnostic(error: DockerfileError, range: SourceRange, hint?: string): Diagnostic {
  const diagnostic: Diagnostic = {
    severity: 'error',
    code: error.code,
    message: error.message,
    range,
    source: 'buildkit',
  };
  const text = hint ?? wording().errorHints[error.code];
  if (text !== undefined) {
    diagnostic.hint = text;
  }
  return diagnostic;
}

/** An unknown "instruction" that is really a shell command usually means a missing `\`. */
function hintFor(error: DockerfileError, parse: ParseResult): string | undefined {
  if (error.code !== 'UnknownInstruction') {
    return undefined;
  }
  const node = parse.nodes.find((n) => n.range.start.line === error.startLine);
  const previous = node ? parse.nodes[parse.nodes.indexOf(node) - 1] : undefined;
  const keyword = node?.keywordAsWritten ?? '';
  const shellLike =
    /^(&&|\|\||;|\||[a-z][a-z0-9_.+-]*)$/.test(keyword) && !/did you mean/.test(error.message);
  if (shellLike && previous !== undefined && previous.keyword === 'run') {
    return wording().errorHints.UnknownInstructionShellLike;
  }
  return wording().errorHints.UnknownInstruction;
}

interface StageState {
  /** Known ENV (base image ENV, ENV and ARG values so far), or null when the base ENV is unknown. */
  env: Map<string, string>;
  envKnown: boolean;
  /** ARG names declared in this stage. */
  declared: Set<string>;
  shellSet: boolean;
}

/** Walks the stages as BuildKit's conversion does, raising its checks on the way. */
class StageWalk {
  readonly checks: CheckRecorder;
  readonly errors: Diagnostic[] = [];
  /**
   * Set by the first word that cannot be expanded. BuildKit stops converting the stages there,
   * and so does this walk: the values after it would be guesses.
   */
  private stopped = false;
  private readonly escape: EscapeToken;
  private readonly finished = new Map<string, StageState>();

  constructor(
    parse: ParseResult,
    config: CheckConfig,
    private readonly options: LintOptions,
  ) {
    this.checks = new CheckRecorder(config);
    this.escape = parse.directives.escape;
  }

  run(stages: readonly Stage[], metaArgs: readonly Instruction[]): void {
    const buildArgs = this.options.buildArgs ?? {};
    const globals = new Map<string, string>(Object.entries(platformDefaults));
    const defaults = new Map<string, string>(Object.entries(platformDefaults));
    const declaredGlobals = new Set<string>();
    for (const meta of metaArgs) {
      if (meta.kind !== 'arg') {
        continue;
      }
      for (const arg of meta.args) {
        declaredGlobals.add(arg.name);
        const expandIn = (scope: Map<string, string>) =>
          arg.defaultValue === undefined
            ? undefined
            : this.expandOrReport(arg.defaultValue, (n) => scope.get(n), meta.node);
        const fromDefault = expandIn(defaults);
        if (fromDefault !== undefined) {
          defaults.set(arg.name, fromDefault);
        }
        const value = buildArgs[arg.name] ?? expandIn(globals);
        if (value !== undefined) {
          globals.set(arg.name, value);
        }
        if (this.stopped) {
          return;
        }
      }
    }

    for (const stage of stages) {
      this.checkFrom(stage, globals, defaults, declaredGlobals);
      const state = this.startStage(stage, globals);
      for (const command of stage.commands) {
        this.visit(command, state, stage, globals);
        if (this.stopped) {
          return;
        }
      }
      if (stage.name !== '') {
        this.finished.set(stage.name, state);
      }
      this.finished.set(String(stage.index), state);
    }
  }

  private expandQuietly(word: string, lookup: VariableLookup): string | undefined {
    const result = lexWord(word, lookup, { escape: this.escape });
    return result.ok ? result.value.word : undefined;
  }

  /** Expands a word; when it cannot be expanded, reports BuildKit's error and stops the walk. */
  private expandOrReport(word: string, lookup: VariableLookup, node: Node): string | undefined {
    const result = lexWord(word, lookup, { escape: this.escape });
    if (result.ok) {
      return result.value.word;
    }
    this.reportExpansionError(result.message, node);
    return undefined;
  }

  private reportExpansionError(message: string, node: Node): void {
    this.reportConversionError(message, 'ExpansionFailed', node);
  }

  /** True when `word` reads a variable this walk has no value for. */
  private usesUnknownVariable(word: string, state: StageState): boolean {
    if (!word.includes('$')) {
      return false;
    }
    let missing = false;
    lexWord(word, (name) => state.env.get(name), {
      escape: this.escape,
      onLookup: (_name, found) => {
        missing ||= !found;
      },
    });
    return missing;
  }

  /** An error that stops BuildKit's conversion of the stages, and so this walk. */
  private reportConversionError(message: string, code: string, node: Node): void {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    const error = { message, code, startLine: 0, endLine: 0 };
    this.errors.push(errorDiagnostic(error, node.range));
  }

  private checkFrom(
    stage: Stage,
    globals: Map<string, string>,
    defaults: Map<string, string>,
    declaredGlobals: Set<string>,
  ): void {
    const from = stage.from;
    const unmatched: string[] = [];
    const track = (name: string, found: boolean) => {
      if (!found && !unmatched.includes(name)) {
        unmatched.push(name);
      }
    };
    const lookup = (name: string) => globals.get(name);
    lexWord(from.image, lookup, { escape: this.escape, onLookup: track });
    if (from.platform !== undefined) {
      lexWord(from.platform, lookup, { escape: this.escape, onLookup: track });
    }
    for (const name of unmatched) {
      if (declaredGlobals.has(name)) {
        continue;
      }
      const suggestion = suggestName(name, [...declaredGlobals], true) ?? '';
      this.checks.report(
        'UndefinedArgInFrom',
        from.range,
        buildkitChecks.UndefinedArgInFrom(name, suggestion),
      );
    }

    if (from.image.includes('$')) {
      const withDefaults = lexWord(from.image, (name) => defaults.get(name), {
        escape: this.escape,
      });
      if (withDefaults.ok && !isValidImageReference(withDefaults.value.word)) {
        this.checks.report(
          'InvalidDefaultArgInFrom',
          from.range,
          buildkitChecks.InvalidDefaultArgInFrom(from.image),
        );
      }
    }

    const platform = from.platform?.trim();
    if (platform === undefined) {
      return;
    }
    if (platform === '$TARGETPLATFORM' || platform === '${TARGETPLATFORM}') {
      this.checks.report(
        'RedundantTargetPlatform',
        from.range,
        buildkitChecks.RedundantTargetPlatform(platform),
      );
    } else if (!platform.includes('$')) {
      const [os = '', arch = ''] = platform.split('/');
      const named = stage.name;
      if (!(os !== '' && named.includes(os)) && !(arch !== '' && named.includes(arch))) {
        this.checks.report(
          'FromPlatformFlagConstDisallowed',
          from.range,
          buildkitChecks.FromPlatformFlagConstDisallowed(platform),
        );
      }
    }
  }

  private startStage(stage: Stage, globals: Map<string, string>): StageState {
    const image =
      this.expandQuietly(stage.from.image, (name) => globals.get(name)) ?? stage.from.image;
    const parent = this.finished.get(image.toLowerCase());
    if (parent !== undefined) {
      return {
        env: new Map(parent.env),
        envKnown: parent.envKnown,
        declared: new Set(),
        shellSet: parent.shellSet,
      };
    }
    if (image === 'scratch') {
      // BuildKit's empty image still sets PATH on Linux.
      const env = new Map([['PATH', defaultPath]]);
      return { env, envKnown: true, declared: new Set(), shellSet: false };
    }
    const env = this.options.baseImageEnv?.(image);
    const known = new Map<string, string>(Object.entries(env ?? {}));
    if (!known.has('PATH')) {
      known.set('PATH', defaultPath);
    }
    return { env: known, envKnown: env !== undefined, declared: new Set(), shellSet: false };
  }

  /** Expands one word in the stage's scope and reports UndefinedVar for what it cannot find. */
  private expand(word: string, state: StageState, node: Node, seen: Set<string>): string {
    const unmatched: string[] = [];
    const result = lexWord(word, (name) => state.env.get(name), {
      escape: this.escape,
      onLookup: (name, found) => {
        if (!found) {
          unmatched.push(name);
        }
      },
    });
    if (state.envKnown) {
      for (const name of unmatched) {
        if (seen.has(name) || state.declared.has(name) || platformArgs.includes(name)) {
          continue;
        }
        seen.add(name);
        const suggestion = suggestName(name, [...state.env.keys()], true) ?? '';
        this.checks.report(
          'UndefinedVar',
          node.range,
          buildkitChecks.UndefinedVar(name, suggestion),
        );
      }
    }
    if (!result.ok) {
      // With the base image's ENV unknown, `${NAME:?…}` may fail only because NAME is unknown here.
      const message = result.message;
      const maybeSet = !state.envKnown && unmatched.some((name) => message.includes(`: ${name}: `));
      if (!maybeSet) {
        this.reportExpansionError(message, node);
      }
      return word;
    }
    return result.value.word;
  }

  private readonly repeated = new Map<string, Node>();

  private visit(
    command: Instruction,
    state: StageState,
    stage: Stage,
    globals: Map<string, string>,
  ): void {
    const node = command.node;
    const seen = new Set<string>();
    const expand = (word: string) => this.expand(word, state, node, seen);
    const keyword = node.keywordAsWritten;

    switch (command.kind) {
      case 'env': {
        const values: Array<[string, string]> = [];
        for (const pair of command.pairs) {
          if (!pair.usedEquals) {
            this.checks.report(
              'LegacyKeyValueFormat',
              node.range,
              buildkitChecks.LegacyKeyValueFormat(keyword),
            );
          }
          const key = expand(pair.key);
          values.push([key, expand(pair.value)]);
          this.checkSecretName('ENV', key, node);
        }
        for (const [key, value] of values) {
          state.env.set(key, value);
        }
        return;
      }
      case 'label':
        for (const pair of command.pairs) {
          if (!pair.usedEquals) {
            this.checks.report(
              'LegacyKeyValueFormat',
              node.range,
              buildkitChecks.LegacyKeyValueFormat(keyword),
            );
          }
          expand(pair.key);
          expand(pair.value);
        }
        return;
      case 'arg':
        for (const arg of command.args) {
          this.checkSecretName('ARG', arg.name, node);
          const fallback = arg.defaultValue === undefined ? undefined : expand(arg.defaultValue);
          const value = this.options.buildArgs?.[arg.name] ?? fallback ?? globals.get(arg.name);
          state.declared.add(arg.name);
          if (value !== undefined) {
            state.env.set(arg.name, value);
          }
        }
        return;
      case 'copy':
      case 'add': {
        for (const source of command.sources) {
          if (source.startsWith('<<')) {
            continue;
          }
          const path = expand(source);
          if (command.kind === 'copy' && command.from !== undefined) {
            continue;
          }
          if (
            this.options.dockerignore &&
            !/^[a-z]+:\/\//i.test(path) &&
            this.options.dockerignore(normalizeContextPath(path))
          ) {
            this.checks.report(
              'CopyIgnoredFile',
              node.range,
              buildkitChecks.CopyIgnoredFile(
                command.kind === 'copy' ? 'Copy' : 'Add',
                cleanSourcePath(path),
              ),
            );
          }
        }
        expand(command.dest);
        for (const flag of [command.chown, command.chmod]) {
          if (flag !== undefined) {
            expand(flag);
          }
        }
        if (command.kind === 'add' && command.checksum !== undefined && !this.stopped) {
          expand(command.checksum);
          const sources = command.sources.map((source) =>
            source.startsWith('<<') ? source : expand(source),
          );
          const problem = checkChecksumSources(sources);
          if (problem !== undefined) {
            this.reportConversionError(problem, 'ChecksumSource', node);
          }
        }
        return;
      }
      case 'workdir': {
        const path = expand(command.path);
        if (!this.repeated.has(`${stage.index}:workdir`)) {
          this.repeated.set(`${stage.index}:workdir`, node);
          if (!path.startsWith('/')) {
            this.checks.report(
              'WorkdirRelativePath',
              node.range,
              buildkitChecks.WorkdirRelativePath(path),
              wording().buildkitCheckValueHints.WorkdirRelativePath(path),
            );
          }
        }
        return;
      }
      case 'user':
        expand(command.user);
        return;
      case 'stopsignal': {
        const signal = expand(command.signal);
        const unknown = !state.envKnown && this.usesUnknownVariable(command.signal, state);
        const problem = this.stopped || unknown ? undefined : checkStopSignal(signal);
        if (problem !== undefined) {
          this.reportConversionError(problem, 'InvalidSignal', node);
        }
        return;
      }
      case 'volume':
        for (const path of command.paths) {
          expand(path);
        }
        return;
      case 'expose': {
        const specs: string[] = [];
        for (const item of command.ports) {
          const words = lexWord(item, (name) => state.env.get(name), { escape: this.escape });
          expand(item);
          if (state.envKnown || !this.usesUnknownVariable(item, state)) {
            specs.push(...(words.ok ? words.value.words : []));
          }
          for (const port of words.ok ? words.value.words : []) {
            if (port.includes(':')) {
              this.checks.report(
                'ExposeInvalidFormat',
                node.range,
                buildkitChecks.ExposeInvalidFormat(port),
              );
            }
            const slash = port.indexOf('/');
            if (slash >= 0 && port.slice(slash + 1) !== port.slice(slash + 1).toLowerCase()) {
              this.checks.report(
                'ExposeProtoCasing',
                node.range,
                buildkitChecks.ExposeProtoCasing(port),
              );
            }
          }
        }
        for (const spec of this.stopped ? [] : specs) {
          const problem = checkPortSpec(spec);
          if (problem !== undefined) {
            this.reportConversionError(problem, 'InvalidPortSpec', node);
            break;
          }
        }
        return;
      }
      case 'run':
        for (const value of node.flags) {
          if (!value.startsWith('--mount=')) {
            continue;
          }
          const mountText = value.slice('--mount='.length);
          if (!state.envKnown && mountText.includes('$')) {
            continue;
          }
          const mount = parseRunMount(mountText, (text) => {
            const result = lexWord(text, (name) => state.env.get(name), { escape: this.escape });
            return result.ok ? { ok: true, value: result.value.word } : result;
          });
          if (!mount.ok) {
            const error = {
              message: mount.message,
              code: 'InvalidMount',
              startLine: 0,
              endLine: 0,
            };
            this.errors.push(errorDiagnostic(error, node.range));
          }
        }
        return;
      case 'cmd':
      case 'entrypoint':
      case 'healthcheck': {
        const key = `${stage.index}:${command.kind}`;
        const earlier = this.repeated.get(key);
        if (earlier !== undefined) {
          this.checks.report(
            'MultipleInstructionsDisallowed',
            earlier.range,
            buildkitChecks.MultipleInstructionsDisallowed(keyword),
          );
        }
        this.repeated.set(key, node);
        if (command.kind !== 'healthcheck' && command.command.form === 'shell' && !state.shellSet) {
          this.checks.report(
            'JSONArgsRecommended',
            node.range,
            buildkitChecks.JSONArgsRecommended(keyword),
            jsonFormHint(keyword, command.command.script),
          );
        }
        return;
      }
      case 'shell':
        state.shellSet = true;
        return;
      case 'from':
      case 'onbuild':
      case 'maintainer':
        return;
    }
  }

  private checkSecretName(instruction: 'ARG' | 'ENV', key: string, node: Node): void {
    if (secretToken.test(key) && !allowedToken.test(key)) {
      this.checks.report(
        'SecretsUsedInArgOrEnv',
        node.range,
        buildkitChecks.SecretsUsedInArgOrEnv(instruction, key),
      );
    }
  }
}

/**
 * The JSON form of a simple shell-form command, quoting the learner's words. A command that needs
 * the shell (variables, quotes, operators, globs) gets the general hint instead.
 */
function jsonFormHint(keyword: string, script: string): string | undefined {
  const text = script.trim();
  if (text === '' || text.length > 200 || /[$&|;<>()'"`\\*?~#\n{}\[\]]/.test(text)) {
    return undefined;
  }
  return wording().buildkitCheckValueHints.JSONArgsRecommended(
    `${keyword} [${text
      .split(/\s+/)
      .map((word) => JSON.stringify(word))
      .join(', ')}]`,
  );
}

const secretToken =
  /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const allowedToken = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/** Build-context paths are relative to the context root, even when written absolute. */
/** A source path as BuildKit quotes it in CopyIgnoredFile: cleaned, a leading `/` kept. */
function cleanSourcePath(path: string): string {
  const cleaned = normalizeContextPath(path);
  if (!path.startsWith('/')) {
    return cleaned;
  }
  return cleaned === '.' ? '/' : `/${cleaned}`;
}

function normalizeContextPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..') {
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return parts.join('/') || '.';
}
