import { ReadOnlyError } from '../fs/file-system.ts';
import { resolve, writeFile } from '../fs/ops.ts';
import { resolvePath } from '../fs/path.ts';
import { runBuiltin, isBuiltin, isSpecialBuiltin } from './builtins.ts';
import { BrokenPipe, ExitSignal, ExpansionError, LoopSignal, ReturnSignal } from './control.ts';
import { expandPattern, expandString, expandWords, type ExpansionHost } from './expand.ts';
import {
  COMMANDS_BETWEEN_YIELDS,
  killedStatus,
  MAX_FUNCTION_NESTING,
  MAX_SUBSHELL_NESTING,
  MAX_TEXT_LENGTH,
  outOfSpace,
  PIPE_CAPACITY,
  yieldToHost,
} from './limits.ts';
import { defaultOptions, optionLetters, traceLine } from './options.ts';
import { matchesPattern } from './pattern.ts';
import { Pipe, readerNeeds } from './pipe.ts';
import { ScriptReader, type SyntaxProblem } from './parser.ts';
import type { ProgramContext } from './program.ts';
import { findUser } from './programs/common.ts';
import { resolveCommand } from './resolve.ts';
import type { Command, CommandList, Compound, Redirect, SimpleCommand } from './syntax.ts';

/**
 * Runs parsed shell code. One `Shell` is one shell process: its variables, functions, positional
 * parameters and working directory. Subshells (`( )`, `$( )`, pipeline members) are copies.
 * Commands that are not builtins or functions run as child processes through `context.spawn`.
 */

/** Which shell's messages to print: Debian's dash, BusyBox's ash, or bash. */
export type Dialect = 'dash' | 'ash' | 'bash';

/** Standard input as a command sees it: text and how much of it earlier readers consumed. */
export interface Input {
  text: string;
  pos: number;
  /** The terminal itself: a program that asks a question may wait for the learner's next line. */
  terminal?: boolean;
}

export function input(text: string): Input {
  return { text, pos: 0 };
}

/** What remains of `stdin`, consumed: a program reads its input to the end. */
export function takeAll(stdin: Input): string {
  const rest = stdin.text.slice(stdin.pos);
  stdin.pos = stdin.text.length;
  return rest;
}

/** File descriptors of a running command: 0 is input, 1 and 2 (and any other) are writers. */
export interface Streams {
  stdin: Input;
  fds: Map<number, (text: string) => void>;
}

const discard = () => {};

export interface ShellSetup {
  /** `$0`, and the prefix of every message (`/bin/sh: 1: foo: not found`). */
  shellName: string;
  positional: string[];
  dialect: Dialect;
}

export class Shell {
  readonly vars = new Map<string, string>();
  readonly exported = new Set<string>();
  readonly functions = new Map<string, Command>();
  positional: string[];
  cwd: string;
  lastStatus = 0;
  /** Whether the last `runSource` ended with the `exit` builtin. */
  exitRequested = false;
  /** The line of the command running now, for messages. */
  line = 1;
  /** Command substitutions this shell runs inside, for bash's `++` trace prefix. */
  substitutionDepth = 0;
  /** Started with `-c`: BusyBox counts the lines of a command string from 0. */
  commandString = false;
  readonly options = defaultOptions();
  readonly shellName: string;
  readonly dialect: Dialect;
  /** Background jobs started with `&`, awaited by `wait`. */
  jobs: Array<Promise<number>> = [];
  private conditionDepth = 0;
  private loopDepth = 0;
  private functionDepth = 0;
  private substitutionStatus: number | undefined;
  /** How many subshells this one is inside. */
  private subshellDepth = 0;
  /** Commands run by this shell and its subshells, to pause for the page every so often. */
  private counter = { commands: 0 };

  constructor(
    readonly context: ProgramContext,
    setup: ShellSetup,
  ) {
    this.shellName = setup.shellName;
    this.dialect = setup.dialect;
    this.positional = [...setup.positional];
    this.cwd = context.cwd;
    for (const [name, value] of Object.entries(context.env)) {
      this.vars.set(name, value);
      this.exported.add(name);
    }
    if (!this.vars.has('PWD')) this.vars.set('PWD', context.cwd);
  }

  /** A copy for a subshell: same variables and functions, its own from here on. */
  subshell(): Shell {
    const copy = new Shell(
      { ...this.context, env: {}, cwd: this.cwd },
      {
        shellName: this.shellName,
        positional: this.positional,
        dialect: this.dialect,
      },
    );
    copy.vars.clear();
    for (const [name, value] of this.vars) copy.vars.set(name, value);
    for (const name of this.exported) copy.exported.add(name);
    for (const [name, body] of this.functions) copy.functions.set(name, body);
    Object.assign(copy.options, this.options);
    copy.lastStatus = this.lastStatus;
    copy.line = this.line;
    copy.commandString = this.commandString;
    copy.substitutionDepth = this.substitutionDepth;
    copy.subshellDepth = this.subshellDepth + 1;
    copy.counter = this.counter;
    return copy;
  }

  /** A subshell, or a message and the end of this shell when they nest too deeply. */
  private enterSubshell(io: Streams): Shell {
    if (this.subshellDepth >= MAX_SUBSHELL_NESTING) {
      this.complain(
        io,
        `subshells nested too deeply (more than ${MAX_SUBSHELL_NESTING} inside one another)`,
      );
      throw new ExitSignal(2);
    }
    return this.subshell();
  }

  /** What precedes a message: `sh: 3: ` for dash, `sh: ` for ash, `sh: line 3: ` for bash. */
  prefix(): string {
    switch (this.dialect) {
      case 'dash':
        return `${this.shellName}: ${this.line}: `;
      case 'ash':
        return `${this.shellName}: `;
      case 'bash':
        return `${this.shellName}: line ${this.line}: `;
    }
  }

  /** The line BusyBox's builtins name in their messages (`sh: cd: line 0: ...`). */
  ashLine(): number {
    return this.commandString ? this.line - 1 : this.line;
  }

  complain(io: Streams, message: string): void {
    (io.fds.get(2) ?? discard)(`${this.prefix()}${message}\n`);
  }

  syntaxMessage(problem: SyntaxProblem): string {
    if (this.dialect === 'dash') return `${this.shellName}: ${problem.line}: ${problem.message}\n`;
    const text = problem.message.replace(/^Syntax error: /, '');
    const unexpected = /^(.*) unexpected( \(expecting (.*)\))?$/.exec(text);
    const reworded = unexpected
      ? `unexpected ${unexpected[1]}${unexpected[3] ? ` (expecting ${unexpected[3]})` : ''}`
      : text.charAt(0).toLowerCase() + text.slice(1);
    if (this.dialect === 'ash')
      return `${this.shellName}: line ${problem.line}: syntax error: ${reworded}\n`;
    if (problem.quote) {
      const where = this.commandString ? '-c: ' : '';
      return `${this.shellName}: ${where}line ${problem.line}: unexpected EOF while looking for matching \`${problem.quote}'\n`;
    }
    return `${this.shellName}: line ${problem.line}: syntax error: ${reworded}\n`;
  }

  /** Environment for a child process: exported variables plus the command's own assignments. */
  environment(extra: Record<string, string> = {}): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of this.exported) {
      const value = this.vars.get(name);
      if (value !== undefined) env[name] = value;
    }
    return { ...env, ...extra };
  }

  setVar(name: string, value: string): void {
    this.vars.set(name, value);
  }

  /**
   * Parses and runs `source` line by line; a syntax error stops it with status 2. After `exit`,
   * `exitRequested` is true: an interactive shell that read `source` as a command line ends.
   */
  async runSource(source: string, io: Streams): Promise<number> {
    const reader = new ScriptReader(source);
    this.exitRequested = false;
    try {
      for (;;) {
        const next = reader.next();
        if (next === null) break;
        if ('message' in next) {
          (io.fds.get(2) ?? discard)(this.syntaxMessage(next));
          this.lastStatus = 2;
          return 2;
        }
        await this.runList(next, io);
      }
    } catch (signal) {
      if (signal instanceof ExitSignal) {
        this.lastStatus = signal.status;
        this.exitRequested = signal.requested;
        return signal.status;
      }
      if (signal instanceof ReturnSignal || signal instanceof LoopSignal) return this.lastStatus;
      throw signal;
    }
    return this.lastStatus;
  }

  /** Runs a command in this shell, turning `exit` into a status (for subshells). */
  async runIsolated(command: Command, io: Streams): Promise<number> {
    try {
      return await this.runCommand(command, io);
    } catch (signal) {
      if (signal instanceof ExitSignal) return signal.status;
      if (signal instanceof ReturnSignal) return signal.status;
      if (signal instanceof LoopSignal) return this.lastStatus;
      throw signal;
    }
  }

  async runList(list: CommandList, io: Streams): Promise<number> {
    let status = this.lastStatus;
    for (const item of list.items) {
      if (item.background) {
        const job = this.enterSubshell(io)
          .runIsolated(item.command, { ...io, stdin: input('') })
          .catch((signal: unknown) => {
            if (signal instanceof BrokenPipe) return 141;
            throw signal;
          });
        this.jobs.push(job);
        status = 0;
      } else {
        status = await this.runCommand(item.command, io);
      }
      this.lastStatus = status;
    }
    return status;
  }

  private checkErrexit(status: number): void {
    if (status !== 0 && this.options.errexit && this.conditionDepth === 0) {
      throw new ExitSignal(status);
    }
  }

  private async asCondition<T>(run: () => Promise<T>): Promise<T> {
    this.conditionDepth++;
    try {
      return await run();
    } finally {
      this.conditionDepth--;
    }
  }

  async runCommand(command: Command, io: Streams): Promise<number> {
    if (++this.counter.commands % COMMANDS_BETWEEN_YIELDS === 0) await yieldToHost(this.context);
    if (this.context.signal.aborted) throw new ExitSignal(killedStatus(this.context.signal));
    switch (command.kind) {
      case 'simple':
        return this.runSimple(command, io);
      case 'list':
        return this.runList(command, io);
      case 'pipeline':
        return this.runPipeline(command, io);
      case 'and-or': {
        let status = await this.asCondition(() => this.runCommand(command.first, io));
        for (let i = 0; i < command.rest.length; i++) {
          const { op, command: next } = command.rest[i]!;
          if ((op === '&&') !== (status === 0)) continue;
          const isLast = i === command.rest.length - 1;
          status = isLast
            ? await this.runCommand(next, io)
            : await this.asCondition(() => this.runCommand(next, io));
          this.lastStatus = status;
        }
        return status;
      }
      case 'function':
        this.functions.set(command.name, command.body);
        return 0;
      default:
        return this.runCompound(command, io);
    }
  }

  /**
   * Runs the members one after another, each writer into a pipe its reader then reads. A pipe
   * stops taking text once its reader has what it needs (`| head -n 3`) or holds
   * `PIPE_CAPACITY`; the writer then ends with SIGPIPE's status, 141.
   */
  private async runPipeline(
    command: Extract<Command, { kind: 'pipeline' }>,
    io: Streams,
  ): Promise<number> {
    let stdin = io.stdin;
    let status = 0;
    let failed = 0;
    const count = command.commands.length;
    const run = async () => {
      for (let i = 0; i < count; i++) {
        const member = command.commands[i]!;
        const fds = new Map(io.fds);
        const pipe =
          i < count - 1
            ? new Pipe(PIPE_CAPACITY, readerNeeds(command.commands[i + 1]!))
            : undefined;
        if (pipe) fds.set(1, (text) => pipe.write(text));
        const streams = { stdin, fds };
        const shell = count > 1 ? this.enterSubshell(io) : this;
        try {
          status =
            shell === this
              ? await this.runCommand(member, streams)
              : await shell.runIsolated(member, streams);
        } catch (signal) {
          if (!(signal instanceof BrokenPipe) || signal.pipe !== pipe) throw signal;
          status = 141;
        }
        if (pipe?.overflowed) {
          shell.complain(
            io,
            `write error: pipe full (a pipe holds at most ${PIPE_CAPACITY} characters in this simulation)`,
          );
        }
        if (status !== 0) failed = status;
        stdin = input(pipe?.text ?? '');
      }
      if (this.options.pipefail) status = failed;
    };
    if (command.negated) await this.asCondition(run);
    else await run();
    if (command.negated) return status === 0 ? 1 : 0;
    this.checkErrexit(status);
    return status;
  }

  private async runCompound(command: Compound, outer: Streams): Promise<number> {
    const io = await this.applyRedirects(command.redirects, outer);
    if (typeof io === 'number') return io;
    switch (command.kind) {
      case 'group':
        return this.runList(command.body, io);
      case 'subshell': {
        // `set -e` applies to the subshell's status as to any command's: `(exit 4)` ends it.
        const status = await this.enterSubshell(io).runIsolated(command.body, io);
        this.checkErrexit(status);
        return status;
      }
      case 'if': {
        for (const clause of command.clauses) {
          const condition = await this.asCondition(() => this.runList(clause.condition, io));
          if (condition === 0) return this.runList(clause.body, io);
        }
        return command.otherwise ? this.runList(command.otherwise, io) : 0;
      }
      case 'for': {
        const items = command.items
          ? await this.expandOrExit(() => expandWords(command.items!, this.host(io)), io)
          : [...this.positional];
        let status = 0;
        for (const item of items) {
          this.setVar(command.variable, item);
          const outcome = await this.loopBody(command.body, io);
          status = outcome.status;
          if (outcome.stop) break;
        }
        return status;
      }
      case 'while': {
        let status = 0;
        for (;;) {
          if (this.context.signal.aborted) throw new ExitSignal(killedStatus(this.context.signal));
          const condition = await this.asCondition(() => this.runList(command.condition, io));
          if ((condition === 0) === command.until) break;
          const outcome = await this.loopBody(command.body, io);
          status = outcome.status;
          if (outcome.stop) break;
        }
        return status;
      }
      case 'case': {
        const host = this.host(io);
        const subject = await this.expandOrExit(() => expandString(command.subject, host), io);
        for (const arm of command.arms) {
          for (const pattern of arm.patterns) {
            const chars = await this.expandOrExit(() => expandPattern(pattern, host), io);
            if (matchesPattern(subject, chars)) return this.runList(arm.body, io);
          }
        }
        return 0;
      }
    }
  }

  private async loopBody(
    body: CommandList,
    io: Streams,
  ): Promise<{ status: number; stop: boolean }> {
    this.loopDepth++;
    try {
      return { status: await this.runList(body, io), stop: false };
    } catch (signal) {
      if (!(signal instanceof LoopSignal)) throw signal;
      if (signal.levels > 1) {
        signal.levels--;
        throw signal;
      }
      return { status: 0, stop: signal.kind === 'break' };
    } finally {
      this.loopDepth--;
    }
  }

  get insideLoop(): boolean {
    return this.loopDepth > 0;
  }

  get insideFunction(): boolean {
    return this.functionDepth > 0;
  }

  /** The view of this shell that word expansion needs, writing errors to `io`. */
  host(io: Streams): ExpansionHost {
    return {
      fs: this.context.fs,
      cwd: this.cwd,
      lookup: (name) => this.lookup(name),
      positional: () => this.positional,
      assign: (name, value) => this.setVar(name, value),
      substitute: async (body) => {
        const output = new Pipe(MAX_TEXT_LENGTH);
        const fds = new Map(io.fds);
        fds.set(1, (text) => output.write(text));
        let status: number;
        try {
          const inner = this.enterSubshell(io);
          inner.substitutionDepth = this.substitutionDepth + 1;
          status = await inner.runIsolated(body, { stdin: input(''), fds });
        } catch (signal) {
          if (!(signal instanceof BrokenPipe) || signal.pipe !== output) throw signal;
          status = 141;
        }
        if (output.overflowed) throw new ExpansionError(outOfSpace('command substitution'));
        this.substitutionStatus = status;
        return output.text;
      },
      homeOf: (user) => findUser(this.context.fs, user)?.home,
      nounset: this.options.nounset,
    };
  }

  lookup(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.lastStatus);
      case '#':
        return String(this.positional.length);
      case '@':
      case '*':
        return this.positional.join(' ');
      case '0':
        return this.shellName;
      case '$':
        return '1';
      case '!':
        return this.jobs.length > 0 ? String(this.jobs.length + 1) : '';
      case '-':
        return optionLetters(this.dialect, this.options);
    }
    if (/^[1-9][0-9]*$/.test(name)) return this.positional[Number(name) - 1];
    return this.vars.get(name);
  }

  /** Runs an expansion; a refused one prints its message and ends the shell, as dash does. */
  async expandOrExit<T>(run: () => Promise<T>, io: Streams): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof ExpansionError)) throw error;
      this.complain(io, error.message);
      throw new ExitSignal(2);
    }
  }

  private async runSimple(command: SimpleCommand, outer: Streams): Promise<number> {
    this.line = command.line;
    this.substitutionStatus = undefined;
    const host = this.host(outer);
    const argv = await this.expandOrExit(() => expandWords(command.words, host), outer);
    const assigned: Array<[string, string]> = [];
    for (const assignment of command.assignments) {
      const value = await this.expandOrExit(() => expandString(assignment.value, host), outer);
      assigned.push([assignment.name, value]);
    }

    if (this.options.xtrace && (argv.length > 0 || assigned.length > 0)) {
      const base = this.vars.get('PS4') ?? '+ ';
      // bash repeats PS4's first character once per command substitution it is inside.
      const ps4 =
        this.dialect === 'bash' ? base.charAt(0).repeat(this.substitutionDepth) + base : base;
      (outer.fds.get(2) ?? discard)(traceLine(this.dialect, ps4, assigned, argv));
    }

    if (argv.length === 0) {
      for (const [name, value] of assigned) this.setVar(name, value);
      const io = await this.applyRedirects(command.redirects, outer);
      if (typeof io === 'number') return io;
      const status = this.substitutionStatus ?? 0;
      this.checkErrexit(status);
      return status;
    }

    const io = await this.applyRedirects(command.redirects, outer);
    if (typeof io === 'number') return io;
    const status = await this.invoke(argv, assigned, io);
    this.lastStatus = status;
    this.checkErrexit(status);
    return status;
  }

  /** Runs argv as a function, a builtin or a program, the way dash looks a name up. */
  async invoke(argv: string[], assigned: Array<[string, string]>, io: Streams): Promise<number> {
    const name = argv[0]!;
    const body = this.functions.get(name);
    if (body) return this.callFunction(name, body, argv.slice(1), assigned, io);
    if (isBuiltin(name, this.dialect)) {
      if (isSpecialBuiltin(name)) {
        for (const [key, value] of assigned) this.setVar(key, value);
        return runBuiltin(this, argv, io);
      }
      const saved = assigned.map(([key]) => [key, this.vars.get(key)] as const);
      for (const [key, value] of assigned) this.setVar(key, value);
      try {
        return await runBuiltin(this, argv, io);
      } finally {
        for (const [key, value] of saved) {
          if (value === undefined) this.vars.delete(key);
          else this.vars.set(key, value);
        }
      }
    }
    return this.runExternal(argv, Object.fromEntries(assigned), io);
  }

  private async callFunction(
    name: string,
    body: Command,
    args: string[],
    assigned: Array<[string, string]>,
    io: Streams,
  ): Promise<number> {
    if (this.functionDepth >= MAX_FUNCTION_NESTING) {
      this.complain(
        io,
        `${name}: maximum function nesting level exceeded (${MAX_FUNCTION_NESTING})`,
      );
      throw new ExitSignal(2);
    }
    for (const [key, value] of assigned) this.setVar(key, value);
    const saved = this.positional;
    this.positional = args;
    this.functionDepth++;
    try {
      return await this.runCommand(body, io);
    } catch (signal) {
      if (signal instanceof ReturnSignal) return signal.status;
      throw signal;
    } finally {
      this.functionDepth--;
      this.positional = saved;
    }
  }

  /** Runs a program found on PATH as a child process, or says why it cannot. */
  async runExternal(argv: string[], extra: Record<string, string>, io: Streams): Promise<number> {
    const name = argv[0]!;
    const env = this.environment(extra);
    const found = resolveCommand(this.context.fs, name, { PATH: this.vars.get('PATH') }, this.cwd);
    if (found.kind === 'not-found') {
      this.complain(
        io,
        this.dialect === 'bash' ? `${name}: command not found` : `${name}: not found`,
      );
      return 127;
    }
    if (found.kind === 'not-executable') {
      this.complain(io, `${name}: Permission denied`);
      return 126;
    }
    return this.context.spawn(argv, {
      env,
      cwd: this.cwd,
      io: {
        stdin: takeAll(io.stdin),
        stdout: io.fds.get(1) ?? discard,
        stderr: io.fds.get(2) ?? discard,
        tty: this.context.io.tty,
        stdinTerminal: io.stdin.terminal,
      },
    });
  }

  /** Applies redirections to a copy of `io`; on failure prints dash's message and returns 2. */
  async applyRedirects(redirects: readonly Redirect[], io: Streams): Promise<Streams | number> {
    if (redirects.length === 0) return io;
    const out: Streams = { stdin: io.stdin, fds: new Map(io.fds) };
    const host = this.host(io);
    for (const redirect of redirects) {
      if (redirect.op === '<<' || redirect.op === '<<-') {
        const body = await this.expandOrExit(() => expandString(redirect.heredoc ?? [], host), io);
        if (redirect.fd === 0) out.stdin = input(body);
        continue;
      }
      const target = await this.expandOrExit(() => expandString(redirect.target, host), io);
      if (redirect.op === '>&' || redirect.op === '<&') {
        if (target === '-') {
          out.fds.set(redirect.fd, discard);
          continue;
        }
        if (/^\d+$/.test(target)) {
          const source = out.fds.get(Number(target));
          if (Number(target) === 0 && redirect.op === '<&') continue;
          if (!source) {
            this.complain(io, `${target}: Bad file descriptor`);
            return 2;
          }
          out.fds.set(redirect.fd, source);
          continue;
        }
      }
      if (redirect.op === '<' || redirect.op === '<>') {
        const content = this.readForRedirect(target);
        if (content === undefined) {
          this.complain(io, `cannot open ${target}: No such file`);
          return 2;
        }
        if (redirect.fd === 0) out.stdin = input(content);
        continue;
      }
      const sink = this.openForWriting(target, redirect.op === '>>');
      if (typeof sink === 'string') {
        this.complain(io, `cannot create ${target}: ${sink}`);
        return 2;
      }
      out.fds.set(redirect.fd, sink);
      if (redirect.op === '>&') out.fds.set(2, sink);
    }
    return out;
  }

  private readForRedirect(target: string): string | undefined {
    if (target === '/dev/null') return '';
    const found = resolve(this.context.fs, target, this.cwd);
    if (typeof found === 'string' || found.entry === undefined) return undefined;
    return found.entry.kind === 'file' ? found.entry.content : '';
  }

  /** A writer appending to a file, or dash's reason it cannot be created. */
  private openForWriting(target: string, append: boolean): ((text: string) => void) | string {
    if (target === '/dev/null') return discard;
    if (target === '/dev/stdout') return this.context.io.stdout;
    if (target === '/dev/stderr') return this.context.io.stderr;
    const fs = this.context.fs;
    const found = resolve(fs, target, this.cwd);
    if (typeof found === 'string') return 'Directory nonexistent';
    if (found.entry?.kind === 'dir') return 'Is a directory';
    const path = found.path;
    let content = append && found.entry?.kind === 'file' ? found.entry.content : '';
    const user = this.context.user;
    const write = () => {
      writeFile(fs, path, content, {
        mtime: this.context.now(),
        uid: found.entry?.uid ?? user.uid,
        gid: found.entry?.gid ?? user.gid,
      });
    };
    try {
      write();
    } catch (error) {
      if (error instanceof ReadOnlyError) return 'Read-only file system';
      throw error;
    }
    return (text: string) => {
      content += text;
      try {
        write();
      } catch (error) {
        if (!(error instanceof ReadOnlyError)) throw error;
        // Creating the file already succeeded; a mount turning read-only later cannot happen.
      }
    };
  }

  /** Resolves a path the way the shell's commands see it. */
  absolute(path: string): string {
    return resolvePath(this.cwd, path);
  }
}
