/**
 * Variable expansion as BuildKit's shell lexer does it for Dockerfile instructions: quote removal,
 * escapes, `$name`, `${name}` and the `${name:-word}` family, including the pattern forms
 * (`#`, `%`, `/`). This is not a shell: there is no command substitution, no arithmetic and no
 * globbing of file names. RUN and CMD text is never passed through here by the builder; the
 * simulated shell expands that at run time.
 */

import { goQuote } from './dump.ts';
import { isGoSpace } from './text.ts';

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

const specialParameters = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
const letterOrDigit = /^[\p{L}\p{Nd}_]$/u;
const digit = /^\p{Nd}$/u;

class Lexer {
  private pos = 0;
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
        continue;
      }
      words.addChar(char);
      parts.push(char);
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
    const regex = shellPatternToRegex(pattern.word, true, false);
    if (!regex.ok) {
      return this.fail(`invalid pattern (${pattern.word}) in substitution: ${regex.message}`);
    }
    const subject = value ?? '';
    if (replaceAll) {
      return goReplaceAll(regex.value, subject, replacement.word);
    }
    regex.value.lastIndex = 0;
    const match = regex.value.exec(subject);
    if (match === null) {
      return subject;
    }
    return (
      subject.slice(0, match.index) +
      replacement.word +
      subject.slice(match.index + match[0].length)
    );
  }
}

const regexSpecials = new Set(['[', ']', '{', '}', '.', '+', '(', ')', '|', '^', '$']);

/**
 * Turns a `${name#pattern}` glob into a regular expression: `*` any run, `?` one character
 * (neither crosses a newline, as in Go's `.`),
 * `\` escapes `*`, `?` and `\` (and is dropped before `}` or `/`). There are no bracket classes.
 */
function shellPatternToRegex(
  pattern: string,
  greedy: boolean,
  anchored: boolean,
): ExpandResult<RegExp> {
  const chars = Array.from(pattern);
  const out: string[] = anchored ? ['^'] : [];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '*') {
      out.push(greedy ? '[^\\n]*' : '[^\\n]*?');
      continue;
    }
    if (char === '?') {
      out.push('[^\\n]');
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
      out.push('\\' + after);
      continue;
    }
    out.push(regexSpecials.has(char) ? '\\' + char : char);
  }
  return { ok: true, value: new RegExp(out.join(''), 'gu') };
}

function trimPrefix(pattern: string, value: string, greedy: boolean): ExpandResult<string> {
  const regex = shellPatternToRegex(pattern, greedy, true);
  if (!regex.ok) {
    return { ok: false, message: `invalid pattern (${pattern}) in substitution: ${regex.message}` };
  }
  regex.value.lastIndex = 0;
  const match = regex.value.exec(value);
  return { ok: true, value: match === null ? value : value.slice(match[0].length) };
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
 * Go's `Regexp.ReplaceAllString`: an empty match right after a match is skipped (JavaScript's
 * `replace` would replace it), and `$0`, `${0}`, `$$` and `$name` in the replacement are
 * expanded the Go way (named groups do not exist here, so names give nothing).
 */
function goReplaceAll(regex: RegExp, subject: string, replacement: string): string {
  const out: string[] = [];
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= subject.length) {
    regex.lastIndex = searchPos;
    const match = regex.exec(subject);
    if (match === null) {
      break;
    }
    const start = match.index;
    const end = start + match[0].length;
    out.push(subject.slice(lastMatchEnd, start));
    if (end > lastMatchEnd || start === 0) {
      out.push(expandGoTemplate(replacement, match[0]));
    }
    lastMatchEnd = end;
    const width =
      searchPos < subject.length ? (subject.codePointAt(searchPos)! > 0xffff ? 2 : 1) : 0;
    if (searchPos + width > end) {
      searchPos += width;
    } else if (searchPos + 1 > end) {
      searchPos++;
    } else {
      searchPos = end;
    }
  }
  out.push(subject.slice(lastMatchEnd));
  return out.join('');
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
