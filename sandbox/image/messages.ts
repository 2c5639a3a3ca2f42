import type { CatalogLookup } from './catalog.ts';

/**
 * What the registry answers when it has no such image, in the words of Docker's daemon (for
 * `docker pull` and `docker run`) and of BuildKit (for `FROM`), plus this simulation's own hint
 * naming what it does have.
 */

type Missing = Exclude<CatalogLookup, { kind: 'found' }>;

/** The daemon's refusal, as `docker pull` prints it and `docker run` prefixes with `docker: `. */
export function daemonPullError(missing: Missing): string {
  switch (missing.kind) {
    case 'unknown-repository':
      return `Error response from daemon: pull access denied for ${missing.repository}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
    case 'unknown-tag':
      return `Error response from daemon: manifest for ${missing.repository}:${missing.tag} not found: manifest unknown: manifest unknown`;
    case 'reserved':
      return `Error response from daemon: '${missing.repository}' is a reserved name`;
  }
}

/**
 * The registry's part of BuildKit's `failed to resolve source metadata for <name>: <this>`,
 * where `name` is the full reference (`docker.io/library/node:99`).
 */
export function resolveSourceError(missing: Missing, name: string): string {
  switch (missing.kind) {
    case 'unknown-repository':
    case 'reserved':
      return 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed';
    case 'unknown-tag':
      return `${name}: not found`;
  }
}

const HINT_TAGS = 12;

/** This simulation's own words naming what the simulated registry does have. */
export function registryHint(missing: Missing, repositories: string[]): string {
  switch (missing.kind) {
    case 'reserved':
      return `${missing.repository} is the empty image a Dockerfile starts from (FROM ${missing.repository}); no registry serves it`;
    case 'unknown-repository':
      return `the simulated registry has no repository '${missing.repository}'; it has ${repositories.join(', ')}`;
    case 'unknown-tag': {
      const shown = missing.knownTags.slice(0, HINT_TAGS);
      const more = missing.knownTags.length - shown.length;
      return `the simulated registry has no tag '${missing.tag}' for ${missing.repository}; it has ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
    }
  }
}

/** The hint as one terminal line, marked as the simulation's own. */
export function catalogHint(missing: Missing, repositories: string[]): string {
  return `dockyard: ${registryHint(missing, repositories)}`;
}
