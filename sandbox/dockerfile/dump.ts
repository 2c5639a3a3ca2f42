/**
 * BuildKit's S-expression dump of the syntax tree (`(from "alpine")`), the format of its parser
 * golden files, and Go's `strconv.Quote`, which that format uses for every value.
 */

import type { Node } from './types.ts';

/** One instruction as BuildKit's parser test prints it, without the outer parentheses. */
export function dumpNode(node: Node): string {
  const parts: string[] = [node.keyword];
  if (node.flags.length > 0) {
    parts.push(`[${node.flags.map(goQuote).join(' ')}]`);
  }
  if (node.child) {
    parts.push(`(${dumpNode(node.child)})`);
  }
  for (const arg of node.args) {
    parts.push(goQuote(arg));
  }
  return parts.join(' ');
}

/** The whole tree, one `(...)` line per instruction, joined with `\n` (no final newline). */
export function dumpNodes(nodes: readonly Node[]): string {
  return nodes.map((node) => `(${dumpNode(node)})`).join('\n');
}

const shortEscapes: Record<number, string> = {
  0x07: '\\a',
  0x08: '\\b',
  0x0c: '\\f',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x0b: '\\v',
};

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/**
 * Go's `strconv.Quote`: `\x00` rather than `\u0000`, `\uXXXX` for code points Go does not count
 * as printable, printable Unicode kept as it is. A lone surrogate (which only arises from text
 * that was not valid UTF-8) is printed as U+FFFD.
 */
export function goQuote(text: string): string {
  const out: string[] = ['"'];
  let plainStart = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f && code !== 0x22 && code !== 0x5c) {
      i++;
      continue;
    }
    if (i > plainStart) {
      out.push(text.slice(plainStart, i));
    }
    const point = text.codePointAt(i)!;
    const width = point > 0xffff ? 2 : 1;
    out.push(quoteCodePoint(point));
    i += width;
    plainStart = i;
  }
  if (plainStart < text.length) {
    out.push(text.slice(plainStart));
  }
  out.push('"');
  return out.join('');
}

function quoteCodePoint(point: number): string {
  if (point === 0x22) {
    return '\\"';
  }
  if (point === 0x5c) {
    return '\\\\';
  }
  const short = shortEscapes[point];
  if (short !== undefined) {
    return short;
  }
  if (point < 0x20 || point === 0x7f) {
    return `\\x${point.toString(16).padStart(2, '0')}`;
  }
  if (point >= 0xd800 && point <= 0xdfff) {
    return '\uFFFD';
  }
  const char = String.fromCodePoint(point);
  if (printable.test(char)) {
    return char;
  }
  if (point < 0x10000) {
    return `\\u${point.toString(16).padStart(4, '0')}`;
  }
  return `\\U${point.toString(16).padStart(8, '0')}`;
}
