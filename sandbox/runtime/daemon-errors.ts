/** A refusal from the daemon, in Docker's words (`Error response from daemon: ...`). */
export class EngineError {
  constructor(readonly error: string) {}

  /** Keeps a container (which also has an `error` field) from passing for an EngineError. */
  get isEngineError(): true {
    return true;
  }
}

/** A refusal as the daemon words it: `Error response from daemon: <message>`. */
export function daemonError(message: string): EngineError {
  return new EngineError(`Error response from daemon: ${message}`);
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof EngineError;
}
