import { walk } from '../../fs/ops.ts';
import { resolve } from '../../fs/ops.ts';
import type { ProgramContext } from '../program.ts';
import {
  attempt,
  errnoText,
  parseOptions,
  readText,
  splitLines,
  type Errno,
  type Flavor,
} from './common.ts';

/** The line tools: head, tail, grep, wc, tee. */

function isErrno(value: string): value is Errno {
  return ['ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ELOOP'].includes(value);
}

/** `-5` as `-n 5`, the old form head and tail still accept. */
function legacyCount(args: string[]): string[] {
  return args.map((arg) => (/^-\d+$/.test(arg) ? `-n${arg.slice(1)}` : arg));
}

function headOrTail(
  context: ProgramContext,
  flavor: Flavor,
  name: 'head' | 'tail',
): number | Promise<number> {
  const options = parseOptions(context, legacyCount(context.argv.slice(1)), {
    flags: 'qvfF',
    withValue: 'nc',
    long: { quiet: 'q', silent: 'q', verbose: 'v', follow: 'f' },
    longWithValue: { lines: 'n', bytes: 'c' },
  });
  if (!options) return 1;
  const byBytes = options.values.has('c');
  const countText = options.values.get(byBytes ? 'c' : 'n') ?? '10';
  const match = /^([-+]?)(\d+)$/.exec(countText);
  if (!match) {
    context.io.stderr(
      `${name}: invalid number of ${byBytes ? 'bytes' : 'lines'}: '${countText}'\n`,
    );
    return 1;
  }
  const count = Number(match[2]);
  const fromStart = match[1] === '+';
  const allBut = match[1] === '-';
  const operands = options.operands.length > 0 ? options.operands : ['-'];
  const headers = (operands.length > 1 && !options.flags.has('q')) || options.flags.has('v');
  let status = 0;
  let first = true;
  for (const operand of operands) {
    const text = operand === '-' ? context.io.stdin : readText(context, operand);
    if (operand !== '-' && isErrno(text)) {
      context.io.stderr(
        flavor === 'busybox'
          ? `${name}: ${operand}: ${errnoText(text)}\n`
          : text === 'EISDIR'
            ? `${name}: error reading '${operand}': Is a directory\n`
            : `${name}: cannot open '${operand}' for reading: ${errnoText(text)}\n`,
      );
      status = 1;
      continue;
    }
    if (headers) {
      context.io.stdout(
        `${first ? '' : '\n'}==> ${operand === '-' ? 'standard input' : operand} <==\n`,
      );
    }
    first = false;
    context.io.stdout(slice(text, count, byBytes, name, fromStart, allBut));
  }
  if (name === 'tail' && (options.flags.has('f') || options.flags.has('F'))) {
    return waitForAbort(context.signal).then(() => 143);
  }
  return status;
}

function slice(
  text: string,
  count: number,
  byBytes: boolean,
  name: 'head' | 'tail',
  fromStart: boolean,
  allBut: boolean,
): string {
  if (byBytes) {
    if (name === 'head')
      return allBut ? text.slice(0, Math.max(0, text.length - count)) : text.slice(0, count);
    return fromStart ? text.slice(Math.max(0, count - 1)) : count === 0 ? '' : text.slice(-count);
  }
  const lines = text.split(/(?<=\n)/);
  if (name === 'head') {
    return (
      allBut ? lines.slice(0, Math.max(0, lines.length - count)) : lines.slice(0, count)
    ).join('');
  }
  if (fromStart) return lines.slice(Math.max(0, count - 1)).join('');
  return count === 0 ? '' : lines.slice(-count).join('');
}

/** Resolves when the process is killed: what `tail -f` and servers wait for. */
export function waitForAbort(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolveWait) =>
    signal.addEventListener('abort', () => resolveWait(), { once: true }),
  );
}

export function head(context: ProgramContext, flavor: Flavor): number | Promise<number> {
  return headOrTail(context, flavor, 'head');
}

export function tail(context: ProgramContext, flavor: Flavor): number | Promise<number> {
  return headOrTail(context, flavor, 'tail');
}

// ---------------------------------------------------------------------------------------------
// grep

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: 'A-Za-z0-9_',
};

/** Translates a POSIX basic or extended regular expression to a JavaScript one. */
export function posixToRegex(pattern: string, extended: boolean): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '[') {
      const end = findBracketEnd(pattern, i);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      body = body.replace(/\[:(\w+):\]/g, (_, name: string) => CLASSES[name] ?? '');
      if (body.startsWith('^')) out += `[^${body.slice(1).replace(/\\/g, '\\\\')}]`;
      else out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
      continue;
    }
    if (c === '\\') {
      const next = pattern[i + 1];
      i++;
      if (next === undefined) out += '\\\\';
      else if (!extended && '(){}|+?'.includes(next)) out += next;
      else if (/[wWsSbB<>]/.test(next)) out += next === '<' || next === '>' ? '\\b' : `\\${next}`;
      else if (/\d/.test(next)) out += `\\${next}`;
      else out += `\\${next}`;
      continue;
    }
    if (!extended && '(){}|+?'.includes(c)) {
      out += `\\${c}`;
      continue;
    }
    if (c === '*' && (out === '' || out.endsWith('^'))) {
      out += '\\*';
      continue;
    }
    if (c === '/') {
      out += '\\/';
      continue;
    }
    out += c;
  }
  return out;
}

function findBracketEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '[' && pattern[i + 1] === ':') {
      const close = pattern.indexOf(':]', i + 2);
      if (close > 0) {
        i = close + 1;
        continue;
      }
    }
    if (pattern[i] === ']') return i;
  }
  return -1;
}

export function grep(context: ProgramContext, flavor: Flavor): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'ivcnlLqsrRhHEFGwxo',
    withValue: 'em',
    long: {
      'ignore-case': 'i',
      'invert-match': 'v',
      count: 'c',
      'line-number': 'n',
      'files-with-matches': 'l',
      quiet: 'q',
      silent: 'q',
      recursive: 'r',
      'extended-regexp': 'E',
      'fixed-strings': 'F',
      'word-regexp': 'w',
      'line-regexp': 'x',
      'only-matching': 'o',
      'no-filename': 'h',
      'with-filename': 'H',
      'no-messages': 's',
    },
    longWithValue: { regexp: 'e', 'max-count': 'm' },
  });
  if (!options) return 2;
  const flag = (letter: string) => options.flags.has(letter);
  const operands = [...options.operands];
  const patterns = options.values.has('e') ? [options.values.get('e')!] : [];
  if (patterns.length === 0) {
    const first = operands.shift();
    if (first === undefined) {
      context.io.stderr(
        flavor === 'busybox'
          ? 'BusyBox: grep: no pattern\n'
          : `Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n`,
      );
      return 2;
    }
    patterns.push(...first.split('\n'));
  }
  const sources = patterns.map((pattern) => {
    let source = flag('F')
      ? pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
      : posixToRegex(pattern, flag('E'));
    if (flag('w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
    if (flag('x')) source = `^(?:${source})$`;
    return source;
  });
  let regex: RegExp;
  try {
    regex = new RegExp(sources.map((s) => `(?:${s})`).join('|'), flag('i') ? 'gi' : 'g');
  } catch {
    context.io.stderr(`grep: Unmatched ( or \\(\n`);
    return 2;
  }
  const recursive = flag('r') || flag('R');
  if (operands.length === 0) operands.push(recursive ? '.' : '-');
  const files: Array<{ name: string; text: string | Errno }> = [];
  for (const operand of operands) {
    if (operand === '-') {
      files.push({ name: '(standard input)', text: context.io.stdin });
      continue;
    }
    const found = resolve(context.fs, operand, context.cwd);
    if (recursive && typeof found !== 'string' && found.entry?.kind === 'dir') {
      const implicit = options.operands.length === 0 && operand === '.';
      for (const [path, entry] of walk(context.fs, found.path)) {
        if (entry.kind !== 'file') continue;
        const rest = path.slice(found.path === '/' ? 1 : found.path.length + 1);
        const shown = implicit ? rest : `${operand.replace(/\/+$/, '')}/${rest}`;
        files.push({ name: shown, text: entry.content });
      }
      continue;
    }
    files.push({ name: operand, text: readText(context, operand) });
  }
  const showNames = flag('H') || (!flag('h') && (files.length > 1 || recursive));
  const max = options.values.has('m') ? Number(options.values.get('m')) : Infinity;
  let matched = false;
  let failed = false;
  const out: string[] = [];
  for (const file of files) {
    if (isErrno(file.text) && file.name !== '(standard input)') {
      if (file.text === 'EISDIR') {
        if (!flag('s')) context.io.stderr(`grep: ${file.name}: Is a directory\n`);
        continue;
      }
      if (!flag('s')) context.io.stderr(`grep: ${file.name}: ${errnoText(file.text)}\n`);
      failed = true;
      continue;
    }
    const prefix = showNames ? `${file.name}:` : '';
    let count = 0;
    splitLines(file.text).forEach((line, index) => {
      if (count >= max) return;
      regex.lastIndex = 0;
      const hit = regex.test(line) !== flag('v');
      if (!hit) return;
      count++;
      if (flag('q') || flag('l') || flag('L') || flag('c')) return;
      const number = flag('n') ? `${index + 1}:` : '';
      if (flag('o') && !flag('v')) {
        regex.lastIndex = 0;
        for (const m of line.matchAll(regex))
          if (m[0] !== '') out.push(`${prefix}${number}${m[0]}\n`);
      } else out.push(`${prefix}${number}${line}\n`);
    });
    if (count > 0) matched = true;
    if (flag('c')) out.push(`${prefix}${count}\n`);
    else if (flag('l') && count > 0) out.push(`${file.name}\n`);
    else if (flag('L') && count === 0) out.push(`${file.name}\n`);
    if (flag('q') && matched) break;
  }
  if (!flag('q')) context.io.stdout(out.join(''));
  if (flag('q') && matched) return 0;
  return failed ? 2 : matched ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// wc

export function wc(context: ProgramContext, flavor: Flavor): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'lwcmL',
    long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm' },
  });
  if (!options) return 1;
  let wanted = ['l', 'w', 'm', 'c'].filter((letter) => options.flags.has(letter));
  if (wanted.length === 0) wanted = ['l', 'w', 'c'];
  const operands = options.operands.length > 0 ? options.operands : ['-'];
  const encoder = new TextEncoder();
  const rows: Array<{ counts: number[]; name: string }> = [];
  const totals = wanted.map(() => 0);
  let status = 0;
  let usesStdin = false;
  for (const operand of operands) {
    const text = operand === '-' ? context.io.stdin : readText(context, operand);
    if (operand === '-') usesStdin = true;
    if (operand !== '-' && isErrno(text)) {
      context.io.stderr(`wc: ${operand}: ${errnoText(text)}\n`);
      status = 1;
      continue;
    }
    const counts = wanted.map((letter) => {
      if (letter === 'l') return (text.match(/\n/g) ?? []).length;
      if (letter === 'w') return text.split(/\s+/).filter(Boolean).length;
      if (letter === 'm') return [...text].length;
      return encoder.encode(text).length;
    });
    counts.forEach((n, i) => (totals[i] = totals[i]! + n));
    rows.push({ counts, name: operand === '-' ? '' : operand });
  }
  if (rows.length > 1) rows.push({ counts: totals, name: 'total' });
  let width: number;
  if (flavor === 'busybox') width = wanted.length === 1 && operands.length === 1 ? 1 : 7;
  else if (wanted.length === 1 && operands.length === 1) width = 1;
  else if (usesStdin) width = 7;
  else width = Math.max(1, String(Math.max(0, ...totals)).length);
  for (const row of rows) {
    const cells = row.counts.map((n) => String(n).padStart(width)).join(' ');
    context.io.stdout(row.name ? `${cells} ${row.name}\n` : `${cells}\n`);
  }
  return status;
}

// ---------------------------------------------------------------------------------------------
// tee

export function tee(context: ProgramContext): number {
  const options = parseOptions(context, context.argv.slice(1), {
    flags: 'ai',
    long: { append: 'a' },
  });
  if (!options) return 1;
  const text = context.io.stdin;
  context.io.stdout(text);
  let status = 0;
  for (const operand of options.operands) {
    const found = resolve(context.fs, operand, context.cwd);
    let problem: Errno | undefined;
    if (typeof found === 'string') problem = found;
    else if (found.entry?.kind === 'dir') problem = 'EISDIR';
    else {
      const before =
        options.flags.has('a') && found.entry?.kind === 'file' ? found.entry.content : '';
      const base = found.entry?.kind === 'file' ? found.entry : undefined;
      problem = attempt(() =>
        context.fs.set(found.path, {
          kind: 'file',
          content: before + text,
          mode: base?.mode ?? 0o644,
          uid: base?.uid ?? context.user.uid,
          gid: base?.gid ?? context.user.gid,
          mtime: context.now(),
        }),
      );
    }
    if (problem) {
      context.io.stderr(`tee: ${operand}: ${errnoText(problem)}\n`);
      status = 1;
    }
  }
  return status;
}
