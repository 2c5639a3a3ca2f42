/** Image references as Docker reads them: `node`, `node:20`, `docker.io/library/node:latest`. */

export interface Reference {
  /** Registry host, `docker.io` by default. */
  domain: string;
  /** Repository path, `library/node` for official images. */
  path: string;
  tag?: string;
  digest?: string;
}

const TAG = /^[\w][\w.-]{0,127}$/;
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * Parses a reference the way Docker's client does. Errors are Docker's own text after
 * `invalid reference format`, e.g. `repository name (library/Aaa) must be lowercase`.
 */
export function parseReference(text: string): Reference | { error: string } {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { error: 'invalid reference format' };
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return { error: 'invalid reference format' };
  }
  if (rest === '') return { error: 'invalid reference format' };

  let domain = 'docker.io';
  let path = rest;
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    domain = first;
    path = rest.slice(slash + 1);
  }
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const components = path.split('/');
  if (components.some((component) => !COMPONENT.test(component))) {
    if (path !== path.toLowerCase() && components.every((c) => COMPONENT.test(c.toLowerCase()))) {
      return { error: `invalid reference format: repository name (${path}) must be lowercase` };
    }
    return { error: 'invalid reference format' };
  }
  // The limit counts the path (`library/...` included), not the registry host.
  if (path.length > 255) {
    return { error: 'repository name must not be more than 255 characters' };
  }
  return { domain, path, tag, digest };
}

/** `docker.io/library/node:latest`: the form BuildKit prints. */
export function fullName(ref: Reference): string {
  const base = `${ref.domain}/${ref.path}`;
  if (ref.digest && !ref.tag) return `${base}@${ref.digest}`;
  return `${base}:${ref.tag ?? 'latest'}`;
}

/** `node`, `me/app` or `ghcr.io/x/y`: the repository as `docker images` prints it. */
export function familiarRepository(ref: Reference): string {
  if (ref.domain !== 'docker.io') return `${ref.domain}/${ref.path}`;
  return ref.path.startsWith('library/') ? ref.path.slice('library/'.length) : ref.path;
}

/** `node:latest`, `alpine@sha256:...`: a reference as written, in its short form. */
export function familiarReference(ref: Reference): string {
  if (ref.digest) return `${familiarRepository(ref)}${ref.tag ? `:${ref.tag}` : ''}@${ref.digest}`;
  return familiarName(ref);
}

/** `node:latest`: how the CLI names an image in messages. */
export function familiarName(ref: Reference): string {
  return `${familiarRepository(ref)}:${ref.tag ?? 'latest'}`;
}
