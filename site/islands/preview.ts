/**
 * The preview pane: a small browser whose requests go to the simulated host through
 * `sandbox.fetch`. The answer is shown in a frame with an empty `sandbox` attribute (no scripts,
 * an opaque origin), so a learner's page can never reach this page's storage or scripts.
 *
 * When a real server answers for the port (a container run with `--runtime=webcontainer`), the
 * frame opens its address instead, on the WebContainer's own origin, with scripts allowed, and
 * the status says "real". A container that fell back to the simulation says why above the frame.
 */
import type { FetchResult, SandboxState } from '../../sandbox/api.ts';
import { debounce, h } from '../lib/dom.ts';
import type { Workbench } from './store.ts';
import { fellBack, onFallback, type Fallback } from './webcontainer.ts';

export const defaultPreviewUrl = 'http://localhost:8888';

interface PreviewElements {
  form: HTMLFormElement;
  address: HTMLInputElement;
  status: HTMLElement;
  frame: HTMLIFrameElement;
  error: HTMLElement;
  fallback: HTMLElement;
}

/** What a frame showing a real server may do: run its scripts on its own origin, never ours. */
export const liveFrameSandbox =
  'allow-scripts allow-same-origin allow-forms allow-popups allow-modals';

/**
 * The real server's address, when it may be opened in the frame: http(s) on another origin than
 * this page's (a frame with `allow-same-origin` on this origin could reach the page).
 */
export function liveAddress(liveUrl: string | undefined, pageOrigin: string): string | undefined {
  if (liveUrl === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(liveUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return url.origin === pageOrigin ? undefined : url.href;
}

/**
 * The latest fallback of a container that still runs, with the container's name; given a host
 * port, only of the container that publishes it (the one the preview shows).
 */
export function currentFallback(
  fallbacks: readonly Fallback[],
  state: SandboxState,
  hostPort?: number,
): { name: string; sentence: string } | undefined {
  for (let index = fallbacks.length - 1; index >= 0; index -= 1) {
    const { container, sentence } = fallbacks[index]!;
    const found = state.containers.find(
      (c) => c.name === container || (container !== '' && c.id.startsWith(container)),
    );
    if (found?.state !== 'running') continue;
    if (hostPort !== undefined && !found.ports.some((port) => port.hostPort === hostPort)) continue;
    return { name: found.name, sentence };
  }
  return undefined;
}

/** The host port a preview address asks for (80 when it names none), if it is an address. */
function hostPortOf(url: string): number | undefined {
  try {
    const parsed = new URL(url);
    return parsed.port === '' ? (parsed.protocol === 'https:' ? 443 : 80) : Number(parsed.port);
  } catch {
    return undefined;
  }
}

function find<T extends Element>(root: HTMLElement, selector: string, type: new () => T): T {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`The preview pane has no ${selector}.`);

  return element;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function contentType(result: Extract<FetchResult, { ok: true }>): string {
  const header = result.headers.find(([name]) => name.toLowerCase() === 'content-type');

  return header ? header[1].toLowerCase() : '';
}

/** The page as the frame should show it: HTML as it is, anything else as plain text. */
function documentFor(result: Extract<FetchResult, { ok: true }>): string {
  const type = contentType(result);
  if (type.includes('html') || (!type && /^\s*</.test(result.body))) return result.body;

  return `<!doctype html><meta charset="utf-8"><pre style="white-space:pre-wrap;font:13px ui-monospace,monospace">${escapeHtml(result.body)}</pre>`;
}

/**
 * What the preview depends on: the containers, their ports, mounts and listening sockets (a
 * restored container's server comes up after the page), the volumes' files, and
 * the build context only while a container bind-mounts a host folder (otherwise typing in the
 * editor would add an access-log line per pause). Access-log lines a visit adds are not in it, so
 * showing the page never triggers another visit.
 */
function previewKey(state: SandboxState): string {
  const bindMounted = state.containers.some(
    (c) => c.state === 'running' && c.mounts.some((m) => m.type === 'bind'),
  );

  return JSON.stringify([
    state.containers.map((c) => [c.id, c.state, c.ports, c.mounts, c.listening]),
    state.volumes.map((v) => [v.name, v.files]),
    bindMounted ? state.files : null,
  ]);
}

function normaliseUrl(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return defaultPreviewUrl;

  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
}

export function mountPreview(root: HTMLElement, workbench: Workbench): () => void {
  const elements: PreviewElements = {
    form: find(root, '[data-testid="preview-form"]', HTMLFormElement),
    address: find(root, '[data-testid="preview-address"]', HTMLInputElement),
    status: find(root, '[data-testid="preview-status"]', HTMLElement),
    frame: find(root, '[data-testid="preview-frame"]', HTMLIFrameElement),
    error: find(root, '[data-testid="preview-error"]', HTMLElement),
    fallback: find(root, '[data-testid="preview-fallback"]', HTMLElement),
  };
  const simulatedTitle = elements.frame.title;
  let url = normaliseUrl(elements.address.value);
  let loads = 0;

  const load = (): void => {
    let result: FetchResult;
    try {
      result = workbench.sandbox().fetch(url);
    } catch (error) {
      result = {
        ok: false,
        message: `The request failed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    loads += 1;
    root.dataset.loads = String(loads);
    if (result.ok) {
      // A fresh frame per load: no history inside it, and Chromium paints a sandboxed frame
      // reliably only when it is inserted with its document (not shown after being hidden).
      // Its sandbox is set before it has a document.
      const live = liveAddress(result.liveUrl, location.origin);
      const frame = elements.frame.cloneNode(false) as HTMLIFrameElement;
      frame.hidden = false;
      frame.removeAttribute('srcdoc');
      frame.removeAttribute('src');
      if (live === undefined) {
        frame.setAttribute('sandbox', '');
        frame.removeAttribute('allow');
        frame.title = simulatedTitle;
        frame.srcdoc = documentFor(result);
      } else {
        frame.setAttribute('sandbox', liveFrameSandbox);
        frame.allow = 'cross-origin-isolated';
        frame.title = workbench.ui.previewLiveFrameTitle;
        frame.src = live;
      }
      elements.frame.replaceWith(frame);
      elements.frame = frame;
      elements.error.hidden = true;
      elements.status.replaceChildren(`${result.status} ${result.statusText}`);
      if (live !== undefined) {
        elements.status.append(
          ' ',
          h(
            'span',
            {
              class: 'preview-live',
              title: workbench.ui.previewLiveTitle,
              'data-testid': 'preview-live',
            },
            workbench.ui.previewLive,
          ),
        );
      }
      root.dataset.live = String(live !== undefined);
      root.dataset.outcome = 'ok';
    } else {
      elements.frame.hidden = true;
      elements.frame.removeAttribute('srcdoc');
      elements.error.hidden = false;
      elements.error.replaceChildren(
        h('span', { class: 'preview-error-message' }, result.message),
        h('span', { class: 'preview-error-hint' }, workbench.ui.previewNoAnswerHint),
      );
      elements.status.textContent = workbench.ui.previewNoAnswer;
      root.dataset.live = 'false';
      root.dataset.outcome = 'error';
    }
    showFallback();
  };

  const showFallback = (): void => {
    const shown =
      root.dataset.live === 'true'
        ? undefined
        : currentFallback(fellBack(), workbench.state(), hostPortOf(url));
    elements.fallback.hidden = shown === undefined;
    elements.fallback.textContent =
      shown === undefined ? '' : workbench.ui.previewFellBack(shown.name, shown.sentence);
  };
  const stopFallbacks = onFallback(() => showFallback());

  const reloadSoon = debounce(load, 150);
  let lastKey = previewKey(workbench.state());
  const unsubscribe = workbench.subscribe((state) => {
    showFallback();
    const key = previewKey(state);
    if (key === lastKey) return;
    lastKey = key;
    reloadSoon();
  });

  const onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    url = normaliseUrl(elements.address.value);
    elements.address.value = url;
    reloadSoon.cancel();
    load();
  };
  elements.form.addEventListener('submit', onSubmit);

  load();
  root.dataset.ready = 'true';

  return () => {
    unsubscribe();
    stopFallbacks();
    reloadSoon.cancel();
    elements.form.removeEventListener('submit', onSubmit);
  };
}
