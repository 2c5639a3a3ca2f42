import { writeFile } from '../../fs/ops.ts';
import type { ProgramContext } from '../program.ts';
import { simulationNote } from '../program.ts';
import { attempt, errnoText, parseOptions, readText, splitLines, type Flavor } from './common.ts';
import { posixToRegex } from './text.ts';

/**
 * The small filters of a pipeline: tr, cut, sort, uniq, and the common one-line forms of awk
 * (`-F`, `/regex/`, `{ print $1, $NF }`). An awk program beyond those prints nothing and says so.
 */

/** Reads the files named, or standard input for none or `-`; reports the ones missing. */
function gather(context: ProgramContext, name: string, files: string[]): [string, number] {
  if (files.length === 0) return [context.io.stdin, 0];
  let text = '';
  let status = 0;
  for (const file of files) {
    if (file === '-') {
      text += context.io.stdin;
      continue;
    }
    const content = readText(context, file);
    if (
      content === 'ENOENT' ||
      content === 'EISDIR' ||
      content === 'ENOTDIR' ||
      content === 'ELOOP'
    ) {
      context.io.stderr(`${name}: ${file}: ${errnoText(content)}\n`);
      status = 1;
      continue;
    }
    text += content;
  }
  return [text, status];
}

// ---------------------------------------------------------------------------------------------
// tr

const TR_CLASSES: Record<string, string> = {
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  digit: '0123456789',
  alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  space: ' \t\n\r\f\v',
  blank: ' \t',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  xdigit: '0123456789ABCDEFabcdef',
};

/** Expands a tr set (`a-z`, `[:upper:]`, `\n`) into its characters, in order. */
export function expandTrSet(set: string): string[] {
  const chars: string[] = [];
  for (let i = 0; i < set.length; i++) {
    const cls = /^\[:(\w+):\]/.exec(set.slice(i));
    if (cls && TR_CLASSES[cls[1]!] !== undefined) {
      chars.push(...TR_CLASSES[cls[1]!]!);
      i += cls[0].length - 1;
      continue;
    }
    let c = set[i]!;
    if (c === '\\' && i + 1 < set.length) {
      const next = set[++i]!;
      c = { n: '\n', t: '\t', r: '\r', '\\': '\\' }[next] ?? next;
    }
    if (set[i + 1] === '-' && i + 2 < set.length) {
      const end = set[i + 2]!;
      for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) {
        chars.push(String.fromCharCode(code));
      }
      i += 2;
      continue;
    }
    chars.push(c);
  }
  return chars;
}

export function tr(context: ProgramContext, flavor: Flavor): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'cdsCt',
    long: { delete: 'd', 'squeeze-repeats': 's', complement: 'c' },
  });
  if (!options) return 1;
  const [first, second] = options.operands;
  const remove = options.flags.has('d');
  const squeeze = options.flags.has('s');
  const complement = options.flags.has('c') || options.flags.has('C');
  if (first === undefined || (!remove && !squeeze && second === undefined)) {
    context.io.stderr(
      flavor === 'busybox'
        ? 'Usage: tr [-cds] STRING1 [STRING2]\n'
        : `tr: missing operand${first === undefined ? '' : ` after '${first}'`}\nTry 'tr --help' for more information.\n`,
    );
    return 1;
  }
  const from = new Set(expandTrSet(first));
  const inFirst = (c: string) => from.has(c) !== complement;
  const fromList = expandTrSet(first);
  const toList = second === undefined ? [] : expandTrSet(second);
  let out = '';
  let previous = '';
  const squeezeSet = new Set(remove ? toList : second === undefined ? fromList : toList);
  for (const c of context.io.stdin) {
    if (remove && inFirst(c)) continue;
    let next = c;
    if (!remove && second !== undefined && inFirst(c)) {
      const index = complement ? toList.length - 1 : fromList.indexOf(c);
      next = toList[Math.min(index, toList.length - 1)] ?? c;
    }
    if (squeeze && next === previous && squeezeSet.has(next)) continue;
    out += next;
    previous = next;
  }
  context.io.stdout(out);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// cut

function parseList(list: string): Array<[number, number]> | undefined {
  const ranges: Array<[number, number]> = [];
  for (const part of list.split(',')) {
    const match = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!match || (match[1] === '' && match[3] === '')) return undefined;
    const start = match[1] === '' ? 1 : Number(match[1]);
    const end = match[2] === '' ? start : match[3] === '' ? Infinity : Number(match[3]);
    if (start < 1) return undefined;
    ranges.push([start, end]);
  }
  return ranges;
}

export function cut(context: ProgramContext, flavor: Flavor): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 's',
    withValue: 'dfcb',
    long: { 'only-delimited': 's' },
    longWithValue: { delimiter: 'd', fields: 'f', characters: 'c', bytes: 'b' },
  });
  if (!options) return 1;
  const fields = options.values.get('f');
  const chars = options.values.get('c') ?? options.values.get('b');
  const list = fields ?? chars;
  if (list === undefined) {
    context.io.stderr(
      flavor === 'busybox'
        ? 'cut: expected a list of bytes, characters, or fields\n'
        : "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.\n",
    );
    return 1;
  }
  const ranges = parseList(list);
  if (!ranges) {
    context.io.stderr(
      `cut: invalid field value '${list}'\nTry 'cut --help' for more information.\n`,
    );
    return 1;
  }
  const delimiter = options.values.get('d') ?? '\t';
  if (delimiter.length !== 1) {
    context.io.stderr(
      "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n",
    );
    return 1;
  }
  const wanted = (n: number) => ranges.some(([start, end]) => n >= start && n <= end);
  const [text, status] = gather(context, 'cut', options.operands);
  let out = '';
  for (const line of splitLines(text)) {
    if (fields === undefined) {
      out += `${[...line].filter((_, i) => wanted(i + 1)).join('')}\n`;
      continue;
    }
    if (!line.includes(delimiter)) {
      if (!options.flags.has('s')) out += `${line}\n`;
      continue;
    }
    out += `${line
      .split(delimiter)
      .filter((_, i) => wanted(i + 1))
      .join(delimiter)}\n`;
  }
  context.io.stdout(out);
  return status;
}

// ---------------------------------------------------------------------------------------------
// sort and uniq

export function sort(context: ProgramContext): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'urnfVbs',
    withValue: 'tko',
    long: {
      unique: 'u',
      reverse: 'r',
      'numeric-sort': 'n',
      'ignore-case': 'f',
      'version-sort': 'V',
    },
  });
  if (!options) return 1;
  const [text, status] = gather(context, 'sort', options.operands);
  let lines = splitLines(text);
  const separator = options.values.get('t');
  const keySpec = options.values.get('k');
  const keyMatch =
    keySpec === undefined
      ? undefined
      : /^(\d+)(?:\.\d+)?([bfnrV]*)(?:,(\d+)(?:\.\d+)?([bfnrV]*))?$/.exec(keySpec);
  if (keySpec !== undefined && (!keyMatch || Number(keyMatch[1]) === 0)) {
    context.io.stderr(
      keyMatch || /^0/.test(keySpec)
        ? `sort: field number is zero: invalid field specification '${keySpec}'\n`
        : `sort: invalid number at field start: invalid count at start of '${keySpec}'\n`,
    );
    return 2;
  }
  const keyFlags = `${keyMatch?.[2] ?? ''}${keyMatch?.[4] ?? ''}`;
  const numeric = options.flags.has('n') || keyFlags.includes('n');
  const fold = options.flags.has('f') || keyFlags.includes('f');
  const reverse = options.flags.has('r') || keyFlags.includes('r');
  /** The key a line sorts by: fields N to M (-k N,M), split at -t or where blanks begin. */
  const keyOf = (line: string): string => {
    if (!keyMatch) return line;
    const fields = separator !== undefined ? line.split(separator) : (line.match(/\s*\S+/g) ?? []);
    const from = Number(keyMatch[1]) - 1;
    const to = keyMatch[3] === undefined ? fields.length : Number(keyMatch[3]);
    return fields.slice(from, to).join(separator ?? '');
  };
  const key = (line: string) => (fold ? line.toUpperCase() : line);
  const byText = (a: string, b: string) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
  // The C locale: plain byte order, which JavaScript's code-unit order matches for ASCII.
  const compareKeys = (a: string, b: string): number => {
    if (numeric) {
      const diff = (parseFloat(a) || 0) - (parseFloat(b) || 0);
      if (diff !== 0) return diff;
      if (keyMatch) return 0;
    }
    if (options.flags.has('V')) {
      const diff = a.localeCompare(b, 'en', { numeric: true });
      if (diff !== 0) return diff;
    }
    return byText(a, b);
  };
  const compare = (a: string, b: string): number => {
    const primary = compareKeys(keyOf(a), keyOf(b));
    if (primary !== 0 || !keyMatch || options.flags.has('u') || options.flags.has('s')) {
      return reverse ? -primary : primary;
    }
    // GNU sort's last resort: the whole lines, byte by byte, reversed only by a global -r.
    return options.flags.has('r') ? -byText(a, b) : byText(a, b);
  };
  lines.sort(compare);
  if (options.flags.has('u')) {
    lines = lines.filter((line, i) => i === 0 || compare(lines[i - 1]!, line) !== 0);
  }
  const out = lines.map((line) => `${line}\n`).join('');
  const target = options.values.get('o');
  if (target === undefined) {
    context.io.stdout(out);
    return status;
  }
  const problem = attempt(() =>
    writeFile(context.fs, target, out, { cwd: context.cwd, mtime: context.now() }),
  );
  if (problem) {
    context.io.stderr(`sort: open failed: ${target}: ${errnoText(problem)}\n`);
    return 2;
  }
  return status;
}

export function uniq(context: ProgramContext): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'cdu',
    long: { count: 'c', repeated: 'd', unique: 'u' },
  });
  if (!options) return 1;
  const [text, status] = gather(context, 'uniq', options.operands.slice(0, 1));
  const groups: Array<[string, number]> = [];
  for (const line of splitLines(text)) {
    const last = groups[groups.length - 1];
    if (last && last[0] === line) last[1]++;
    else groups.push([line, 1]);
  }
  let out = '';
  for (const [line, count] of groups) {
    if (options.flags.has('d') && count < 2) continue;
    if (options.flags.has('u') && count > 1) continue;
    out += options.flags.has('c') ? `${String(count).padStart(7)} ${line}\n` : `${line}\n`;
  }
  context.io.stdout(out);
  return status;
}

// ---------------------------------------------------------------------------------------------
// awk

type AwkValue =
  | { kind: 'field'; index: number | 'NF'; offset: number }
  | { kind: 'string'; text: string }
  | { kind: 'var'; name: 'NR' | 'NF' };

interface AwkProgram {
  pattern?: RegExp;
  /** `$1 ~ /re/`-free programs only: what `print` prints, or every line for none. */
  print?: AwkValue[];
}

/** Reads the one-rule programs the simulation understands; undefined for anything else. */
export function parseAwk(source: string): AwkProgram | undefined {
  const text = source.trim();
  const match = /^(?:\/((?:\\.|[^/\\])*)\/)?\s*(?:\{\s*(.*?)\s*;?\s*\})?$/s.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined)) return undefined;
  const program: AwkProgram = {};
  if (match[1] !== undefined) {
    try {
      program.pattern = new RegExp(posixToRegex(match[1], true));
    } catch {
      return undefined;
    }
  }
  const body = match[2];
  if (body === undefined || body === 'print' || body === 'print $0') return program;
  if (!body.startsWith('print ')) return undefined;
  const values: AwkValue[] = [];
  for (const item of body.slice(6).split(',')) {
    const word = item.trim();
    let m: RegExpExecArray | null;
    if ((m = /^\$(\d+)$/.exec(word)))
      values.push({ kind: 'field', index: Number(m[1]), offset: 0 });
    else if (word === '$NF') values.push({ kind: 'field', index: 'NF', offset: 0 });
    else if ((m = /^\$\(NF-(\d+)\)$/.exec(word))) {
      values.push({ kind: 'field', index: 'NF', offset: Number(m[1]) });
    } else if ((m = /^"((?:\\.|[^"\\])*)"$/.exec(word))) {
      values.push({ kind: 'string', text: m[1]!.replace(/\\n/g, '\n').replace(/\\t/g, '\t') });
    } else if (word === 'NR' || word === 'NF') values.push({ kind: 'var', name: word });
    else return undefined;
  }
  program.print = values;
  return program;
}

function splitAwkFields(line: string, separator: string | undefined): string[] {
  if (separator === undefined || separator === ' ')
    return line
      .trim()
      .split(/[ \t]+/)
      .filter(Boolean);
  if (separator.length === 1) return line.split(separator);
  try {
    return line.split(new RegExp(posixToRegex(separator, true)));
  } catch {
    // A separator that is no valid expression (`-F'['`) splits on its literal text.
    return line.split(separator);
  }
}

export function awk(context: ProgramContext): number {
  const args = context.argv.slice(1);
  let separator: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-F') separator = args[++i];
    else if (arg.startsWith('-F')) separator = arg.slice(2);
    else if (arg === '--') {
      i++;
      break;
    } else break;
  }
  const source = args[i];
  if (source === undefined) {
    context.io.stderr("usage: awk [-F value] [-v var=value] [--] 'program text' [file ...]\n");
    return 2;
  }
  const program = parseAwk(source);
  if (!program) {
    simulationNote(
      context,
      `awk:${source}`,
      `awk '${source.length > 60 ? `${source.slice(0, 57)}...` : source}': only one-rule print programs are simulated; it printed nothing`,
    );
    return 0;
  }
  const [text, status] = gather(context, 'awk', args.slice(i + 1));
  let out = '';
  splitLines(text).forEach((line, index) => {
    if (program.pattern && !program.pattern.test(line)) return;
    if (!program.print) {
      out += `${line}\n`;
      return;
    }
    const fields = splitAwkFields(line, separator);
    const value = (item: AwkValue): string => {
      switch (item.kind) {
        case 'string':
          return item.text;
        case 'var':
          return String(item.name === 'NR' ? index + 1 : fields.length);
        case 'field': {
          const n = item.index === 'NF' ? fields.length - item.offset : item.index;
          return n === 0 ? line : (fields[n - 1] ?? '');
        }
      }
    };
    out += `${program.print.map(value).join(' ')}\n`;
  });
  context.io.stdout(out);
  return status;
}

// ---------------------------------------------------------------------------------------------
// seq

/** `seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST`, integers and decimals, at most a million. */
export function seq(context: ProgramContext): number {
  const args = context.argv.slice(1);
  let separator = '\n';
  let equalWidth = false;
  const numbers: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-s') separator = args[++i] ?? '';
    else if (arg.startsWith('-s') && arg.length > 2) separator = arg.slice(2);
    else if (arg === '-w') equalWidth = true;
    else numbers.push(arg);
  }
  if (numbers.length === 0 || numbers.length > 3) {
    context.io.stderr(
      `seq: ${numbers.length === 0 ? 'missing operand' : `extra operand '${numbers[3]}'`}\nTry 'seq --help' for more information.\n`,
    );
    return 1;
  }
  const bad = numbers.find((text) => !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text));
  if (bad !== undefined) {
    context.io.stderr(
      `seq: invalid floating point argument: '${bad}'\nTry 'seq --help' for more information.\n`,
    );
    return 1;
  }
  const [first, step, last] =
    numbers.length === 1
      ? ['1', '1', numbers[0]!]
      : numbers.length === 2
        ? [numbers[0]!, '1', numbers[1]!]
        : [numbers[0]!, numbers[1]!, numbers[2]!];
  const decimals = Math.max(
    ...[first, step].map((text) => (text.includes('.') ? text.split('.')[1]!.length : 0)),
  );
  const a = Number(first);
  const d = Number(step);
  const z = Number(last);
  if (d === 0) {
    context.io.stderr(
      `seq: invalid Zero increment value: '${step}'\nTry 'seq --help' for more information.\n`,
    );
    return 1;
  }
  const values: string[] = [];
  for (let n = 0; values.length < 1_000_000; n++) {
    const value = a + n * d;
    if (d > 0 ? value > z + 1e-9 : value < z - 1e-9) break;
    values.push(value.toFixed(decimals));
  }
  if (equalWidth) {
    const width = Math.max(...values.map((value) => value.replace('-', '').length));
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      const negative = value.startsWith('-');
      values[i] = `${negative ? '-' : ''}${value.replace('-', '').padStart(width, '0')}`;
    }
  }
  if (values.length > 0) context.io.stdout(`${values.join(separator)}\n`);
  return 0;
}
