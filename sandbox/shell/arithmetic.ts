import { ExpansionError } from './control.ts';

/**
 * `$((...))`: integer arithmetic with C's operators and precedence, variables read by name. Values
 * are signed 64-bit integers that wrap around, as dash's `intmax_t` does on every machine Docker
 * runs on (`$((1<<32))` is 4294967296, `$((9223372036854775807+1))` is the most negative value).
 */

/** How deeply parentheses, unary operators and `?:` may nest before the expression is refused. */
export const MAX_ARITHMETIC_NESTING = 200;

const wrap = (value: bigint): bigint => BigInt.asIntN(64, value);
const truth = (value: boolean): bigint => (value ? 1n : 0n);

interface Variables {
  lookup(name: string): string | undefined;
  assign(name: string, value: string): void;
}

const BINARY: Array<string[]> = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<=', '>=', '<', '>'],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%'],
];

const ASSIGN_OPS = ['=', '+=', '-=', '*=', '/=', '%='];

export function evaluateArithmetic(source: string, vars: Variables): bigint {
  const tokens =
    source.match(
      /\s*(0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%]=|\S)/g,
    ) ?? [];
  const list = tokens.map((t) => t.trim());
  let pos = 0;
  const problem = (): never => {
    throw new ExpansionError(`arithmetic expression: expecting primary: "${source.trim()}"`);
  };

  let nesting = 0;
  const nested = <T>(run: () => T): T => {
    if (++nesting > MAX_ARITHMETIC_NESTING) {
      throw new ExpansionError(
        `arithmetic expression: nested too deeply (more than ${MAX_ARITHMETIC_NESTING} levels): "${abbreviate(source.trim())}"`,
      );
    }
    try {
      return run();
    } finally {
      nesting--;
    }
  };

  const valueOf = (name: string): bigint => {
    const raw = vars.lookup(name);
    if (raw === undefined || raw === '') return 0n;
    const parsed = parseNumber(raw.trim());
    if (parsed === undefined) throw new ExpansionError(`Illegal number: ${raw}`);
    return parsed;
  };

  const primary = (): bigint => nested(unnestedPrimary);
  const unnestedPrimary = (): bigint => {
    const token = list[pos++];
    if (token === undefined) return problem();
    if (token === '(') {
      const value = ternary();
      if (list[pos++] !== ')') return problem();
      return value;
    }
    if (token === '-') return wrap(-primary());
    if (token === '+') return primary();
    if (token === '!') return truth(primary() === 0n);
    if (token === '~') return ~primary();
    const number = parseNumber(token);
    if (number !== undefined) return number;
    if (/^[A-Za-z_]/.test(token)) {
      const op = list[pos];
      if (op !== undefined && ASSIGN_OPS.includes(op)) {
        pos++;
        const right = ternary();
        const current = valueOf(token);
        const result = op === '=' ? right : apply(op.slice(0, -1), current, right);
        vars.assign(token, String(result));
        return result;
      }
      return valueOf(token);
    }
    return problem();
  };

  const apply = (op: string, a: bigint, b: bigint): bigint => {
    switch (op) {
      case '||':
        return truth(a !== 0n || b !== 0n);
      case '&&':
        return truth(a !== 0n && b !== 0n);
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '&':
        return a & b;
      case '==':
        return truth(a === b);
      case '!=':
        return truth(a !== b);
      case '<=':
        return truth(a <= b);
      case '>=':
        return truth(a >= b);
      case '<':
        return truth(a < b);
      case '>':
        return truth(a > b);
      // The shift count is taken modulo 64, as the x86 and ARM shift instructions do.
      case '<<':
        return wrap(a << BigInt.asUintN(6, b));
      case '>>':
        return a >> BigInt.asUintN(6, b);
      case '+':
        return wrap(a + b);
      case '-':
        return wrap(a - b);
      case '*':
        return wrap(a * b);
      case '/':
      case '%':
        if (b === 0n)
          throw new ExpansionError(`arithmetic expression: division by zero: "${source.trim()}"`);
        return wrap(op === '/' ? a / b : a % b);
    }
    return problem();
  };

  const binary = (level: number): bigint => {
    if (level >= BINARY.length) return primary();
    let left = binary(level + 1);
    for (;;) {
      const op = list[pos];
      if (op === undefined || !BINARY[level]!.includes(op)) return left;
      pos++;
      left = apply(op, left, binary(level + 1));
    }
  };

  const ternary = (): bigint =>
    nested(() => {
      const condition = binary(0);
      if (list[pos] !== '?') return condition;
      pos++;
      const yes = ternary();
      if (list[pos++] !== ':') return problem();
      const no = ternary();
      return condition !== 0n ? yes : no;
    });

  if (list.length === 0) return 0n;
  const result = ternary();
  if (pos < list.length) return problem();
  return result;
}

/** A constant as `strtoimax` reads it: too large a value stops at the 64-bit limits. */
function parseNumber(text: string): bigint | undefined {
  let value: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) value = BigInt(text);
  else if (/^0[0-7]+$/.test(text)) value = BigInt(`0o${text.slice(1)}`);
  else if (/^-?\d+$/.test(text)) value = BigInt(text);
  else return undefined;
  if (value > INT64_MAX) return INT64_MAX;
  if (value < INT64_MIN) return INT64_MIN;
  return value;
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
