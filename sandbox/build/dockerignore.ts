import { normalizePath } from '../fs/path.ts';
import { contextPatternToRegExp } from './context-pattern.ts';

/**
 * `.dockerignore` as Docker reads it: one pattern per line, `#` comments, `!` exceptions, the last
 * matching pattern wins, and a pattern that matches a directory excludes everything inside it.
 */

interface Rule {
  pattern: RegExp;
  exception: boolean;
}

/** A pattern as Docker reads it: trimmed, cleaned, then without its leading `/`. */
function cleanPattern(line: string): string {
  let pattern = normalizePath(line.trim());
  if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
  return pattern;
}

export class DockerIgnore {
  private readonly rules: Rule[] = [];
  readonly hasExceptions: boolean;

  constructor(text: string) {
    for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
      const line = raw.replace(/\r$/, '');
      // Only a line that starts with `#` is a comment; an indented `#` begins a pattern.
      if (line.trim() === '' || line.startsWith('#')) continue;
      const exception = line.trim().startsWith('!');
      const pattern = cleanPattern(exception ? line.trim().slice(1) : line);
      if (pattern === '' || pattern === '.' || pattern === '/') continue;
      this.rules.push({ pattern: contextPatternToRegExp(pattern), exception });
    }
    this.hasExceptions = this.rules.some((rule) => rule.exception);
  }

  /** True when the context path (relative, no leading slash) is left out of the build context. */
  excludes(path: string): boolean {
    const parts = path.split('/');
    let excluded = false;
    for (const rule of this.rules) {
      for (let n = 1; n <= parts.length; n++) {
        if (rule.pattern.test(parts.slice(0, n).join('/'))) {
          excluded = !rule.exception;
          break;
        }
      }
    }
    return excluded;
  }
}
