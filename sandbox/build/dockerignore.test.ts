import { describe, expect, it } from 'vitest';
import { DockerIgnore } from './dockerignore.ts';

describe('DockerIgnore', () => {
  const cases: Array<[string, string, boolean]> = [
    ['node_modules', 'node_modules/x/index.js', true],
    ['node_modules', 'src/node_modules', false],
    ['*.md', 'README.md', true],
    ['*.md', 'docs/guide.md', false],
    ['**/*.md', 'docs/guide.md', true],
    ['/dist', 'dist/app.js', true],
    ['tmp?', 'tmp1', true],
    ['# comment', '# comment', false],
    ['*.log\n!keep.log', 'keep.log', false],
    ['*.log\n!keep.log', 'other.log', true],
    ['docs/../secret.txt', 'secret.txt', true],
    ['./build//out/', 'build/out/app.js', true],
    ['  /logs  ', 'logs/today.log', true],
    ['docs\n!docs/keep.md', 'docs/keep.md', false],
    ['docs\n!docs/keep.md', 'docs/drop.md', true],
    ['**', 'anything/at/all.txt', true],
    ['**\n!src', 'src/main.js', false],
    ['  #notes', '#notes', true],
    ['#notes', '#notes', false],
    ['\uFEFFsecret.txt', 'secret.txt', true],
  ];
  for (const [patterns, path, excluded] of cases) {
    it(`${excluded ? 'excludes' : 'keeps'} ${path} under ${JSON.stringify(patterns)}`, () => {
      expect(new DockerIgnore(patterns).excludes(path)).toBe(excluded);
    });
  }
});
