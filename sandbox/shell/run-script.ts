import { input, Shell, type Dialect, type Streams } from './interpreter.ts';
import { MAX_SHELL_PROCESS_NESTING } from './limits.ts';
import type { ShellOptions } from './options.ts';
import type { ProgramContext } from './program.ts';

export interface RunScriptOptions {
  /** `$0` and the prefix of the shell's messages; `/bin/sh` unless given. */
  shellName?: string;
  /** `$1`, `$2`, ... */
  positional?: string[];
  /** Whose messages to print; dash (Debian's /bin/sh) unless given. */
  dialect?: Dialect;
  /** Starts with `set -e` on, as `sh -e` does. */
  errexit?: boolean;
  /** The script came from `-c` (BusyBox then counts lines from 0 in builtin messages). */
  commandString?: boolean;
  /** Options given on the shell's command line (`sh -eux`, `bash -o pipefail`). */
  options?: Partial<ShellOptions>;
}

/**
 * Parses and runs a shell script with the context's files, environment and streams; resolves to
 * the exit status. Syntax errors print dash's message and give status 2.
 */
export async function runScript(
  script: string,
  context: ProgramContext,
  options: RunScriptOptions = {},
): Promise<number> {
  const shell = new Shell(context, {
    shellName: options.shellName ?? '/bin/sh',
    positional: options.positional ?? [],
    dialect: options.dialect ?? 'dash',
  });
  Object.assign(shell.options, options.options);
  shell.commandString = options.commandString ?? true;
  if (options.errexit) shell.options.errexit = true;
  const io: Streams = {
    stdin: input(context.io.stdin),
    fds: new Map([
      [1, context.io.stdout],
      [2, context.io.stderr],
    ]),
  };
  const running = shellsRunning.get(context.signal) ?? 0;
  if (running >= MAX_SHELL_PROCESS_NESTING) {
    context.io.stderr(
      `${shell.prefix()}Cannot fork: more than ${MAX_SHELL_PROCESS_NESTING} shells run inside one another\n`,
    );
    return 2;
  }
  shellsRunning.set(context.signal, running + 1);
  try {
    return await shell.runSource(script, io);
  } finally {
    shellsRunning.set(context.signal, (shellsRunning.get(context.signal) ?? 1) - 1);
  }
}

/**
 * Shells running at once under one kill signal: a script that runs itself (`sh $0`) nests one
 * more each time, and would otherwise fill memory.
 */
const shellsRunning = new WeakMap<AbortSignal, number>();
