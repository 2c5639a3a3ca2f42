import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dumpNodes } from './dump.ts';
import { parseDockerfile } from './parser.ts';

const parserData = fileURLToPath(
  new URL('../../tests/conformance/buildkit-parser/', import.meta.url),
);

function folders(path: string): string[] {
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe('BuildKit parser golden files', () => {
  for (const name of folders(`${parserData}testfiles`)) {
    it(`dumps ${name} exactly as BuildKit does`, () => {
      const text = readFileSync(`${parserData}testfiles/${name}/Dockerfile`, 'utf8');
      const result = parseDockerfile(text);
      expect(result.error).toBeUndefined();
      expect(dumpNodes(result.nodes) + '\n').toBe(
        readFileSync(`${parserData}testfiles/${name}/result`, 'utf8'),
      );
    });
  }
});

const negativeMessages: Record<string, string> = {
  empty_dockerfile: 'file with no instructions',
  only_comments: 'file with no instructions',
  env_no_value: 'ENV must have two arguments',
  'shykes-nested-json': 'when using JSON array syntax, arrays must be comprised of strings only',
};

describe('BuildKit parser negative cases', () => {
  for (const name of folders(`${parserData}testfiles-negative`)) {
    it(`rejects ${name}`, () => {
      const path = `${parserData}testfiles-negative/${name}/Dockerfile`;
      const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
      const expected = negativeMessages[name];
      expect(expected, `no expected message for negative case ${name}`).toBeDefined();
      const result = parseDockerfile(text);
      expect(result.error, `${name} parses without an error`).toBeDefined();
      expect(result.error!.message).toBe(expected);
    });
  }
});

describe('BuildKit parser line numbers', () => {
  it('places instructions on the lines of the testfile-line case', () => {
    const text = readFileSync(`${parserData}testfile-line/Dockerfile`, 'utf8');
    const result = parseDockerfile(text);
    expect(result.error).toBeUndefined();
    expect(result.directives.escape).toBe('\\');
    expect(result.nodes.map((n) => [n.range.start.line, n.range.end.line])).toEqual([
      [5, 5],
      [11, 12],
      [17, 31],
    ]);
    expect(result.nodes[0]!.range.start.line).toBe(5);
    expect(result.nodes[result.nodes.length - 1]!.range.end.line).toBe(31);
  });
});

describe('parser on long input', () => {
  // Speed is measured by `npm run bench`; this only guards against a hang or a quadratic blow-up.
  it('reads the longest corpus Dockerfile (300+ lines) well within a generous bound', () => {
    const corpus = fileURLToPath(new URL('../../tests/conformance/real-world/', import.meta.url));
    const longest = readdirSync(corpus, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => {
        const name = readdirSync(`${corpus}${entry.name}`).find((f) => f !== 'expected.json')!;
        return readFileSync(`${corpus}${entry.name}/${name}`, 'utf8');
      })
      .sort((a, b) => b.split('\n').length - a.split('\n').length)[0]!;
    expect(longest.split('\n').length).toBeGreaterThanOrEqual(300);
    const start = performance.now();
    const result = parseDockerfile(Array.from({ length: 20 }, () => longest).join('\n'));
    expect(performance.now() - start).toBeLessThan(2000);
    expect(result.nodes.length).toBe(20 * parseDockerfile(longest).nodes.length);
  });
});

describe('parser details', () => {
  it('drops a BOM and reads CRLF lines like LF lines', () => {
    const result = parseDockerfile('\uFEFFFROM a\r\nRUN b \\\r\n  c\r\n');
    expect(dumpNodes(result.nodes)).toBe('(from "a")\n(run "b   c")');
    expect(result.nodes[1]!.range).toEqual({
      start: { line: 2, column: 1 },
      end: { line: 3, column: 4 },
    });
  });

  it('rejects a line longer than 65535 bytes', () => {
    const result = parseDockerfile(`FROM a\nRUN ${'x'.repeat(65532)}\n`);
    expect(result.error).toMatchObject({
      message: 'dockerfile line greater than max allowed size of 65535',
      startLine: 2,
    });
    expect(parseDockerfile(`FROM a\nRUN ${'x'.repeat(65531)}\n`).error).toBeUndefined();
  });

  it('reads directives, rejects duplicates and bad escape tokens', () => {
    expect(
      parseDockerfile('# syntax=docker/dockerfile:1\n# check=skip=all\nFROM a\n').directives,
    ).toMatchObject({
      syntax: 'docker/dockerfile:1',
      check: 'skip=all',
      escape: '\\',
    });
    expect(parseDockerfile('# escape=`\n# escape=`\nFROM a\n').error?.message).toBe(
      'only one escape parser directive can be used',
    );
    expect(parseDockerfile('# escape=x\nFROM a\n').error?.message).toBe(
      "invalid escape token 'x' does not match ` or \\",
    );
  });

  it('continues lines with the backtick escape token', () => {
    const result = parseDockerfile('# escape=`\nFROM a\nRUN dir `\n  c:\\\n');
    expect(dumpNodes(result.nodes)).toBe('(from "a")\n(run "dir   c:\\\\")');
  });

  it('keeps the comments directly above an instruction, without directives', () => {
    const result = parseDockerfile('# syntax=x\n# the base\n# image\nFROM a\n#\n# reset\nRUN b\n');
    expect(result.nodes.map((n) => n.comments)).toEqual([['the base', 'image'], ['reset']]);
  });

  it('drops comment lines inside a continuation and warns about empty ones', () => {
    const result = parseDockerfile('FROM a\nRUN a \\\n# note\n\n  b\n');
    expect(dumpNodes(result.nodes)).toBe('(from "a")\n(run "a   b")');
    expect(result.warnings).toMatchObject([
      {
        code: 'NoEmptyContinuation',
        message: 'Empty continuation line',
        range: { start: { line: 5 } },
      },
    ]);
  });

  it('reads heredocs: several per line, quoted names, chomping and descriptors', () => {
    const text = [
      'FROM a',
      'COPY <<A <<"B" /dest/',
      'one $X',
      'A',
      'two',
      'B',
      'RUN 3<<-EOF cat',
      '\t\tindented',
      '\tEOF',
      'USER <<X',
      'X',
    ].join('\n');
    const result = parseDockerfile(text);
    expect(result.error).toBeUndefined();
    expect(result.nodes[1]!.heredocs).toEqual([
      { name: 'A', content: 'one $X\n', expand: true, chomp: false },
      { name: 'B', content: 'two\n', expand: false, chomp: false },
    ]);
    expect(result.nodes[1]!.range.end.line).toBe(6);
    expect(result.nodes[2]!.heredocs).toEqual([
      { name: 'EOF', content: 'indented\n', expand: true, chomp: true, fileDescriptor: 3 },
    ]);
    expect(result.nodes.map((n) => n.keyword)).toEqual(['from', 'copy', 'run', 'user', 'x']);
  });

  it('does not look for heredocs in the JSON form', () => {
    const result = parseDockerfile('FROM a\nRUN ["cat", "<<EOF"]\nEOF\n');
    expect(result.nodes.map((n) => n.keyword)).toEqual(['from', 'run', 'eof']);
  });

  it('reports an unterminated heredoc', () => {
    const result = parseDockerfile('FROM a\nRUN <<EOF\nx\n');
    expect(result.error).toEqual({
      message: 'unterminated heredoc',
      code: 'UnterminatedHeredoc',
      startLine: 2,
      endLine: 3,
    });
    expect(result.nodes).toHaveLength(2);
  });

  it('parses ONBUILD triggers as child nodes, heredocs included', () => {
    const result = parseDockerfile('FROM a\nONBUILD RUN <<EOF\necho\nEOF\n');
    expect(dumpNodes(result.nodes)).toBe('(from "a")\n(onbuild (run "<<EOF"))');
    expect(result.nodes[1]!.heredocs[0]!.content).toBe('echo\n');
    expect(result.nodes[1]!.child!.range.start).toEqual({ line: 2, column: 9 });
  });

  it('keeps an unknown keyword with a placeholder argument', () => {
    expect(dumpNodes(parseDockerfile('FROM a\nFOO bar\n').nodes)).toBe('(from "a")\n(foo "")');
  });

  it('records positions from the keyword to the end of the last line', () => {
    const result = parseDockerfile('FROM a\n   RUN x \\\n     y\n');
    expect(result.nodes[1]!.range).toEqual({
      start: { line: 2, column: 4 },
      end: { line: 3, column: 7 },
    });
    expect(result.nodes[1]!.original).toBe('RUN x      y');
  });
});
