/**
 * How the interpreter unwinds: `exit`, `return`, `break` and `continue` travel as exceptions to
 * the construct that ends them. They are control flow inside the shell, never user-facing errors.
 */

export class ExitSignal {
  constructor(
    readonly status: number,
    /** True for the `exit` builtin: the shell itself ends, even an interactive one. */
    readonly requested = false,
  ) {}
}

export class ReturnSignal {
  constructor(readonly status: number) {}
}

export class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    /** How many enclosing loops it ends (`break 2`). */
    public levels: number,
  ) {}
}

/** An expansion the shell refuses (`${x?}` unset, `${a b}`): the text follows the shell prefix. */
export class ExpansionError extends Error {}

/**
 * A write to a pipe that takes no more: its reader has all it needs, or it is full. Ends the
 * writing process the way SIGPIPE does (status 141); only the pipe's owner catches it.
 */
export class BrokenPipe {
  constructor(readonly pipe: object) {}
}
