/**
 * Patterns over build-context paths, as Go's `filepath.Match` reads them (COPY sources and
 * `.dockerignore` lines), plus `**` for any number of folders, which `.dockerignore` allows.
 * A malformed class (`[z-a]`, an unclosed `[`) matches nothing, as it does in Docker.
 */

const NOTHING = /(?!)/;

/** Translates a pattern into an anchored regular expression over `/`-separated paths. */
export function contextPatternToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          source += '(?:.*/)?';
        } else source += '.*';
      } else source += '[^/]*';
    } else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) return NOTHING;
      const body = pattern.slice(i + 1, close);
      const negated = body.startsWith('^') || body.startsWith('!');
      const members = negated ? body.slice(1) : body;
      for (const range of members.matchAll(/(.)-(.)/g)) {
        if (range[1]! > range[2]!) return NOTHING;
      }
      const escaped = members.replace(/[\\\]^]/g, '\\$&');
      source += `[${negated ? '^' : ''}${escaped}]`;
      i = close;
    } else if (c === '\\' && i + 1 < pattern.length) {
      source += pattern[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** True when the pattern has a wildcard, so it names paths by matching rather than exactly. */
export function hasWildcard(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}
