import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  expandForLabel,
  expandForRunLabel,
  expandWord,
  expandWords,
  maxExpandedLength,
  maxExpansionDepth,
} from './expand.ts';

const shellData = fileURLToPath(
  new URL('../../tests/conformance/buildkit-shell/', import.meta.url),
);

const envVarEnvironment: Record<string, string> = {
  PWD: '/home',
  SHELL: 'bash',
  KOREAN: '한국어',
  NULL: '',
};

interface Row {
  input: string;
  expected: string;
}

function envVarRows(): Row[] {
  const rows: Row[] = [];
  for (const line of readFileSync(`${shellData}envVarTest`, 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) {
      continue;
    }
    const [platform = '', input = '', expected = ''] = line.split('|');
    if (platform.trim() === 'A' || platform.trim() === 'U') {
      rows.push({ input: input.trim(), expected: expected.trim() });
    }
  }
  return rows;
}

describe('BuildKit envVarTest (one word)', () => {
  const lookup = (name: string) => envVarEnvironment[name];
  for (const row of envVarRows()) {
    it(`expands ${row.input}`, () => {
      const result = expandWord(row.input, lookup);
      if (row.expected === 'error') {
        expect(result.ok).toBe(false);
      } else {
        expect(result).toEqual({ ok: true, value: row.expected });
      }
    });
  }
});

describe('BuildKit wordsTest (word splitting)', () => {
  const environment: Record<string, string> = {};
  const lines = readFileSync(`${shellData}wordsTest`, 'utf8').split('\n');
  for (const line of lines) {
    if (line.startsWith('#') || line === '') {
      continue;
    }
    if (line.startsWith('ENV ')) {
      const assignment = line.slice(4).replace(/^ +/, '');
      const equals = assignment.indexOf('=');
      environment[assignment.slice(0, equals)] = assignment.slice(equals + 1);
      continue;
    }
    const bar = line.indexOf('|');
    const input = line.slice(0, bar).trim();
    const expected = line.slice(bar + 1).replace(/^ +/, '');
    const snapshot = { ...environment };
    it(`splits ${input}`, () => {
      const result = expandWords(input, (name) => snapshot[name]);
      if (expected === 'error') {
        expect(result.ok).toBe(false);
      } else {
        expect(result).toEqual({ ok: true, words: expected.split(',') });
      }
    });
  }
});

describe('expansion errors', () => {
  const none = () => undefined;

  it('reports a missing brace with the word in Go quoting', () => {
    expect(expandWord('${FOO', none)).toEqual({
      ok: false,
      message: 'failed to process "${FOO": unsupported modifier (\uFFFD) in substitution',
    });
    expect(expandWord('${', none)).toEqual({
      ok: false,
      message: 'failed to process "${": syntax error: missing \'}\'',
    });
    expect(expandWord('${a:-b', none)).toEqual({
      ok: false,
      message: 'failed to process "${a:-b": syntax error: missing \'}\'',
    });
  });

  it('reports bad substitutions and unsupported modifiers', () => {
    expect(expandWord('x${}', none)).toEqual({
      ok: false,
      message: 'failed to process "x${}": syntax error: bad substitution',
    });
    expect(expandWord('${a:=b}', none)).toEqual({
      ok: false,
      message: 'failed to process "${a:=b}": unsupported modifier (:=) in substitution',
    });
    expect(expandWord('${a:#b}', none)).toEqual({
      ok: false,
      message: 'failed to process "${a:#b}": unsupported modifier (:#) in substitution',
    });
  });

  it('reports unset and empty variables for the ? forms', () => {
    expect(expandWord('${A?}', none)).toEqual({
      ok: false,
      message: 'failed to process "${A?}": A: is not allowed to be unset',
    });
    expect(expandWord('${A:?need A}', () => '')).toEqual({
      ok: false,
      message: 'failed to process "${A:?need A}": A: need A',
    });
  });

  it('reports unterminated quotes', () => {
    expect(expandWord('"abc', none)).toEqual({
      ok: false,
      message:
        'failed to process "\\"abc": unexpected end of statement while looking for matching double-quote',
    });
  });
});

describe('pattern forms', () => {
  const env: Record<string, string> = { FILE: 'archive.tar.gz', PATHV: '/usr/local/bin' };
  const lookup = (name: string) => env[name];

  it('removes the shortest and longest prefix', () => {
    expect(expandWord('${FILE#*.}', lookup)).toEqual({ ok: true, value: 'tar.gz' });
    expect(expandWord('${FILE##*.}', lookup)).toEqual({ ok: true, value: 'gz' });
  });

  it('removes the shortest and longest suffix', () => {
    expect(expandWord('${FILE%.*}', lookup)).toEqual({ ok: true, value: 'archive.tar' });
    expect(expandWord('${FILE%%.*}', lookup)).toEqual({ ok: true, value: 'archive' });
  });

  it('replaces the first match or every match', () => {
    expect(expandWord('${PATHV/\\//:}', lookup)).toEqual({ ok: true, value: ':usr/local/bin' });
    expect(expandWord('${PATHV//\\//:}', lookup)).toEqual({ ok: true, value: ':usr:local:bin' });
  });

  it('rejects an escape the pattern does not know', () => {
    expect(expandWord('${FILE#\\a}', lookup)).toEqual({
      ok: false,
      message:
        'failed to process "${FILE#\\\\a}": invalid pattern (\\a) in substitution: invalid escape \'\\a\'',
    });
  });

  it('skips an empty match right after a match, as Go does', () => {
    expect(expandWord('${FILE//*/x}', lookup)).toEqual({ ok: true, value: 'x' });
  });
});

describe('progress labels', () => {
  const lookup = (name: string) => (name === 'V' ? '1' : name === 'DIR' ? '/srv' : undefined);

  it('keeps quotes and unset variables in RUN labels', () => {
    expect(expandForRunLabel('RUN echo "$V" $UNSET ${X:-y}', lookup)).toBe(
      'RUN echo "1" $UNSET ${X:-y}',
    );
  });

  it('removes quotes and empties unset variables in COPY and WORKDIR labels', () => {
    expect(expandForLabel('WORKDIR $DIR/$NOPE', lookup)).toBe('WORKDIR /srv/');
    expect(expandForLabel('COPY ["a b", "/x"]', lookup)).toBe('COPY [a b, /x]');
  });

  it('shows the raw text when the label cannot be expanded', () => {
    expect(expandForLabel('WORKDIR ${', lookup)).toBe('WORKDIR ${');
  });

  it('uses the backtick escape token when asked', () => {
    expect(expandWord('a`$b', () => 'x', '`')).toEqual({ ok: true, value: 'a$b' });
  });
});

describe('limits on expansion', () => {
  const nested = (depth: number) => '${A:-'.repeat(depth) + 'x' + '}'.repeat(depth);
  const unset = () => undefined;

  it(`expands \${…} nested ${maxExpansionDepth} deep`, () => {
    expect(expandWord(nested(maxExpansionDepth), unset)).toEqual({ ok: true, value: 'x' });
  });

  it(`refuses \${…} nested ${maxExpansionDepth + 1} deep`, () => {
    const result = expandWord(nested(maxExpansionDepth + 1), unset);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(
      `: \${...} is nested more than ${maxExpansionDepth} levels deep`,
    );
  });

  it('refuses a value longer than the limit', () => {
    const half = 'a'.repeat(maxExpandedLength / 2 + 1);
    const result = expandWord('$A$A', (name) => (name === 'A' ? half : undefined));
    expect(result).toEqual({
      ok: false,
      message: `failed to process "$A$A": the expanded value is longer than ${maxExpandedLength} characters (Dockyard stops expanding there)`,
    });
  });

  it('allows a value exactly as long as the limit', () => {
    const half = 'a'.repeat(maxExpandedLength / 2);
    const result = expandWord('$A$A', (name) => (name === 'A' ? half : undefined));
    expect(result.ok && result.value.length).toBe(maxExpandedLength);
  });

  it('matches a backtracking pattern on a long value without hanging', () => {
    const value = 'a'.repeat(300);
    const lookup = (name: string) => (name === 'V' ? value : undefined);
    expect(expandWord('${V#*a*a*a*a*a*a*b}', lookup)).toEqual({ ok: true, value });
    expect(expandWord('${V##*a*a*a}', lookup)).toEqual({ ok: true, value: '' });
    expect(expandWord('${V%a**a}', lookup)).toEqual({ ok: true, value: 'a'.repeat(298) });
  });

  it('gives up on a pattern that needs too much work, with an error value', () => {
    const value = 'a'.repeat(60000);
    const result = expandWord('${V#*a*a*a*b}', (name) => (name === 'V' ? value : undefined));
    expect(result).toEqual({
      ok: false,
      message:
        'failed to process "${V#*a*a*a*b}": pattern (*a*a*a*b) in substitution needs too much work to match (Dockyard stops there)',
    });
  });
});
