/**
 * The page's side of the WebContainer runtime (`docker run --runtime=webcontainer`): whether this
 * page can start a WebContainer, booting one (once per page, `@webcontainer/api` loaded only
 * then, so pages that never boot one never ask for it), tearing it down when the page goes, and
 * the sentences of containers that fell back to the simulated program, for the preview to show.
 * The runtime itself (files, installs, the process, ports) is the engine's
 * `sandbox/runtime/webcontainer.ts`; nothing here loads the engine.
 */
import type { ContainerRuntime, WebContainerHost, WebContainerLike } from '../../sandbox/api.ts';
import { en, type UiMessages } from '../i18n/en.ts';
import { realPath } from '../course/paths.ts';

/** How long a boot may take: offline, `WebContainer.boot()` never settles. */
export const bootTimeoutMs = 10_000;

/** Why a WebContainer cannot start in this page. */
export type IsolationProblem =
  | { kind: 'notIsolated'; realPage: string }
  | { kind: 'notIsolatedHere' }
  | { kind: 'noSharedArrayBuffer' };

/** The run-for-real page of a lesson page (`/en/lessons/3/` → `/en/real/3/`), or undefined. */
export function realPageOf(pathname: string): string | undefined {
  const lesson = /^\/([a-z]{2})\/lessons\/(\d+)\/?$/.exec(pathname);
  if (lesson) return realPath(lesson[1]!, lesson[2]!);
  if (/^\/[a-z]{2}\/real(\/|$)/.test(pathname)) return undefined;
  const lang = /^\/([a-z]{2})\//.exec(pathname);
  return realPath(lang?.[1] ?? 'en');
}

export function isolationProblem(): IsolationProblem | undefined {
  if (globalThis.crossOriginIsolated !== true) {
    const realPage = realPageOf(location.pathname);
    return realPage === undefined ? { kind: 'notIsolatedHere' } : { kind: 'notIsolated', realPage };
  }
  if (typeof SharedArrayBuffer !== 'function') return { kind: 'noSharedArrayBuffer' };
  return undefined;
}

/** The problem in the words of a catalog. */
export function describeProblem(
  problem: IsolationProblem,
  text: UiMessages['runtimeProblems'],
): string {
  switch (problem.kind) {
    case 'notIsolated':
      return text.notIsolated(problem.realPage);
    case 'notIsolatedHere':
      return text.notIsolatedHere;
    case 'noSharedArrayBuffer':
      return text.noSharedArrayBuffer;
  }
}

export interface Fallback {
  container: string;
  sentence: string;
}

const fallbacks: Fallback[] = [];
const fallbackListeners = new Set<(fallback: Fallback) => void>();

/** Every container of this page that fell back, oldest first. */
export function fellBack(): readonly Fallback[] {
  return fallbacks;
}

/** Calls `listener` for each container that falls back from now on. */
export function onFallback(listener: (fallback: Fallback) => void): () => void {
  fallbackListeners.add(listener);
  return () => {
    fallbackListeners.delete(listener);
  };
}

let booting: Promise<WebContainerLike> | undefined;
let booted: { teardown(): void } | undefined;

function bootOnce(): Promise<WebContainerLike> {
  booting ??= import('@webcontainer/api')
    .then(({ WebContainer }) =>
      WebContainer.boot({ coep: 'require-corp', workdirName: 'dockyard' }),
    )
    .then((instance) => {
      booted = instance;
      return instance;
    });
  return booting;
}

let host: WebContainerHost | undefined;

/** The page's one host: a WebContainer boots at most once per page, whatever the sandbox. */
export function pageHost(): WebContainerHost {
  if (host) return host;
  // The engine's log lines are English, so the reason that joins them is too.
  host = {
    unavailable: () => {
      const problem = isolationProblem();
      return problem === undefined ? undefined : describeProblem(problem, en.runtimeProblems);
    },
    boot: bootOnce,
    bootTimeoutMs,
    fellBack(container, sentence) {
      const fallback = { container, sentence };
      fallbacks.push(fallback);
      for (const listener of [...fallbackListeners]) listener(fallback);
    },
  };
  // Nothing keeps running once the page is gone; a page restored from the back-forward cache
  // boots a fresh one when it needs it.
  window.addEventListener('pagehide', () => {
    booted?.teardown();
    booted = undefined;
    booting = undefined;
  });
  return host;
}

/**
 * The runtimes this page adds to the engine's `runc`, for `createSandbox` and `restoreSandbox`.
 * The engine is handed in (it loads on its own), so this module stays small.
 */
export function pageRuntimes(
  engine: Pick<typeof import('../lib/engine.ts'), 'webContainerRuntime'>,
): Record<string, ContainerRuntime> {
  return { webcontainer: engine.webContainerRuntime(pageHost()) };
}
