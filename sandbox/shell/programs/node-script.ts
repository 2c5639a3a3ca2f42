/**
 * Reads the common shape of a small Node web server without running it: `http.createServer`
 * (or express) answering with one body, listening on a port that is a number, a constant or
 * `process.env.PORT || n`, with an optional host and a start-up `console.log`. Anything it cannot
 * read is reported as such, never guessed.
 */

export interface Route {
  method: string;
  /** Undefined: every path (`http.createServer`). */
  path?: string;
  status: number;
  /** Set by the script (`writeHead`, `setHeader`, `res.type`), if it sets one. */
  contentType?: string;
  body: string;
  /** `res.json(...)`: express sends it as JSON. */
  json: boolean;
}

export interface ServerScript {
  kind: 'http' | 'express';
  port: number;
  host?: string;
  routes: Route[];
  /** What the listen callback's `console.log` calls print. */
  logs: string[];
  /** Modules the script requires by bare name (`express`), which must be installed. */
  requires: string[];
}

type Value = string | number | undefined;

/** The text between `open` at `start` and its matching close, strings and comments skipped. */
function balanced(text: string, start: number, open = '(', close = ')'): string | undefined {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const end = skipString(text, i);
      if (end < 0) return undefined;
      i = end;
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return text.slice(start + 1, i);
  }
  return undefined;
}

function skipString(text: string, start: number): number {
  const quote = text[start]!;
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

/** Splits call arguments at top-level commas. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const end = skipString(text, i);
      if (end < 0) break;
      i = end;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(from, i).trim());
      from = i + 1;
    }
  }
  const last = text.slice(from).trim();
  if (last) out.push(last);
  return out;
}

function unescape(text: string): string {
  return text.replace(/\\(n|t|r|'|"|`|\\)/g, (_, c: string) =>
    c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c,
  );
}

class Evaluator {
  constructor(
    private readonly source: string,
    private readonly env: Record<string, string>,
    private readonly scope: Record<string, Value> = {},
  ) {}

  private constant(name: string, depth: number): Value {
    if (name in this.scope) return this.scope[name];
    const match = new RegExp(`\\b(?:const|let|var)\\s+${name}\\s*=\\s*([^;\\n]+)`).exec(
      this.source,
    );
    return match && depth < 8 ? this.value(match[1]!.trim(), depth + 1) : undefined;
  }

  /** The value of a simple expression, or undefined when it is beyond this reader. */
  value(expr: string, depth = 0): Value {
    const text = expr
      .trim()
      .replace(/^\((.*)\)$/s, '$1')
      .trim();
    for (const op of ['||', '??']) {
      const parts = splitTop(text, op);
      if (parts.length > 1) {
        for (const part of parts) {
          const v = this.value(part, depth);
          if (op === '||' ? v !== undefined && v !== '' && v !== 0 : v !== undefined) return v;
        }
        return undefined;
      }
    }
    const plus = splitTop(text, '+');
    if (plus.length > 1) {
      const values = plus.map((part) => this.value(part, depth));
      if (values.some((v) => v === undefined)) return undefined;
      return values.every((v) => typeof v === 'number')
        ? (values as number[]).reduce((a, b) => a + b, 0)
        : values.join('');
    }
    if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    const quoted = /^(['"])((?:\\.|(?!\1)[^\\])*)\1$/s.exec(text);
    if (quoted) return unescape(quoted[2]!);
    const template = /^`((?:\\.|[^\\`])*)`$/s.exec(text);
    if (template) {
      let failed = false;
      const out = template[1]!.replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
        const v = this.value(inner, depth);
        if (v === undefined) failed = true;
        return String(v ?? '');
      });
      return failed ? undefined : unescape(out);
    }
    const env = /^process\.env(?:\.([A-Za-z_]\w*)|\[\s*['"](\w+)['"]\s*\])$/.exec(text);
    if (env) return this.env[env[1] ?? env[2]!];
    const call = /^(Number|parseInt|String)\((.*)\)$/s.exec(text);
    if (call) {
      const inner = this.value(splitArgs(call[2]!)[0] ?? '', depth);
      if (inner === undefined) return undefined;
      if (call[1] === 'String') return String(inner);
      const n = call[1] === 'Number' ? Number(inner) : parseInt(String(inner), 10);
      return Number.isNaN(n) ? undefined : n;
    }
    if (/^[A-Za-z_$][\w$]*$/.test(text)) return this.constant(text, depth);
    return undefined;
  }
}

/** Splits at a top-level binary operator. */
function splitTop(text: string, op: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const end = skipString(text, i);
      if (end < 0) return [text];
      i = end;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (depth === 0 && text.startsWith(op, i)) {
      if (op === '+' && (text[i + 1] === '+' || text[i + 1] === '=')) continue;
      parts.push(text.slice(from, i));
      from = i + op.length;
      i += op.length - 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

/** Drops comments, keeping strings intact. */
function stripComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const end = skipString(text, i);
      if (end < 0) return out + text.slice(i);
      out += text.slice(i, end + 1);
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  return out;
}

/**
 * A JSON text for an object or array literal written with plain keys and literal values
 * (`{ ok: true, name: 'x' }`), or undefined for anything else. The script is never evaluated.
 */
function literalJson(expr: string): string | undefined {
  const json = expr
    .trim()
    .replace(/'((?:\\.|[^'\\])*)'/g, (_, inner: string) => JSON.stringify(unescape(inner)))
    .replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":')
    .replace(/,(\s*[}\]])/g, '$1');
  try {
    return JSON.stringify(JSON.parse(json));
  } catch {
    return undefined;
  }
}

/** What a handler body answers: status, content type and body of its first response. */
function readHandler(body: string, evaluate: Evaluator, method: string, path?: string) {
  const statusMatch =
    /\.writeHead\(\s*(\d{3})/.exec(body) ??
    /\.statusCode\s*=\s*(\d{3})/.exec(body) ??
    /\.status\(\s*(\d{3})\s*\)/.exec(body);
  const typeMatch =
    /['"]Content-Type['"]\s*[:,]\s*(['"][^'"]+['"])/i.exec(body) ??
    /\.type\(\s*(['"][^'"]+['"])\s*\)/.exec(body);
  const send = /\.(end|send|json)\(/.exec(body);
  if (!send) return undefined;
  const args = balanced(body, send.index + send[0].length - 1);
  if (args === undefined) return undefined;
  const first = splitArgs(args)[0];
  let text: Value = first === undefined ? '' : evaluate.value(first);
  const json = send[1] === 'json';
  if (json && first !== undefined) {
    text = literalJson(first);
  }
  if (text === undefined) return undefined;
  const type = typeMatch ? evaluate.value(typeMatch[1]!) : undefined;
  return {
    method,
    path,
    status: statusMatch ? Number(statusMatch[1]) : 200,
    contentType: typeof type === 'string' ? type : undefined,
    body: String(text),
    json,
  } satisfies Route;
}

/** The server a script starts, or undefined when it is not one this reader understands. */
export function readServerScript(
  source: string,
  env: Record<string, string>,
): ServerScript | undefined {
  const code = stripComments(source);
  const requires = [...code.matchAll(/(?:require\(\s*|from\s+)['"]([^'"./][^'"]*)['"]/g)]
    .map((m) => m[1]!)
    .filter(
      (name) =>
        !name.startsWith('node:') && !['http', 'https', 'fs', 'path', 'os', 'url'].includes(name),
    );
  const listen = /\.listen\(/.exec(code);
  if (!listen) return undefined;
  const listenArgs = balanced(code, listen.index + listen[0].length - 1);
  if (listenArgs === undefined) return undefined;
  const args = splitArgs(listenArgs);
  const scope: Record<string, Value> = {};
  const evaluate = new Evaluator(code, env, scope);
  const port = evaluate.value(args[0] ?? '');
  if (typeof port !== 'number' && !(typeof port === 'string' && /^\d+$/.test(port)))
    return undefined;
  scope.port = scope.PORT = Number(port);
  const hostValue =
    args.length > 2 || (args[1] && !/=>|function/.test(args[1]))
      ? evaluate.value(args[1]!)
      : undefined;
  const host = typeof hostValue === 'string' ? hostValue : undefined;

  const express = /require\(\s*['"]express['"]\s*\)|from\s+['"]express['"]/.test(code);
  const routes: Route[] = [];
  if (express) {
    for (const match of code.matchAll(
      /\b\w+\.(get|post|put|delete|all)\(\s*(['"`])([^'"`]*)\2\s*,/g,
    )) {
      const callArgs = balanced(code, match.index! + match[0].indexOf('('));
      if (callArgs === undefined) continue;
      const route = readHandler(callArgs, evaluate, match[1]!.toUpperCase(), match[3]!);
      if (route) routes.push(route);
    }
  } else {
    const create = /createServer\(/.exec(code);
    if (!create) return undefined;
    const handlerArgs = balanced(code, create.index + create[0].length - 1);
    const route = handlerArgs === undefined ? undefined : readHandler(handlerArgs, evaluate, '*');
    if (!route) return undefined;
    routes.push(route);
  }
  if (routes.length === 0) return undefined;

  const logs: string[] = [];
  const callback = args.find((arg) => /=>|function/.test(arg)) ?? '';
  for (const log of callback.matchAll(/console\.(?:log|info)\(/g)) {
    const logArgs = balanced(callback, log.index! + log[0].length - 1);
    if (logArgs === undefined) continue;
    const values = splitArgs(logArgs).map((arg) => evaluate.value(arg));
    if (values.every((v) => v !== undefined)) logs.push(values.join(' '));
  }
  return { kind: express ? 'express' : 'http', port: Number(port), host, routes, logs, requires };
}
