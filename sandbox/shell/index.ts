/**
 * The shell and the simulated programs: what `RUN`, shell-form `CMD` and the terminal run.
 * See README.md for what is modelled and what is not.
 */
import type { Program } from './program.ts';
import { programTable } from './registry.ts';

export { execute } from './execute.ts';
export { resolveCommand, DEFAULT_PATH, type CommandResolution } from './resolve.ts';
export { runScript, type RunScriptOptions } from './run-script.ts';
export { parseScript, type SyntaxProblem } from './parser.ts';
export type { Dialect } from './interpreter.ts';
export * from './program.ts';

/** The registry of simulated programs, by the names their `dockyard-program:` markers use. */
export const programs: ReadonlyMap<string, Program> = programTable();
