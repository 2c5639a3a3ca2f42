/**
 * BuildKit's low-level Dockerfile parser: physical lines in, one node per instruction out. It
 * joins continuation lines, reads parser directives, keeps the comments above each instruction,
 * pulls out `--flags`, splits arguments the way each instruction wants, and reads heredoc bodies.
 * It knows nothing about what instructions mean (see instructions.ts) and never throws on what a
 * user typed: a rejected file gives the nodes read so far plus `error`.
 */

import { lexWord } from './expand.ts';
import type { EscapeToken } from './expand.ts';
import { parserMessages } from './messages.ts';
import {
  fromByteChars,
  hasNonAscii,
  isGoSpace,
  splitOnLineBlanks,
  toByteChars,
  trimGoSpace,
  trimGoSpaceLeft,
  utf8Length,
} from './text.ts';
import type {
  Diagnostic,
  Directives,
  DockerfileError,
  Heredoc,
  Node,
  ParseResult,
  SourceRange,
} from './types.ts';

/** The longest physical line BuildKit's scanner accepts, in bytes. */
export const maxLineBytes = 65535;

const knownDirectives = new Set(['syntax', 'escape', 'check']);
/**
 * BuildKit's `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`, up to the `=`. The value is cut out
 * by `directiveValue`: run on a long line, the lazy `(.+?)\s*$` takes quadratic time.
 */
const directivePattern = /^#[\t\n\f\r ]*([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=/;
const heredocMarker = /^([0-9]*)<<(-?)([^<]*)$/;
const heredocInstructions = new Set(['add', 'copy', 'run']);

/**
 * How many ONBUILD keywords in a row are read as nodes. BuildKit reads any number, and then
 * rejects `ONBUILD ONBUILD` in the instruction layer; a line of thousands would overflow the
 * stack here, so past this depth the rest of the line stays unread as the argument.
 */
const maxOnbuildDepth = 8;

type NodeOrError = { node: Node } | { message: string; code: string };

export function parseDockerfile(text: string): ParseResult {
  const lines = splitPhysicalLines(text);
  const directives: Directives = { escape: '\\' };
  const warnings: Diagnostic[] = [];
  const nodes: Node[] = [];
  const directiveState: DirectiveState = { done: false, seen: new Set<string>() };

  let lineCount = lines.length;
  let tooLongLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (
      line.bytes > maxLineBytes / 3 &&
      utf8Length(line.bytes === line.raw.length ? line.raw : line.raw + '\r') > maxLineBytes
    ) {
      tooLongLine = i + 1;
      lineCount = i;
      break;
    }
  }

  const fail = (message: string, code: string, startLine: number, endLine: number) => {
    const error: DockerfileError = { message, code, startLine, endLine };
    return { nodes, directives, warnings, error };
  };

  let comments: string[] = [];
  let index = 0;
  while (index < lineCount) {
    const first = lines[index]!;
    const startLine = index + 1;
    index++;

    const leftTrimmed = trimGoSpaceLeft(trimLineEnd(first.text));
    const firstIsComment = leftTrimmed.startsWith('#');
    const directive = readDirective(leftTrimmed, directiveState, directives, startLine);
    if (directive !== null) {
      return fail(directive, directiveErrorCode(directive), startLine, startLine);
    }
    if (firstIsComment) {
      if (!directiveState.justRead) {
        const comment = trimGoSpace(leftTrimmed.slice(1));
        comments = comment === '' ? [] : [...comments, comment];
      }
      continue;
    }
    const escape = directives.escape;
    let { text: joined, ended } = trimContinuation(leftTrimmed, escape);
    if (ended && joined === '') {
      continue;
    }

    const pieces = [joined];
    let sawEmptyContinuation = false;
    while (!ended && index < lineCount) {
      const line = lines[index]!;
      index++;
      const directiveError = readDirective(line.text, directiveState, directives, index);
      if (directiveError !== null) {
        return fail(directiveError, directiveErrorCode(directiveError), index, index);
      }
      const trimmedLeft = trimGoSpaceLeft(line.text);
      if (trimmedLeft.startsWith('#')) {
        continue;
      }
      if (trimmedLeft === '') {
        sawEmptyContinuation = true;
        continue;
      }
      const piece = trimContinuation(trimLineEnd(line.text), escape);
      pieces.push(piece.text);
      ended = piece.ended;
    }
    joined = pieces.length === 1 ? joined : pieces.join('');
    const lastLine = index;

    if (sawEmptyContinuation) {
      warnings.push({
        severity: 'warning',
        code: 'NoEmptyContinuation',
        message: parserMessages.emptyContinuation,
        hint: parserMessages.emptyContinuationHint,
        range: wholeLines(lines, lastLine, lastLine),
        url: 'https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/',
        source: 'buildkit',
      });
    }

    const built = nodeFromLine(joined, escape, comments, 0);
    if ('message' in built) {
      return fail(built.message, built.code, startLine, lastLine);
    }
    const node = built.node;
    node.range = {
      start: { line: startLine, column: first.text.length - leftTrimmed.length + 1 },
      end: { line: lastLine, column: lines[lastLine - 1]!.text.length + 1 },
    };
    if (node.child) {
      node.child.range = childRange(node, leftTrimmed);
    }
    nodes.push(node);
    comments = [];

    if (canContainHeredoc(node) && joined.includes('<<')) {
      const found = heredocsFromLine(joined);
      if ('message' in found) {
        return fail(found.message, 'InvalidHeredoc', startLine, lastLine);
      }
      for (const heredoc of found.heredocs) {
        const body: string[] = [];
        let terminated = false;
        while (index < lineCount) {
          const line = lines[index]!;
          index++;
          let candidate = trimLineEnd(line.text);
          if (heredoc.chomp) {
            candidate = candidate.replace(/^\t+/, '');
          }
          if (candidate === heredoc.name) {
            terminated = true;
            break;
          }
          body.push(line.text, '\n');
        }
        const content = body.join('');
        heredoc.content = heredoc.chomp ? content.replace(/^\t+/gm, '') : content;
        node.heredocs.push(heredoc);
        node.range.end = { line: index, column: (lines[index - 1]?.text.length ?? 0) + 1 };
        if (!terminated) {
          return fail(parserMessages.unterminatedHeredoc, 'UnterminatedHeredoc', startLine, index);
        }
      }
      if (node.child) {
        node.child.heredocs = node.heredocs;
      }
    }
  }

  if (nodes.length === 0) {
    const line = Math.max(1, lineCount);
    return fail(parserMessages.noInstructions, 'NoInstructions', line, line);
  }
  if (tooLongLine > 0) {
    return fail(parserMessages.lineTooLong(maxLineBytes), 'LineTooLong', tooLongLine, tooLongLine);
  }
  return { nodes, directives, warnings };
}

interface PhysicalLine {
  /** The line without its `\n` and one `\r` before it (what Go's line scanner yields). */
  raw: string;
  /** The same, BOM dropped on the first line. */
  text: string;
  /** Length of the line as scanned, `\r` included (UTF-16 units; bytes are counted when long). */
  bytes: number;
}

function splitPhysicalLines(text: string): PhysicalLine[] {
  if (text === '') {
    return [];
  }
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') {
    parts.pop();
  }
  return parts.map((part, index) => {
    const raw = part.endsWith('\r') ? part.slice(0, -1) : part;
    const text = index === 0 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    return { raw, text, bytes: part.length };
  });
}

/** Go's `bytes.TrimRight(line, "\r\n")`. */
function trimLineEnd(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x0d || line.charCodeAt(end - 1) === 0x0a)) {
    end--;
  }
  return end === line.length ? line : line.slice(0, end);
}

function wholeLines(
  lines: readonly PhysicalLine[],
  startLine: number,
  endLine: number,
): SourceRange {
  return {
    start: { line: startLine, column: 1 },
    end: { line: endLine, column: (lines[endLine - 1]?.text.length ?? 0) + 1 },
  };
}

interface DirectiveState {
  done: boolean;
  seen: Set<string>;
  /** True when the line just read was a directive (so it is not kept as a comment). */
  justRead?: boolean;
}

/** Reads a parser directive from `line` if directives are still allowed; returns an error text. */
function readDirective(
  line: string,
  state: DirectiveState,
  directives: Directives,
  lineNumber: number,
): string | null {
  state.justRead = false;
  if (state.done) {
    return null;
  }
  const trimmed = trimLineEnd(line);
  const match = directivePattern.exec(trimmed);
  const name = match?.[1]?.toLowerCase();
  const value = match ? directiveValue(trimmed.slice(match[0].length)) : null;
  if (!match || name === undefined || value === null || !knownDirectives.has(name)) {
    state.done = true;
    return null;
  }
  if (state.seen.has(name)) {
    return parserMessages.duplicateDirective(name);
  }
  state.seen.add(name);
  state.justRead = true;
  directives.lines = { ...directives.lines, [name]: lineNumber };
  if (name === 'escape') {
    if (value !== '\\' && value !== '`') {
      return parserMessages.invalidEscape(value);
    }
    directives.escape = value as EscapeToken;
  } else if (name === 'syntax') {
    directives.syntax = value;
  } else {
    directives.check = value;
  }
  return null;
}

const directiveSpace = /[\t\n\f\r ]/;
const notRegexDot = /[\n\r\u2028\u2029]/;

/**
 * What `[\t\n\f\r ]*(.+?)[\t\n\f\r ]*$` captures from the text after a directive's `=`, in
 * linear time; null when it does not match (nothing there, or a character `.` refuses).
 */
function directiveValue(rest: string): string | null {
  let start = 0;
  while (start < rest.length && directiveSpace.test(rest[start]!)) {
    start++;
  }
  let end = rest.length;
  while (end > start && directiveSpace.test(rest[end - 1]!)) {
    end--;
  }
  // Only spaces: the leading run gives its last character back so that `(.+?)` takes one.
  const value = start === end ? rest.slice(-1) : rest.slice(start, end);
  return value === '' || notRegexDot.test(value) ? null : value;
}

function directiveErrorCode(message: string): string {
  return message.startsWith('only one') ? 'DuplicateDirective' : 'InvalidEscapeToken';
}

/**
 * A line continues when it ends with the escape token (spaces and tabs may follow) that is not
 * itself escaped, or when it is only the escape token. The token and what follows it are removed.
 */
function trimContinuation(line: string, escape: EscapeToken): { text: string; ended: boolean } {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) {
    end--;
  }
  if (end === 0 || line[end - 1] !== escape) {
    return { text: line, ended: true };
  }
  if (end >= 2 && line[end - 2] === escape) {
    return { text: line, ended: true };
  }
  return { text: line.slice(0, end - 1), ended: false };
}

function childRange(node: Node, firstLine: string): SourceRange {
  const keywordEnd = node.keywordAsWritten.length;
  const offset = firstLine.indexOf(node.child!.keywordAsWritten, keywordEnd);
  if (offset < 0) {
    return node.range;
  }
  return {
    start: { line: node.range.start.line, column: node.range.start.column + offset },
    end: node.range.end,
  };
}

function canContainHeredoc(node: Node): boolean {
  const target = node.keyword === 'onbuild' && node.child ? node.child : node;
  return heredocInstructions.has(target.keyword) && !target.json;
}

/** Builds one node from a joined logical line (also used for ONBUILD's trigger). */
function nodeFromLine(
  line: string,
  escape: EscapeToken,
  comments: string[],
  onbuildDepth: number,
): NodeOrError {
  const trimmed = trimGoSpace(line);
  const [keywordAsWritten = '', rest = ''] = splitOnLineBlanks(trimmed, 2);
  const extracted = extractFlags(rest, escape);
  const argText = trimGoSpace(extracted.rest);
  const keyword = keywordAsWritten.toLowerCase();

  const node: Node = {
    keyword,
    keywordAsWritten,
    flags: extracted.flags,
    args: [],
    json: false,
    heredocs: [],
    original: trimmed,
    range: { start: { line: 0, column: 0 }, end: { line: 0, column: 0 } },
    comments,
  };

  switch (keyword) {
    case 'run':
    case 'cmd':
    case 'entrypoint':
    case 'shell':
      return withArgs(node, parseMaybeJson(argText, false));
    case 'add':
    case 'copy':
    case 'volume':
      return withArgs(node, parseMaybeJson(argText, true));
    case 'from':
    case 'expose':
      node.args = argText === '' ? [] : splitOnLineBlanks(argText);
      return { node };
    case 'env':
    case 'label':
      return withArgs(node, parseKeyValues(argText, keyword.toUpperCase(), escape));
    case 'arg':
      node.args = splitQuotedWords(argText, escape);
      return { node };
    case 'healthcheck':
      return withArgs(node, parseHealthcheckArgs(argText));
    case 'user':
    case 'workdir':
    case 'maintainer':
    case 'stopsignal':
      node.args = argText === '' ? [] : [argText];
      return { node };
    case 'onbuild': {
      if (argText === '') {
        return { node };
      }
      if (onbuildDepth >= maxOnbuildDepth) {
        node.args = [argText];
        return { node };
      }
      const child = nodeFromLine(argText, escape, [], onbuildDepth + 1);
      if ('message' in child) {
        return child;
      }
      node.child = child.node;
      return { node };
    }
    default:
      node.args = [''];
      return { node };
  }
}

type ArgsOrError = { args: string[]; json: boolean } | { message: string; code: string };

function withArgs(node: Node, parsed: ArgsOrError): NodeOrError {
  if ('message' in parsed) {
    return parsed;
  }
  node.args = parsed.args;
  node.json = parsed.json;
  return { node };
}

/**
 * Leading `--flag` words of the argument text. BuildKit walks this part byte by byte, so the walk
 * runs over the UTF-8 bytes; flag words keep Go's byte-as-character reading of non-ASCII text.
 */
function extractFlags(rest: string, escape: EscapeToken): { flags: string[]; rest: string } {
  const asBytes = hasNonAscii(rest);
  const line = asBytes ? toByteChars(rest) : rest;
  const flags: string[] = [];
  const remainder = (pos: number) => (asBytes ? fromByteChars(line.slice(pos)) : line.slice(pos));

  let inWord = false;
  let quote = '';
  let word = '';
  let blankOk = false;
  let pos = 0;
  for (; pos < line.length; pos++) {
    let char = line[pos]!;
    if (!inWord && quote === '') {
      if (isGoSpace(char.charCodeAt(0))) {
        continue;
      }
      if (char !== '-' || line[pos + 1] !== '-') {
        return { flags, rest: remainder(pos) };
      }
      inWord = true;
    }
    if (quote !== '') {
      if (char === quote) {
        quote = '';
        continue;
      }
      if (char === escape) {
        if (pos + 1 === line.length) {
          quote = '';
          continue;
        }
        pos++;
        char = line[pos]!;
      }
      word += char;
      continue;
    }
    if (isGoSpace(char.charCodeAt(0))) {
      inWord = false;
      if (word === '--') {
        return { flags, rest: remainder(pos) };
      }
      if (blankOk || word.length > 0) {
        flags.push(word);
      }
      word = '';
      blankOk = false;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      blankOk = true;
      continue;
    }
    if (char === escape) {
      if (pos + 1 === line.length) {
        continue;
      }
      pos++;
      char = line[pos]!;
    }
    word += char;
  }
  if ((inWord || quote !== '') && word !== '--' && (blankOk || word.length > 0)) {
    flags.push(word);
  }
  return { flags, rest: '' };
}

const notStringArray = 'not-string-array';

/** A JSON array of strings, `null` when the text is not JSON, or the non-string marker. */
function parseJsonArray(text: string): string[] | null | typeof notStringArray {
  const trimmed = trimGoSpaceLeft(text);
  if (!trimmed.startsWith('[')) {
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    // Not JSON: the caller falls back to the shell form, as BuildKit does.
    return null;
  }
  if (!Array.isArray(parsed)) {
    return null;
  }
  const items: string[] = [];
  for (const item of parsed) {
    if (typeof item !== 'string') {
      return notStringArray;
    }
    items.push(item.replace(loneSurrogate, '\uFFFD'));
  }
  return items;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function parseMaybeJson(text: string, splitWhenNotJson: boolean): ArgsOrError {
  const json = parseJsonArray(text);
  if (json === notStringArray) {
    return { message: parserMessages.jsonNotStrings, code: 'JsonNotStringArray' };
  }
  if (json !== null) {
    return { args: json, json: true };
  }
  if (text === '') {
    return { args: [], json: false };
  }
  return { args: splitWhenNotJson ? splitOnLineBlanks(text) : [text], json: false };
}

function parseHealthcheckArgs(text: string): ArgsOrError {
  const asBytes = hasNonAscii(text);
  const bytes = asBytes ? toByteChars(text) : text;
  let sep = 0;
  while (sep < bytes.length && !isGoSpace(bytes.charCodeAt(sep))) {
    sep++;
  }
  let next = sep;
  while (next < bytes.length && isGoSpace(bytes.charCodeAt(next))) {
    next++;
  }
  if (sep === 0) {
    return { args: [], json: false };
  }
  const decode = (part: string) => (asBytes ? fromByteChars(part) : part);
  const command = parseMaybeJson(decode(bytes.slice(next)), false);
  if ('message' in command) {
    return command;
  }
  return { args: [decode(bytes.slice(0, sep)), ...command.args], json: command.json };
}

/**
 * ENV and LABEL: `key=value` words (every word must hold `=`), or the legacy `key value` form.
 * Each pair becomes three items: key, value, and `=` or `` for the legacy form.
 */
function parseKeyValues(text: string, instruction: string, escape: EscapeToken): ArgsOrError {
  const words = splitQuotedWords(text, escape);
  if (words.length === 0) {
    return { args: [], json: false };
  }
  if (!words[0]!.includes('=')) {
    const parts = splitOnLineBlanks(text, 2);
    if (parts.length < 2) {
      return { message: parserMessages.needsTwoArguments(instruction), code: 'MissingValue' };
    }
    return { args: [parts[0]!, parts[1]!, ''], json: false };
  }
  const args: string[] = [];
  for (const word of words) {
    const equals = word.indexOf('=');
    if (equals < 0) {
      return { message: parserMessages.missingEquals(word), code: 'MissingEquals' };
    }
    args.push(word.slice(0, equals), word.slice(equals + 1), '=');
  }
  return { args, json: false };
}

/**
 * Words split at white space outside quotes. Quotes stay in the word; the escape token stays
 * together with the character after it (except inside single quotes, where it is plain text).
 */
export function splitQuotedWords(text: string, escape: EscapeToken): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote = '';
  let blankOk = false;
  for (let pos = 0; pos < text.length; pos++) {
    let char = text[pos]!;
    if (!inWord) {
      if (isGoSpace(char.charCodeAt(0))) {
        continue;
      }
      inWord = true;
    }
    if (quote === '') {
      if (isGoSpace(char.charCodeAt(0))) {
        inWord = false;
        if (blankOk || word.length > 0) {
          words.push(word);
        }
        word = '';
        blankOk = false;
        continue;
      }
      if (char === "'" || char === '"') {
        quote = char;
        blankOk = true;
      }
      if (char === escape) {
        if (pos + 1 === text.length) {
          continue;
        }
        word += char;
        pos++;
        char = text[pos]!;
      }
      word += char;
      continue;
    }
    if (char === quote) {
      quote = '';
    }
    if (char === escape && quote !== "'") {
      if (pos + 1 === text.length) {
        quote = '';
        continue;
      }
      pos++;
      word += char;
      char = text[pos]!;
    }
    word += char;
  }
  if (inWord && (blankOk || word.length > 0)) {
    words.push(word);
  }
  return words;
}

/** Finds the heredoc markers (`<<EOF`, `<<-'EOF'`, `3<<EOF`) among the words of a line. */
function heredocsFromLine(line: string): { heredocs: Heredoc[] } | { message: string } {
  const lexed = lexWord(line, () => undefined, {
    escape: '\\',
    rawQuotes: true,
    rawEscapes: true,
  });
  if (!lexed.ok) {
    return { heredocs: [] };
  }
  const heredocs: Heredoc[] = [];
  for (const word of lexed.value.words) {
    const marker = parseHeredocMarker(word);
    if (marker === null) {
      continue;
    }
    if ('message' in marker) {
      return marker;
    }
    heredocs.push(marker);
  }
  return { heredocs };
}

/** Reads one heredoc marker word; `null` when the word is not a marker. */
export function parseHeredocMarker(word: string): Heredoc | { message: string } | null {
  const match = heredocMarker.exec(word);
  if (match === null || match[3] === '') {
    return null;
  }
  const rest = match[3]!;
  const unset = () => undefined;
  const plain = lexWord(rest, unset, { escape: '\\', skipUnsetEnv: true });
  if (!plain.ok) {
    return { message: plain.message };
  }
  if (plain.value.words.length !== 1) {
    return null;
  }
  const raw = lexWord(rest, unset, { escape: '\\', skipUnsetEnv: true, rawQuotes: true });
  if (!raw.ok) {
    return { message: raw.message };
  }
  const name = plain.value.words[0]!;
  const rawName = raw.value.words[0] ?? '';
  const heredoc: Heredoc = {
    name,
    content: '',
    expand: countQuotes(name) === countQuotes(rawName),
    chomp: match[2] === '-',
  };
  if (match[1] !== '') {
    heredoc.fileDescriptor = Number(match[1]);
  }
  return heredoc;
}

function countQuotes(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x22 || code === 0x27) {
      count++;
    }
  }
  return count;
}
