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

  /** `learner@dockyard:~/project$ ` */
  prompt(): string {
    if (this.inner) return this.inner.prompt();
    const cwd = this.shell.cwd;
    const shown =
      cwd === HOME ? '~' : cwd.startsWith(`${HOME}/`) ? `~${cwd.slice(HOME.length)}` : cwd;
    return `learner@dockyard:${shown}$ `;
  }

  async run(commandLine: string, output: SessionOutput): Promise<number> {
    this.output = output;
    if (this.inner) {
      const { status, exited } = await this.inner.run(commandLine, output.write, output.signal);
      // The docker command that attached it ends now, with the shell's status.
      if (exited) {
        this.inner = undefined;
        this.shell.lastStatus = status;
      }
      return status;
    }
    this.context.io = { stdout: output.write, stderr: output.write, stdin: '', tty: output.tty };
    this.context.signal = output.signal ?? new AbortController().signal;
    try {
      const status = await this.shell.runSource(commandLine, {
        stdin: { text: '', pos: 0 },
        fds: new Map([
          [1, output.write],
          [2, output.write],
        ]),
      });
      this.shell.lastStatus = status;
      return status;
    } catch (error) {
      // A fault of the simulation, not of the learner's command: say so in one line, keep going.
      const reason = error instanceof Error ? error.message : String(error);
      output.write(`dockyard: the simulation could not run this command (${reason})\n`);
      this.shell.lastStatus = 70;
      return 70;
    }
  }

  private async runProgram(context: ProgramContext): Promise<number> {
    const name = context.argv[0]!.slice(context.argv[0]!.lastIndexOf('/') + 1);
    switch (name) {
      case 'docker': {
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
          readLine: lineReader(context.io.stdin),
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
