/**
 * Command-line flags the way the Docker CLI (cobra and pflag) reads them: `--name value`,
 * `--name=value`, `-p 80`, `-p80`, combined short flags (`-dp 8888:8080`), repeated list flags,
 * `--` to end the options, and, for commands that take a command of their own (`run`, `exec`),
 * no flags after the first argument.
 */
import { FLAG_MESSAGES, VALUE_REASONS } from './messages.ts';

export type FlagKind = 'bool' | 'string' | 'list' | 'int' | 'filter';

export interface FlagSpec {
  long: string;
  short?: string;
  kind: FlagKind;
  /** The value name shown in help (`string`, `list`, `int`); none for booleans. */
  valueName?: string;
  description: string;
}

export interface CommandSpec {
  /** `run`, `volume ls`. */
  path: string;
  usage: string;
  description: string;
  aliases?: string[];
  minArgs: number;
  maxArgs: number;
  /** False when the command's own arguments may look like flags (`run IMAGE ls -l`). */
  interspersed: boolean;
  flags: FlagSpec[];
  /** The client's own `--help` text, when the command has one on record. */
  help?: string;
  /** A closing paragraph of a help written from the spec (buildx's hint about hidden flags). */
  footer?: string;
  /** Long names of the flags the simulation acts on; others are read, warned about, and ignored. */
  modelled?: readonly string[];
}

/** The value types pflag accepts more than once, each use adding to the list. */
const LIST_TYPES = new Set(['list', 'strings', 'stringArray', 'map', 'ulimit', 'mount']);
const INT_TYPES = new Set(['int', 'int64', 'uint', 'uint16', 'uint64']);

/** Go's `strconv.ParseFloat` on decimal text (with an exponent, or `inf`/`nan`). */
const GO_FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)$/i;

/** Why go-units' `RAMInBytes` refuses a size (`512m`, `1.5GiB`), or undefined when it takes it. */
export function sizeProblem(value: string): string | undefined {
  const sep = Math.max(...[...'0123456789. '].map((c) => value.lastIndexOf(c)));
  if (sep < 0) return VALUE_REASONS.invalidSize(value);
  const number = value[sep] === ' ' ? value.slice(0, sep) : value.slice(0, sep + 1);
  const suffix = value.slice(sep + 1).toLowerCase();
  if (!GO_FLOAT.test(number)) return VALUE_REASONS.parseFloat(number);
  if (Number(number) < 0) return VALUE_REASONS.invalidSize(value);
  const original = value.slice(sep + 1);
  if (suffix === '' || suffix === 'b') return undefined;
  const fits =
    suffix.length <= 3 &&
    'kmgtp'.includes(suffix[0]!) &&
    (suffix.length === 1 || (suffix.length === 2 ? suffix[1] === 'b' : suffix.slice(1) === 'ib'));
  return fits ? undefined : VALUE_REASONS.invalidSuffix(original.length > 3 ? original : suffix);
}

/** Why `--cpus` refuses a value (Go's `big.Rat`, then whole nano-CPUs), or undefined. */
export function cpusProblem(value: string): string | undefined {
  const decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.exec(value);
  if (!decimal && !/^[+-]?\d+\/\d+$/.test(value)) return VALUE_REASONS.notRational(value);
  const fraction = /\.(\d*)/.exec(value)?.[1]?.replace(/0+$/, '') ?? '';
  return decimal && !/[eE]/.test(value) && fraction.length > 9
    ? VALUE_REASONS.tooPrecise
    : undefined;
}

/**
 * The flags of a command, read from the Options section of its `--help` text: `  -a, --all`,
 * `      --format string`. Continuation lines of a description are indented further.
 */
export function flagsFromHelp(help: string): FlagSpec[] {
  const flags: FlagSpec[] = [];
  const section = help.slice(help.indexOf('\nOptions:\n') + 1);
  if (!help.includes('\nOptions:\n')) return flags;
  for (const text of section.split('\n')) {
    const match = /^  (?:-(\S), |    )--([\w-]+)(?: ([\w-]+))?(?: {2,}(.*))?$/.exec(text);
    if (!match) continue;
    const [, short, long, type, description] = match;
    if (long === 'help') continue;
    const kind: FlagKind =
      type === undefined
        ? 'bool'
        : type === 'filter'
          ? 'filter'
          : LIST_TYPES.has(type)
            ? 'list'
            : INT_TYPES.has(type)
              ? 'int'
              : 'string';
    flags.push({ long: long!, short, kind, valueName: type, description: description ?? '' });
  }
  return flags;
}

/** The `Usage:` lines of a help text (two for `docker cp`), without the `Usage:  ` label. */
export function usageFromHelp(help: string): string {
  const end = help.indexOf('\n\n');
  return help.slice('Usage:  '.length, end < 0 ? undefined : end);
}

export interface ParsedFlags {
  values: Map<string, string[]>;
  args: string[];
}

export class FlagError {
  constructor(readonly message: string) {}
}

const HELP: FlagSpec = { long: 'help', kind: 'bool', description: 'Print usage' };

/** cobra's help flag takes `-h` unless the command uses that letter itself (`run -h HOSTNAME`). */
function flagsOf(spec: CommandSpec): FlagSpec[] {
  const shortHelp = spec.flags.some((flag) => flag.short === 'h') ? undefined : 'h';
  return [...spec.flags, { ...HELP, short: shortHelp }];
}

/** Reads `argv` (the words after the command name) against the command's flags. */
export function parseFlags(spec: CommandSpec, argv: readonly string[]): ParsedFlags | FlagError {
  const flags = flagsOf(spec);
  const values = new Map<string, string[]>();
  const args: string[] = [];
  const set = (flag: FlagSpec, value: string) => {
    const list = values.get(flag.long) ?? [];
    if (flag.kind === 'list' || flag.kind === 'filter') list.push(value);
    else list.splice(0, list.length, value);
    values.set(flag.long, list);
  };
  /** `"-d, --detach"` or `"--name"`: how pflag names a flag in its complaints. */
  const shown = (flag: FlagSpec) =>
    flag.short ? `-${flag.short}, --${flag.long}` : `--${flag.long}`;
  const checkValue = (flag: FlagSpec, value: string): FlagError | undefined => {
    if (flag.kind === 'int' && !/^-?\d+$/.test(value)) {
      return new FlagError(FLAG_MESSAGES.invalidInt(value, shown(flag)));
    }
    if (flag.kind === 'filter' && !value.includes('=')) {
      return new FlagError(FLAG_MESSAGES.invalidFilter(value, shown(flag)));
    }
    if (flag.kind === 'bool' && !GO_BOOLS.includes(value)) {
      return new FlagError(FLAG_MESSAGES.invalidBool(value, shown(flag)));
    }
    const reason =
      flag.valueName === 'bytes' && !(flag.long === 'memory-swap' && value === '-1')
        ? sizeProblem(value)
        : flag.valueName === 'decimal'
          ? cpusProblem(value)
          : undefined;
    if (reason) return new FlagError(FLAG_MESSAGES.invalidValue(value, shown(flag), reason));
    return undefined;
  };

  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      args.push(word);
      if (!spec.interspersed) {
        args.push(...argv.slice(i + 1));
        break;
      }
      continue;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq >= 0 ? word.slice(2, eq) : word.slice(2);
      const flag = flags.find((f) => f.long === name);
      if (!flag) return new FlagError(FLAG_MESSAGES.unknownFlag(name));
      let value: string;
      if (eq >= 0) value = word.slice(eq + 1);
      else if (flag.kind === 'bool') value = 'true';
      else if (i + 1 < argv.length) value = argv[++i]!;
      else return new FlagError(FLAG_MESSAGES.needsArgument(name));
      const invalid = checkValue(flag, value);
      if (invalid) return invalid;
      set(flag, value);
      continue;
    }
    // One or more short flags in one word: `-d`, `-dp`, `-p8888:8080`, `-dp 8888:8080`.
    for (let j = 1; j < word.length; j++) {
      const letter = word[j]!;
      const flag = flags.find((f) => f.short === letter);
      if (!flag) return new FlagError(FLAG_MESSAGES.unknownShorthand(letter, word.slice(j)));
      if (flag.kind === 'bool' && word[j + 1] !== '=') {
        if (flag.long === 'help') values.set(HELP_SHORTHAND, ['true']);
        set(flag, 'true');
        continue;
      }
      let value: string;
      if (j + 1 < word.length) value = word.slice(word[j + 1] === '=' ? j + 2 : j + 1);
      else if (i + 1 < argv.length) value = argv[++i]!;
      else return new FlagError(FLAG_MESSAGES.needsArgumentShort(letter));
      const invalid = checkValue(flag, value);
      if (invalid) return invalid;
      set(flag, value);
      break;
    }
  }
  return { values, args };
}

/** Set when help was asked for with `-h`, which cobra answers with a deprecation note first. */
export const HELP_SHORTHAND = 'help shorthand';

/** What Go's `strconv.ParseBool` accepts. */
const GO_BOOLS = ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'];

export function flagBool(parsed: ParsedFlags, name: string): boolean {
  const value = parsed.values.get(name)?.at(-1);
  return value !== undefined && GO_BOOLS.indexOf(value) >= 0 && GO_BOOLS.indexOf(value) < 6;
}

export function flagString(parsed: ParsedFlags, name: string): string | undefined {
  return parsed.values.get(name)?.at(-1);
}

export function flagList(parsed: ParsedFlags, name: string): string[] {
  return parsed.values.get(name) ?? [];
}

/** Docker's complaint when the number of arguments is wrong, without the `docker: ` prefix. */
export function argumentCountError(spec: CommandSpec, count: number): string | undefined {
  if (count >= spec.minArgs && count <= spec.maxArgs) return undefined;
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  const command = `'docker ${spec.path}'`;
  let problem: string;
  let verb: 'Run' | 'See' | 'SRun' = 'Run';
  const times = (n: number) => `${n} ${plural(n)}`;
  if (spec.maxArgs === 0) problem = FLAG_MESSAGES.acceptsNoArguments(command);
  else if (spec.minArgs === 0) {
    problem = FLAG_MESSAGES.requiresAtMost(command, times(spec.maxArgs));
    // The 28.2 client's own misprint, kept as it prints it.
    verb = 'SRun';
  } else if (spec.minArgs === spec.maxArgs) {
    problem = FLAG_MESSAGES.requiresExactly(command, times(spec.minArgs));
  } else if (spec.maxArgs === Infinity) {
    problem = FLAG_MESSAGES.requiresAtLeast(command, times(spec.minArgs));
    verb = 'See';
  } else {
    problem = FLAG_MESSAGES.requiresBetween(command, spec.minArgs, times(spec.maxArgs));
  }
  return FLAG_MESSAGES.usage(problem, spec.usage, verb, spec.path);
}

/** `unknown flag: --foo` followed by the usage line, as cobra prints it. */
export function flagErrorText(spec: CommandSpec, error: FlagError): string {
  return FLAG_MESSAGES.usage(error.message, spec.usage, 'Run', spec.path);
}

/** `docker <command> --help`, in Docker's layout, listing the flags the simulation knows. */
export function helpText(spec: CommandSpec): string {
  if (spec.help !== undefined) return spec.help;
  const rows = flagsOf(spec)
    .filter((flag) => flag.long !== 'help')
    .sort((a, b) => a.long.localeCompare(b.long))
    .map((flag) => {
      const short = flag.short ? `-${flag.short}, ` : '    ';
      const value = flag.kind === 'bool' ? '' : ` ${flag.valueName ?? flag.kind}`;
      return [`  ${short}--${flag.long}${value}`, flag.description] as const;
    });
  const width = Math.max(...rows.map(([left]) => left.length), 0) + 3;
  const lines = [`Usage:  ${spec.usage}`, '', spec.description];
  if (spec.aliases) lines.push('', 'Aliases:', `  ${spec.aliases.join(', ')}`);
  if (rows.length > 0) {
    lines.push('', 'Options:');
    for (const [left, text] of rows) lines.push(left.padEnd(width) + wrapUsage(width, 80, text));
  }
  if (spec.footer) lines.push('', spec.footer);
  return lines.join('\n');
}

/**
 * pflag's `wrap`: a flag's description broken at spaces to fit `columns`, later lines indented to
 * the description column; a last word or two may run up to 5 columns over rather than be left
 * alone on a line.
 */
function wrapUsage(indent: number, columns: number, text: string): string {
  const slop = 5;
  const room = columns - indent - slop;
  if (room + slop < 24) return text;
  const pieces: string[] = [];
  let rest = text;
  while (rest !== '') {
    if (room + slop > rest.length) {
      pieces.push(rest);
      break;
    }
    const cut = rest.slice(0, room).lastIndexOf(' ');
    if (cut <= 0) {
      pieces.push(rest);
      break;
    }
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut + 1);
  }
  return pieces.join(`\n${' '.repeat(indent)}`);
}
