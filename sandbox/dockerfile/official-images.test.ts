import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './lint.ts';

const folder = fileURLToPath(new URL('../../tests/corpus/official-images/', import.meta.url));
const files = readdirSync(folder)
  .filter((name) => name.endsWith('.Dockerfile'))
  .sort();

/** Lines of `ENV key value` (legacy form), read straight from the text. */
function legacyEnvLines(text: string): number[] {
  return text
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => /^ENV\s+[^\s=]+\s/.test(line))
    .map(({ number }) => number);
}

describe('official-image Dockerfiles', () => {
  it('are all here', () => {
    expect(files).toHaveLength(8);
  });

  for (const name of files) {
    it(`${name}: no error, LegacyKeyValueFormat exactly on its legacy ENV lines, clean apt use`, () => {
      const text = readFileSync(`${folder}${name}`, 'utf8');
      const diagnostics = lintDockerfile(text);
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(
        diagnostics.filter((d) => d.code === 'LegacyKeyValueFormat').map((d) => d.range.start.line),
      ).toEqual(legacyEnvLines(text));
      // These images are maintained with care: every install answers yes and cleans its lists.
      const codes = diagnostics.map((d) => d.code);
      expect(codes).not.toContain('AptGetInstallWithoutYes');
      expect(codes).not.toContain('AptListsNotCleaned');
      expect(codes).not.toContain('JSONArgsRecommended');
    });
  }
});
