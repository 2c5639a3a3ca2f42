/**
 * How the panels write numbers and ids, the way the Docker CLI writes them.
 */

/**
 * A size in bytes with decimal units and three significant digits, as `docker images` prints it
 * (`1.12GB`, `8.4MB`, `0B`): the engine's own rule, so the panels and the terminal agree.
 */
export { humanSize as formatSize } from './engine.ts';

/** The 12-character id Docker shows in tables: `sha256:` dropped. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** Whether a volume name is one Docker made up (64 hex characters). */
export function isGeneratedName(name: string): boolean {
  return /^[0-9a-f]{64}$/.test(name);
}

/** A long volume name cut to the length `docker volume ls` users recognise. */
export function shortVolumeName(name: string): string {
  return isGeneratedName(name) ? `${name.slice(0, 12)}…` : name;
}
