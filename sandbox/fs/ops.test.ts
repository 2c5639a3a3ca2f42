import { describe, expect, it } from 'vitest';
import { dirEntry, fileEntry, symlinkEntry, type Entry } from './entry.ts';
import { MemoryFs } from './file-system.ts';
import {
  applyChanges,
  comparePaths,
  copyTree,
  mkdirp,
  readFile,
  resolve,
  walk,
  writeFile,
} from './ops.ts';

function tree(): MemoryFs {
  const fs = new MemoryFs();
  writeFile(fs, '/usr/bin/node', '#!node');
  writeFile(fs, '/etc/hosts', '127.0.0.1 localhost\n');
  fs.set('/bin', symlinkEntry('usr/bin'));
  fs.set('/etc/alias', symlinkEntry('/etc/hosts'));
  fs.set('/loop', symlinkEntry('/loop'));
  return fs;
}

describe('resolve', () => {
  it.each([
    ['/bin/node', '/usr/bin/node'],
    ['/etc/alias', '/etc/hosts'],
    ['/bin/missing', '/usr/bin/missing'],
    ['../usr/./bin/node', '/usr/bin/node'],
  ])('follows %j to %j', (path, expected) => {
    const found = resolve(tree(), path, '/etc');
    expect(typeof found === 'object' && found.path).toBe(expected);
  });

  it('keeps a final symlink itself when asked not to follow it', () => {
    const found = resolve(tree(), '/etc/alias', '/', false);
    expect(found).toMatchObject({ path: '/etc/alias', entry: { kind: 'symlink' } });
  });

  it.each([
    ['/nope/x', 'ENOENT'],
    ['/etc/hosts/x', 'ENOTDIR'],
    ['/loop', 'ELOOP'],
  ])('reports %j as %s', (path, problem) => {
    expect(resolve(tree(), path)).toBe(problem);
  });
});

describe('mkdirp, readFile and writeFile', () => {
  it('creates missing parents as directories', () => {
    const fs = new MemoryFs();
    expect(mkdirp(fs, '/a/b/c', { mode: 0o700 })).toBeUndefined();
    expect(fs.get('/a/b/c')).toMatchObject({ kind: 'dir', mode: 0o700 });
  });

  it('creates directories through a symlink to its target', () => {
    const fs = tree();
    mkdirp(fs, '/bin/sub');
    expect(fs.get('/usr/bin/sub')?.kind).toBe('dir');
  });

  it('refuses to make a directory where a file is', () => {
    expect(mkdirp(tree(), '/etc/hosts/x')).toBe('ENOTDIR');
  });

  it.each([
    ['/etc/hosts', '127.0.0.1 localhost\n'],
    ['/etc', 'EISDIR'],
    ['/etc/none', 'ENOENT'],
  ])('reads %j as %j', (path, expected) => {
    expect(readFile(tree(), path)).toBe(expected);
  });

  it('keeps the mode of a file it overwrites', () => {
    const fs = new MemoryFs();
    writeFile(fs, '/run.sh', 'v1', { mode: 0o755 });
    writeFile(fs, '/run.sh', 'v2');
    expect(fs.get('/run.sh')).toMatchObject({ content: 'v2', mode: 0o755 });
  });

  it('refuses to write over a directory', () => {
    expect(writeFile(tree(), '/etc', 'x')).toBe('EISDIR');
  });
});

describe('walk and copyTree', () => {
  it('lists parents before children in sorted order', () => {
    const fs = new MemoryFs();
    writeFile(fs, '/b/z', '');
    writeFile(fs, '/a/y/x', '');
    expect(walk(fs).map(([path]) => path)).toEqual(['/a', '/a/y', '/a/y/x', '/b', '/b/z']);
  });

  it('copies the contents of a directory onto another path', () => {
    const source = tree();
    const target = new MemoryFs();
    copyTree(source, '/usr', target, '/data');
    expect(walk(target).map(([path]) => path)).toEqual(['/data', '/data/bin', '/data/bin/node']);
  });
});

describe('applyChanges', () => {
  it('adds entries, replaces files and removes whited-out paths', () => {
    const fs = tree();
    applyChanges(
      fs,
      new Map<string, Entry | null>([
        ['/etc/hosts', null],
        ['/app', dirEntry()],
        ['/app/server.js', fileEntry('listen()')],
        ['/usr/bin/node', fileEntry('#!node v2')],
      ]),
    );
    expect(fs.get('/etc/hosts')).toBeUndefined();
    expect(readFile(fs, '/app/server.js')).toBe('listen()');
    expect(readFile(fs, '/usr/bin/node')).toBe('#!node v2');
  });

  it('applies a directory before its children whatever the map order', () => {
    const fs = new MemoryFs();
    applyChanges(
      fs,
      new Map<string, Entry | null>([
        ['/a/b/c', fileEntry('c')],
        ['/a/b', dirEntry()],
        ['/a', dirEntry()],
      ]),
    );
    expect(readFile(fs, '/a/b/c')).toBe('c');
  });

  it('keeps the children of a directory whose metadata changes', () => {
    const fs = tree();
    applyChanges(fs, new Map([['/usr', dirEntry(0o700)]]));
    expect(fs.get('/usr')?.mode).toBe(0o700);
    expect(readFile(fs, '/usr/bin/node')).toBe('#!node');
  });
});

describe('comparePaths', () => {
  it.each([
    ['/a', '/a/b', -1],
    ['/a/b', '/a', 1],
    ['/a/z', '/b', -1],
    ['/a-b', '/a/b', 1],
  ])('orders %j against %j as %i, segment by segment', (a, b, sign) => {
    expect(Math.sign(comparePaths(a, b))).toBe(sign);
  });
});
