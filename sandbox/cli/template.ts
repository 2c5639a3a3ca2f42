/**
 * The part of Go's text/template that `--format` is used for: `{{.Path.To.Field}}`,
 * `{{json .X}}`, `{{range .X}}...{{end}}` and literal text. Values print as Go's fmt does: structs
 * as `{a b}`, maps as `map[k:v]`, lists as `[a b]`, nil as `<nil>`.
 */

type Value = unknown;

/** Capitalised keys are Go struct fields; any other key belongs to a map. */
function isStruct(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => /^[A-Z]/.test(key));
}

/** What a missing map key evaluates to: Go prints it as `<no value>`. */
const NO_VALUE = Symbol('no value');

export function goString(value: Value): string {
  if (value === NO_VALUE) return '<no value>';
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goString).join(' ')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (isStruct(record)) return `{${Object.values(record).map(goString).join(' ')}}`;
    const keys = Object.keys(record).sort();
    return `map[${keys.map((key) => `${key}:${goString(record[key])}`).join(' ')}]`;
  }
  return String(value);
}

/** JSON as Go's encoder writes it: `<`, `>` and `&` escaped. */
export function goJson(value: Value, indent?: number): string {
  return JSON.stringify(value ?? null, null, indent)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

function lookup(root: Value, dot: Value, path: string): Value | { error: string } {
  if (path === '.') return dot;
  let current: Value = path.startsWith('$') ? root : dot;
  for (const key of path.replace(/^\$/, '').split('.').filter(Boolean)) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) {
      return { error: `template: :1: can't evaluate field ${key}` };
    }
    const record = current as Record<string, unknown>;
    if (!(key in record)) {
      if (isStruct(record))
        return {
          error: `template: :1:2: executing "" at <${path}>: can't evaluate field ${key} in type`,
        };
      return NO_VALUE;
    }
    current = record[key];
  }
  return current;
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; fn?: string; path: string }
  | { kind: 'range'; path: string; body: Node[] };

function parse(template: string): Node[] | { error: string } {
  const stack: Node[][] = [[]];
  const ranges: Array<{ path: string }> = [];
  // `{{-` trims the white space before an action and `-}}` the white space after it.
  const pattern = /\{\{(-\s)?\s*(.*?)\s*(\s-)?\}\}/g;
  let last = 0;
  let trimNext = false;
  for (const match of template.matchAll(pattern)) {
    let text = template.slice(last, match.index);
    if (trimNext) text = text.trimStart();
    if (match[1]) text = text.trimEnd();
    if (text !== '') stack.at(-1)!.push({ kind: 'text', text });
    trimNext = match[3] !== undefined;
    last = match.index! + match[0].length;
    const action = match[2]!;
    const words = action.split(/\s+/);
    if (words[0] === 'range') {
      ranges.push({ path: words[1] ?? '.' });
      stack.push([]);
    } else if (words[0] === 'end') {
      const body = stack.pop();
      const range = ranges.pop();
      if (!body || !range) return { error: `template: :1: unexpected {{end}}` };
      stack.at(-1)!.push({ kind: 'range', path: range.path, body });
    } else if (words.length === 2)
      stack.at(-1)!.push({ kind: 'action', fn: words[0], path: words[1]! });
    else stack.at(-1)!.push({ kind: 'action', path: words[0]! });
  }
  const rest = trimNext ? template.slice(last).trimStart() : template.slice(last);
  if (rest.includes('{{')) return { error: 'template: :1: unclosed action' };
  if (rest !== '') stack.at(-1)!.push({ kind: 'text', text: rest });
  if (stack.length !== 1) return { error: 'template: :1: unexpected EOF' };
  return stack[0]!;
}

function run(nodes: Node[], root: Value, dot: Value): string | { error: string } {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') {
      out += node.text;
      continue;
    }
    const value = lookup(root, dot, node.path);
    if (
      value &&
      typeof value === 'object' &&
      'error' in (value as object) &&
      Object.keys(value as object).length === 1
    ) {
      return value as { error: string };
    }
    if (node.kind === 'range') {
      const items = Array.isArray(value)
        ? value
        : value && typeof value === 'object'
          ? Object.values(value)
          : [];
      for (const item of items) {
        const text = run(node.body, root, item);
        if (typeof text !== 'string') return text;
        out += text;
      }
      continue;
    }
    if (node.fn === 'json') out += goJson(value);
    else if (node.fn === 'lower') out += goString(value).toLowerCase();
    else if (node.fn === 'upper') out += goString(value).toUpperCase();
    else if (node.fn === 'len') out += String(lengthOf(value));
    else if (node.fn !== undefined)
      return { error: `template: :1: function "${node.fn}" not defined` };
    else out += goString(value);
  }
  return out;
}

function lengthOf(value: Value): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value && typeof value === 'object') return Object.keys(value).length;
  return 0;
}

export function applyTemplate(template: string, value: Value): string | { error: string } {
  const nodes = parse(template);
  if (!Array.isArray(nodes)) return nodes;
  return run(nodes, value, value);
}
