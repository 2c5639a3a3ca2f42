import type { NetworkAccess, ProcessIO, ProgramContext } from '../shell/program.ts';

/**
 * Container runtimes: what runs a container's main process. `runc` (Docker's default, also known
 * by its shim's name `io.containerd.runc.v2`) is the simulation itself; others are registered by
 * whoever creates the sandbox (the page registers `webcontainer`) and sit behind the same process
 * interface, so the rest of the engine does not know which one runs.
 */

/** What a runtime may change for the simulated process it starts (a twin that prints nowhere). */
export interface SimulatedOverrides {
  io?: ProcessIO;
  signal?: AbortSignal;
  net?: NetworkAccess;
}

/**
 * Runs a container's main process described by `context` and resolves to its exit status.
 * `simulated` starts the simulated program with that context (or with `overrides`); a runtime
 * that cannot run the process its own way returns what `simulated()` returns.
 */
export type ContainerRuntime = (
  context: ProgramContext,
  simulated: (overrides?: SimulatedOverrides) => Promise<number>,
) => Promise<number>;

/** The runtime a container gets when `--runtime` names none. */
export const DEFAULT_RUNTIME = 'runc';

/** The runtimes every daemon has, by the names `docker info` lists: both are runc. */
export const BUILT_IN_RUNTIMES: readonly string[] = ['io.containerd.runc.v2', 'runc'];

/** The built-in runtime: the simulated process itself. */
export const runc: ContainerRuntime = (_context, simulated) => simulated();
