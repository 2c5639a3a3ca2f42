// @ts-check
/**
 * Which responses carry the cross-origin isolation headers. A WebContainer needs a
 * cross-origin-isolated page (`SharedArrayBuffer`), so the run-for-real pages (`/en/real/...`,
 * `/zh/real/...`) are sent
 *
 *     Cross-Origin-Opener-Policy: same-origin
 *     Cross-Origin-Embedder-Policy: require-corp
 *
 * and no other page is: the lessons keep loading nothing from other sites and work offline.
 * Workers started by an isolated page must be isolated too, so the scripts that run as workers
 * (the editor's) carry the embedder policy as well; on the other pages that changes nothing.
 *
 * Used by `astro dev` (a Vite plugin in `astro.config.mjs`) and by `node site/isolation.mjs`,
 * which serves the built site as `astro preview` does, with these headers (`astro preview` runs
 * Vite's preview server without the project's Vite plugins, so it cannot send them per path).
 */
import { pathToFileURL } from 'node:url';

/** The headers of a cross-origin-isolated page. */
export const isolatedPageHeaders = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
});

const realPage = /^\/[a-z]{2}\/real(?:\/|\.html$|$)/;
const workerScript = /(?:\.worker[-.][^/]*\.js|[?&]worker_file)(?:$|[?&#])/;

/**
 * The isolation headers for a request path (without query for pages; a worker's query is part of
 * how the dev server names it): both for a run-for-real page, the embedder policy alone for a
 * worker script, none for anything else.
 *
 * @param {string} url the request's path, with or without its query
 * @returns {Record<string, string>}
 */
export function isolationHeaders(url) {
  const pathname = url.split(/[?#]/, 1)[0] ?? '';
  if (realPage.test(pathname)) return { ...isolatedPageHeaders };
  if (workerScript.test(url)) {
    return { 'Cross-Origin-Embedder-Policy': isolatedPageHeaders['Cross-Origin-Embedder-Policy'] };
  }
  return {};
}

/**
 * Sets the isolation headers a request's answer needs, before anything answers it.
 *
 * @param {{ url?: string }} request
 * @param {{ setHeader(name: string, value: string): unknown }} response
 */
export function applyIsolationHeaders(request, response) {
  for (const [name, value] of Object.entries(isolationHeaders(request.url ?? '/'))) {
    response.setHeader(name, value);
  }
}

/**
 * The Vite plugin: `astro dev` sends the isolation headers. (`astro preview` does not run the
 * project's plugins; `previewWithIsolation` below serves the built site instead.)
 *
 * @returns {import('vite').Plugin}
 */
export function isolationPlugin() {
  return {
    name: 'dockyard:isolation-headers',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        applyIsolationHeaders(request, response);
        next();
      });
    },
  };
}

/**
 * Serves the built site (`dist/`) as `astro preview` does, with the isolation headers added to
 * every answer before Astro's preview server handles the request.
 *
 * @param {{ host?: string, port?: number, root?: string }} options
 */
export async function previewWithIsolation(options = {}) {
  const { preview } = await import('astro');
  const server = await preview({
    root: options.root,
    server: { host: options.host ?? '127.0.0.1', port: options.port ?? 4321 },
  });
  server.server.prependListener('request', applyIsolationHeaders);
  return server;
}

/**
 * @param {string[]} args
 * @param {string} name
 */
function option(args, name) {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

// `node site/isolation.mjs [--host 127.0.0.1] [--port 4321]`. Not awaited at the top: the
// preview loads `astro.config.mjs`, which imports this module, and must find it evaluated.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // As the package's scripts run Astro: no usage report, no question about a newer version.
  process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
  process.env.ASTRO_DISABLE_UPDATE_CHECK ??= 'true';
  const args = process.argv.slice(2);
  const port = option(args, '--port');
  previewWithIsolation({
    host: option(args, '--host'),
    port: port ? Number(port) : undefined,
  }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
