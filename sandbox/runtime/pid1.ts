/**
 * The process that is PID 1 of a container: the command itself, or the one command of a
 * `sh -c` string, which dash and BusyBox ash run in place of the shell (`exec`) when it is all
 * there is. The official images' `docker-entrypoint.sh` ends with `exec "$@"`, so the command
 * takes its place too.
 */

const SHELLS = ['sh', 'dash', 'ash', 'bash'];

/** The last part of a path: `node` for `/usr/local/bin/node`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The argv that ends up as PID 1 for a container started with `argv`. */
export function pid1Argv(argv: readonly string[]): string[] {
  let command = [...argv];
  if (baseName(command[0] ?? '') === 'docker-entrypoint.sh' && command.length > 1) {
    command = command.slice(1);
  }
  const program = baseName(command[0] ?? '');
  if (SHELLS.includes(program) && command[1] === '-c' && command[2] !== undefined) {
    const script = command[2].trim();
    if (/^[\w./@:=+-]+( +[\w./@:=+-]+)*$/.test(script)) return script.split(/ +/);
  }
  return command;
}
