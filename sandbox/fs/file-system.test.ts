import { describe, expect, it } from 'vitest';
import { dirEntry, fileEntry, symlinkEntry } from './entry.ts';
import { MemoryFs, MountedFs, OverlayFs, ReadOnlyError, SubtreeFs } from './file-system.ts';
import { applyChanges, readFile, walk, writeFile } from './ops.ts';

/** A lower layer as an image would give it: /app with two files and /etc/os-release. */
function imageFs(): MemoryFs {
  const fs = new MemoryFs();
  writeFile(fs, '/app/index.html', '<h1>image</h1>');
  writeFile(fs, '/app/style.css', 'body{}');
  writeFile(fs, '/etc/os-release', 'ID=alpine\n');
  return fs;
}

function text(fs: MemoryFs | OverlayFs | MountedFs | SubtreeFs, path: string) {
  return readFile(fs, path);
}

describe('MemoryFs', () => {
  it('always has a root directory', () => {
    expect(new MemoryFs().get('/')?.kind).toBe('dir');
  });

  it('lists the names inside a directory, sorted', () => {
    const fs = new MemoryFs();
    fs.set('/b', dirEntry());
    fs.set('/a', fileEntry('x'));
    fs.set('/c', symlinkEntry('/b'));
    expect(fs.list('/')).toEqual(['a', 'b', 'c']);
  });

  it('lists nothing for a file or a missing path', () => {
    const fs = imageFs();
    expect(fs.list('/app/index.html')).toEqual([]);
    expect(fs.list('/nope')).toEqual([]);
  });

  it('refuses to create an entry whose parent is missing', () => {
    expect(() => new MemoryFs().set('/a/b', fileEntry('x'))).toThrow();
  });

  it('refuses to create an entry inside a file', () => {
    const fs = new MemoryFs();
    fs.set('/a', fileEntry('x'));
    expect(() => fs.set('/a/b', fileEntry('y'))).toThrow();
  });

  it('removes everything below a deleted directory', () => {
    const fs = imageFs();
    fs.delete('/app');
    expect(fs.get('/app')).toBeUndefined();
    expect(fs.get('/app/index.html')).toBeUndefined();
    expect(fs.list('/')).toEqual(['etc']);
  });

  it('drops the old children when a directory is replaced by a file', () => {
    const fs = imageFs();
    fs.set('/app', fileEntry('now a file'));
    expect(fs.get('/app/index.html')).toBeUndefined();
    expect(text(fs, '/app')).toBe('now a file');
  });

  it('keeps the root when asked to delete it', () => {
    const fs = imageFs();
    fs.delete('/');
    expect(fs.get('/')?.kind).toBe('dir');
  });
});

describe('OverlayFs', () => {
  it('shows the lower layer until something is written', () => {
    const overlay = new OverlayFs(imageFs());
    expect(text(overlay, '/app/index.html')).toBe('<h1>image</h1>');
    expect(overlay.list('/app')).toEqual(['index.html', 'style.css']);
    expect(overlay.changes.size).toBe(0);
  });

  it('records a new file in its changes and leaves the lower layer alone', () => {
    const lower = imageFs();
    const overlay = new OverlayFs(lower);
    writeFile(overlay, '/app/new.txt', 'hi');
    expect(overlay.list('/app')).toEqual(['index.html', 'new.txt', 'style.css']);
    expect([...overlay.changes.keys()]).toEqual(['/app/new.txt']);
    expect(lower.get('/app/new.txt')).toBeUndefined();
  });

  it('records a changed file as a copy-up of the whole file', () => {
    const overlay = new OverlayFs(imageFs());
    writeFile(overlay, '/app/index.html', '<h1>changed</h1>');
    expect(overlay.changes.get('/app/index.html')).toMatchObject({
      kind: 'file',
      content: '<h1>changed</h1>',
    });
  });

  it('records a deleted lower file as a whiteout', () => {
    const overlay = new OverlayFs(imageFs());
    overlay.delete('/app/style.css');
    expect(overlay.get('/app/style.css')).toBeUndefined();
    expect(overlay.list('/app')).toEqual(['index.html']);
    expect(overlay.changes.get('/app/style.css')).toBeNull();
  });

  it('whites out every lower entry below a deleted directory', () => {
    const overlay = new OverlayFs(imageFs());
    overlay.delete('/app');
    expect(Object.fromEntries(overlay.changes)).toEqual({
      '/app': null,
      '/app/index.html': null,
      '/app/style.css': null,
    });
    expect(overlay.list('/')).toEqual(['etc']);
  });

  it('leaves no trace of a file that was added and removed in the same layer', () => {
    const overlay = new OverlayFs(imageFs());
    writeFile(overlay, '/tmp/scratch', 'x');
    overlay.delete('/tmp/scratch');
    expect(overlay.changes.has('/tmp/scratch')).toBe(false);
    expect(overlay.list('/tmp')).toEqual([]);
  });

  it('shows a file again when it is recreated after a whiteout', () => {
    const overlay = new OverlayFs(imageFs());
    overlay.delete('/app/style.css');
    writeFile(overlay, '/app/style.css', 'new');
    expect(text(overlay, '/app/style.css')).toBe('new');
    expect(overlay.changes.get('/app/style.css')).toMatchObject({ content: 'new' });
  });

  it('gives the same tree when its changes are applied to a copy of the lower layer', () => {
    const overlay = new OverlayFs(imageFs());
    writeFile(overlay, '/app/new.txt', 'hi');
    overlay.delete('/app/style.css');
    overlay.delete('/etc');
    const copy = imageFs();
    applyChanges(copy, overlay.changes);
    expect(walk(copy).map(([path]) => path)).toEqual(walk(overlay).map(([path]) => path));
    expect(walk(copy).map(([path]) => path)).toEqual(['/app', '/app/index.html', '/app/new.txt']);
  });
});

describe('MountedFs', () => {
  function container() {
    const rootfs = new OverlayFs(imageFs());
    const volume = new MemoryFs();
    writeFile(volume, '/db.sqlite', 'data');
    const host = new MemoryFs();
    writeFile(host, '/home/learner/site/index.html', '<h1>host</h1>');
    const bind = new SubtreeFs(host, '/home/learner/site');
    const fs = new MountedFs(rootfs, [
      { target: '/var/lib/data', fs: volume, readonly: false },
      { target: '/app', fs: bind, readonly: false },
      { target: '/config', fs: new MemoryFs(), readonly: true },
    ]);
    return { rootfs, volume, host, fs };
  }

  it('shows a bind mount in place of the image content at its target', () => {
    const { fs } = container();
    expect(fs.list('/app')).toEqual(['index.html']);
    expect(text(fs as never, '/app/index.html')).toBe('<h1>host</h1>');
  });

  it('writes through a bind mount to the host folder, not to the container layer', () => {
    const { fs, host, rootfs } = container();
    writeFile(fs, '/app/log.txt', 'written in the container');
    expect(readFile(host, '/home/learner/site/log.txt')).toBe('written in the container');
    expect(rootfs.changes.size).toBe(0);
  });

  it('writes into a volume at its mount point', () => {
    const { fs, volume } = container();
    writeFile(fs, '/var/lib/data/new', 'x');
    expect(volume.list('/')).toEqual(['db.sqlite', 'new']);
  });

  it('lists a mount point inside its parent directory even when the image lacks it', () => {
    const { fs } = container();
    expect(fs.list('/')).toEqual(['app', 'config', 'etc']);
    expect(fs.get('/config')?.kind).toBe('dir');
  });

  it('routes to the longest matching mount target', () => {
    const rootfs = new MemoryFs();
    const outer = new MemoryFs();
    const inner = new MemoryFs();
    writeFile(inner, '/x', 'inner');
    writeFile(outer, '/inner/x', 'outer');
    const fs = new MountedFs(rootfs, [
      { target: '/data', fs: outer, readonly: false },
      { target: '/data/inner', fs: inner, readonly: false },
    ]);
    expect(readFile(fs, '/data/inner/x')).toBe('inner');
  });

  it('does not treat a path that only shares a prefix as inside the mount', () => {
    const { fs, rootfs } = container();
    writeFile(fs, '/application.txt', 'root');
    expect(rootfs.changes.has('/application.txt')).toBe(true);
  });

  it('refuses writes and deletes under a read-only mount', () => {
    const { fs } = container();
    expect(() => fs.set('/config/a', fileEntry('x'))).toThrow(ReadOnlyError);
    expect(() => fs.delete('/config/a')).toThrow(ReadOnlyError);
  });
});

describe('SubtreeFs', () => {
  it('sees the folder below its prefix as a whole tree', () => {
    const host = new MemoryFs();
    writeFile(host, '/home/learner/project/src/a.js', 'a');
    const sub = new SubtreeFs(host, '/home/learner/project/');
    expect(sub.get('/')?.kind).toBe('dir');
    expect(sub.list('/')).toEqual(['src']);
    expect(readFile(sub, '/src/a.js')).toBe('a');
  });

  it('empties its folder but keeps the folder when its root is deleted', () => {
    const host = new MemoryFs();
    writeFile(host, '/srv/site/a', 'a');
    writeFile(host, '/srv/site/b/c', 'c');
    new SubtreeFs(host, '/srv/site').delete('/');
    expect(host.get('/srv/site')?.kind).toBe('dir');
    expect(host.list('/srv/site')).toEqual([]);
  });
});
