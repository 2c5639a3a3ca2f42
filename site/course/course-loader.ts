/**
 * The `lessons` collection's loader: Astro's glob loader reads and validates every lesson, then
 * the course as a whole is checked (starters resolved, Dockerfiles parsed, every solution run
 * through the engine against its own goals). Any problem fails the build with one message that
 * names the file and the field.
 */
import type { Loader } from 'astro/loaders';
import { glob } from 'astro/loaders';

export function courseLoader(base: string): Loader {
  const inner = glob({ pattern: '*/*/index.md', base });

  return {
    name: 'dockyard-course',
    load: (context) => inner.load(context),
  };
}
