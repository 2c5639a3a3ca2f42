import type { Environment } from '../environment.ts';
import type { FileSystem } from '../fs/index.ts';
import type { ContainerShell, Engine } from '../runtime/engine.ts';
import { execute } from '../shell/index.ts';
import { Shell } from '../shell/interpreter.ts';
import type { ProgramContext } from '../shell/program.ts';
import { docker, type Terminal } from './docker.ts';
import { curl, HELP_TEXT, HOME, HOST_PATH } from './host.ts';

/** Reads piped standard input a line at a time; the terminal itself gives none. */
function lineReader(stdin: string): () => Promise<string | undefined> {
  let pos = 0;
  return async () => {
    if (pos >= stdin.length) return undefined;
    const end = stdin.indexOf('\n', pos);
    const text = stdin.slice(pos, end < 0 ? undefined : end);
    pos = end < 0 ? stdin.length : end + 1;
    return text;
  };
}

/** A question's answer: the next line of input, or undefined at its end (or on Ctrl+C). */
type Asker = (question: string) => Promise<string | undefined>;

/** Asks on standard output and answers from piped input, as the client does with no terminal. */
function pipedAsker(readLine: () => Promise<string | undefined>, write: (text: string) => void) {
  return (question: string) => {
    write(question);
    return readLine();
  };
}

/** The terminal's shell: bash's messages, without the line numbers a script would show. */
class HostShell extends Shell {
  override prefix(): string {
    return `${this.shellName}: `;
  }
}

export interface SessionOutput {
  tty: boolean;
  columns: number;
  signal?: AbortSignal;
  write(text: string): void;
}

/**
 * One terminal on the learner's machine: a bash-like shell whose working folder, variables and
 * functions last from one command line to the next, with `docker`, `curl`, `clear` and `help`
 * answered by the engine and every other program run by the simulated shell.
 */
export class HostSession {
  private readonly shell: HostShell;
  /** The shell's process context; each command line points its output and signal anew. */
  private readonly context: ProgramContext;
  private output: SessionOutput = { tty: false, columns: 80, write: () => {} };
  /** A shell inside a container (`docker exec -it CONTAINER sh`) that has the terminal now. */
  private inner: ContainerShell | undefined;
  /** The command line that runs now, and the signal its programs see for Ctrl+C. */
  private current: { done: Promise<number>; controller: AbortController } | undefined;
  /** A question the current command line waits on (`[y/N]`): the next line typed answers it. */
  private waiting: { question: string; answer(line: string | undefined): void } | undefined;
  /** Ends the `run` call that waits on the current command line, because it asked a question. */
  private onQuestion: (() => void) | undefined;
  /** Every write goes to the output of the latest `run`, also from a command that was waiting. */
  private readonly write = (text: string) => this.output.write(text);

  constructor(
    private readonly engine: Engine,
    private readonly host: FileSystem,
    private readonly environment: Environment,
    cwd: string,
  ) {
    this.context = {
      argv: ['bash'],
      env: {
        HOME,
        PATH: HOST_PATH,
        USER: 'learner',
        LOGNAME: 'learner',
        SHELL: '/bin/bash',
        TERM: 'xterm-256color',
      },
      cwd,
      fs: host,
      io: { stdout: () => {}, stderr: () => {}, stdin: '' },
      user: { uid: 1000, gid: 1000, name: 'learner', home: HOME },
      signal: new AbortController().signal,
      now: () => environment.now(),
      delay: (ms, signal) => environment.delay(ms, signal),
      spawn: (argv, overrides = {}) => this.runProgram({ ...this.context, ...overrides, argv }),
    };
    this.shell = new HostShell(this.context, {
      shellName: 'bash',
      positional: [],
      dialect: 'bash',
    });
  }

  get cwd(): string {
    return this.shell.cwd;
  }

  /** Whether the last line ran `exit` in this shell (a container's attached shell aside). */
  exited(): boolean {
    return this.inner === undefined && this.shell.exitRequested;
  }

  /** `learner@dockyard:~/project$ `, or the question a command waits on. */
  prompt(): string {
    if (this.waiting) return this.waiting.question;
    if (this.inner) return this.inner.prompt();
    const cwd = this.shell.cwd;
    const shown =
      cwd === HOME ? '~' : cwd.startsWith(`${HOME}/`) ? `~${cwd.slice(HOME.length)}` : cwd;
    return `learner@dockyard:${shown}$ `;
  }

  /** Whether a command waits for the next line typed (which may be empty) to answer it. */
  waitsForLine(): boolean {
    return this.waiting !== undefined;
  }

  /**
   * Ctrl+C at a question: the waiting command stops as the client stops when its prompt is
   * interrupted (nothing more printed, status 0). Returns false when no command waits.
   */
  interrupt(): boolean {
    const waiting = this.waiting;
    if (!waiting) return false;
    this.waiting = undefined;
    waiting.answer(undefined);
    return true;
  }

  /**
   * Runs one command line, or answers the question the current one waits on. Resolves when the
   * command line ends, or when it asks a question (the shell's last status then stands).
   */
  async run(commandLine: string, output: SessionOutput): Promise<number> {
    this.output = output;
    const waiting = this.waiting;
    if (waiting && this.current) {
      this.waiting = undefined;
      this.follow(output.signal, this.current.controller);
      waiting.answer(commandLine);
      return this.untilDoneOrAsking(this.current.done);
    }
    if (this.inner) {
      const { status, exited } = await this.inner.run(commandLine, output.write, output.signal);
      // The docker command that attached it ends now, with the shell's status.
      if (exited) {
        this.inner = undefined;
        this.shell.lastStatus = status;
      }
      return status;
    }
    const controller = new AbortController();
    this.follow(output.signal, controller);
    this.context.io = { stdout: this.write, stderr: this.write, stdin: '', tty: output.tty };
    this.context.signal = controller.signal;
    const done = this.shell
      .runSource(commandLine, {
        stdin: { text: '', pos: 0, terminal: true },
        fds: new Map([
          [1, this.write],
          [2, this.write],
        ]),
      })
      .catch((error: unknown) => {
        // A fault of the simulation, not of the learner's command: say so in one line, keep going.
        const reason = error instanceof Error ? error.message : String(error);
        this.write(`dockyard: the simulation could not run this command (${reason})\n`);
        return 70;
      })
      .then((status) => {
        this.shell.lastStatus = status;
        if (this.current?.controller === controller) this.current = undefined;
        return status;
      });
    this.current = { done, controller };
    return this.untilDoneOrAsking(done);
  }

  /** The command line's status, or the last status while it waits for an answer. */
  private async untilDoneOrAsking(done: Promise<number>): Promise<number> {
    const asked = new Promise<'asked'>((resolve) => (this.onQuestion = () => resolve('asked')));
    const outcome = await Promise.race([done, asked]);
    this.onQuestion = undefined;
    return outcome === 'asked' ? this.shell.lastStatus : outcome;
  }

  /** Ctrl+C on the terminal of this `run` reaches the command line, even one that waited. */
  private follow(signal: AbortSignal | undefined, controller: AbortController): void {
    if (!signal) return;
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }

  /** Waits for the learner's next line, which `run` hands over; the question is the prompt. */
  private readonly terminalAsker: Asker = (question) =>
    new Promise((resolve) => {
      this.waiting = { question, answer: resolve };
      this.onQuestion?.();
    });

  private async runProgram(context: ProgramContext): Promise<number> {
    const name = context.argv[0]!.slice(context.argv[0]!.lastIndexOf('/') + 1);
    switch (name) {
      case 'docker': {
        const readLine = lineReader(context.io.stdin);
        const terminal: Terminal = {
          out: context.io.stdout,
          err: context.io.stderr,
          tty: this.output.tty && context.io.tty !== false,
          columns: this.output.columns,
          signal: context.signal,
        };
        const cli = {
          engine: this.engine,
          host: this.host,
          cwd: context.cwd,
          environment: this.environment,
          terminal,
          hostEnv: context.env,
          readLine,
          ask:
            context.io.stdinTerminal && this.output.tty
              ? this.terminalAsker
              : pipedAsker(readLine, context.io.stdout),
          attachShell: (shell: ContainerShell) => (this.inner = shell),
        };
        return docker(context.argv.slice(1), cli);
      }
      case 'curl':
        return curl(context, this.engine.network);
      case 'clear':
        context.io.stdout('\x1b[H\x1b[2J\x1b[3J');
        return 0;
      case 'help':
        context.io.stdout(`${HELP_TEXT}\n`);
        return 0;
      default:
        return execute(context.argv, context);
    }
  }
}
