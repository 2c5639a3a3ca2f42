/**
 * The shapes the Dockerfile reader hands to the rest of the engine: the low-level syntax tree
 * (one node per instruction, as BuildKit's parser makes it), the typed instructions grouped into
 * stages, and diagnostics. Everything here is data; nothing here does work.
 */

/** A place in the source. Lines and columns are 1-based; `end` points just past the last character. */
export interface Position {
  line: number;
  column: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding about a Dockerfile. The same value feeds editor markers, terminal output and
 * lesson checks. `code` is BuildKit's rule name where BuildKit has one (`JSONArgsRecommended`),
 * otherwise a permanent PascalCase code of ours.
 */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  hint?: string;
  range: SourceRange;
  /** BuildKit's documentation page for its own checks. */
  url?: string;
  /** `buildkit` for what Docker itself reports, `dockyard` for our beginner checks. */
  source: 'buildkit' | 'dockyard';
}

/** A fatal error in BuildKit's exact words, with the lines it covers. */
export interface DockerfileError {
  /** Exactly what BuildKit prints after `failed to solve: `, prefix included where it has one. */
  message: string;
  startLine: number;
  endLine: number;
  /** Permanent PascalCase code, e.g. `UnknownInstruction`, `UnterminatedHeredoc`. */
  code: string;
}

export interface Heredoc {
  /** The name with quotes removed (`EOF` for `<<'EOF'`). */
  name: string;
  /** The body, every line ending in `\n`, tabs stripped for `<<-`. */
  content: string;
  /** False when any part of the marker word was quoted. */
  expand: boolean;
  chomp: boolean;
  fileDescriptor?: number;
}

/** One instruction as the low-level parser sees it. */
export interface Node {
  /** Lower-cased keyword (`from`, `run`, or an unknown word such as `form`). */
  keyword: string;
  /** The keyword exactly as written (`FROM`, `From`). */
  keywordAsWritten: string;
  /** Flag words with quotes removed and leading `--` kept (`--from=build`). */
  flags: string[];
  /** Argument items, split by the instruction's rules (see the parser README). */
  args: string[];
  /** ONBUILD's trigger. */
  child?: Node;
  /** True when the arguments were a JSON array (exec form). */
  json: boolean;
  heredocs: Heredoc[];
  /** The logical line after joining continuations, trimmed, keyword included. */
  original: string;
  /** From the keyword to the end of the last physical line used (heredoc bodies included). */
  range: SourceRange;
  /** Comment lines directly above the instruction, without the leading `#` and one space. */
  comments: string[];
}

export interface Directives {
  syntax?: string;
  escape: '\\' | '`';
  check?: string;
  /** The line each directive was read from. */
  lines?: Partial<Record<'syntax' | 'escape' | 'check', number>>;
}

export interface ParseResult {
  nodes: Node[];
  directives: Directives;
  /** Parser warnings (NoEmptyContinuation). */
  warnings: Diagnostic[];
  /** Set when the low-level parser rejected the file; `nodes` then holds what was read. */
  error?: DockerfileError;
}

/** A command in exec form (argv, no shell, no expansion) or shell form (one script string). */
export type CommandLine =
  { form: 'exec'; argv: string[] } | { form: 'shell'; script: string; heredocs: Heredoc[] };

export interface KeyValue {
  /** Key and value as written: quotes and escapes kept, nothing expanded. */
  key: string;
  value: string;
  /** False for the legacy `ENV key value` form. */
  usedEquals: boolean;
}

export interface RunMount {
  type: 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';
  target?: string;
  source?: string;
  from?: string;
  readonly?: boolean;
  id?: string;
  /** Every key=value as written, lower-cased keys. */
  options: Record<string, string>;
}

interface InstructionBase {
  node: Node;
  range: SourceRange;
}

export interface FromInstruction extends InstructionBase {
  kind: 'from';
  /** The image reference or stage name as written, variables not expanded. */
  image: string;
  /** Lower-cased stage name, when `AS name` was given. */
  stageName?: string;
  stageNameAsWritten?: string;
  platform?: string;
}

export interface RunInstruction extends InstructionBase {
  kind: 'run';
  command: CommandLine;
  mounts: RunMount[];
  network?: 'default' | 'none' | 'host';
  security?: 'sandbox' | 'insecure';
}

export interface CmdInstruction extends InstructionBase {
  kind: 'cmd';
  command: CommandLine;
}

export interface EntrypointInstruction extends InstructionBase {
  kind: 'entrypoint';
  /** An empty exec-form list means "unset the entrypoint". */
  command: CommandLine;
}

export interface ShellInstruction extends InstructionBase {
  kind: 'shell';
  argv: string[];
}

export interface CopyInstruction extends InstructionBase {
  kind: 'copy';
  /** Sources as written (not expanded); heredoc sources appear as `<<NAME`. */
  sources: string[];
  dest: string;
  from?: string;
  chown?: string;
  chmod?: string;
  link: boolean;
  parents: boolean;
  exclude: string[];
  heredocs: Heredoc[];
}

export interface AddInstruction extends InstructionBase {
  kind: 'add';
  sources: string[];
  dest: string;
  chown?: string;
  chmod?: string;
  link: boolean;
  keepGitDir: boolean;
  checksum?: string;
  /** Undefined means Docker's default (local archives are unpacked, URLs are not). */
  unpack?: boolean;
  exclude: string[];
  heredocs: Heredoc[];
}

export interface EnvInstruction extends InstructionBase {
  kind: 'env';
  pairs: KeyValue[];
}

export interface LabelInstruction extends InstructionBase {
  kind: 'label';
  pairs: KeyValue[];
}

export interface ArgDeclaration {
  name: string;
  /** The default as written (not expanded), when `name=default` was given. */
  defaultValue?: string;
}

export interface ArgInstruction extends InstructionBase {
  kind: 'arg';
  args: ArgDeclaration[];
}

export interface WorkdirInstruction extends InstructionBase {
  kind: 'workdir';
  path: string;
}

export interface UserInstruction extends InstructionBase {
  kind: 'user';
  user: string;
}

export interface ExposeInstruction extends InstructionBase {
  kind: 'expose';
  ports: string[];
}

export interface VolumeInstruction extends InstructionBase {
  kind: 'volume';
  paths: string[];
}

export interface StopsignalInstruction extends InstructionBase {
  kind: 'stopsignal';
  signal: string;
}

export interface HealthcheckInstruction extends InstructionBase {
  kind: 'healthcheck';
  /** `["NONE"]`, `["CMD", ...argv]` or `["CMD-SHELL", script]`, as Docker stores it. */
  test: string[];
  /** Durations in nanoseconds, as Docker stores them; undefined when not given. */
  interval?: number;
  timeout?: number;
  startPeriod?: number;
  startInterval?: number;
  retries?: number;
}

export interface OnbuildInstruction extends InstructionBase {
  kind: 'onbuild';
  /** The trigger text as stored in the image config (`RUN echo hi`). */
  trigger: string;
}

export interface MaintainerInstruction extends InstructionBase {
  kind: 'maintainer';
  name: string;
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | ShellInstruction
  | CopyInstruction
  | AddInstruction
  | EnvInstruction
  | LabelInstruction
  | ArgInstruction
  | WorkdirInstruction
  | UserInstruction
  | ExposeInstruction
  | VolumeInstruction
  | StopsignalInstruction
  | HealthcheckInstruction
  | OnbuildInstruction
  | MaintainerInstruction;

export interface Stage {
  index: number;
  /** Lower-cased `AS` name, or `''`. */
  name: string;
  from: FromInstruction;
  /** The stage's instructions after FROM, in order. */
  commands: Instruction[];
}

export interface InstructionsResult {
  /** ARGs before the first FROM. */
  metaArgs: ArgInstruction[];
  stages: Stage[];
  /** Checks the instruction layer raises (FromAsCasing, MaintainerDeprecated, ...). */
  warnings: Diagnostic[];
  error?: DockerfileError;
}
