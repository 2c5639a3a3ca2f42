import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dumpNodes } from './dump.ts';
import { parseDockerfile } from './parser.ts';

const parserData = fileURLToPath(
  new URL('../../../shared/conformance/buildkit-parser/', import.meta.url),
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
      const result = parseDockerfile(text);
      expect(result.error?.message).toBe(negativeMessages[name]);
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
