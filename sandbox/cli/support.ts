/**
 * What the terminal's `docker` command does with each Docker CLI command: supported (Docker's
 * flags, output and messages), partial (some of Docker's flags are accepted without effect, or
 * the note names a gap) or not simulated (the command says so). Built from the client's own help
 * texts and the handlers the simulation has, so it stays true as either changes; the site's "What
 * Dockyard simulates" page and `sandbox/cli/README.md` show it.
 */
import { COMMANDS, handlerOf } from './commands.ts';
import { handledCommands } from './docker.ts';
import { HELP_TEXTS } from './help-texts.ts';

export type CliSupportLevel = 'supported' | 'partial' | 'not';

export interface CliSupportRow {
  /** `docker ps`, `docker volume ls`. */
  command: string;
  level: CliSupportLevel;
  /** Docker's flags for it that the simulation acts on, `--all` style. */
  flags: string[];
  /** Docker's flags it accepts and ignores, with a note on standard error. */
  ignored: string[];
  note: string;
}

/** Gaps the flag lists do not show. */
const NOTES: Record<string, string> = {
  build: 'BuildKit only (docker buildx build); see the builder table for each option.',
  run: 'run -it with a shell hands it the terminal until exit; other programs read no input from the terminal.',
  create: 'As run, without starting the container.',
  start: 'start -a and -i are not modelled.',
  exec: 'exec -it opens a shell in the container that takes the terminal until exit.',
  ps: 'SIZE shows 0B for the writable layer, with the image as the virtual size; no health checks run, so the health of every container is none.',
  images: 'No intermediate images, so -a lists the same as the default.',
  pull: 'Images come from the built-in catalog of official images; other registries are not reachable.',
  logs: 'Logs are kept as the container printed them; --details adds nothing.',
  inspect:
    'Templates see the inspected object; printing of Go types the JSON does not carry (pointers as &{...}) is approximate.',
  'system df': 'Writable layers and the build cache are not measured and show 0B.',
  'system prune': 'Networks and the build cache have nothing to prune.',
  version: 'Keeps the client layout and says that the engine is simulated.',
  info: 'Keeps the layout and counts; says that the engine is simulated.',
};

/** Commands Docker lists in `docker --help` (and `docker compose`). */
function dockerCommands(): string[] {
  const names: string[] = [];
  for (const text of HELP_TEXTS['']!.split('\n')) {
    const match = /^ {2}([a-z]+)\*? {2,}/.exec(text);
    if (match) names.push(match[1]!);
  }
  return [...new Set([...names, 'compose'])].sort();
}

const GROUPS = ['builder', 'buildx', 'container', 'image', 'system', 'volume'];

export function cliSupport(): CliSupportRow[] {
  const handled = new Set(handledCommands());
  const rows: CliSupportRow[] = [];
  const seen = new Set<string>();
  const add = (path: string) => {
    const spec = COMMANDS[path];
    const handler = handlerOf(path);
    if (seen.has(handler)) return;
    seen.add(handler);
    if (!spec || !handled.has(handler)) {
      rows.push({
        command: `docker ${path}`,
        level: 'not',
        flags: [],
        ignored: [],
        note: 'Says that the simulation does not model it.',
      });
      return;
    }
    const modelled = spec.modelled;
    const flags = spec.flags
      .filter((flag) => !modelled || modelled.includes(flag.long))
      .map((flag) => `--${flag.long}`);
    const ignored = spec.flags
      .filter((flag) => modelled && !modelled.includes(flag.long))
      .map((flag) => `--${flag.long}`);
    const note = NOTES[handler] ?? '';
    rows.push({
      command: `docker ${path}`,
      level: ignored.length > 0 || note !== '' ? 'partial' : 'supported',
      flags,
      ignored,
      note,
    });
  };
  const topLevel = dockerCommands();
  // Top-level names first, so `docker ps` rather than `docker container ls` names the row.
  for (const name of topLevel) if (!GROUPS.includes(name)) add(name);
  for (const name of topLevel) {
    if (GROUPS.includes(name)) {
      const prefix = `${name} `;
      const subs = Object.keys(COMMANDS).filter((path) => path.startsWith(prefix));
      const groupHelp = HELP_TEXTS[name];
      const listed = groupHelp
        ? groupHelp
            .split('\n')
            .map((text) => /^ {2}([a-z]+) {2,}/.exec(text)?.[1])
            .filter((sub): sub is string => sub !== undefined)
        : [];
      for (const sub of [...new Set([...listed, ...subs.map((p) => p.slice(prefix.length))])]) {
        const path = `${prefix}${sub}`;
        if (COMMANDS[path]) add(path);
        else if (!COMMANDS[sub] && !topLevel.includes(sub)) add(path);
      }
    }
  }
  return rows.sort((a, b) => a.command.localeCompare(b.command));
}
