import { simulationNote, type ProgramContext } from './program.ts';
import { resolveCommand } from './resolve.ts';

/** How many `#!` interpreters may chain (`script` → `/usr/bin/env` → `node`) before giving up. */
const MAX_INTERPRETER_DEPTH = 4;

/**
 * Runs argv as a process in `context`: a simulated program, a `#!` script through its
 * interpreter, or an executable the simulation does not model, which does nothing and says so.
 * Resolves to the exit status.
 */
export async function execute(argv: string[], context: ProgramContext): Promise<number> {
  return executeAt(argv, context, 0);
}

async function executeAt(argv: string[], context: ProgramContext, depth: number): Promise<number> {
  const name = argv[0];
  if (name === undefined) return 0;
  const found = resolveCommand(context.fs, name, context.env, context.cwd);
  switch (found.kind) {
    case 'program': {
      const child: ProgramContext = { ...context, argv: [...argv] };
      // A grandchild inherits this process's environment, directory and streams, not those of
      // whichever context first defined `spawn`.
      child.spawn = (childArgv, options = {}) =>
        context.spawn(childArgv, { env: child.env, cwd: child.cwd, io: child.io, ...options });
      return found.program(child);
    }
    case 'script': {
      const interpreter = found.interpreter[0]!;
      const runs = resolveCommand(context.fs, interpreter, context.env, context.cwd);
      if (runs.kind === 'not-found' || depth >= MAX_INTERPRETER_DEPTH) {
        context.io.stderr(`exec ${name}: no such file or directory\n`);
        return 127;
      }
      return executeAt([...found.interpreter, found.path, ...argv.slice(1)], context, depth + 1);
    }
    case 'unmodelled': {
      const base = found.path.slice(found.path.lastIndexOf('/') + 1);
      simulationNote(context, `not-simulated:${base}`, `${base} is not simulated; it did nothing`);
      return 0;
    }
    case 'not-found':
      context.io.stderr(`exec: "${name}": executable file not found in $PATH\n`);
      return 127;
    case 'not-executable':
      context.io.stderr(`exec: "${name}": permission denied\n`);
      return 126;
  }
}
