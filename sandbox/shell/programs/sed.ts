import { writeFile } from '../../fs/ops.ts';
import { resolvePath } from '../../fs/path.ts';
import type { ProgramContext } from '../program.ts';
import { attempt, errnoText, parseOptions, readText, type Flavor } from './common.ts';
import { posixToRegex } from './text.ts';

/**
 * `sed`: the forms Dockerfiles use. Addresses (a line number, `$`, `/regex/`) and the commands
 * `s`, `y`, `a`, `i`, `c`, `d`, `p` and `q` (an address may be negated with `!`), several of them separated by `;` or newlines or given as `-e` each;
 * `-n`, `-E`/`-r`, `-i[SUFFIX]`. Other commands are refused with GNU sed's message.
 */

type SingleAddress =
  { kind: 'line'; line: number } | { kind: 'last' } | { kind: 'regex'; regex: RegExp };

/** One address, or a range `first,end`; `!` negates either. */
type Address = SingleAddress & { negate?: boolean; end?: SingleAddress };

type SedCommand =
  | {
      kind: 's';
      address?: Address;
      regex: RegExp;
      replacement: string;
      global: boolean;
      print: boolean;
      nth: number;
    }
  | { kind: 'y'; address?: Address; from: string[]; to: string[] }
  | { kind: 'a' | 'i' | 'c'; address?: Address; text: string }
  | { kind: 'd' | 'p' | 'q'; address?: Address };

class SedError extends Error {}

function buildRegex(source: string, extended: boolean, flags: string): RegExp {
  try {
    return new RegExp(posixToRegex(source, extended), flags);
  } catch {
    throw new SedError(`-e expression #1, char ${source.length}: Invalid regular expression`);
  }
}

/** Reads text up to an unescaped `delimiter`; `\delimiter` stands for the delimiter itself. */
function readDelimited(script: string, start: number, delimiter: string): [string, number] {
  let out = '';
  let i = start;
  while (i < script.length) {
    const c = script[i]!;
    if (c === '\\' && i + 1 < script.length) {
      const next = script[i + 1]!;
      out += next === delimiter ? delimiter : `\\${next}`;
      i += 2;
      continue;
    }
    if (c === delimiter) return [out, i + 1];
    out += c;
    i++;
  }
  return [out, -1];
}

export function parseSedScript(script: string, extended: boolean): SedCommand[] {
  const commands: SedCommand[] = [];
  let i = 0;
  const charError = (what: string) =>
    new SedError(`-e expression #1, char ${Math.min(i + 1, script.length)}: ${what}`);
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i]!)) i++;
    if (i >= script.length) break;
    const readAddress = (): SingleAddress | undefined => {
      if (/\d/.test(script[i] ?? '')) {
        const match = /^\d+/.exec(script.slice(i))!;
        i += match[0].length;
        return { kind: 'line', line: Number(match[0]) };
      }
      if (script[i] === '$') {
        i++;
        return { kind: 'last' };
      }
      if (script[i] === '/' || script[i] === '\\') {
        const delimiter = script[i] === '\\' ? script[i + 1]! : '/';
        i += script[i] === '\\' ? 2 : 1;
        const [source, end] = readDelimited(script, i, delimiter);
        if (end < 0) throw charError('unterminated address regex');
        i = end;
        return { kind: 'regex', regex: buildRegex(source, extended, '') };
      }
      return undefined;
    };
    const first = readAddress();
    let address: Address | undefined = first;
    if (first && script[i] === ',') {
      i++;
      const end = readAddress();
      if (!end) throw charError("unexpected `,'");
      address = { ...first, end };
    }
    while (i < script.length && script[i] === ' ') i++;
    if (address && script[i] === '!') {
      address.negate = true;
      i++;
      while (i < script.length && script[i] === ' ') i++;
    }
    const name = script[i];
    if (name === undefined) throw charError('missing command');
    i++;
    if (name === 's') {
      const delimiter = script[i];
      if (delimiter === undefined || delimiter === '\n' || delimiter === '\\') {
        throw charError("unterminated `s' command");
      }
      const [source, afterPattern] = readDelimited(script, i + 1, delimiter);
      if (afterPattern < 0) throw charError("unterminated `s' command");
      const [replacement, afterReplacement] = readDelimited(script, afterPattern, delimiter);
      if (afterReplacement < 0) throw charError("unterminated `s' command");
      i = afterReplacement;
      let global = false;
      let print = false;
      let insensitive = false;
      let nth = 1;
      while (i < script.length && !/[\s;}]/.test(script[i]!)) {
        const flag = script[i]!;
        if (flag === 'g') global = true;
        else if (flag === 'p') print = true;
        else if (flag === 'I' || flag === 'i') insensitive = true;
        else if (/\d/.test(flag)) {
          const match = /^\d+/.exec(script.slice(i))!;
          nth = Number(match[0]);
          i += match[0].length - 1;
        } else throw charError("unknown option to `s'");
        i++;
      }
      const regex = buildRegex(source, extended, `g${insensitive ? 'i' : ''}`);
      commands.push({ kind: 's', address, regex, replacement, global, print, nth });
      continue;
    }
    if (name === 'y') {
      const delimiter = script[i];
      if (delimiter === undefined) throw charError("unterminated `y' command");
      const [from, afterFrom] = readDelimited(script, i + 1, delimiter);
      if (afterFrom < 0) throw charError("unterminated `y' command");
      const [to, afterTo] = readDelimited(script, afterFrom, delimiter);
      if (afterTo < 0) throw charError("unterminated `y' command");
      const unescape = (text: string) => [...text.replace(/\\n/g, '\n').replace(/\\\\/g, '\\')];
      if (unescape(from).length !== unescape(to).length) {
        throw charError("strings for `y' command are different lengths");
      }
      i = afterTo;
      commands.push({ kind: 'y', address, from: unescape(from), to: unescape(to) });
      continue;
    }
    if (name === 'a' || name === 'i' || name === 'c') {
      // GNU's one-line form `a text`, and `a\` with the text on the next line.
      let rest = script.slice(i);
      const newline = rest.indexOf('\n');
      let text = newline < 0 ? rest : rest.slice(0, newline);
      let consumed = text.length + (newline < 0 ? 0 : 1);
      if (/^\s*\\$/.test(text) && newline >= 0) {
        rest = rest.slice(newline + 1);
        const end = rest.indexOf('\n');
        text = end < 0 ? rest : rest.slice(0, end);
        consumed += text.length + (end < 0 ? 0 : 1);
      } else {
        text = text.replace(/^\s+/, '').replace(/^\\/, '');
      }
      i += consumed;
      commands.push({ kind: name, address, text: text.replace(/\\(.)/g, '$1') });
      continue;
    }
    if (name === 'd' || name === 'p' || name === 'q') {
      commands.push({ kind: name, address });
      continue;
    }
    throw charError(`unknown command: \`${name}'`);
  }
  return commands;
}

/** The replacement text for one match: `&` is the match, `\1`-`\9` its groups, `\n` a newline. */
function expandReplacement(replacement: string, match: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!;
    if (c === '&') out += match[0];
    else if (c === '\\' && i + 1 < replacement.length) {
      const next = replacement[++i]!;
      if (/\d/.test(next)) out += match[Number(next)] ?? '';
      else if (next === 'n') out += '\n';
      else if (next === 't') out += '\t';
      else out += next;
    } else out += c;
  }
  return out;
}

function substitute(line: string, command: Extract<SedCommand, { kind: 's' }>): [string, boolean] {
  const regex = command.regex;
  regex.lastIndex = 0;
  let out = '';
  let last = 0;
  let count = 0;
  let changed = false;
  let previousEnd = -1;
  for (;;) {
    const match = regex.exec(line);
    if (!match) break;
    // As in GNU sed, an empty match right where the previous match ended does not count.
    if (match[0] === '' && match.index === previousEnd) {
      regex.lastIndex++;
      if (regex.lastIndex > line.length) break;
      continue;
    }
    previousEnd = match.index + match[0].length;
    count++;
    if (count >= command.nth) {
      out += line.slice(last, match.index) + expandReplacement(command.replacement, match);
      last = match.index + match[0].length;
      changed = true;
      if (!command.global) break;
    }
    if (match[0] === '') regex.lastIndex++;
  }
  return changed ? [out + line.slice(last), true] : [line, false];
}

function matches(
  address: Address | undefined,
  line: string,
  number: number,
  last: boolean,
  ranges: Map<Address, boolean>,
) {
  if (!address) return true;
  let hit: boolean;
  if (!address.end) hit = matchesPlain(address, line, number, last);
  else if (ranges.get(address)) {
    // Inside a range: this line belongs to it; an end address that matches closes it.
    hit = true;
    const end = address.end;
    if (end.kind === 'line' ? number >= end.line : matchesPlain(end, line, number, last)) {
      ranges.set(address, false);
    }
  } else if (matchesPlain(address, line, number, last)) {
    hit = true;
    // A line-number end at or before the start makes a one-line range; a regex end is looked
    // for from the next line on.
    const end = address.end;
    ranges.set(
      address,
      !(end.kind === 'line' && end.line <= number) && !(end.kind === 'last' && last),
    );
  } else hit = false;
  return hit !== (address.negate ?? false);
}

function matchesPlain(address: SingleAddress, line: string, number: number, last: boolean) {
  switch (address.kind) {
    case 'line':
      return number === address.line;
    case 'last':
      return last;
    case 'regex':
      address.regex.lastIndex = 0;
      return address.regex.test(line);
  }
}

/** Runs the commands over `text`; the output, and whether `q` stopped it. */
export function runSed(text: string, commands: SedCommand[], quiet: boolean): string {
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) lines.pop();
  let out = '';
  const ranges = new Map<Address, boolean>();
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    const isLast = n === lines.length - 1;
    const newline = isLast && !endsWithNewline ? '' : '\n';
    let deleted = false;
    let quit = false;
    let appended = '';
    for (const command of commands) {
      if (!matches(command.address, line, n + 1, isLast, ranges)) continue;
      if (command.kind === 's') {
        const [next, changed] = substitute(line, command);
        line = next;
        if (changed && command.print) out += `${line}\n`;
      } else if (command.kind === 'i') {
        out += `${command.text}\n`;
      } else if (command.kind === 'a') {
        appended += `${command.text}\n`;
      } else if (command.kind === 'c') {
        out += `${command.text}\n`;
        deleted = true;
        break;
      } else if (command.kind === 'y') {
        line = [...line]
          .map((c) => {
            const index = command.from.indexOf(c);
            return index < 0 ? c : command.to[index]!;
          })
          .join('');
      } else if (command.kind === 'd') {
        deleted = true;
        break;
      } else if (command.kind === 'p') out += `${line}\n`;
      else {
        quit = true;
        break;
      }
    }
    if (!deleted && !quiet) out += line + newline;
    out += appended;
    if (quit) break;
  }
  return out;
}

export function sed(context: ProgramContext, flavor: Flavor): number {
  const args = context.argv.slice(1);
  // -i takes its suffix only when attached (-i.bak), so it is read before the generic parser.
  let inPlace: string | undefined;
  const rest: string[] = [];
  for (const arg of args) {
    const match = /^-([nErs]*)i(.*)$/.exec(arg);
    if (match && !arg.startsWith('--')) {
      inPlace = match[2] ?? '';
      if (match[1]) rest.push(`-${match[1]}`);
    } else if (arg === '--in-place' || arg.startsWith('--in-place=')) {
      inPlace = arg.slice('--in-place='.length);
    } else rest.push(arg);
  }
  const scripts: string[] = [];
  const expanded = rest.flatMap((arg, index) =>
    (arg === '-e' || arg === '--expression') && rest[index + 1] !== undefined
      ? [`--expression=${rest[index + 1]}`]
      : index > 0 && (rest[index - 1] === '-e' || rest[index - 1] === '--expression')
        ? []
        : [arg],
  );
  const options = parseOptions(context, expanded, {
    flags: 'nErsu',
    long: {
      quiet: 'n',
      silent: 'n',
      'regexp-extended': 'E',
      separate: 's',
      unbuffered: 'u',
      posix: 'P',
    },
    longWithValue: { expression: 'e' },
  });
  if (!options) return 1;
  for (const arg of expanded) {
    if (arg.startsWith('--expression=')) scripts.push(arg.slice('--expression='.length));
  }
  const operands = [...options.operands];
  if (scripts.length === 0) {
    const script = operands.shift();
    if (script === undefined) {
      context.io.stderr(
        flavor === 'busybox'
          ? 'Usage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...\n'
          : 'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n',
      );
      return 1;
    }
    scripts.push(script);
  }
  const extended = options.flags.has('E') || options.flags.has('r');
  let commands: SedCommand[];
  try {
    commands = parseSedScript(scripts.join('\n'), extended);
  } catch (error) {
    if (!(error instanceof SedError)) throw error;
    context.io.stderr(`sed: ${error.message}\n`);
    return 1;
  }
  const quiet = options.flags.has('n');
  if (inPlace !== undefined) {
    if (operands.length === 0) {
      context.io.stderr('sed: no input files\n');
      return flavor === 'busybox' ? 1 : 4;
    }
    let status = 0;
    for (const file of operands) {
      const text = readText(context, file);
      if (text === 'ENOENT' || text === 'EISDIR' || text === 'ENOTDIR' || text === 'ELOOP') {
        context.io.stderr(
          flavor === 'busybox'
            ? `sed: ${file}: ${errnoText(text)}\n`
            : `sed: can't read ${file}: ${errnoText(text)}\n`,
        );
        status = flavor === 'busybox' ? 1 : 2;
        continue;
      }
      const path = resolvePath(context.cwd, file);
      const existing = context.fs.get(path);
      const problem = attempt(() => {
        if (inPlace) writeFile(context.fs, `${path}${inPlace}`, text, { mtime: context.now() });
        writeFile(context.fs, path, runSed(text, commands, quiet), {
          mtime: context.now(),
          mode: existing?.mode,
          uid: existing?.uid,
          gid: existing?.gid,
        });
      });
      if (problem) {
        context.io.stderr(`sed: couldn't open temporary file ${path}: ${errnoText(problem)}\n`);
        status = 4;
      }
    }
    return status;
  }
  const inputs = operands.length === 0 ? ['-'] : operands;
  let text = '';
  let status = 0;
  for (const file of inputs) {
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
      context.io.stderr(
        flavor === 'busybox'
          ? `sed: ${file}: ${errnoText(content)}\n`
          : `sed: can't read ${file}: ${errnoText(content)}\n`,
      );
      status = 2;
      continue;
    }
    text += content;
  }
  context.io.stdout(runSed(text, commands, quiet));
  return status;
}
