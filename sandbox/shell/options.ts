import type { Dialect } from './interpreter.ts';

/**
 * The shell's `set` options: which names and letters each shell accepts, in the order `set -o`
 * lists them, and what `set -x` prints before a command.
 */

/** The options the simulation acts on; the others are accepted and change nothing. */
export interface ShellOptions {
  errexit: boolean;
  nounset: boolean;
  xtrace: boolean;
  pipefail: boolean;
}

export function defaultOptions(): ShellOptions {
  return { errexit: false, nounset: false, xtrace: false, pipefail: false };
}

/** `set -o` names in the order each shell lists them, with their single letters. */
const NAMES: Record<Dialect, Array<[string, string | undefined]>> = {
  // dash 0.5.12 (Debian 12 and 13): no pipefail.
  dash: [
    ['errexit', 'e'],
    ['noglob', 'f'],
    ['ignoreeof', 'I'],
    ['interactive', 'i'],
    ['monitor', 'm'],
    ['noexec', 'n'],
    ['stdin', 's'],
    ['xtrace', 'x'],
    ['verbose', 'v'],
    ['vi', 'V'],
    ['emacs', 'E'],
    ['noclobber', 'C'],
    ['allexport', 'a'],
    ['notify', 'b'],
    ['nounset', 'u'],
    ['privileged', 'p'],
    ['nolog', undefined],
    ['debug', undefined],
  ],
  // BusyBox 1.37 ash.
  ash: [
    ['errexit', 'e'],
    ['noglob', 'f'],
    ['ignoreeof', 'I'],
    ['monitor', 'm'],
    ['noexec', 'n'],
    ['xtrace', 'x'],
    ['verbose', 'v'],
    ['noclobber', 'C'],
    ['allexport', 'a'],
    ['notify', 'b'],
    ['nounset', 'u'],
    ['errtrace', 'E'],
    ['vi', undefined],
    ['pipefail', undefined],
  ],
  bash: [
    ['allexport', 'a'],
    ['braceexpand', 'B'],
    ['emacs', undefined],
    ['errexit', 'e'],
    ['errtrace', 'E'],
    ['functrace', 'T'],
    ['hashall', 'h'],
    ['histexpand', 'H'],
    ['history', undefined],
    ['ignoreeof', undefined],
    ['interactive-comments', undefined],
    ['keyword', 'k'],
    ['monitor', 'm'],
    ['noclobber', 'C'],
    ['noexec', 'n'],
    ['noglob', 'f'],
    ['nolog', undefined],
    ['notify', 'b'],
    ['nounset', 'u'],
    ['onecmd', 't'],
    ['physical', 'P'],
    ['pipefail', undefined],
    ['posix', undefined],
    ['privileged', 'p'],
    ['verbose', 'v'],
    ['vi', undefined],
    ['xtrace', 'x'],
  ],
};

/** The option a `set -o` name stands for in `dialect`, if that shell has it. */
export function optionByName(dialect: Dialect, name: string): string | undefined {
  return NAMES[dialect].find(([long]) => long === name)?.[0];
}

/** The option a `set -x` letter stands for in `dialect`, if that shell has it. */
export function optionByLetter(dialect: Dialect, letter: string): string | undefined {
  return NAMES[dialect].find(([, short]) => short === letter)?.[0];
}

/** Stores an option the simulation acts on; others are remembered nowhere. */
export function applyOption(options: ShellOptions, name: string, on: boolean): void {
  if (name === 'errexit' || name === 'nounset' || name === 'xtrace' || name === 'pipefail') {
    options[name] = on;
  }
}

/** What `set -o` with no name prints. */
export function listOptions(dialect: Dialect, options: ShellOptions): string {
  const state = (name: string) =>
    (options as unknown as Record<string, boolean | undefined>)[name] ? 'on' : 'off';
  const rows = NAMES[dialect].map(([name]) =>
    dialect === 'bash' ? `${name.padEnd(15)}\t${state(name)}` : `${name.padEnd(16)}${state(name)}`,
  );
  return `${dialect === 'dash' ? 'Current option settings\n' : ''}${rows.join('\n')}\n`;
}

/** `$-`: the letters of the options that are on, last first as dash and ash list them. */
export function optionLetters(dialect: Dialect, options: ShellOptions): string {
  const on = options as unknown as Record<string, boolean | undefined>;
  return NAMES[dialect]
    .filter(([name, letter]) => letter !== undefined && on[name])
    .map(([, letter]) => letter)
    .reverse()
    .join('');
}

const RESERVED = new Set([
  '!',
  'case',
  'do',
  'done',
  'elif',
  'else',
  'esac',
  'fi',
  'for',
  'function',
  'if',
  'in',
  'then',
  'until',
  'while',
  '{',
  '}',
]);

function singleQuote(text: string): string {
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}

/** BusyBox ash quotes a word unless it holds only `+,-./0-9:@A-Z]^_a-z`. */
function ashQuote(text: string): string {
  return /^[+,\-./0-9:@A-Z\]^_a-z]*$/.test(text) ? text : singleQuote(text);
}

/** bash quotes a word holding a character the shell would read specially. */
function bashQuote(text: string): string {
  if (text === '') return "''";
  if (!/[\s'"`$\\|&;()<>!{}*?[\]^~#=]/.test(text)) return text;
  if (/^[A-Za-z_][A-Za-z0-9_]*=[^\s'"`$\\|&;()<>!{}*?[\]^~#]*$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The line `set -x` prints for a command after expansion: `PS4`, then the assignments and the
 * words. dash prints them as they are; ash and bash quote the ones that need it.
 */
export function traceLine(
  dialect: Dialect,
  ps4: string,
  assignments: ReadonlyArray<readonly [string, string]>,
  argv: readonly string[],
): string {
  const parts: string[] = [];
  for (const [name, value] of assignments) {
    if (dialect === 'dash') parts.push(`${name}=${value}`);
    else if (dialect === 'ash') parts.push(`${name}=${ashQuote(value)}`);
    else parts.push(`${name}=${value === '' ? '' : bashQuote(value)}`);
  }
  for (const word of argv) {
    if (dialect === 'dash') parts.push(word);
    else if (dialect === 'ash') parts.push(RESERVED.has(word) ? singleQuote(word) : ashQuote(word));
    else parts.push(bashQuote(word));
  }
  return `${ps4}${parts.join(' ')}\n`;
}
