import { readFile, resolve } from '../fs/ops.ts';
import { ExitSignal, LoopSignal, ReturnSignal } from './control.ts';
import type { Dialect, Shell, Streams } from './interpreter.ts';
import { applyOption, listOptions, optionByLetter, optionByName } from './options.ts';
import { echoDash, echoGnu, evaluateTest, formatPrintf } from './programs/basics.ts';
import { resolveCommand } from './resolve.ts';

/**
 * The commands the shell runs itself, with dash's messages. Special builtins (POSIX's list) keep
 * the assignments written before them and are looked up before functions; the rest behave like
 * programs that happen to live inside the shell.
 */

type Builtin = (shell: Shell, args: string[], io: Streams) => number | Promise<number>;

const SPECIAL = new Set([
  ':',
  '.',
  'break',
  'continue',
  'eval',
  'exec',
  'exit',
  'export',
  'readonly',
  'return',
  'set',
  'shift',
  'times',
  'trap',
  'unset',
]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function write(io: Streams, text: string): void {
  io.fds.get(1)?.(text);
}

function parseStatus(shell: Shell, io: Streams, builtin: string, text: string): number {
  if (/^\d+$/.test(text)) return Number(text) & 0xff;
  shell.complain(io, `${builtin}: Illegal number: ${text}`);
  throw new ExitSignal(2);
}

function quoteValue(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const BUILTINS: Record<string, Builtin> = {
  ':': () => 0,
  true: () => 0,
  false: () => 1,

  echo: (shell, args, io) => {
    write(io, shell.dialect === 'dash' ? echoDash(args) : echoGnu(args));
    return 0;
  },

  printf: (shell, args, io) => {
    const [format, ...rest] = args;
    if (format === undefined) {
      shell.complain(io, 'printf: usage: printf format [arg ...]');
      return 2;
    }
    const result = formatPrintf(format, rest, 'dash', (message) =>
      shell.complain(io, `printf: ${message}`),
    );
    write(io, result.output);
    return result.status;
  },

  test: (shell, args, io) => runTest(shell, 'test', args, io),
  '[': (shell, args, io) => {
    if (args[args.length - 1] !== ']') {
      shell.complain(io, '[: missing ]');
      return 2;
    }
    return runTest(shell, '[', args.slice(0, -1), io);
  },

  pwd: (shell, _args, io) => {
    write(io, `${shell.cwd}\n`);
    return 0;
  },

  cd: (shell, args, io) => {
    const operands = args[0] === '-L' || args[0] === '-P' ? args.slice(1) : args;
    let target = operands[0] ?? shell.vars.get('HOME') ?? '/';
    const printNew = target === '-';
    if (printNew) target = shell.vars.get('OLDPWD') ?? shell.cwd;
    const path = shell.absolute(target);
    const found = resolve(shell.context.fs, path);
    if (typeof found === 'string' || found.entry?.kind !== 'dir') {
      const why =
        typeof found === 'string' || found.entry === undefined
          ? 'No such file or directory'
          : 'Not a directory';
      if (shell.dialect === 'bash') {
        shell.complain(io, `cd: ${target}: ${why}`);
        return 1;
      }
      shell.complain(
        io,
        shell.dialect === 'ash'
          ? `cd: line ${shell.ashLine()}: can't cd to ${target}: ${why}`
          : `cd: can't cd to ${target}`,
      );
      return 2;
    }
    shell.setVar('OLDPWD', shell.cwd);
    shell.cwd = path;
    shell.setVar('PWD', path);
    if (printNew) write(io, `${path}\n`);
    return 0;
  },

  export: (shell, args, io) => declare(shell, args, io, 'export'),
  readonly: (shell, args, io) => declare(shell, args, io, 'readonly'),
  local: (shell, args, io) => declare(shell, args, io, 'local'),

  unset: (shell, args, io) => {
    let functions = false;
    for (const arg of args) {
      if (arg === '-f') functions = true;
      else if (arg === '-v') functions = false;
      else if (!NAME.test(arg)) {
        shell.complain(io, `unset: ${arg}: bad variable name`);
        return 2;
      } else if (functions) shell.functions.delete(arg);
      else {
        shell.vars.delete(arg);
        shell.exported.delete(arg);
      }
    }
    return 0;
  },

  exit: (shell, args, io) => {
    throw new ExitSignal(
      args[0] === undefined ? shell.lastStatus : parseStatus(shell, io, 'exit', args[0]),
      true,
    );
  },

  return: (shell, args, io) => {
    throw new ReturnSignal(
      args[0] === undefined ? shell.lastStatus : parseStatus(shell, io, 'return', args[0]),
    );
  },

  break: (shell, args, io) => loopControl(shell, 'break', args, io),
  continue: (shell, args, io) => loopControl(shell, 'continue', args, io),

  set: (shell, args, io) => {
    if (args.length === 0) {
      const names = [...shell.vars.keys()].sort();
      for (const name of names) write(io, `${name}=${quoteValue(shell.vars.get(name)!)}\n`);
      return 0;
    }
    let i = 0;
    for (; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === '--') {
        i++;
        shell.positional = args.slice(i);
        return 0;
      }
      if (!/^[-+][a-zA-Z]+$/.test(arg)) break;
      const on = arg.startsWith('-');
      if (arg === '-o' || arg === '+o') {
        const name = args[++i];
        if (name === undefined) {
          write(io, listOptions(shell.dialect, shell.options));
          return 0;
        }
        const option = optionByName(shell.dialect, name);
        if (option === undefined) return badOption(shell, io, `-o ${name}`, name);
        applyOption(shell.options, option, on);
        continue;
      }
      for (const letter of arg.slice(1)) {
        const option = optionByLetter(shell.dialect, letter);
        if (option === undefined) {
          // An unknown letter ends even BusyBox's shell, which only warns about a name.
          shell.complain(io, setUsage(shell, `-${letter}`, letter));
          throw new ExitSignal(2);
        }
        applyOption(shell.options, option, on);
      }
    }
    if (i < args.length) shell.positional = args.slice(i);
    return 0;
  },

  shift: (shell, args, io) => {
    const count = args[0] === undefined ? 1 : parseStatus(shell, io, 'shift', args[0]);
    if (count > shell.positional.length) {
      shell.complain(io, "shift: can't shift that many");
      throw new ExitSignal(2);
    }
    shell.positional = shell.positional.slice(count);
    return 0;
  },

  eval: (shell, args, io) => shell.runSource(args.join(' '), io),

  '.': (shell, args, io) => source(shell, '.', args, io),
  source: (shell, args, io) => source(shell, 'source', args, io),

  exec: async (shell, args, io) => {
    if (args.length === 0) return 0;
    const status = await shell.runExternal(args, {}, io);
    throw new ExitSignal(status);
  },

  trap: () => 0,
  hash: () => 0,
  times: (_shell, _args, io) => {
    write(io, '0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n');
    return 0;
  },

  umask: (_shell, args, io) => {
    if (args.length === 0) write(io, '0022\n');
    return 0;
  },

  wait: async (shell) => {
    let status = 0;
    for (const job of shell.jobs) status = await job;
    shell.jobs = [];
    return status;
  },

  read: (shell, args, io) => {
    let raw = false;
    const names: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '-r') raw = true;
      else if (args[i] === '-p') write(io, args[++i] ?? '');
      else names.push(args[i]!);
    }
    if (names.length === 0) {
      if (shell.dialect !== 'dash') names.push('REPLY');
      else {
        shell.complain(io, 'read: arg count');
        return 2;
      }
    }
    const stdin = io.stdin;
    let line = '';
    let reachedEnd = true;
    while (stdin.pos < stdin.text.length) {
      const c = stdin.text[stdin.pos++]!;
      if (c === '\\' && !raw) {
        const next = stdin.text[stdin.pos++];
        if (next !== undefined && next !== '\n') line += next;
        continue;
      }
      if (c === '\n') {
        reachedEnd = false;
        break;
      }
      line += c;
    }
    const ifs = shell.vars.get('IFS') ?? ' \t\n';
    let rest = line.replace(new RegExp(`^[${escapeClass(ifs)}]+`), '');
    names.forEach((name, index) => {
      if (index === names.length - 1) {
        shell.setVar(name, rest.replace(new RegExp(`[${escapeClass(ifs)}]+$`), ''));
        return;
      }
      const match = new RegExp(`^([^${escapeClass(ifs)}]*)[${escapeClass(ifs)}]*`).exec(rest)!;
      shell.setVar(name, match[1]!);
      rest = rest.slice(match[0].length);
    });
    return reachedEnd && line === '' ? 1 : reachedEnd ? 1 : 0;
  },

  command: (shell, args, io) => {
    if (args[0] === '-v' || args[0] === '-V') {
      const name = args[1];
      if (name === undefined) return 0;
      const description = describeCommand(shell, name);
      if (!description) {
        if (args[0] === '-V') shell.complain(io, `command: ${name}: not found`);
        return 127;
      }
      write(io, args[0] === '-v' ? `${description.short}\n` : `${description.long}\n`);
      return 0;
    }
    const rest = args[0] === '-p' ? args.slice(1) : args;
    if (rest.length === 0) return 0;
    if (isBuiltin(rest[0]!, shell.dialect)) return runBuiltin(shell, rest, io);
    return shell.runExternal(rest, {}, io);
  },

  type: (shell, args, io) => {
    let status = 0;
    for (const name of args) {
      const description = describeCommand(shell, name);
      if (description) write(io, `${description.long}\n`);
      else {
        write(io, `${name}: not found\n`);
        status = 127;
      }
    }
    return status;
  },
};

/** The shell's words for an option it does not have. */
function setUsage(shell: Shell, written: string, name: string): string {
  switch (shell.dialect) {
    case 'dash':
      return `set: Illegal option ${written}`;
    case 'ash':
      return `set: line ${shell.ashLine()}: illegal option ${written}`;
    case 'bash':
      return written.startsWith('-o')
        ? `set: ${name}: invalid option name`
        : `set: ${written}: invalid option`;
  }
}

/**
 * An unknown `-o` name: dash's special builtin error ends the shell; ash and bash warn and the
 * script goes on with status 1 (ash) or 2 (bash).
 */
function badOption(shell: Shell, io: Streams, written: string, name: string): number {
  shell.complain(io, setUsage(shell, written, name));
  if (shell.dialect === 'dash') throw new ExitSignal(2);
  return shell.dialect === 'ash' ? 1 : 2;
}

function escapeClass(chars: string): string {
  return chars.replace(/[\]\\^-]/g, '\\$&');
}

function runTest(shell: Shell, name: string, args: string[], io: Streams): number {
  return evaluateTest(args, {
    context: { ...shell.context, cwd: shell.cwd },
    flavor: shell.dialect === 'dash' ? 'dash' : 'gnu',
    complain: (message) => shell.complain(io, `${name}: ${message}`),
  });
}

function declare(
  shell: Shell,
  args: string[],
  io: Streams,
  kind: 'export' | 'readonly' | 'local',
): number {
  const operands = args.filter((arg) => arg !== '-p');
  if (operands.length === 0 && kind !== 'local') {
    const names = kind === 'export' ? [...shell.exported] : [];
    for (const name of names.sort()) {
      const value = shell.vars.get(name);
      write(
        io,
        value === undefined ? `${kind} ${name}\n` : `${kind} ${name}=${quoteValue(value)}\n`,
      );
    }
    return 0;
  }
  for (const operand of operands) {
    const eq = operand.indexOf('=');
    const name = eq < 0 ? operand : operand.slice(0, eq);
    if (!NAME.test(name)) {
      shell.complain(io, `${kind}: ${name}: bad variable name`);
      throw new ExitSignal(2);
    }
    if (eq >= 0) shell.setVar(name, operand.slice(eq + 1));
    if (kind === 'export') shell.exported.add(name);
  }
  return 0;
}

function loopControl(
  shell: Shell,
  kind: 'break' | 'continue',
  args: string[],
  io: Streams,
): number {
  const levels = args[0] === undefined ? 1 : parseStatus(shell, io, kind, args[0]);
  if (!shell.insideLoop) return 0;
  throw new LoopSignal(kind, Math.max(1, levels));
}

async function source(shell: Shell, name: string, args: string[], io: Streams): Promise<number> {
  const file = args[0];
  if (file === undefined) return 0;
  let path = shell.absolute(file);
  if (!file.includes('/')) {
    for (const dir of (shell.vars.get('PATH') ?? '').split(':')) {
      const candidate = shell.absolute(`${dir || '.'}/${file}`);
      const found = resolve(shell.context.fs, candidate);
      if (typeof found !== 'string' && found.entry?.kind === 'file') {
        path = candidate;
        break;
      }
    }
  }
  const text = readFile(shell.context.fs, path);
  if (['ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP'].includes(text)) {
    shell.complain(io, `${name}: cannot open ${file}: No such file`);
    throw new ExitSignal(2);
  }
  const saved = shell.positional;
  if (args.length > 1) shell.positional = args.slice(1);
  try {
    return await shell.runSource(text, io);
  } finally {
    if (args.length > 1) shell.positional = saved;
  }
}

function describeCommand(shell: Shell, name: string): { short: string; long: string } | undefined {
  if (shell.functions.has(name)) return { short: name, long: `${name} is a shell function` };
  if (isBuiltin(name, shell.dialect)) {
    const kind = SPECIAL.has(name) ? 'a special shell builtin' : 'a shell builtin';
    return { short: name, long: `${name} is ${kind}` };
  }
  const found = resolveCommand(shell.context.fs, name, { PATH: shell.vars.get('PATH') }, shell.cwd);
  if (found.kind === 'not-found' || found.kind === 'not-executable') return undefined;
  return { short: found.path, long: `${name} is ${found.path}` };
}

export function isBuiltin(name: string, dialect: Dialect): boolean {
  if (name === 'source') return dialect !== 'dash';
  return Object.hasOwn(BUILTINS, name);
}

export function isSpecialBuiltin(name: string): boolean {
  return SPECIAL.has(name);
}

export async function runBuiltin(shell: Shell, argv: string[], io: Streams): Promise<number> {
  return BUILTINS[argv[0]!]!(shell, argv.slice(1), io);
}
