import { ExpansionError } from './control.ts';

/**
 * `$((...))`: integer arithmetic with C's operators and precedence, variables read by name. Values
 * are JavaScript numbers truncated to integers, which covers what scripts in images compute.
 */

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

export function evaluateArithmetic(source: string, vars: Variables): number {
  const tokens =
    source.match(
      /\s*(0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%]=|\S)/g,
    ) ?? [];
  const list = tokens.map((t) => t.trim());
  let pos = 0;
  const problem = (): never => {
    throw new ExpansionError(`arithmetic expression: expecting primary: "${source.trim()}"`);
  };

  const valueOf = (name: string): number => {
    const raw = vars.lookup(name);
    if (raw === undefined || raw === '') return 0;
    const parsed = parseNumber(raw.trim());
    if (parsed === undefined) throw new ExpansionError(`Illegal number: ${raw}`);
    return parsed;
  };

  const primary = (): number => {
    const token = list[pos++];
    if (token === undefined) return problem();
    if (token === '(') {
      const value = ternary();
      if (list[pos++] !== ')') return problem();
      return value;
    }
    if (token === '-') return -primary();
    if (token === '+') return primary();
    if (token === '!') return primary() === 0 ? 1 : 0;
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

  const apply = (op: string, a: number, b: number): number => {
    switch (op) {
      case '||':
        return a !== 0 || b !== 0 ? 1 : 0;
      case '&&':
        return a !== 0 && b !== 0 ? 1 : 0;
      case '|':
        return a | b;
      case '^':
        return a ^ b;
      case '&':
        return a & b;
      case '==':
        return a === b ? 1 : 0;
      case '!=':
        return a !== b ? 1 : 0;
      case '<=':
        return a <= b ? 1 : 0;
      case '>=':
        return a >= b ? 1 : 0;
      case '<':
        return a < b ? 1 : 0;
      case '>':
        return a > b ? 1 : 0;
      case '<<':
        return a << b;
      case '>>':
        return a >> b;
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
      case '%':
        if (b === 0)
          throw new ExpansionError(`arithmetic expression: division by zero: "${source.trim()}"`);
        return op === '/' ? Math.trunc(a / b) : a % b;
    }
    return problem();
  };

  const binary = (level: number): number => {
    if (level >= BINARY.length) return primary();
    let left = binary(level + 1);
    for (;;) {
      const op = list[pos];
      if (op === undefined || !BINARY[level]!.includes(op)) return left;
      pos++;
      left = apply(op, left, binary(level + 1));
    }
  };

  const ternary = (): number => {
    const condition = binary(0);
    if (list[pos] !== '?') return condition;
    pos++;
    const yes = ternary();
    if (list[pos++] !== ':') return problem();
    const no = ternary();
    return condition !== 0 ? yes : no;
  };

  if (list.length === 0) return 0;
  const result = ternary();
  if (pos < list.length) return problem();
  return result;
}

function parseNumber(text: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^0[0-7]+$/.test(text)) return parseInt(text, 8);
  if (/^-?\d+$/.test(text)) return parseInt(text, 10);
  return undefined;
}
