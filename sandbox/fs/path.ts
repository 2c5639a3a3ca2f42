/** POSIX path arithmetic for paths inside images, containers and the simulated host. */

/** Collapses `.`, `..` and repeated slashes; the result is absolute when `path` is. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const joined = parts.join('/');
  if (absolute) return '/' + joined;
  return joined === '' ? '.' : joined;
}

/** Resolves `path` against the directory `base` (which must be absolute). */
export function resolvePath(base: string, path: string): string {
  return normalizePath(path.startsWith('/') ? path : `${base}/${path}`);
}

export function dirname(path: string): string {
  const normal = normalizePath(path);
  const slash = normal.lastIndexOf('/');
  if (slash <= 0) return normal.startsWith('/') ? '/' : '.';
  return normal.slice(0, slash);
}

export function basename(path: string): string {
  const normal = normalizePath(path);
  if (normal === '/') return '/';
  return normal.slice(normal.lastIndexOf('/') + 1);
}

/** True when `path` is `ancestor` itself or lies below it. Both must be normalized. */
export function isWithin(path: string, ancestor: string): boolean {
  if (ancestor === '/') return path.startsWith('/');
  return path === ancestor || path.startsWith(ancestor + '/');
}
