import { describe, expect, it } from 'vitest';
import { basename, dirname, isWithin, normalizePath, resolvePath } from './path.ts';

describe('normalizePath', () => {
  it.each([
    ['/', '/'],
    ['//usr///bin/', '/usr/bin'],
    ['/app/./src/../lib', '/app/lib'],
    ['/../..', '/'],
    ['/a/b/../../..', '/'],
    ['a/../..', '..'],
    ['../x/../../y', '../../y'],
    ['./', '.'],
    ['', '.'],
    ['a//b/.', 'a/b'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizePath(input)).toBe(expected);
  });
});

describe('resolvePath', () => {
  it.each([
    ['/app', 'src', '/app/src'],
    ['/app', './src/', '/app/src'],
    ['/app', '../etc/passwd', '/etc/passwd'],
    ['/app', '/usr/bin', '/usr/bin'],
    ['/', '.', '/'],
    ['/app', '../../..', '/'],
  ])('resolves %j against %j to %j', (base, path, expected) => {
    expect(resolvePath(base, path)).toBe(expected);
  });
});

describe('dirname and basename', () => {
  it.each([
    ['/usr/bin/node', '/usr/bin', 'node'],
    ['/app', '/', 'app'],
    ['/', '/', '/'],
    ['/app/', '/', 'app'],
    ['file.txt', '.', 'file.txt'],
    ['src/index.js', 'src', 'index.js'],
  ])('splits %j into %j and %j', (path, dir, base) => {
    expect(dirname(path)).toBe(dir);
    expect(basename(path)).toBe(base);
  });
});

describe('isWithin', () => {
  it.each([
    ['/app', '/app', true],
    ['/app/src/x', '/app', true],
    ['/application', '/app', false],
    ['/ap', '/app', false],
    ['/anything', '/', true],
    ['/', '/', true],
  ])('says %j within %j is %s', (path, ancestor, expected) => {
    expect(isWithin(path, ancestor)).toBe(expected);
  });
});
