/**
 * The preview pane: a small browser whose requests go to the simulated host through
 * `sandbox.fetch`. The answer is shown in a frame with an empty `sandbox` attribute (no scripts,
 * an opaque origin), so a learner's page can never reach this page's storage or scripts.
 */
import type { FetchResult, SandboxState } from '../../sandbox/api.ts';
import { debounce, h } from '../lib/dom.ts';
import type { Workbench } from './store.ts';

export const defaultPreviewUrl = 'http://localhost:8888';

interface PreviewElements {
  form: HTMLFormElement;
  address: HTMLInputElement;
  status: HTMLElement;
  frame: HTMLIFrameElement;
  error: HTMLElement;
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
  };
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
      const frame = elements.frame.cloneNode(false) as HTMLIFrameElement;
      frame.hidden = false;
      frame.srcdoc = documentFor(result);
      elements.frame.replaceWith(frame);
      elements.frame = frame;
      elements.error.hidden = true;
      elements.status.textContent = `${result.status} ${result.statusText}`;
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
      root.dataset.outcome = 'error';
    }
  };

  const reloadSoon = debounce(load, 150);
  let lastKey = previewKey(workbench.state());
  const unsubscribe = workbench.subscribe((state) => {
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
    reloadSoon.cancel();
    elements.form.removeEventListener('submit', onSubmit);
  };
}
