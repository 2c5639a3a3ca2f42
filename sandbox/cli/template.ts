/**
 * The part of Go's text/template that `--format` is used for, with Docker's extra functions:
 * field paths (`{{.Config.Env}}`), variables, pipelines (`{{.Names | upper}}`), `if`/`else`,
 * `range` (with `$i, $v :=`), `with`, comments, `{{-`/`-}}` trimming, and the functions `json`,
 * `join`, `split`, `index`, `len`, `printf`, `print`, `println`, `upper`, `lower`, `title`,
 * `pad`, `truncate`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `and`, `or`, `not`. Values print as
 * Go's fmt does: structs as `{a b}`, maps as `map[k:v]`, lists as `[a b]`, nil as `<nil>`.
 */
import { QUERY_MESSAGES } from './messages.ts';

type Value = unknown;

interface Failure {
  /** Go's message; or, when `limit` is set, the simulation's own note (`dockyard: ...`). */
  error: string;
  /** The template went past what the simulation lets one template do (see `LIMITS`). */
  limit?: boolean;
  /** What the template wrote before it failed (Go's writer keeps it; `docker info` prints it). */
  partial?: string;
}

/** Capitalised keys are Go struct fields; any other key belongs to a map. */
function isStruct(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => /^[A-Z]/.test(key));
}

/** `map[8080/tcp:{}]`: a port set's values are empty structs, not empty maps. */
const PORT_KEY = /^\d+(?:-\d+)?\/(?:tcp|udp|sctp)$/;

/** What a missing map key evaluates to: Go prints it as `<no value>`. */
const NO_VALUE = Symbol('no value');

export function goString(value: Value, inPortMap = false): string {
  if (value === NO_VALUE) return '<no value>';
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map((item) => goString(item)).join(' ')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (isStruct(record)) {
      return `{${Object.values(record)
        .map((item) => goString(item))
        .join(' ')}}`;
    }
    const keys = Object.keys(record).sort();
    if (keys.length === 0 && inPortMap) return '{}';
    const ports = keys.length > 0 && keys.every((key) => PORT_KEY.test(key));
    return `map[${keys.map((key) => `${key}:${goString(record[key], ports)}`).join(' ')}]`;
  }
  return String(value);
}

/** JSON as Go's encoder writes it: `<`, `>` and `&` escaped. */
export function goJson(value: Value, indent?: number): string {
  return JSON.stringify(value === NO_VALUE ? null : (value ?? null), null, indent)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

// Parsing

/** Every operand knows its offset in the template, for Go's `:LINE:COL:` in errors. */
type Operand = { pos: number } & (
  | { kind: 'field'; base: 'dot' | string; path: string[]; text: string }
  | { kind: 'literal'; value: Value }
  | { kind: 'call'; name: string }
  | { kind: 'pipe'; pipe: Pipeline; path: string[] }
);

interface Command {
  operands: Operand[];
  /** The command as Go prints it in an error (`index .Names 1`). */
  text: string;
}

/** Tokens back to a command's text, as Go's nodes print themselves. */
function commandText(tokens: string[]): string {
  return tokens
    .map((token) => (token.startsWith('~') ? token.slice(1) : token))
    .join(' ')
    .replace(/\( /g, '(')
    .replace(/ \)/g, ')')
    .replace(/\) \./g, ').');
}

interface Pipeline {
  declare: string[];
  commands: Command[];
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'with'; pipe: Pipeline; then: Node[]; else: Node[] }
  | { kind: 'range'; pipe: Pipeline; body: Node[]; else: Node[] };

const FUNCTIONS = new Set([
  'json',
  'join',
  'split',
  'index',
  'len',
  'printf',
  'print',
  'println',
  'upper',
  'lower',
  'title',
  'pad',
  'truncate',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'and',
  'or',
  'not',
]);

class ParseError {
  constructor(readonly message: string) {}
}

/**
 * What one template may do before the simulation stops it. Go has no such limits; a page that
 * must never hang does. Nesting is bounded by the depth of the JavaScript stack too.
 */
export const LIMITS = { steps: 1_000_000, bytes: 8 * 1024 * 1024, parens: 10_000 };

/** A template that went past `LIMITS`: ends its execution whatever the nesting. */
class LimitError {}

/** Go's lexer on a lone `}` inside an action (`{{.Names}`). */
const BAD_BRACE = "bad character U+007D '}'";

/** The variables (`$v`) a pipeline reads, its nested pipelines' included. */
function variablesRead(pipe: Pipeline): string[] {
  return pipe.commands.flatMap((command) =>
    command.operands.flatMap((op) =>
      op.kind === 'field' && op.base !== 'dot'
        ? [op.base]
        : op.kind === 'pipe'
          ? variablesRead(op.pipe)
          : [],
    ),
  );
}

/**
 * Splits an action's text into words: strings, parentheses, `|`, `:=`, `,` and the rest, with
 * each word's offset in the template (`base` is the action text's own offset).
 */
function tokenize(text: string, base: number): { tokens: string[]; offsets: number[] } {
  const tokens: string[] = [];
  const offsets: number[] = [];
  let i = 0;
  const push = (token: string, at: number) => {
    tokens.push(token);
    offsets.push(base + at);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += c === '"' && text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw new ParseError('unterminated quoted string');
      push(text.slice(i, j + 1), i);
      i = j + 1;
      continue;
    }
    if (c === '}') throw new ParseError(BAD_BRACE);
    if (c === '(' || c === ')' || c === '|' || c === ',') {
      push(c, i);
      i++;
      // `(index .X 0).Field`: a field of the parenthesised value, marked so.
      if (c === ')' && text[i] === '.') {
        let j = i;
        while (j < text.length && !/[\s()|,"`]/.test(text[j]!)) j++;
        push(`~${text.slice(i, j)}`, i);
        i = j;
      }
      continue;
    }
    if (text.startsWith(':=', i)) {
      push(':=', i);
      i += 2;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s()|,"`}]/.test(text[j]!) && !text.startsWith(':=', j)) j++;
    push(text.slice(i, j), i);
    i = j;
  }
  return { tokens, offsets };
}

function parseString(token: string): string {
  if (token.startsWith('`')) return token.slice(1, -1);
  try {
    return JSON.parse(token) as string;
  } catch {
    throw new ParseError(`invalid syntax: ${token}`);
  }
}

function parsePipeline(tokens: string[], offsets: number[], keyword?: string): Pipeline {
  let pos = 0;
  const declare: string[] = [];
  // `$v :=` or `$i, $v :=` at the start.
  const assign = tokens.indexOf(':=');
  if (assign > 0 && tokens.slice(0, assign).every((t) => t === ',' || t.startsWith('$'))) {
    for (const token of tokens.slice(0, assign)) if (token !== ',') declare.push(token);
    pos = assign + 1;
  }
  let depth = 0;
  const pipe = (): Pipeline => {
    const commands: Command[] = [];
    let operands: Operand[] = [];
    let start = pos;
    while (pos < tokens.length) {
      const token = tokens[pos++]!;
      if (token === ')') {
        pos--;
        break;
      }
      if (token === '|') {
        if (operands.length === 0) throw new ParseError('missing command');
        commands.push({ operands, text: commandText(tokens.slice(start, pos - 1)) });
        operands = [];
        start = pos;
        continue;
      }
      if (token === '(') {
        if (++depth > LIMITS.parens) throw new ParseError('max expression depth exceeded');
        const inner = pipe();
        depth -= 1;
        if (tokens[pos++] !== ')') throw new ParseError('unclosed left paren');
        const chain = tokens[pos]?.startsWith('~') ? tokens[pos++]!.slice(1) : '';
        const path = chain.split('.').filter(Boolean);
        operands.push({ kind: 'pipe', pipe: inner, path, pos: offsets[pos - 1]! });
        continue;
      }
      operands.push(operand(token, offsets[pos - 1]!));
    }
    if (operands.length > 0)
      commands.push({ operands, text: commandText(tokens.slice(start, pos)) });
    return { declare: [], commands };
  };
  const result = pipe();
  if (pos < tokens.length) throw new ParseError(`unexpected "${tokens[pos]}" in operand`);
  if (result.commands.length === 0) {
    throw new ParseError(keyword ? `missing value for ${keyword}` : 'missing value for command');
  }
  return { declare, commands: result.commands };
}

function operand(token: string, pos: number): Operand {
  if (token.startsWith('"') || token.startsWith('`')) {
    return { kind: 'literal', value: parseString(token), pos };
  }
  if (token === 'true' || token === 'false') {
    return { kind: 'literal', value: token === 'true', pos };
  }
  if (token === 'nil') return { kind: 'literal', value: null, pos };
  if (/^-?\d+(\.\d+)?$/.test(token)) return { kind: 'literal', value: Number(token), pos };
  // Go places a chain (`.Config.Env`, `$v.Name`) where its second part starts.
  if (token.startsWith('.')) {
    const path = token.split('.').filter(Boolean);
    const at = path.length > 1 ? pos + path[0]!.length + 1 : pos;
    return { kind: 'field', base: 'dot', path, text: token, pos: at };
  }
  if (token.startsWith('$')) {
    const [name, ...path] = token.split('.');
    const at = path.length > 0 ? pos + name!.length : pos;
    return { kind: 'field', base: name!, path: path.filter(Boolean), text: token, pos: at };
  }
  if (/^[A-Za-z_]\w*$/.test(token)) {
    if (!FUNCTIONS.has(token)) throw new ParseError(`function "${token}" not defined`);
    return { kind: 'call', name: token, pos };
  }
  throw new ParseError(`unexpected ${JSON.stringify(token)} in operand`);
}

function parse(template: string): Node[] | Failure {
  type Frame = {
    keyword: 'root' | 'if' | 'with' | 'range';
    pipe?: Pipeline;
    nodes: Node[];
    elseNodes?: Node[];
    inElse: boolean;
    /** `else if` opens a nested `if` that the same `{{end}}` closes. */
    chained: boolean;
    /** Variables declared in this block, which end with it. */
    vars: string[];
  };
  const root: Frame = { keyword: 'root', nodes: [], inElse: false, chained: false, vars: ['$'] };
  const stack: Frame[] = [root];
  /** A pipeline whose variables are all declared; its own declarations count from after it. */
  const checked = (pipe: Pipeline): Pipeline => {
    for (const name of variablesRead(pipe)) {
      if (!stack.some((frame) => frame.vars.includes(name))) {
        throw new ParseError(`undefined variable "${name}"`);
      }
    }
    return pipe;
  };
  const target = () => {
    const frame = stack.at(-1)!;
    return frame.inElse ? frame.elseNodes! : frame.nodes;
  };
  const close = (): boolean => {
    const frame = stack.pop()!;
    if (frame.keyword === 'root') return false;
    const elseNodes = frame.elseNodes ?? [];
    const node: Node =
      frame.keyword === 'range'
        ? { kind: 'range', pipe: frame.pipe!, body: frame.nodes, else: elseNodes }
        : { kind: frame.keyword, pipe: frame.pipe!, then: frame.nodes, else: elseNodes };
    target().push(node);
    if (frame.chained) return close();
    return true;
  };
  const pattern = /\{\{(-\s)?([\s\S]*?)(\s-)?\}\}/g;
  let last = 0;
  let trimNext = false;
  try {
    for (const match of template.matchAll(pattern)) {
      let text = template.slice(last, match.index);
      if (trimNext) text = text.trimStart();
      if (match[1]) text = text.trimEnd();
      if (text !== '') target().push({ kind: 'text', text });
      trimNext = match[3] !== undefined;
      last = match.index! + match[0].length;
      const action = match[2]!.trim();
      if (action.startsWith('/*')) continue;
      const base =
        match.index! +
        2 +
        (match[1]?.length ?? 0) +
        match[2]!.length -
        match[2]!.trimStart().length;
      const { tokens, offsets } = tokenize(action, base);
      const keyword = tokens[0];
      if (keyword === 'if' || keyword === 'with' || keyword === 'range') {
        const pipe = checked(parsePipeline(tokens.slice(1), offsets.slice(1), keyword));
        stack.push({
          keyword,
          pipe,
          nodes: [],
          inElse: false,
          chained: false,
          vars: pipe.declare,
        });
      } else if (keyword === 'else') {
        const frame = stack.at(-1)!;
        if (frame.keyword === 'root' || frame.inElse) throw new ParseError('unexpected {{else}}');
        frame.inElse = true;
        frame.elseNodes = [];
        if (tokens[1] === 'if' || tokens[1] === 'with') {
          const pipe = checked(parsePipeline(tokens.slice(2), offsets.slice(2), tokens[1]));
          stack.push({
            keyword: tokens[1],
            pipe,
            nodes: [],
            inElse: false,
            chained: true,
            vars: pipe.declare,
          });
        }
      } else if (keyword === 'end') {
        if (!close()) throw new ParseError('unexpected {{end}}');
      } else if (keyword === undefined) {
        throw new ParseError('missing value for command');
      } else {
        const pipe = checked(parsePipeline(tokens, offsets));
        stack.at(-1)!.vars.push(...pipe.declare);
        target().push({ kind: 'action', pipe });
      }
    }
  } catch (error) {
    if (error instanceof ParseError) return { error: `template: :1: ${error.message}` };
    throw error;
  }
  const rest = trimNext ? template.slice(last).trimStart() : template.slice(last);
  const open = rest.indexOf('{{');
  if (open >= 0) {
    // Go's lexer reads on into the action: a lone `}` is a bad character, else the end comes first.
    const inside = rest.slice(open + 2).replace(/"(?:[^"\\]|\\.)*"|`[^`]*`/g, '');
    return { error: `template: :1: ${inside.includes('}') ? BAD_BRACE : 'unclosed action'}` };
  }
  if (rest !== '') target().push({ kind: 'text', text: rest });
  if (stack.length !== 1) return { error: 'template: :1: unexpected EOF' };
  return root.nodes;
}

// Execution

/** A failure while executing; `at` is the operand Go names (`at <.Nope>`), once known. */
class ExecError {
  constructor(
    readonly message: string,
    public at?: { pos: number; text: string },
  ) {}
}

interface Scope {
  dot: Value;
  vars: Map<string, Value>;
  /** Go's type name for a struct the template reads fields of, when it is one (`ps`, `images`). */
  typeName?: string;
  /** Go's `missingkey=error`: a map key that is not there fails instead of giving `<no value>`. */
  missingKeyError?: boolean | 'structs';
  /** Everything written so far, shared by nested blocks, so a failure can keep it. */
  out: string[];
  /** Steps taken and bytes written so far, shared by nested blocks, against `LIMITS`. */
  spent: { steps: number; bytes: number };
}

function write(scope: Scope, text: string): void {
  scope.spent.bytes += text.length;
  if (scope.spent.bytes > LIMITS.bytes) throw new LimitError();
  scope.out.push(text);
}

/** Go's truth: false, 0, nil, and empty strings, lists and maps are false. */
function truthy(value: Value): boolean {
  if (value === NO_VALUE || value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function field(
  value: Value,
  path: string[],
  at: { pos: number; text: string },
  scope: Scope,
  isRoot: boolean,
): Value {
  let current = value;
  for (const [i, key] of path.entries()) {
    if (current === NO_VALUE || current === null || current === undefined) {
      if (current === NO_VALUE) return NO_VALUE;
      throw new ExecError(`nil pointer evaluating interface {}.${key}`, at);
    }
    if (typeof current !== 'object' || Array.isArray(current)) {
      throw new ExecError(`can't evaluate field ${key} in type ${goType(current)}`, at);
    }
    const record = current as Record<string, unknown>;
    if (!(key in record)) {
      if (isRoot && i === 0 && scope.typeName) {
        throw new ExecError(`can't evaluate field ${key} in type ${scope.typeName}`, at);
      }
      if (
        scope.missingKeyError === true ||
        (scope.missingKeyError === 'structs' && isStruct(record))
      ) {
        throw new ExecError(`map has no entry for key "${key}"`, at);
      }
      return NO_VALUE;
    }
    current = record[key];
  }
  return current;
}

function goType(value: Value): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return '[]interface {}';
  return 'interface {}';
}

function evalOperand(op: Operand, scope: Scope): Value {
  switch (op.kind) {
    case 'literal':
      return op.value;
    case 'field': {
      const at = { pos: op.pos, text: op.text };
      if (op.base === 'dot') return field(scope.dot, op.path, at, scope, true);
      if (!scope.vars.has(op.base)) throw new ExecError(`undefined variable: ${op.base}`, at);
      return field(scope.vars.get(op.base), op.path, at, scope, op.base === '$');
    }
    case 'pipe': {
      const value = evalPipeline(op.pipe, scope);
      const at = { pos: op.pos, text: `.${op.path.join('.')}` };
      return op.path.length > 0 ? field(value, op.path, at, scope, false) : value;
    }
    case 'call':
      return callFunction(op.name, [], scope);
  }
}

function evalPipeline(pipe: Pipeline, scope: Scope): Value {
  let result: Value = undefined;
  let piped = false;
  for (const command of pipe.commands) {
    try {
      result = evalCommand(command, piped, result, scope);
    } catch (error) {
      // Go names the command that failed when nothing more precise did: the whole command when
      // a function returned the error, else the function's name.
      const head = command.operands[0]!;
      if (error instanceof ExecError && !error.at) {
        const text = error.message.startsWith('error calling') ? command.text : describe(head);
        error.at = { pos: head.pos, text };
      }
      throw error;
    }
    piped = true;
  }
  return result;
}

function evalCommand(command: Command, piped: boolean, input: Value, scope: Scope): Value {
  const [head, ...rest] = command.operands;
  const args = rest.map((op) => evalOperand(op, scope));
  if (piped) args.push(input);
  if (head!.kind === 'call') return callFunction(head!.name, args, scope);
  const value = evalOperand(head!, scope);
  if (typeof value === 'function') {
    // A method of the context, such as `{{.Label "com.example.key"}}`.
    const method = value as (...values: unknown[]) => unknown;
    if (args.length !== method.length) {
      const name = describe(head!).split('.').pop();
      throw new ExecError(
        `wrong number of args for ${name}: want ${method.length} got ${args.length}`,
      );
    }
    return method(...args);
  }
  if (args.length > 0) {
    throw new ExecError(`can't give argument to non-function ${describe(head!)}`);
  }
  return value;
}

function describe(op: Operand): string {
  return op.kind === 'field' ? op.text : op.kind === 'call' ? op.name : 'value';
}

function arity(name: string, args: Value[], count: number): void {
  if (args.length !== count) {
    throw new ExecError(`wrong number of args for ${name}: want ${count} got ${args.length}`);
  }
}

function asString(value: Value): string {
  return typeof value === 'string' ? value : goString(value);
}

function compare(name: string, a: Value, b: Value): boolean {
  const x = a === NO_VALUE ? null : a;
  const y = b === NO_VALUE ? null : b;
  switch (name) {
    case 'eq':
      return x === y;
    case 'ne':
      return x !== y;
    case 'lt':
      return (x as number) < (y as number);
    case 'le':
      return (x as number) <= (y as number);
    case 'gt':
      return (x as number) > (y as number);
    default:
      return (x as number) >= (y as number);
  }
}

function callFunction(name: string, args: Value[], scope: Scope): Value {
  switch (name) {
    case 'json':
      arity(name, args, 1);
      return goJson(args[0]);
    case 'join': {
      arity(name, args, 2);
      const list = args[0];
      if (!Array.isArray(list)) throw new ExecError('wrong type for value; expected []string');
      return list.map(asString).join(asString(args[1]));
    }
    case 'split':
      arity(name, args, 2);
      return asString(args[0]).split(asString(args[1]));
    case 'index': {
      let current = args[0];
      for (const key of args.slice(1)) {
        if (typeof current === 'string') {
          // Go indexes a string's bytes.
          const bytes = new TextEncoder().encode(current);
          const i = Number(key);
          if (!Number.isInteger(i) || i < 0 || i >= bytes.length) {
            throw new ExecError(`error calling index: index out of range: ${goString(key)}`);
          }
          current = bytes[i];
        } else if (Array.isArray(current)) {
          const i = Number(key);
          if (!Number.isInteger(i) || i < 0 || i >= current.length) {
            throw new ExecError(`error calling index: index out of range: ${goString(key)}`);
          }
          current = current[i];
        } else if (current && typeof current === 'object') {
          const record = current as Record<string, unknown>;
          current = String(key) in record ? record[String(key)] : NO_VALUE;
        } else if (current === null || current === undefined || current === NO_VALUE) {
          throw new ExecError('error calling index: index of untyped nil');
        } else {
          throw new ExecError(`error calling index: can't index item of type ${goType(current)}`);
        }
      }
      return current;
    }
    case 'len': {
      arity(name, args, 1);
      const value = args[0];
      if (typeof value === 'string' || Array.isArray(value)) return value.length;
      if (value && typeof value === 'object') return Object.keys(value).length;
      throw new ExecError(`error calling len: len of type ${goType(value)}`);
    }
    case 'printf':
      return sprintf(asString(args[0] ?? ''), args.slice(1));
    case 'print':
      return goPrint(args);
    case 'println':
      return `${args.map((arg) => goString(arg)).join(' ')}\n`;
    case 'upper':
      arity(name, args, 1);
      return asString(args[0]).toUpperCase();
    case 'lower':
      arity(name, args, 1);
      return asString(args[0]).toLowerCase();
    case 'title':
      arity(name, args, 1);
      return asString(args[0]).replace(/\b\w/g, (c) => c.toUpperCase());
    case 'pad': {
      arity(name, args, 3);
      const [text, before, after] = args as [Value, number, number];
      return ' '.repeat(before) + asString(text) + ' '.repeat(after);
    }
    case 'truncate': {
      arity(name, args, 2);
      const chars = [...asString(args[0])];
      return chars.slice(0, Number(args[1])).join('');
    }
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      arity(name, args, 2);
      return compare(name, args[0], args[1]);
    case 'and':
      return args.find((arg) => !truthy(arg)) ?? args.at(-1);
    case 'or':
      return args.find((arg) => truthy(arg)) ?? args.at(-1);
    case 'not':
      arity(name, args, 1);
      return !truthy(args[0]);
    default:
      void scope;
      throw new ExecError(`function "${name}" not defined`);
  }
}

/** Go's `fmt.Sprint`: spaces only between operands when neither is a string. */
function goPrint(args: Value[]): string {
  let out = '';
  args.forEach((arg, i) => {
    if (i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += goString(arg);
  });
  return out;
}

/** Go's `fmt.Sprintf` for the verbs templates use: `%s %v %d %q %t %x %%`, widths and `-`. */
export function sprintf(format: string, args: Value[]): string {
  let next = 0;
  return format.replace(
    /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([svdqtxXf%])/g,
    (whole, flags, width, precision, verb) => {
      if (verb === '%') return '%';
      if (next >= args.length) return `%!${verb}(MISSING)`;
      const arg = args[next++];
      let text: string;
      switch (verb) {
        case 'd':
          text =
            typeof arg === 'number'
              ? String(Math.trunc(arg))
              : `%!d(${goType(arg)}=${goString(arg)})`;
          break;
        case 'q':
          text = JSON.stringify(asString(arg));
          break;
        case 'x':
        case 'X': {
          const hex =
            typeof arg === 'number'
              ? arg.toString(16)
              : [...new TextEncoder().encode(asString(arg))]
                  .map((b) => b.toString(16).padStart(2, '0'))
                  .join('');
          text = verb === 'X' ? hex.toUpperCase() : hex;
          break;
        }
        case 'f':
          text = Number(arg).toFixed(precision === undefined ? 6 : Number(precision));
          break;
        default:
          text = goString(arg);
          if (verb === 's' && precision !== undefined)
            text = [...text].slice(0, Number(precision)).join('');
      }
      void whole;
      const size = width === undefined ? 0 : Number(width);
      if (size > LIMITS.bytes) throw new LimitError();
      const pad = Math.max(0, size - [...text].length);
      if ((flags as string).includes('-')) return text + ' '.repeat(pad);
      const fill = (flags as string).includes('0') && verb !== 's' ? '0' : ' ';
      return fill.repeat(pad) + text;
    },
  );
}

/** Writes the nodes' output to `scope.out`. */
function run(nodes: Node[], scope: Scope): void {
  for (const node of nodes) {
    scope.spent.steps += 1;
    if (scope.spent.steps > LIMITS.steps) throw new LimitError();
    switch (node.kind) {
      case 'text':
        write(scope, node.text);
        break;
      case 'action': {
        const value = evalPipeline(node.pipe, scope);
        if (node.pipe.declare.length > 0) scope.vars.set(node.pipe.declare[0]!, value);
        else write(scope, goString(value));
        break;
      }
      case 'if':
      case 'with': {
        const value = evalPipeline(node.pipe, scope);
        if (truthy(value)) {
          const inner =
            node.kind === 'with' ? { ...scope, dot: value, vars: new Map(scope.vars) } : scope;
          run(node.then, inner);
        } else run(node.else, scope);
        break;
      }
      case 'range': {
        const value = evalPipeline(node.pipe, scope);
        let entries: Array<[Value, Value]> = [];
        if (Array.isArray(value)) entries = value.map((item, i) => [i, item]);
        else if (value && typeof value === 'object') {
          entries = Object.keys(value)
            .sort()
            .map((key) => [key, (value as Record<string, unknown>)[key]]);
        } else if (typeof value === 'number') {
          // Each turn is a step, so an absurd count stops at the step limit, not in memory.
          entries = Array.from({ length: Math.min(value, LIMITS.steps + 1) }, (_, i) => [i, i]);
        } else if (value !== null && value !== undefined && value !== NO_VALUE) {
          // Go names the operand it evaluated last.
          const last = node.pipe.commands.at(-1)!.operands[0]!;
          throw new ExecError(`range can't iterate over ${goString(value)}`, {
            pos: last.pos,
            text: describe(last),
          });
        }
        if (entries.length === 0) {
          run(node.else, scope);
          break;
        }
        for (const [key, item] of entries) {
          const vars = new Map(scope.vars);
          const declare = node.pipe.declare;
          if (declare.length === 1) vars.set(declare[0]!, item);
          if (declare.length === 2) {
            vars.set(declare[0]!, key);
            vars.set(declare[1]!, item);
          }
          run(node.body, { ...scope, dot: item, vars });
        }
        break;
      }
      default:
        // Every kind of node is handled above; a new kind must be added here.
        return node satisfies never;
    }
  }
}

export interface TemplateOptions {
  /**
   * Go's name for the value's type (`*formatter.ContainerContext`), when it is a struct: a field
   * it lacks is then an error, as in `docker ps --format`, rather than `<no value>`.
   */
  typeName?: string;
  /**
   * Go's `missingkey=error` (`docker inspect` on the object's JSON): a missing key fails. With
   * `structs`, only a struct's missing field fails (a map's missing key is `<no value>`), as on
   * the typed object `docker inspect` tries first.
   */
  missingKeyError?: boolean | 'structs';
}

/** Go's `name:LINE:COL` of an offset: the column counts bytes from the line's start. */
function location(template: string, name: string, pos: number): string {
  const before = template.slice(0, pos);
  const newline = before.lastIndexOf('\n');
  const line = before.split('\n').length;
  const column = newline < 0 ? pos : pos - newline - 1;
  return `${name}:${line}:${column}`;
}

/**
 * A parsed template, or Go's parse error (`template: :1: unexpected EOF`). `name` is the
 * template's name in Go's messages: empty for most commands, `version` for `docker version`.
 * A failed execution keeps what was written before it in `partial`.
 */
export function compileTemplate(
  template: string,
  name = '',
): ((value: Value, options?: TemplateOptions) => string | Failure) | Failure {
  let nodes: Node[] | Failure;
  try {
    nodes = parse(template);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { error: QUERY_MESSAGES.templateTooDeep, limit: true };
  }
  if (!Array.isArray(nodes)) {
    return { error: nodes.error.replace(/^template: :1/, `template: ${name}:1`) };
  }
  const parsed = nodes;
  return (value, options = {}) => {
    const out: string[] = [];
    try {
      run(parsed, {
        dot: value,
        vars: new Map([['$', value]]),
        typeName: options.typeName,
        missingKeyError: options.missingKeyError,
        out,
        spent: { steps: 0, bytes: 0 },
      });
      return out.join('');
    } catch (error) {
      if (error instanceof LimitError) {
        return { error: QUERY_MESSAGES.templateTooBig(LIMITS.steps, LIMITS.bytes), limit: true };
      }
      if (error instanceof RangeError)
        return { error: QUERY_MESSAGES.templateTooDeep, limit: true };
      if (!(error instanceof ExecError)) throw error;
      const at = error.at ?? { pos: 0, text: '' };
      return {
        error: `template: ${location(template, name, at.pos)}: executing "${name}" at <${at.text}>: ${error.message}`,
        partial: out.join(''),
      };
    }
  };
}

/** A failure in the caller's wording (`wrap`), or the simulation's note as it is. */
export function templateFailure(failure: Failure, wrap: (error: string) => string): string {
  return failure.limit ? failure.error : wrap(failure.error);
}

export function applyTemplate(
  template: string,
  value: Value,
  options?: TemplateOptions,
): string | Failure {
  const compiled = compileTemplate(template);
  if (typeof compiled !== 'function') return compiled;
  return compiled(value, options);
}
