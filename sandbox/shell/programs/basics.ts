import { resolve } from '../../fs/ops.ts';
import type { Entry } from '../../fs/entry.ts';
import { killedStatus, MAX_TEXT_LENGTH } from '../limits.ts';
import type { ProgramContext } from '../program.ts';
import { parseOptions, type Flavor } from './common.ts';

/**
 * `echo`, `printf` and `test` as both the shell builtins and the standalone programs use them,
 * plus the small programs with no files to touch: `true`, `false`, `pwd`, `sleep`.
 */

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/**
 * Backslash escapes as `echo` (dash, or `-e`) and `printf %b` read them. `stop` is set when a
 * `\c` ends all output.
 */
export function interpretEscapes(
  text: string,
  octalNeedsZero: boolean,
): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== '\\' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const next = text[i + 1]!;
    if (next === 'c') return { text: out, stop: true };
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i++;
      continue;
    }
    if (next === 'e' && !octalNeedsZero) {
      out += '\x1b';
      i++;
      continue;
    }
    if (next === 'x' && !octalNeedsZero) {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2));
      if (hex) {
        out += String.fromCharCode(parseInt(hex[0], 16));
        i += 1 + hex[0].length;
        continue;
      }
    }
    if (next === '0' || (!octalNeedsZero && /[0-7]/.test(next))) {
      const start = next === '0' ? i + 2 : i + 1;
      const digits = /^[0-7]{0,3}/.exec(text.slice(start))![0];
      out += String.fromCharCode(parseInt(digits || '0', 8) & 0xff);
      i = start + digits.length - 1;
      continue;
    }
    out += c;
  }
  return { text: out, stop: false };
}

/** dash's builtin echo: `-n` only as the first argument, escapes always interpreted. */
export function echoDash(args: readonly string[]): string {
  let rest = args;
  let newline = true;
  if (rest[0] === '-n') {
    newline = false;
    rest = rest.slice(1);
  }
  let out = '';
  for (let i = 0; i < rest.length; i++) {
    const { text, stop } = interpretEscapes(rest[i]!, true);
    out += (i > 0 ? ' ' : '') + text;
    if (stop) return out;
  }
  return newline ? `${out}\n` : out;
}

/** GNU, bash and BusyBox echo: `-n`, `-e`, `-E` in any combination, escapes only with `-e`. */
export function echoGnu(args: readonly string[]): string {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (!/^-[neE]+$/.test(arg)) break;
    for (const letter of arg.slice(1)) {
      if (letter === 'n') newline = false;
      else escapes = letter === 'e';
    }
  }
  let out = '';
  for (let j = i; j < args.length; j++) {
    const raw = args[j]!;
    if (!escapes) {
      out += (j > i ? ' ' : '') + raw;
      continue;
    }
    const { text, stop } = interpretEscapes(raw, false);
    out += (j > i ? ' ' : '') + text;
    if (stop) return out;
  }
  return newline ? `${out}\n` : out;
}

function formatEscapes(format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '\\' || i + 1 >= format.length) {
      out += c;
      continue;
    }
    const next = format[i + 1]!;
    if (next in SIMPLE_ESCAPES || next === '"' || next === "'") {
      out += SIMPLE_ESCAPES[next] ?? next;
      i++;
    } else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(format.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(digits, 8) & 0xff);
      i += digits.length;
    } else if (next === 'x' && /^[0-9a-fA-F]/.test(format.slice(i + 2))) {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(format.slice(i + 2))![0];
      out += String.fromCharCode(parseInt(hex, 16));
      i += 1 + hex.length;
    } else out += c;
  }
  return out;
}

/**
 * `printf FORMAT ARGS...`, reusing the format while arguments remain. `complain` receives the
 * text after the program name, e.g. `abc: expected numeric value`.
 */
export function formatPrintf(
  rawFormat: string,
  args: readonly string[],
  flavor: 'dash' | 'gnu',
  complain: (message: string) => void,
): { output: string; status: number } {
  const format = formatEscapes(rawFormat);
  let status = 0;
  let index = 0;
  const next = (): string | undefined => args[index++];
  const number = (arg: string | undefined): number => {
    if (arg === undefined || arg === '') return 0;
    if (/^['"]/.test(arg)) return arg.codePointAt(1) ?? 0;
    const text = arg.trim();
    let value: number | undefined;
    if (/^[-+]?0[xX][0-9a-fA-F]+$/.test(text)) value = parseInt(text, 16);
    else if (/^[-+]?0[0-7]+$/.test(text)) value = parseInt(text, 8);
    else if (/^[-+]?\d+$/.test(text)) value = parseInt(text, 10);
    else if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) value = parseFloat(text);
    if (value !== undefined) return value;
    complain(
      flavor === 'dash' ? `${arg}: expected numeric value` : `'${arg}': expected a numeric value`,
    );
    status = 1;
    const prefix = /^[-+]?\d+/.exec(text);
    return prefix ? parseInt(prefix[0], 10) : 0;
  };
  let output = '';
  let stopped = false;
  const once = () => {
    for (let i = 0; i < format.length; i++) {
      const c = format[i]!;
      if (c !== '%') {
        output += c;
        continue;
      }
      const spec = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXcsbeEfFgG%])/.exec(format.slice(i));
      if (!spec) {
        output += c;
        continue;
      }
      i += spec[0].length - 1;
      const flags = spec[1]!;
      const conv = spec[4]!;
      if (conv === '%') {
        output += '%';
        continue;
      }
      // Widths and precisions stop at MAX_TEXT_LENGTH, so `%999999999d` cannot fill memory.
      const width = Math.min(
        spec[2] === '*' ? number(next()) : spec[2] ? Number(spec[2]) : 0,
        MAX_TEXT_LENGTH,
      );
      const precision =
        spec[3] === undefined
          ? undefined
          : Math.min(spec[3] === '*' ? number(next()) : Number(spec[3] || 0), MAX_TEXT_LENGTH);
      let body: string;
      switch (conv) {
        case 's':
          body = next() ?? '';
          if (precision !== undefined) body = body.slice(0, precision);
          break;
        case 'b': {
          const escaped = interpretEscapes(next() ?? '', true);
          body = escaped.text;
          if (escaped.stop) stopped = true;
          break;
        }
        case 'c':
          body = (next() ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i':
        case 'u': {
          const value = Math.trunc(number(next()));
          body = String(Math.abs(value));
          if (precision !== undefined) body = body.padStart(precision, '0');
          body =
            (value < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body;
          break;
        }
        case 'o':
        case 'x':
        case 'X': {
          const value = Math.trunc(number(next()));
          body = (value >>> 0).toString(conv === 'o' ? 8 : 16);
          if (conv === 'X') body = body.toUpperCase();
          if (flags.includes('#') && value !== 0)
            body = (conv === 'o' ? '0' : conv === 'x' ? '0x' : '0X') + body;
          break;
        }
        default: {
          const value = number(next());
          const digits = precision ?? 6;
          if (conv === 'e' || conv === 'E') {
            body = value.toExponential(digits).replace(/e([-+])(\d)$/, 'e$10$2');
          } else if (conv === 'g' || conv === 'G') {
            body = String(Number(value.toPrecision(digits || 1)));
          } else body = value.toFixed(digits);
          if (conv === 'E' || conv === 'G') body = body.toUpperCase();
          if (value >= 0 && flags.includes('+')) body = `+${body}`;
        }
      }
      if (body.length < width) {
        if (flags.includes('-')) body = body.padEnd(width);
        else if (flags.includes('0') && /[diouxXeEfFgG]/.test(conv)) {
          const sign = /^[-+ ]/.test(body) ? body[0]! : '';
          body = sign + body.slice(sign.length).padStart(width - sign.length, '0');
        } else body = body.padStart(width);
      }
      output += body;
      if (stopped) return;
    }
  };
  do {
    const before = index;
    once();
    if (stopped || index === before) break;
  } while (index < args.length);
  return { output, status };
}

/** What `test` needs from its surroundings. */
export interface TestHost {
  context: ProgramContext;
  /** Prints a complaint (already prefixed as the caller's shell or program would). */
  complain(message: string): void;
  /** dash says `Illegal number: x`, GNU `x: integer expression expected`. */
  flavor: 'dash' | 'gnu' | 'busybox';
}

const UNARY = new Set([
  '-e',
  '-f',
  '-d',
  '-r',
  '-w',
  '-x',
  '-s',
  '-L',
  '-h',
  '-b',
  '-c',
  '-p',
  '-S',
  '-z',
  '-n',
  '-t',
  '-g',
  '-u',
  '-k',
  '-O',
  '-G',
]);
const BINARY = new Set([
  '=',
  '==',
  '!=',
  '<',
  '>',
  '-eq',
  '-ne',
  '-lt',
  '-le',
  '-gt',
  '-ge',
  '-nt',
  '-ot',
  '-ef',
]);

class TestError extends Error {}

/** `test EXPRESSION` (and `[ EXPRESSION ]` once the `]` is checked): 0 true, 1 false, 2 error. */
export function evaluateTest(args: readonly string[], host: TestHost): number {
  let pos = 0;
  const fail = (message: string): never => {
    throw new TestError(message);
  };
  const integer = (text: string): number => {
    const trimmed = text.trim();
    if (/^[-+]?\d+$/.test(trimmed)) return parseInt(trimmed, 10);
    return fail(
      host.flavor === 'dash' ? `Illegal number: ${text}` : `${text}: integer expression expected`,
    );
  };
  const entry = (path: string, followLast = true): Entry | undefined => {
    if (path === '') return undefined;
    const found = resolve(host.context.fs, path, host.context.cwd, followLast);
    return typeof found === 'string' ? undefined : found.entry;
  };
  const unary = (op: string, operand: string): boolean => {
    const user = host.context.user;
    switch (op) {
      case '-z':
        return operand === '';
      case '-n':
        return operand !== '';
      case '-t':
        return false;
      case '-L':
      case '-h':
        return entry(operand, false)?.kind === 'symlink';
      case '-e':
        return entry(operand) !== undefined;
      case '-f':
        return entry(operand)?.kind === 'file';
      case '-d':
        return entry(operand)?.kind === 'dir';
      case '-s': {
        const found = entry(operand);
        return (
          found !== undefined &&
          (found.kind === 'dir' ||
            (found.kind === 'file' && (found.size ?? found.content.length) > 0))
        );
      }
      case '-r':
      case '-w':
      case '-x': {
        const found = entry(operand);
        if (!found) return false;
        const bit = op === '-r' ? 4 : op === '-w' ? 2 : 1;
        if (user.uid === 0) return bit !== 1 || (found.mode & 0o111) !== 0 || found.kind === 'dir';
        const shift = found.uid === user.uid ? 6 : found.gid === user.gid ? 3 : 0;
        return ((found.mode >> shift) & bit) !== 0;
      }
      default:
        return false;
    }
  };
  const binary = (left: string, op: string, right: string): boolean => {
    switch (op) {
      case '=':
      case '==':
        return left === right;
      case '!=':
        return left !== right;
      case '<':
        return left < right;
      case '>':
        return left > right;
      case '-eq':
        return integer(left) === integer(right);
      case '-ne':
        return integer(left) !== integer(right);
      case '-lt':
        return integer(left) < integer(right);
      case '-le':
        return integer(left) <= integer(right);
      case '-gt':
        return integer(left) > integer(right);
      case '-ge':
        return integer(left) >= integer(right);
      case '-nt':
        return (entry(left)?.mtime ?? -Infinity) > (entry(right)?.mtime ?? Infinity);
      case '-ot':
        return (entry(left)?.mtime ?? Infinity) < (entry(right)?.mtime ?? -Infinity);
      default:
        return entry(left) !== undefined && entry(left) === entry(right);
    }
  };
  const primary = (): boolean => {
    const token = args[pos];
    if (token === undefined) return fail('argument expected');
    const remaining = args.length - pos;
    if (remaining >= 3 && BINARY.has(args[pos + 1]!)) {
      pos += 3;
      return binary(token, args[pos - 2]!, args[pos - 1]!);
    }
    if (token === '(' && remaining >= 3) {
      pos++;
      const value = or();
      if (args[pos] !== ')') fail(`${args[pos] ?? ')'}: unexpected operator`);
      pos++;
      return value;
    }
    if (UNARY.has(token) && remaining >= 2) {
      pos += 2;
      return unary(token, args[pos - 1]!);
    }
    if (remaining === 2 && BINARY.has(args[pos + 1]!)) fail(`${args[pos + 1]}: argument expected`);
    if (remaining === 2 && token.startsWith('-') && token !== '!')
      fail(`${token}: unexpected operator`);
    pos++;
    return token !== '';
  };
  const not = (): boolean => {
    if (args[pos] === '!' && args.length - pos > 1) {
      pos++;
      return !not();
    }
    return primary();
  };
  const and = (): boolean => {
    let value = not();
    while (args[pos] === '-a') {
      pos++;
      const right = not();
      value = value && right;
    }
    return value;
  };
  const or = (): boolean => {
    let value = and();
    while (args[pos] === '-o') {
      pos++;
      const right = and();
      value = value || right;
    }
    return value;
  };
  try {
    if (args.length === 0) return 1;
    const result = or();
    if (pos < args.length) fail(`${args[pos]}: unexpected operator`);
    return result ? 0 : 1;
  } catch (error) {
    if (!(error instanceof TestError)) throw error;
    host.complain(error.message);
    return 2;
  }
}

/** `test` and `[` as standalone programs (`/usr/bin/test`, `/usr/bin/[`). */
export function testProgram(context: ProgramContext, flavor: Flavor): number {
  const name = context.argv[0]?.endsWith('[') ? '[' : 'test';
  let args = context.argv.slice(1);
  if (name === '[') {
    if (args[args.length - 1] !== ']') {
      context.io.stderr(`[: missing ']'\n`);
      return 2;
    }
    args = args.slice(0, -1);
  }
  return evaluateTest(args, {
    context,
    flavor,
    complain: (message) => context.io.stderr(`${name}: ${message}\n`),
  });
}

export function echoProgram(context: ProgramContext): number {
  context.io.stdout(echoGnu(context.argv.slice(1)));
  return 0;
}

export function printfProgram(context: ProgramContext): number {
  const [format, ...args] = context.argv.slice(1);
  if (format === undefined) {
    context.io.stderr(`printf: missing operand\nTry 'printf --help' for more information.\n`);
    return 1;
  }
  const result = formatPrintf(format, args, 'gnu', (message) =>
    context.io.stderr(`printf: ${message}\n`),
  );
  context.io.stdout(result.output);
  return result.status;
}

export function pwdProgram(context: ProgramContext): number {
  context.io.stdout(`${context.cwd}\n`);
  return 0;
}

/** `sleep N[smhd]...`: waits through the context's clock, or ends early when killed. */
export async function sleepProgram(context: ProgramContext, flavor: Flavor): Promise<number> {
  const options = parseOptions(context, context.argv.slice(1), {});
  if (!options) return 1;
  if (options.operands.length === 0) {
    context.io.stderr(
      flavor === 'busybox'
        ? 'sleep: missing operand\n'
        : `sleep: missing operand\nTry 'sleep --help' for more information.\n`,
    );
    return 1;
  }
  let total = 0;
  for (const operand of options.operands) {
    const match = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(operand);
    if (!match) {
      context.io.stderr(
        flavor === 'busybox'
          ? `sleep: invalid number '${operand}'\n`
          : `sleep: invalid time interval '${operand}'\nTry 'sleep --help' for more information.\n`,
      );
      return 1;
    }
    const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
    total += Number(match[1]) * unit * 1000;
  }
  if (context.signal.aborted) return killedStatus(context.signal);
  await context.delay?.(total, context.signal);
  return context.signal.aborted ? killedStatus(context.signal) : 0;
}
