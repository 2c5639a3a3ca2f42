/**
 * The shell's syntax tree: what the parser produces and the interpreter runs. Words keep their
 * quoting as structure, so expansion knows which text may be split into fields or globbed.
 */

export type ParamOp =
  '-' | ':-' | '=' | ':=' | '?' | ':?' | '+' | ':+' | '#' | '##' | '%' | '%%' | 'length';

export type WordPart =
  /** Literal text; `quoted` text is neither split into fields nor globbed. */
  | { kind: 'text'; text: string; quoted: boolean }
  | { kind: 'param'; name: string; op?: ParamOp; arg?: Word; quoted: boolean }
  /** `${...}` that the shell cannot read (`${a b}`): an error when expanded, as in dash. */
  | { kind: 'bad-substitution'; quoted: boolean }
  | { kind: 'command'; body: CommandList; quoted: boolean }
  | { kind: 'arithmetic'; expression: Word; quoted: boolean }
  /** `~` or `~user` at the start of a word. */
  | { kind: 'tilde'; user: string };

export type Word = WordPart[];

export type RedirectOp = '<' | '>' | '>>' | '>|' | '<>' | '<&' | '>&' | '<<' | '<<-';

export interface Redirect {
  fd: number;
  op: RedirectOp;
  target: Word;
  /** The body of a heredoc, expanded unless its delimiter was quoted. */
  heredoc?: Word;
}

export interface Assignment {
  name: string;
  value: Word;
}

export interface SimpleCommand {
  kind: 'simple';
  /** The script line the command starts on, for dash's `sh: 3: foo: not found`. */
  line: number;
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

export interface Pipeline {
  kind: 'pipeline';
  negated: boolean;
  commands: Command[];
}

export interface AndOr {
  kind: 'and-or';
  first: Command;
  rest: Array<{ op: '&&' | '||'; command: Command }>;
}

export interface CommandList {
  kind: 'list';
  items: Array<{ command: Command; background: boolean }>;
}

export type Compound =
  | { kind: 'group'; body: CommandList; redirects: Redirect[] }
  | { kind: 'subshell'; body: CommandList; redirects: Redirect[] }
  | {
      kind: 'if';
      clauses: Array<{ condition: CommandList; body: CommandList }>;
      otherwise?: CommandList;
      redirects: Redirect[];
    }
  | { kind: 'for'; variable: string; items?: Word[]; body: CommandList; redirects: Redirect[] }
  | {
      kind: 'while';
      until: boolean;
      condition: CommandList;
      body: CommandList;
      redirects: Redirect[];
    }
  | {
      kind: 'case';
      subject: Word;
      arms: Array<{ patterns: Word[]; body: CommandList }>;
      redirects: Redirect[];
    };

export interface FunctionDefinition {
  kind: 'function';
  name: string;
  body: Command;
}

export type Command =
  SimpleCommand | Pipeline | AndOr | CommandList | Compound | FunctionDefinition;
