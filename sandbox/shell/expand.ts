import type { FileSystem } from '../fs/file-system.ts';
import { evaluateArithmetic } from './arithmetic.ts';
import { ExpansionError } from './control.ts';
import { MAX_TEXT_LENGTH, outOfSpace } from './limits.ts';
import { glob, hasGlob, matchesPattern, type PatternChar } from './pattern.ts';
import type { CommandList, Word, WordPart } from './syntax.ts';

/**
 * Word expansion in POSIX order: tilde, parameters, command substitution and arithmetic, then
 * field splitting of unquoted results, then pathname expansion, with quotes removed by
 * construction (the parser already recorded which text was quoted).
 */

export interface ExpansionHost {
  fs: FileSystem;
  cwd: string;
  /** A variable or special parameter (`?`, `#`, `1`, `@`); undefined when unset. */
  lookup(name: string): string | undefined;
  positional(): string[];
  assign(name: string, value: string): void;
  /** Runs a command substitution and returns its standard output. */
  substitute(body: CommandList): Promise<string>;
  homeOf(user: string): string | undefined;
  /** `set -u`: expanding an unset parameter without a default is an error. */
  nounset?: boolean;
}

type Segment = { text: string; quoted: boolean; split: boolean } | { fieldBreak: true };

const IFS_DEFAULT = ' \t\n';

async function expandPart(part: WordPart, host: ExpansionHost): Promise<Segment[]> {
  switch (part.kind) {
    case 'text':
      return [{ text: part.text, quoted: part.quoted, split: false }];
    case 'tilde': {
      const home = part.user === '' ? host.lookup('HOME') : host.homeOf(part.user);
      const text = home ?? `~${part.user}`;
      return [{ text, quoted: true, split: false }];
    }
    case 'bad-substitution':
      throw new ExpansionError('Bad substitution');
    case 'command': {
      const output = await host.substitute(part.body);
      return [{ text: output.replace(/\n+$/, ''), quoted: part.quoted, split: !part.quoted }];
    }
    case 'arithmetic': {
      const text = await expandString(part.expression, host);
      const value = evaluateArithmetic(text, host);
      return [{ text: String(value), quoted: part.quoted, split: !part.quoted }];
    }
    case 'param':
      return expandParam(part, host);
  }
}

async function expandParam(
  part: Extract<WordPart, { kind: 'param' }>,
  host: ExpansionHost,
): Promise<Segment[]> {
  const { name, op, quoted } = part;
  const value = host.lookup(name);
  const plain = (text: string): Segment[] => [{ text, quoted, split: !quoted }];
  const argument = async (): Promise<Segment[]> => {
    const out: Segment[] = [];
    for (const inner of part.arg ?? []) {
      for (const segment of await expandPart(inner, host)) {
        if ('fieldBreak' in segment) out.push(segment);
        else
          out.push({
            ...segment,
            quoted: segment.quoted || quoted,
            split: segment.split && !quoted,
          });
      }
    }
    return out;
  };
  const isSet = value !== undefined;
  const nonNull = isSet && value !== '';
  const needsValue =
    op === undefined || op === 'length' || op === '#' || op === '##' || op === '%' || op === '%%';
  if (host.nounset && !isSet && needsValue && name !== '@' && name !== '*') {
    throw new ExpansionError(`${name}: parameter not set`);
  }

  switch (op) {
    case undefined:
      if ((name === '@' || name === '*') && quoted) {
        const args = host.positional();
        if (name === '*') return plain(args.join(IFS_DEFAULT[0]));
        const out: Segment[] = [];
        args.forEach((arg, i) => {
          if (i > 0) out.push({ fieldBreak: true });
          out.push({ text: arg, quoted: true, split: false });
        });
        return out;
      }
      return plain(value ?? '');
    case 'length':
      return plain(String([...(value ?? '')].length));
    case '-':
      return isSet ? plain(value) : argument();
    case ':-':
      return nonNull ? plain(value) : argument();
    case '=':
    case ':=': {
      if (op === '=' ? isSet : nonNull) return plain(value!);
      const assigned = joinSegments(await argument());
      host.assign(name, assigned);
      return plain(assigned);
    }
    case '?':
    case ':?': {
      if (op === '?' ? isSet : nonNull) return plain(value!);
      const message = joinSegments(await argument());
      const fallback = op === '?' ? 'parameter not set' : 'parameter not set or null';
      throw new ExpansionError(`${name}: ${message || fallback}`);
    }
    case '+':
      return isSet ? argument() : [];
    case ':+':
      return nonNull ? argument() : [];
    case '#':
    case '##':
    case '%':
    case '%%': {
      const pattern = toPatternChars(await argument());
      return plain(trimPattern(value ?? '', pattern, op));
    }
  }
}

function trimPattern(value: string, pattern: PatternChar[], op: '#' | '##' | '%' | '%%'): string {
  const n = value.length;
  if (op === '#') {
    for (let i = 0; i <= n; i++)
      if (matchesPattern(value.slice(0, i), pattern)) return value.slice(i);
  } else if (op === '##') {
    for (let i = n; i >= 0; i--)
      if (matchesPattern(value.slice(0, i), pattern)) return value.slice(i);
  } else if (op === '%') {
    for (let i = n; i >= 0; i--)
      if (matchesPattern(value.slice(i), pattern)) return value.slice(0, i);
  } else {
    for (let i = 0; i <= n; i++)
      if (matchesPattern(value.slice(i), pattern)) return value.slice(0, i);
  }
  return value;
}

function toPatternChars(segments: Segment[]): PatternChar[] {
  const chars: PatternChar[] = [];
  for (const segment of segments) {
    if ('fieldBreak' in segment) chars.push({ ch: ' ', special: false });
    else for (const ch of segment.text) chars.push({ ch, special: !segment.quoted });
  }
  return chars;
}

function joinSegments(segments: Segment[]): string {
  return segments.map((s) => ('fieldBreak' in s ? ' ' : s.text)).join('');
}

/** A word's expansion, refused once it holds more than `MAX_TEXT_LENGTH` characters. */
async function expandSegments(word: Word, host: ExpansionHost): Promise<Segment[]> {
  const out: Segment[] = [];
  let length = 0;
  for (const part of word) {
    for (const segment of await expandPart(part, host)) {
      length += 'fieldBreak' in segment ? 1 : segment.text.length;
      if (length > MAX_TEXT_LENGTH) throw new ExpansionError(outOfSpace('a word'));
      out.push(segment);
    }
  }
  return out;
}

/** One word to one string: no field splitting, no globbing (assignments, redirection targets). */
export async function expandString(word: Word, host: ExpansionHost): Promise<string> {
  return joinSegments(await expandSegments(word, host));
}

/** A `case` pattern: quoted characters match themselves only. */
export async function expandPattern(word: Word, host: ExpansionHost): Promise<PatternChar[]> {
  return toPatternChars(await expandSegments(word, host));
}

/** The fields a command's words expand to. */
export async function expandWords(words: readonly Word[], host: ExpansionHost): Promise<string[]> {
  const ifs = host.lookup('IFS') ?? IFS_DEFAULT;
  const fields: string[] = [];
  for (const word of words) {
    const segments = await expandSegments(word, host);
    let current: PatternChar[] = [];
    let started = false;
    const finish = () => {
      if (started) fields.push(...globField(current, host));
      current = [];
      started = false;
    };
    for (const segment of segments) {
      if ('fieldBreak' in segment) {
        finish();
        started = true;
        continue;
      }
      if (!segment.split) {
        for (const ch of segment.text) current.push({ ch, special: !segment.quoted });
        if (segment.quoted || segment.text !== '') started = true;
        continue;
      }
      for (const ch of segment.text) {
        if (ifs.includes(ch)) finish();
        else {
          current.push({ ch, special: true });
          started = true;
        }
      }
    }
    finish();
  }
  return fields;
}

function globField(chars: PatternChar[], host: ExpansionHost): string[] {
  const literal = chars.map((c) => c.ch).join('');
  if (!hasGlob(chars)) return [literal];
  const matches = glob(host.fs, host.cwd, chars);
  return matches.length > 0 ? matches : [literal];
}
