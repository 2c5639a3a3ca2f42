/**
 * A small element builder for the panels. Text always goes in as text nodes, so names a learner
 * typed (tags, container names, file names) can never become markup.
 */

type Attributes = Record<string, string | number | boolean | undefined | null>;
type Child = Node | string | number | false | null | undefined;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Array<Child | Child[]>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }

  return element;
}

/** Runs `callback` once, `delay` ms after the last call; `cancel` drops a pending call. */
export function debounce<A extends unknown[]>(
  callback: (...args: A) => void,
  delay: number,
): { (...args: A): void; cancel(): void; flush(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | undefined;
  const run = (): void => {
    timer = undefined;
    const args = pending;
    pending = undefined;
    if (args) callback(...args);
  };
  const debounced = (...args: A): void => {
    pending = args;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, delay);
  };
  debounced.cancel = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    pending = undefined;
  };
  debounced.flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    run();
  };

  return debounced;
}

/** Runs `callback` when the element first comes near the viewport or the page is idle. */
export function whenVisibleOrIdle(element: Element, callback: () => void): () => void {
  let done = false;
  const fire = (): void => {
    if (done) return;
    done = true;
    observer.disconnect();
    if (idle !== undefined) cancelIdle(idle);
    callback();
  };
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) fire();
    },
    { rootMargin: '200px' },
  );
  observer.observe(element);
  const requestIdle = window.requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 200));
  const cancelIdle = window.cancelIdleCallback ?? clearTimeout;
  const idle: number | undefined = requestIdle(fire, { timeout: 1500 });

  return () => {
    done = true;
    observer.disconnect();
    cancelIdle(idle);
  };
}
