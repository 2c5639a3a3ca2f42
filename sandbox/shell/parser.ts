import type {
  Assignment,
  Command,
  CommandList,
  Compound,
  ParamOp,
  Redirect,
  RedirectOp,
  SimpleCommand,
  Word,
  WordPart,
} from './syntax.ts';

/**
 * Reads shell source the way dash does: one top-level command line at a time, so that a
 * syntax error further down a script is only reported after the lines before it have run. Errors
 * carry dash's wording (`Syntax error: "fi" unexpected (expecting "then")`) and the line.
 */

export interface SyntaxProblem {
  message: string;
  line: number;
  /** For a quote never closed: which one, as bash names it in its message. */
  quote?: "'" | '"';
}

/** Thrown inside the parser only; `Parser.next` and `parseScript` turn it into a value. */
class ParseFailure extends Error {
  constructor(readonly problem: SyntaxProblem) {
    super(problem.message);
  }
}

type Token =
  | { kind: 'word'; word: Word; literal: string | undefined; line: number }
  | { kind: 'io-number'; fd: number; line: number }
  | { kind: 'op'; op: string; line: number }
  | { kind: 'newline'; line: number }
  | { kind: 'eof'; line: number };

const OPERATORS = [
  '<<-',
  '&&',
  '||',
  ';;',
  '<<',
  '>>',
  '<&',
  '>&',
  '<>',
  '>|',
  ';',
  '&',
  '|',
  '(',
  ')',
  '<',
  '>',
];

const REDIRECT_OPS = new Set(['<', '>', '>>', '>|', '<>', '<&', '>&', '<<', '<<-']);

const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'case',
  'esac',
  'while',
  'until',
  'for',
  '{',
  '}',
  '!',
  'in',
]);

const CLOSERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isMeta(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || ';&|<>()'.includes(c);
}

function fail(message: string, line: number, quote?: SyntaxProblem['quote']): never {
  throw new ParseFailure({ message, line, ...(quote ? { quote } : {}) });
}

/**
 * How deeply compound commands, `$(...)`, backquotes, `${...}` and `$((...))` may nest. dash has
 * no limit of its own; this one keeps parsing (and later running) well inside the JavaScript
 * stack of any browser.
 */
export const MAX_PARSE_NESTING = 200;

/** Nesting of the parse in progress; parsing is synchronous, so one count serves every parser. */
let nesting = 0;

function nested<T>(line: number, run: () => T): T {
  if (nesting >= MAX_PARSE_NESTING) {
    fail(`Syntax error: nested too deeply (more than ${MAX_PARSE_NESTING} levels)`, line);
  }
  nesting++;
  try {
    return run();
  } finally {
    nesting--;
  }
}

interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  stripTabs: boolean;
  expand: boolean;
}

/** Builds a word part by part, merging neighbouring text of the same quoting. */
class WordBuilder {
  readonly parts: WordPart[] = [];

  text(text: string, quoted: boolean): void {
    const last = this.parts[this.parts.length - 1];
    if (last?.kind === 'text' && last.quoted === quoted) last.text += text;
    else this.parts.push({ kind: 'text', text, quoted });
  }

  push(part: WordPart): void {
    this.parts.push(part);
  }
}

class Lexer {
  pending: PendingHeredoc[] = [];

  constructor(
    readonly src: string,
    public pos: number,
    public line: number,
  ) {}

  token(): Token {
    this.skipBlanks();
    const line = this.line;
    if (this.pos >= this.src.length) {
      this.readHeredocs();
      return { kind: 'eof', line };
    }
    const c = this.src[this.pos]!;
    if (c === '\n') {
      this.pos++;
      this.line++;
      this.readHeredocs();
      return { kind: 'newline', line };
    }
    for (const op of OPERATORS) {
      if (this.src.startsWith(op, this.pos)) {
        this.pos += op.length;
        return { kind: 'op', op, line };
      }
    }
    const start = this.pos;
    const word = this.readParts(isMeta, false, 'word');
    const raw = this.src.slice(start, this.pos);
    const next = this.src[this.pos];
    if (/^[0-9]+$/.test(raw) && (next === '<' || next === '>')) {
      return { kind: 'io-number', fd: Number(raw), line };
    }
    const only = word[0];
    const literal =
      word.length === 1 && only?.kind === 'text' && !only.quoted && only.text === raw
        ? raw
        : undefined;
    return { kind: 'word', word, literal, line };
  }

  private skipBlanks(): void {
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') {
        this.pos += 2;
        this.line++;
      } else if (c === '#') {
        while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      } else break;
    }
  }

  /**
   * Reads word parts until `stop` says so. `dq` is the double-quoted context; `mode` says what
   * encloses the text: a plain word, a `${...}` argument, or a heredoc body.
   */
  readParts(stop: (c: string) => boolean, dq: boolean, mode: 'word' | 'brace' | 'heredoc'): Word {
    const out = new WordBuilder();
    const wordStart = this.pos;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (stop(c)) break;
      if (c === '\\') {
        const next = this.src[this.pos + 1];
        if (next === '\n') {
          this.pos += 2;
          this.line++;
        } else if (next === undefined) {
          out.text('\\', dq);
          this.pos++;
        } else if (!dq || (mode === 'heredoc' ? '$`\\' : '$`"\\').includes(next)) {
          out.text(next, true);
          this.pos += 2;
        } else {
          out.text('\\', true);
          this.pos++;
        }
        continue;
      }
      if (c === "'" && !dq) {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) fail('Syntax error: Unterminated quoted string', this.line, "'");
        const text = this.src.slice(this.pos + 1, end);
        this.line += countNewlines(text);
        out.text(text, true);
        this.pos = end + 1;
        continue;
      }
      if (c === '"' && mode !== 'heredoc' && (!dq || mode === 'brace')) {
        const line = this.line;
        this.pos++;
        const inner = this.readParts((ch) => ch === '"', true, 'word');
        if (this.src[this.pos] !== '"') fail('Syntax error: Unterminated quoted string', line, '"');
        this.pos++;
        if (inner.length === 0) out.text('', true);
        for (const part of inner) {
          if (part.kind === 'text') out.text(part.text, true);
          else out.push(part);
        }
        continue;
      }
      if (c === '`') {
        out.push(this.readBackquote(dq));
        continue;
      }
      if (c === '$') {
        const part = this.readDollar(dq);
        if (part) out.push(part);
        else {
          out.text('$', dq);
          this.pos++;
        }
        continue;
      }
      if (c === '~' && !dq && mode === 'word' && this.pos === wordStart) {
        const match = /^~([A-Za-z0-9_.-]*)/.exec(this.src.slice(this.pos, this.pos + 64))!;
        const after = this.src[this.pos + match[0].length];
        if (after === undefined || after === '/' || isMeta(after)) {
          out.push({ kind: 'tilde', user: match[1]! });
          this.pos += match[0].length;
          continue;
        }
      }
      if (c === '\n') this.line++;
      out.text(c, dq);
      this.pos++;
    }
    return out.parts;
  }

  private readDollar(dq: boolean): WordPart | undefined {
    const next = this.src[this.pos + 1];
    if (next === undefined) return undefined;
    if (next === '{') return nested(this.line, () => this.readBraced(dq));
    if (next === '(') {
      if (this.src[this.pos + 2] === '(') return nested(this.line, () => this.readArithmetic(dq));
      return nested(this.line, () => {
        const parser = new Parser(this.src, this.pos + 2, this.line);
        const body = parser.substitution();
        this.pos = parser.lexer.pos;
        this.line = parser.lexer.line;
        return { kind: 'command', body, quoted: dq };
      });
    }
    if (/[A-Za-z_]/.test(next)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos + 1, this.pos + 256))!;
      this.pos += 1 + match[0].length;
      return { kind: 'param', name: match[0], quoted: dq };
    }
    if (/[0-9@*#?\-$!]/.test(next)) {
      this.pos += 2;
      return { kind: 'param', name: next, quoted: dq };
    }
    return undefined;
  }

  private readParamName(): string {
    const rest = this.src.slice(this.pos, this.pos + 256);
    const match = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?\-$!])/.exec(rest);
    if (!match) return '';
    this.pos += match[0].length;
    return match[0];
  }

  private skipToBrace(line: number): WordPart {
    const end = this.src.indexOf('}', this.pos);
    if (end < 0) fail("Syntax error: Missing '}'", line);
    this.pos = end + 1;
    return { kind: 'bad-substitution', quoted: false };
  }

  private readBraced(dq: boolean): WordPart {
    const line = this.line;
    this.pos += 2;
    if (this.src[this.pos] === '#' && this.src[this.pos + 1] !== '}') {
      this.pos++;
      const name = this.readParamName();
      if (!name || this.src[this.pos] !== '}') return this.skipToBrace(line);
      this.pos++;
      return { kind: 'param', name, op: 'length', quoted: dq };
    }
    const name = this.readParamName();
    if (!name) return this.skipToBrace(line);
    if (this.src[this.pos] === '}') {
      this.pos++;
      return { kind: 'param', name, quoted: dq };
    }
    const op = (['##', '%%', ':-', ':=', ':?', ':+', '-', '=', '?', '+', '#', '%'] as const).find(
      (candidate) => this.src.startsWith(candidate, this.pos),
    );
    if (!op) return this.skipToBrace(line);
    this.pos += op.length;
    const arg = this.readParts((c) => c === '}', dq, 'brace');
    if (this.src[this.pos] !== '}') fail("Syntax error: Missing '}'", line);
    this.pos++;
    return { kind: 'param', name, op: op as ParamOp, arg, quoted: dq };
  }

  private readArithmetic(dq: boolean): WordPart {
    const line = this.line;
    const start = this.pos + 3;
    let depth = 0;
    for (let i = start; i < this.src.length; i++) {
      const c = this.src[i];
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth > 0) depth--;
        else if (this.src[i + 1] === ')') {
          const text = this.src.slice(start, i);
          this.pos = i + 2;
          this.line += countNewlines(text);
          const inner = new Lexer(text, 0, line);
          const expression = inner.readParts(() => false, true, 'heredoc');
          return { kind: 'arithmetic', expression, quoted: dq };
        } else break;
      }
    }
    fail("Syntax error: Missing '))'", line);
  }

  private readBackquote(dq: boolean): WordPart {
    return nested(this.line, () => this.readBackquoteBody(dq));
  }

  private readBackquoteBody(dq: boolean): WordPart {
    const line = this.line;
    const start = this.pos;
    let inner = '';
    let i = this.pos + 1;
    for (; i < this.src.length; i++) {
      const c = this.src[i]!;
      if (c === '`') break;
      if (c === '\\') {
        const next = this.src[i + 1];
        if (next !== undefined && ('$`\\'.includes(next) || (dq && next === '"'))) {
          inner += next;
          i++;
          continue;
        }
      }
      inner += c;
    }
    if (i >= this.src.length) fail('Syntax error: EOF in backquote substitution', line);
    this.pos = i + 1;
    this.line += countNewlines(this.src.slice(start, this.pos));
    const parser = new Parser(inner, 0, line);
    const items: CommandList['items'] = [];
    for (let list = parser.next(); list; list = parser.next()) items.push(...list.items);
    return { kind: 'command', body: { kind: 'list', items }, quoted: dq };
  }

  private readHeredocs(): void {
    const pending = this.pending;
    this.pending = [];
    for (const doc of pending) {
      const startLine = this.line;
      let body = '';
      while (this.pos < this.src.length) {
        const end = this.src.indexOf('\n', this.pos);
        const stop = end < 0 ? this.src.length : end;
        let text = this.src.slice(this.pos, stop);
        this.pos = end < 0 ? stop : stop + 1;
        if (end >= 0) this.line++;
        if (doc.stripTabs) text = text.replace(/^\t+/, '');
        if (text === doc.delimiter) break;
        body += end < 0 ? text : `${text}\n`;
      }
      doc.redirect.heredoc = doc.expand
        ? new Lexer(body, 0, startLine).readParts(() => false, true, 'heredoc')
        : [{ kind: 'text', text: body, quoted: true }];
    }
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (const c of text) if (c === '\n') count++;
  return count;
}

function isKeyword(token: Token, keyword?: string): boolean {
  if (token.kind !== 'word' || token.literal === undefined) return false;
  return keyword === undefined ? RESERVED.has(token.literal) : token.literal === keyword;
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of file';
    case 'newline':
      return 'newline';
    case 'op':
      return `"${token.op}"`;
    case 'io-number':
      return 'word';
    case 'word':
      return isKeyword(token) ? `"${token.literal}"` : 'word';
  }
}

function unexpected(token: Token, expecting?: string): never {
  const suffix = expecting ? ` (expecting ${expecting})` : '';
  fail(`Syntax error: ${describe(token)} unexpected${suffix}`, token.line);
}

export class Parser {
  readonly lexer: Lexer;
  private peeked: Token | undefined;

  constructor(source: string, pos = 0, line = 1) {
    this.lexer = new Lexer(source, pos, line);
  }

  /** The next top-level command line, `null` at the end; throws `ParseFailure`. */
  next(): CommandList | null {
    while (this.peek().kind === 'newline') this.take();
    if (this.peek().kind === 'eof') return null;
    const items: CommandList['items'] = [];
    for (;;) {
      const command = this.andOr();
      const sep = this.peek();
      if (sep.kind === 'op' && (sep.op === ';' || sep.op === '&')) {
        this.take();
        items.push({ command, background: sep.op === '&' });
        const after = this.peek();
        if (after.kind === 'newline' || after.kind === 'eof') break;
        continue;
      }
      items.push({ command, background: false });
      if (sep.kind === 'newline' || sep.kind === 'eof') break;
      unexpected(sep);
    }
    if (this.peek().kind === 'newline') this.take();
    return { kind: 'list', items };
  }

  /** The body of `$(...)`, consuming the closing parenthesis and nothing after it. */
  substitution(): CommandList {
    const body = this.compoundList();
    this.expectOp(')');
    return body;
  }

  private peek(): Token {
    if (!this.peeked) this.peeked = this.lexer.token();
    return this.peeked;
  }

  private take(): Token {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  private skipNewlines(): void {
    while (this.peek().kind === 'newline') this.take();
  }

  private isCloser(token: Token): boolean {
    if (token.kind === 'eof') return true;
    if (token.kind === 'op') return token.op === ')' || token.op === ';;';
    return token.kind === 'word' && token.literal !== undefined && CLOSERS.has(token.literal);
  }

  private expectKeyword(keyword: string): void {
    const token = this.take();
    if (!isKeyword(token, keyword)) unexpected(token, `"${keyword}"`);
  }

  private expectOp(op: string): void {
    const token = this.take();
    if (token.kind !== 'op' || token.op !== op) unexpected(token, `"${op}"`);
  }

  private compoundList(): CommandList {
    this.skipNewlines();
    const items: CommandList['items'] = [];
    while (!this.isCloser(this.peek())) {
      const command = this.andOr();
      const sep = this.peek();
      let background = false;
      if (sep.kind === 'op' && (sep.op === ';' || sep.op === '&')) {
        this.take();
        background = sep.op === '&';
      } else if (sep.kind !== 'newline') {
        items.push({ command, background });
        break;
      }
      items.push({ command, background });
      this.skipNewlines();
    }
    return { kind: 'list', items };
  }

  private andOr(): Command {
    const first = this.pipeline();
    const rest: Array<{ op: '&&' | '||'; command: Command }> = [];
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'op' || (token.op !== '&&' && token.op !== '||')) break;
      this.take();
      this.skipNewlines();
      rest.push({ op: token.op, command: this.pipeline() });
    }
    return rest.length === 0 ? first : { kind: 'and-or', first, rest };
  }

  private pipeline(): Command {
    let negated = false;
    if (isKeyword(this.peek(), '!')) {
      this.take();
      negated = true;
    }
    const commands = [this.command()];
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'op' || token.op !== '|') break;
      this.take();
      this.skipNewlines();
      commands.push(this.command());
    }
    return commands.length === 1 && !negated
      ? commands[0]!
      : { kind: 'pipeline', negated, commands };
  }

  private command(): Command {
    return nested(this.peek().line, () => this.unnestedCommand());
  }

  private unnestedCommand(): Command {
    const token = this.peek();
    if (token.kind === 'op' && token.op === '(') {
      this.take();
      const body = this.compoundList();
      this.expectOp(')');
      return { kind: 'subshell', body, redirects: this.redirects() };
    }
    if (token.kind === 'word' && isKeyword(token)) {
      switch (token.literal) {
        case 'if':
          return this.ifClause();
        case 'for':
          return this.forClause();
        case 'while':
        case 'until':
          return this.whileClause(token.literal === 'until');
        case 'case':
          return this.caseClause();
        case '{': {
          this.take();
          const body = this.compoundList();
          this.expectKeyword('}');
          return { kind: 'group', body, redirects: this.redirects() };
        }
        default:
          unexpected(token);
      }
    }
    return this.simpleCommand();
  }

  private redirects(): Redirect[] {
    const out: Redirect[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === 'io-number') {
        this.take();
        out.push(this.redirect(token.fd));
      } else if (token.kind === 'op' && REDIRECT_OPS.has(token.op)) {
        out.push(this.redirect(undefined));
      } else return out;
    }
  }

  private redirect(fd: number | undefined): Redirect {
    const opToken = this.take();
    if (opToken.kind !== 'op' || !REDIRECT_OPS.has(opToken.op)) unexpected(opToken);
    const op = opToken.op as RedirectOp;
    const target = this.take();
    if (target.kind !== 'word') unexpected(target);
    const input = op === '<' || op === '<&' || op === '<>' || op === '<<' || op === '<<-';
    const redirect: Redirect = { fd: fd ?? (input ? 0 : 1), op, target: target.word };
    if (op === '<<' || op === '<<-') {
      const quoted = target.word.some((part) => part.kind !== 'text' || part.quoted);
      const delimiter = target.word.map((part) => (part.kind === 'text' ? part.text : '')).join('');
      this.lexer.pending.push({ redirect, delimiter, stripTabs: op === '<<-', expand: !quoted });
    }
    return redirect;
  }

  private simpleCommand(): Command {
    const first = this.peek();
    const command: SimpleCommand = {
      kind: 'simple',
      line: first.line,
      assignments: [],
      words: [],
      redirects: [],
    };
    for (;;) {
      const token = this.peek();
      if (token.kind === 'io-number') {
        this.take();
        command.redirects.push(this.redirect(token.fd));
        continue;
      }
      if (token.kind === 'op' && REDIRECT_OPS.has(token.op)) {
        command.redirects.push(this.redirect(undefined));
        continue;
      }
      if (token.kind !== 'word') break;
      this.take();
      if (command.words.length === 0) {
        const assignment = toAssignment(token.word);
        if (assignment) {
          command.assignments.push(assignment);
          continue;
        }
        const after = this.peek();
        if (
          command.assignments.length === 0 &&
          command.redirects.length === 0 &&
          after.kind === 'op' &&
          after.op === '(' &&
          token.literal !== undefined
        ) {
          return this.functionDefinition(token.literal, token.line);
        }
      }
      command.words.push(token.word);
    }
    if (command.words.length + command.assignments.length + command.redirects.length === 0) {
      unexpected(this.peek());
    }
    return command;
  }

  private functionDefinition(name: string, line: number): Command {
    this.take();
    this.expectOp(')');
    if (!NAME.test(name)) fail('Syntax error: Bad function name', line);
    this.skipNewlines();
    return { kind: 'function', name, body: this.command() };
  }

  private ifClause(): Compound {
    this.take();
    const clauses: Array<{ condition: CommandList; body: CommandList }> = [];
    const condition = this.compoundList();
    this.expectKeyword('then');
    clauses.push({ condition, body: this.compoundList() });
    let otherwise: CommandList | undefined;
    for (;;) {
      const token = this.peek();
      if (isKeyword(token, 'elif')) {
        this.take();
        const next = this.compoundList();
        this.expectKeyword('then');
        clauses.push({ condition: next, body: this.compoundList() });
      } else if (isKeyword(token, 'else')) {
        this.take();
        otherwise = this.compoundList();
        this.expectKeyword('fi');
        break;
      } else {
        this.expectKeyword('fi');
        break;
      }
    }
    return { kind: 'if', clauses, otherwise, redirects: this.redirects() };
  }

  private forClause(): Compound {
    this.take();
    const nameToken = this.take();
    if (nameToken.kind !== 'word' || !nameToken.literal || !NAME.test(nameToken.literal)) {
      fail('Syntax error: Bad for loop variable', nameToken.line);
    }
    this.skipNewlines();
    let items: Word[] | undefined;
    if (isKeyword(this.peek(), 'in')) {
      this.take();
      items = [];
      for (let token = this.peek(); token.kind === 'word'; token = this.peek()) {
        items.push(token.word);
        this.take();
      }
      const sep = this.peek();
      if (sep.kind === 'op' && sep.op === ';') this.take();
      else if (sep.kind !== 'newline') unexpected(sep, '"do"');
    } else {
      const sep = this.peek();
      if (sep.kind === 'op' && sep.op === ';') this.take();
    }
    this.skipNewlines();
    this.expectKeyword('do');
    const body = this.compoundList();
    this.expectKeyword('done');
    return { kind: 'for', variable: nameToken.literal, items, body, redirects: this.redirects() };
  }

  private whileClause(until: boolean): Compound {
    this.take();
    const condition = this.compoundList();
    this.expectKeyword('do');
    const body = this.compoundList();
    this.expectKeyword('done');
    return { kind: 'while', until, condition, body, redirects: this.redirects() };
  }

  private caseClause(): Compound {
    this.take();
    const subject = this.take();
    if (subject.kind !== 'word') unexpected(subject, 'word');
    this.skipNewlines();
    this.expectKeyword('in');
    this.skipNewlines();
    const arms: Array<{ patterns: Word[]; body: CommandList }> = [];
    for (;;) {
      let token = this.peek();
      if (isKeyword(token, 'esac')) {
        this.take();
        break;
      }
      if (token.kind === 'op' && token.op === '(') {
        this.take();
        token = this.peek();
      }
      const patterns: Word[] = [];
      for (;;) {
        const pattern = this.take();
        if (pattern.kind !== 'word') unexpected(pattern, '")"');
        patterns.push(pattern.word);
        const sep = this.peek();
        if (sep.kind === 'op' && sep.op === '|') this.take();
        else break;
      }
      this.expectOp(')');
      const body = this.compoundList();
      arms.push({ patterns, body });
      const end = this.peek();
      if (end.kind === 'op' && end.op === ';;') {
        this.take();
        this.skipNewlines();
      } else if (!isKeyword(end, 'esac')) unexpected(end, '";;"');
    }
    return { kind: 'case', subject: subject.word, arms, redirects: this.redirects() };
  }
}

function toAssignment(word: Word): Assignment | undefined {
  const first = word[0];
  if (first?.kind !== 'text' || first.quoted) return undefined;
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  if (!match) return undefined;
  const rest = first.text.slice(match[0].length);
  const value: Word = rest ? [{ kind: 'text', text: rest, quoted: false }] : [];
  value.push(...word.slice(1));
  return { name: match[1]!, value };
}

/** Reads one top-level command line after another; a syntax error ends the reading. */
export class ScriptReader {
  private readonly parser: Parser;
  private failed = false;

  constructor(source: string) {
    this.parser = new Parser(source);
  }

  next(): CommandList | SyntaxProblem | null {
    if (this.failed) return null;
    try {
      return this.parser.next();
    } catch (error) {
      this.failed = true;
      if (error instanceof ParseFailure) return error.problem;
      // The nesting limit keeps the parser inside the stack; should a host's stack be smaller
      // still, its overflow is reported like the limit, not as a crash of the page.
      if (error instanceof RangeError) {
        const line = this.parser.lexer.line;
        return { message: `Syntax error: nested too deeply (more than the stack holds)`, line };
      }
      throw error;
    }
  }
}

/** Parses a whole script: every command line up to the first syntax error. */
export function parseScript(source: string): { commands: CommandList[]; error?: SyntaxProblem } {
  const reader = new ScriptReader(source);
  const commands: CommandList[] = [];
  for (let next = reader.next(); next; next = reader.next()) {
    if ('message' in next) return { commands, error: next };
    commands.push(next);
  }
  return { commands };
}
