import { BrokenPipe } from './control.ts';
import type { Command } from './syntax.ts';

/**
 * The text between two members of a pipeline. Members run one after another, so a reader that
 * stops early (`head -n 3`) cannot close the pipe while its writer runs; instead the pipe knows
 * how much that reader takes and refuses writes past it, and past its capacity. A refused write
 * throws `BrokenPipe`, which ends the writer as SIGPIPE would.
 */
export class Pipe {
  text = '';
  /** Set when a write did not fit in `capacity`. */
  overflowed = false;
  private closed = false;

  constructor(
    private readonly capacity: number,
    /** Told each write; true once the reader has all it will read. */
    private readonly readerSatisfied?: (chunk: string) => boolean,
  ) {}

  write(text: string): void {
    if (this.closed) throw new BrokenPipe(this);
    if (text.length > this.capacity - this.text.length) {
      this.text += text.slice(0, this.capacity - this.text.length);
      this.overflowed = true;
      this.closed = true;
      throw new BrokenPipe(this);
    }
    this.text += text;
    if (this.readerSatisfied?.(text)) this.closed = true;
  }
}

/**
 * How much of its input a pipeline member reads, when that is known from the command alone:
 * `head` with literal options and no files reads its first lines or bytes and exits. Otherwise
 * undefined: the member reads to the end.
 */
export function readerNeeds(command: Command): ((chunk: string) => boolean) | undefined {
  if (command.kind !== 'simple' || command.redirects.length > 0) return undefined;
  const argv: string[] = [];
  for (const word of command.words) {
    const only = word[0];
    if (word.length !== 1 || only?.kind !== 'text') return undefined;
    argv.push(only.text);
  }
  if (argv[0] !== 'head' && !argv[0]?.endsWith('/head')) return undefined;

  let lines: number | undefined = 10;
  let bytes: number | undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    const option = /^-([nc])(.*)$/.exec(arg) ?? /^--(lines|bytes)=(.*)$/.exec(arg);
    let value: string | undefined;
    let unit: string;
    if (option) {
      unit = option[1]!.charAt(0);
      value = option[2] === '' ? argv[++i] : option[2];
    } else if (/^-\d+$/.test(arg)) {
      unit = 'n';
      value = arg.slice(1);
    } else return undefined;
    if (value === undefined || !/^\d+$/.test(value)) return undefined;
    if (unit === 'n' || unit === 'l') [lines, bytes] = [Number(value), undefined];
    else [lines, bytes] = [undefined, Number(value)];
  }

  let seen = 0;
  if (bytes !== undefined) {
    const wanted = bytes;
    return (chunk) => (seen += chunk.length) >= wanted;
  }
  const wanted = lines!;
  return (chunk) => {
    for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', at + 1)) seen++;
    return seen >= wanted;
  };
}
