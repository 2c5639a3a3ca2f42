/**
 * Variable expansion as BuildKit's shell lexer does it for Dockerfile instructions: quote removal,
 * escapes, `$name`, `${name}` and the `${name:-word}` family, including the pattern forms
 * (`#`, `%`, `/`). This is not a shell: there is no command substitution, no arithmetic and no
 * globbing of file names. RUN and CMD text is never passed through here by the builder; the
 * simulated shell expands that at run time.
 */

import { goQuote } from './dump.ts';
import { expansionLimitMessages } from './messages.ts';
import { isGoSpace } from './text.ts';

/**
 * How deeply `${…}` may nest inside one word. BuildKit has no limit (Go stacks grow); here each
 * level costs stack frames, and a few thousand levels would overflow the browser's stack.
 */
export const maxExpansionDepth = 256;

/**
 * The longest text, in UTF-16 code units, that expanding one word may produce. Without it, lines
 * such as `ARG B=${A}${A}` double a value each time and exhaust the memory within 30 lines.
 */
export const maxExpandedLength = 1 << 20;

/** Character comparisons a `${name#pattern}` or `${name/pattern/…}` match may take. */
const maxPatternSteps = 5_000_000;

export type EscapeToken = '\\' | '`';

/** Looks a variable up; `undefined` means "not set" (an empty string is set). */
export type VariableLookup = (name: string) => string | undefined;

export type ExpandResult<T> = { ok: true; value: T } | { ok: false; message: string };

export interface LexOptions {
  escape: EscapeToken;
  /** Keep quote characters in the result (they still group words). */
  rawQuotes?: boolean;
  /** Keep escape characters in the result. */
  rawEscapes?: boolean;
  /** Leave references to unset variables as written instead of expanding them to nothing. */
  skipUnsetEnv?: boolean;
  /** Called for every variable the word looks up, with whether it was set. */
  onLookup?: (name: string, found: boolean) => void;
}

export interface LexOutput {
  /** The expanded text as one word. */
  word: string;
  /** The expanded text split into words at unquoted white space. */
  words: string[];
}

/** Expands `word` as one word. `message` is BuildKit's full `failed to process "…": …` text. */
export function expandWord(
  word: string,
  lookup: VariableLookup,
  escape: EscapeToken = '\\',
): ExpandResult<string> {
  const result = lexWord(word, lookup, { escape });
  return result.ok ? { ok: true, value: result.value.word } : result;
}

/** Expands `word` and splits the result into words, as EXPOSE and heredoc detection need. */
export function expandWords(
  word: string,
  lookup: VariableLookup,
  escape: EscapeToken = '\\',
): { ok: true; words: string[] } | { ok: false; message: string } {
  const result = lexWord(word, lookup, { escape });
  return result.ok ? { ok: true, words: result.value.words } : result;
}

/**
 * The text BuildKit shows for a RUN step: quotes kept, set variables replaced, unset ones left as
 * written. When the text cannot be expanded it is shown unchanged.
 */
export function expandForRunLabel(
  text: string,
  lookup: VariableLookup,
  escape: EscapeToken = '\\',
): string {
  const result = lexWord(text, lookup, { escape, rawQuotes: true, skipUnsetEnv: true });
  return result.ok ? result.value.word : text;
}

/**
 * The text BuildKit shows for a COPY, ADD or WORKDIR step: the whole line through the normal
 * lexer, so quotes go and unset variables become empty. Unexpandable text is shown unchanged.
 */
export function expandForLabel(
  text: string,
  lookup: VariableLookup,
  escape: EscapeToken = '\\',
): string {
  const result = lexWord(text, lookup, { escape });
  return result.ok ? result.value.word : text;
}

/** The lexer with all of BuildKit's switches; the functions above are its everyday uses. */
export function lexWord(
  text: string,
  lookup: VariableLookup,
  options: LexOptions,
): ExpandResult<LexOutput> {
  if (isPlainText(text, options.escape)) {
    // Nothing to expand, unquote or unescape: the lexer would give the text back unchanged.
    const words = goSpaceChar.test(text)
      ? text.split(goSpaceRun).filter((word) => word !== '')
      : text === ''
        ? []
        : [text];
    return { ok: true, value: { word: text, words } };
  }
  const lexer = new Lexer(text, lookup, options);
  const output = lexer.processStopOn(null, options.rawEscapes ?? false);
  if (output === null) {
    return { ok: false, message: `failed to process ${goQuote(text)}: ${lexer.error}` };
  }
  return { ok: true, value: output };
}

/** Collects words the way BuildKit does: unquoted white space separates, quoted text does not. */
class WordCollector {
  private current = '';
  private inWord = false;
  readonly words: string[] = [];

  addChar(char: string): void {
    if (isGoSpace(char.codePointAt(0)!)) {
      if (this.inWord && this.current.length > 0) {
        this.words.push(this.current);
        this.current = '';
        this.inWord = false;
      }
      return;
    }
    this.addRawChar(char);
  }

  addRawChar(char: string): void {
    this.current += char;
    this.inWord = true;
  }

  addString(text: string): void {
    if (!goSpaceChar.test(text)) {
      this.addRawString(text);
      return;
    }
    for (const char of text) {
      this.addChar(char);
    }
  }

  addRawString(text: string): void {
    this.current += text;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.current.length > 0) {
      this.words.push(this.current);
      this.current = '';
      this.inWord = false;
    }
    return this.words;
  }
}

/** A character that Go's `unicode.IsSpace` accepts (see `isGoSpace`). */
const goSpaceChar = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const goSpaceRun = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Text the lexer returns as it is: no `$`, quote or escape character, no leading BOM. */
function isPlainText(text: string, escape: EscapeToken): boolean {
  if (text.length > maxExpandedLength || text.charCodeAt(0) === 0xfeff) {
    return false;
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // $ ' " \ `
    if (code === 36 || code === 39 || code === 34 || code === 92 || code === 96) {
      if (code === 92 || code === 96 ? text[i] === escape : true) {
        return false;
      }
    }
  }
  return true;
}
const specialParameters = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
const letterOrDigit = /^[\p{L}\p{Nd}_]$/u;
const digit = /^\p{Nd}$/u;

class Lexer {
  private pos = 0;
  /** How many `${` are open around the current position. */
  private depth = 0;
  error = '';

  constructor(
    private readonly text: string,
    private readonly lookup: VariableLookup,
    private readonly options: LexOptions,
  ) {
    // Go's text scanner skips a byte order mark at the very start.
    if (text.charCodeAt(0) === 0xfeff) {
      this.pos = 1;
    }
  }

  private peek(): string | null {
    if (this.pos >= this.text.length) {
      return null;
    }
    const code = this.text.charCodeAt(this.pos);
    if (code >= 0xd800 && code <= 0xdbff && this.pos + 1 < this.text.length) {
      return this.text.slice(this.pos, this.pos + 2);
    }
    return this.text[this.pos]!;
  }

  private next(): string | null {
    const char = this.peek();
    if (char !== null) {
      this.pos += char.length;
    }
    return char;
  }

  private fail(message: string): null {
    this.error = message;
    return null;
  }

  private failTooLong(): null {
    return this.fail(expansionLimitMessages.tooLong(maxExpandedLength));
  }

  private getEnv(name: string): string | undefined {
    const value = this.lookup(name);
    this.options.onLookup?.(name, value !== undefined);
    return value;
  }

  /** Reads up to `stop` (consumed) or the end. Returns null on error (see `error`). */
  processStopOn(stop: string | null, rawEscapes: boolean): LexOutput | null {
    const parts: string[] = [];
    const words = new WordCollector();
    const escape = this.options.escape;
    let length = 0;

    for (let char = this.peek(); char !== null; char = this.peek()) {
      if (stop !== null && char === stop) {
        this.next();
        return { word: parts.join(''), words: words.finish() };
      }
      if (char === "'" || char === '"' || char === '$') {
        const piece =
          char === "'"
            ? this.processSingleQuote()
            : char === '"'
              ? this.processDoubleQuote()
              : this.processDollar();
        if (piece === null) {
          return null;
        }
        length += piece.length;
        if (length > maxExpandedLength) {
          return this.failTooLong();
        }
        parts.push(piece);
        if (char === '$') {
          words.addString(piece);
        } else {
          words.addRawString(piece);
        }
        continue;
      }

      this.next();
      if (char === escape) {
        if (rawEscapes) {
          words.addRawChar(char);
          parts.push(char);
        }
        const escaped = this.next();
        if (escaped === null) {
          break;
        }
        words.addRawChar(escaped);
        parts.push(escaped);
        length += escaped.length;
        continue;
      }
      words.addChar(char);
      parts.push(char);
      length += char.length;
    }
    if (length > maxExpandedLength) {
      return this.failTooLong();
    }

    if (stop !== null) {
      return this.fail(`unexpected end of statement while looking for matching ${stop}`);
    }
    return { word: parts.join(''), words: words.finish() };
  }

  private processSingleQuote(): string | null {
    const raw = this.options.rawQuotes ?? false;
    const parts: string[] = [];
    const open = this.next()!;
    if (raw) {
      parts.push(open);
    }
    for (;;) {
      const char = this.next();
      if (char === null) {
        return this.fail('unexpected end of statement while looking for matching single-quote');
      }
      if (char === "'") {
        if (raw) {
          parts.push(char);
        }
        return parts.join('');
      }
      parts.push(char);
    }
  }

  private processDoubleQuote(): string | null {
    const raw = this.options.rawQuotes ?? false;
    const escape = this.options.escape;
    const parts: string[] = [];
    let length = 0;
    const open = this.next()!;
    if (raw) {
      parts.push(open);
    }
    for (;;) {
      const peeked = this.peek();
      if (peeked === null) {
        return this.fail('unexpected end of statement while looking for matching double-quote');
      }
      if (peeked === '"') {
        this.next();
        if (raw) {
          parts.push(peeked);
        }
        return parts.join('');
      }
      if (peeked === '$') {
        const value = this.processDollar();
        if (value === null) {
          return null;
        }
        length += value.length;
        if (length > maxExpandedLength) {
          return this.failTooLong();
        }
        parts.push(value);
        continue;
      }
      let char = this.next()!;
      if (char === escape) {
        const after = this.peek();
        if (after === null) {
          // An escape at the very end is dropped; the missing quote is reported next time round.
          continue;
        }
        if (after === '"' || after === '$' || after === escape) {
          if (this.options.rawEscapes) {
            parts.push(char);
          }
          char = this.next()!;
        }
      }
      parts.push(char);
    }
  }

  private processName(): string {
    let name = '';
    for (let char = this.peek(); char !== null; char = this.peek()) {
      if (name.length === 0 && digit.test(char)) {
        while (char !== null && digit.test(char)) {
          name += this.next();
          char = this.peek();
        }
        return name;
      }
      if (name.length === 0 && specialParameters.has(char)) {
        return this.next()!;
      }
      if (!letterOrDigit.test(char)) {
        break;
      }
      name += this.next();
    }
    return name;
  }

  private processDollar(): string | null {
    const skipUnset = this.options.skipUnsetEnv ?? false;
    this.next();

    if (this.peek() !== '{') {
      const name = this.processName();
      if (name === '') {
        return '$';
      }
      const value = this.getEnv(name);
      if (value === undefined && skipUnset) {
        return '$' + name;
      }
      return value ?? '';
    }

    this.next();
    if (this.depth >= maxExpansionDepth) {
      return this.fail(expansionLimitMessages.tooDeep(maxExpansionDepth));
    }
    this.depth++;
    const value = this.processBraced();
    this.depth--;
    return value;
  }

  /** The `${…}` forms, read from just after the `{`. */
  private processBraced(): string | null {
    const skipUnset = this.options.skipUnsetEnv ?? false;
    const first = this.peek();
    if (first === null) {
      return this.fail("syntax error: missing '}'");
    }
    if (first === '{' || first === '}' || first === ':') {
      return this.fail('syntax error: bad substitution');
    }
    const name = this.processName();
    let modifier = this.next();
    // Go reads the end of input as U+FFFD here, which shows up in the message.
    let modifierText = modifier ?? '\uFFFD';

    if (modifier === '}') {
      const value = this.getEnv(name);
      if (value === undefined && skipUnset) {
        return '${' + name + '}';
      }
      return value ?? '';
    }

    if (modifier === '/') {
      return this.processReplacement(name);
    }

    let nullIsUnset = false;
    if (modifier === ':') {
      nullIsUnset = true;
      modifier = this.next();
      modifierText += modifier ?? '\uFFFD';
    } else if (
      modifier !== '+' &&
      modifier !== '-' &&
      modifier !== '?' &&
      modifier !== '#' &&
      modifier !== '%'
    ) {
      return this.fail(`unsupported modifier (${modifierText}) in substitution`);
    }

    const isPattern = modifier === '#' || modifier === '%';
    if (nullIsUnset && isPattern) {
      return this.fail(`unsupported modifier (${modifierText}) in substitution`);
    }
    const inner = this.processStopOn('}', isPattern);
    if (inner === null) {
      if (this.peek() === null) {
        return this.fail("syntax error: missing '}'");
      }
      return null;
    }
    let word = inner.word;

    const value = this.getEnv(name);
    if (value === undefined && skipUnset) {
      return '${' + name + modifierText + word + '}';
    }
    const missing = value === undefined || (nullIsUnset && value === '');

    switch (modifier) {
      case '-':
        return missing ? word : value!;
      case '+':
        return missing ? '' : word;
      case '?':
        if (value === undefined) {
          return this.fail(`${name}: ${word === '' ? 'is not allowed to be unset' : word}`);
        }
        if (nullIsUnset && value === '') {
          return this.fail(`${name}: ${word === '' ? 'is not allowed to be empty' : word}`);
        }
        return value;
      case '#':
      case '%': {
        let greedy = false;
        if (word.startsWith(modifier)) {
          greedy = true;
          word = word.slice(1);
        }
        const trimmed =
          modifier === '%'
            ? trimSuffix(word, value ?? '', greedy)
            : trimPrefix(word, value ?? '', greedy);
        return trimmed.ok ? trimmed.value : this.fail(trimmed.message);
      }
      default:
        return this.fail(`unsupported modifier (${modifierText}) in substitution`);
    }
  }

  private processReplacement(name: string): string | null {
    const skipUnset = this.options.skipUnsetEnv ?? false;
    const replaceAll = this.peek() === '/';
    if (replaceAll) {
      this.next();
    }
    const pattern = this.processStopOn('/', true);
    if (pattern === null) {
      if (this.peek() === null) {
        return this.fail("syntax error: missing '/' in ${}");
      }
      return null;
    }
    const replacement = this.processStopOn('}', true);
    if (replacement === null) {
      if (this.peek() === null) {
        return this.fail("syntax error: missing '}'");
      }
      return null;
    }

    const value = this.getEnv(name);
    if (value === undefined && skipUnset) {
      return '${' + name + '/' + pattern.word + '/' + replacement.word + '}';
    }
    const replaced = replaceGlob(pattern.word, value ?? '', replacement.word, replaceAll);
    return replaced.ok ? replaced.value : this.fail(replaced.message);
  }
}

/** A `*` in a compiled glob: any run of characters other than a newline. */
const anyRun = 'anyRun';
/** A `?` in a compiled glob: one character other than a newline. */
const anyOne = 'anyOne';

/** A `${name#pattern}` glob, compiled: one-character literals, `anyRun` and `anyOne`. */
interface Glob {
  tokens: string[];
  /** Whether `*` tries the longest run first (otherwise the shortest). */
  greedy: boolean;
}

/**
 * Reads a glob: `*` any run, `?` one character (neither crosses a newline, as in Go's `.`),
 * `\` escapes `*`, `?` and `\` (and is dropped before `}` or `/`). There are no bracket classes.
 */
function compileGlob(pattern: string, greedy: boolean): ExpandResult<Glob> {
  const chars = Array.from(pattern);
  const tokens: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '*') {
      // `**` matches what `*` matches, preferring the same lengths in the same order.
      if (tokens[tokens.length - 1] !== anyRun) {
        tokens.push(anyRun);
      }
      continue;
    }
    if (char === '?') {
      tokens.push(anyOne);
      continue;
    }
    if (char === '\\') {
      const after = chars[i + 1];
      if (after === '}' || after === '/') {
        continue;
      }
      i++;
      if (after !== '*' && after !== '?' && after !== '\\') {
        return { ok: false, message: `invalid escape '\\${after ?? '\uFFFD'}'` };
      }
      tokens.push(after);
      continue;
    }
    tokens.push(char);
  }
  return { ok: true, value: { tokens, greedy } };
}

/** Failed `*` positions a matcher remembers; past this it only forgets, it stays correct. */
const maxRememberedFailures = 1_000_000;

/**
 * Matches a glob as a backtracking regular expression engine would, so it picks the match that
 * Go's leftmost-first engine picks. It remembers every `*` position whose continuations all
 * failed, so `*a*a*a*b` takes polynomial rather than exponential time, and it gives up (setting
 * `tooComplex`) after `maxPatternSteps` character comparisons.
 */
class GlobMatcher {
  tooComplex = false;
  private steps = 0;
  private readonly failed = new Set<number>();
  /** For each position, where its line ends (the next newline, or the end of the text). */
  private readonly lineEnd: Int32Array;

  constructor(
    private readonly glob: Glob,
    private readonly chars: readonly string[],
  ) {
    this.lineEnd = new Int32Array(chars.length + 1);
    let end = chars.length;
    this.lineEnd[end] = end;
    for (let i = chars.length - 1; i >= 0; i--) {
      if (chars[i] === '\n') {
        end = i;
      }
      this.lineEnd[i] = end;
    }
  }

  /** The end of the match that starts at `start`, or -1 when there is none or it gave up. */
  matchAt(start: number): number {
    const { tokens, greedy } = this.glob;
    const chars = this.chars;
    const width = chars.length + 1;
    const choices: Array<{ token: number; from: number; at: number; last: number }> = [];
    let token = 0;
    let pos = start;

    for (;;) {
      let matched = true;
      while (token < tokens.length && tokens[token] !== anyRun) {
        if (++this.steps > maxPatternSteps) {
          this.tooComplex = true;
          return -1;
        }
        const char = chars[pos];
        const want = tokens[token];
        if (char === undefined || (want === anyOne ? char === '\n' : char !== want)) {
          matched = false;
          break;
        }
        token++;
        pos++;
      }
      if (matched && token === tokens.length) {
        return pos;
      }
      if (matched && !this.failed.has(token * width + pos)) {
        const last = this.lineEnd[pos]!;
        const at = greedy ? last : pos;
        choices.push({ token, from: pos, at, last });
        token++;
        pos = at;
        continue;
      }

      // Back to the latest `*` that has another length to try.
      for (;;) {
        const choice = choices[choices.length - 1];
        if (choice === undefined) {
          return -1;
        }
        if (++this.steps > maxPatternSteps) {
          this.tooComplex = true;
          return -1;
        }
        const next = greedy ? choice.at - 1 : choice.at + 1;
        if (next >= choice.from && next <= choice.last) {
          choice.at = next;
          token = choice.token + 1;
          pos = next;
          break;
        }
        if (this.failed.size < maxRememberedFailures) {
          this.failed.add(choice.token * width + choice.from);
        }
        choices.pop();
      }
    }
  }
}

function invalidPattern(pattern: string, detail: string): { ok: false; message: string } {
  return { ok: false, message: `invalid pattern (${pattern}) in substitution: ${detail}` };
}

function trimPrefix(pattern: string, value: string, greedy: boolean): ExpandResult<string> {
  const glob = compileGlob(pattern, greedy);
  if (!glob.ok) {
    return invalidPattern(pattern, glob.message);
  }
  const chars = Array.from(value);
  const matcher = new GlobMatcher(glob.value, chars);
  const end = matcher.matchAt(0);
  if (matcher.tooComplex) {
    return { ok: false, message: expansionLimitMessages.patternTooComplex(pattern) };
  }
  return { ok: true, value: end < 0 ? value : chars.slice(end).join('') };
}

/** Shortest or longest suffix match: reverse value and pattern and match a prefix instead. */
function trimSuffix(pattern: string, value: string, greedy: boolean): ExpandResult<string> {
  const trimmed = trimPrefix(reversePattern(pattern), Array.from(value).reverse().join(''), greedy);
  if (!trimmed.ok) {
    return trimmed;
  }
  return { ok: true, value: Array.from(trimmed.value).reverse().join('') };
}

/** Reverses a pattern but keeps each `\x` escape pair in its order. */
function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === '\\' && i !== chars.length - 1) {
      out.push(chars[i]! + chars[i + 1]!);
      i++;
    } else {
      out.push(chars[i]!);
    }
  }
  return out.reverse().join('');
}

/**
 * `${name/pattern/replacement}` and `${name//pattern/replacement}`. Replacing every match follows
 * Go's `Regexp.ReplaceAllString`: an empty match right after a match is skipped (JavaScript's
 * `replace` would replace it), and `$0`, `${0}`, `$$` and `$name` in the replacement are expanded
 * the Go way (named groups do not exist here, so names give nothing).
 */
function replaceGlob(
  pattern: string,
  subject: string,
  replacement: string,
  replaceAll: boolean,
): ExpandResult<string> {
  const glob = compileGlob(pattern, true);
  if (!glob.ok) {
    return invalidPattern(pattern, glob.message);
  }
  const chars = Array.from(subject);
  const matcher = new GlobMatcher(glob.value, chars);
  const tooComplex: ExpandResult<string> = {
    ok: false,
    message: expansionLimitMessages.patternTooComplex(pattern),
  };
  const out: string[] = [];
  let length = 0;
  let lastMatchEnd = 0;
  let searchPos = 0;

  while (searchPos <= chars.length) {
    let start = searchPos;
    let end = -1;
    for (; start <= chars.length; start++) {
      end = matcher.matchAt(start);
      if (end >= 0 || matcher.tooComplex) {
        break;
      }
    }
    if (matcher.tooComplex) {
      return tooComplex;
    }
    if (end < 0) {
      break;
    }
    if (!replaceAll) {
      const replaced = chars.slice(0, start).join('') + replacement + chars.slice(end).join('');
      return replaced.length > maxExpandedLength
        ? { ok: false, message: expansionLimitMessages.tooLong(maxExpandedLength) }
        : { ok: true, value: replaced };
    }
    const between = chars.slice(lastMatchEnd, start).join('');
    out.push(between);
    length += between.length;
    if (end > lastMatchEnd || start === 0) {
      const expanded = expandGoTemplate(replacement, chars.slice(start, end).join(''));
      out.push(expanded);
      length += expanded.length;
    }
    if (length > maxExpandedLength) {
      return { ok: false, message: expansionLimitMessages.tooLong(maxExpandedLength) };
    }
    lastMatchEnd = end;
    searchPos = end > searchPos ? end : searchPos + 1;
  }
  out.push(chars.slice(lastMatchEnd).join(''));
  return { ok: true, value: out.join('') };
}

function expandGoTemplate(template: string, whole: string): string {
  if (!template.includes('$')) {
    return template;
  }
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]+)\}|[A-Za-z0-9_]+)/g,
    (_all, body: string, braced?: string) => {
      if (body === '$') {
        return '$';
      }
      return (braced ?? body) === '0' ? whole : '';
    },
  );
}
