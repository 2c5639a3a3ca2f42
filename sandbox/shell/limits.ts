import type { ProgramContext } from './program.ts';

/**
 * The bounds that keep hostile or mistaken scripts from hanging or exhausting the page. Real
 * shells are bounded by the machine; the simulation shares one browser tab, so it stops earlier
 * and says so in the shell's words.
 */

/** Commands a shell runs between two pauses that let the page (and Ctrl+C) in. */
export const COMMANDS_BETWEEN_YIELDS = 1000;

/** Function calls in progress at once; bash's own limit (`FUNCNEST`) defaults to about this. */
export const MAX_FUNCTION_NESTING = 1000;

/** Subshells and command substitutions inside one another. */
export const MAX_SUBSHELL_NESTING = 200;

/** Shell processes (`sh -c`, scripts) started inside one another. */
export const MAX_SHELL_PROCESS_NESTING = 100;

/** Characters a variable or an expanded word may hold (1 MiB of text). */
export const MAX_TEXT_LENGTH = 1 << 20;

/** Characters one pipe holds between two members of a pipeline (1 MiB). */
export const PIPE_CAPACITY = 1 << 20;

/** The exit status of a process ended by the signal that aborted `signal`: 128 + its number. */
export function killedStatus(signal: AbortSignal): number {
  switch (signal.reason) {
    case 'SIGINT':
      return 130;
    case 'SIGKILL':
      return 137;
    default:
      return 143;
  }
}

/**
 * Waits for a new task, so timers, input and a Ctrl+C queued meanwhile run first. Uses the
 * context's clock when it has one; otherwise the host's zero-length timer.
 */
export function yieldToHost(context: ProgramContext): Promise<void> {
  // A wait cut short by Ctrl+C is still a finished wait: the caller checks the signal next.
  if (context.delay) return context.delay(0, context.signal).catch(() => undefined);
  const host = globalThis as { setTimeout?: (run: () => void, ms: number) => unknown };
  if (host.setTimeout) return new Promise((resolve) => host.setTimeout!(resolve, 0));
  return Promise.resolve();
}

/** dash's words when memory runs out, with the simulation's limit that was reached. */
export function outOfSpace(what: string): string {
  return `Out of space: ${what} longer than ${MAX_TEXT_LENGTH} characters (the limit in this simulation)`;
}
