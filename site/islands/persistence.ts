/**
 * Keeps the learner's work in localStorage: the sandbox's own `save()` data, one entry per
 * lesson, written shortly after every change and when the page is hidden.
 */
import { debounce } from '../lib/dom.ts';

export type SaveStatus =
  { kind: 'saved'; at: number } | { kind: 'failed'; reason: 'full' | 'blocked' | 'elsewhere' };

const keyPrefix = 'dockyard:v1:';
const saveDelay = 400;

/** One entry per lesson folder, shared by the lesson's languages. */
function storageKey(lessonKey: string): string {
  return `${keyPrefix}lesson:${lessonKey}`;
}

export function loadSaved(lessonKey: string): unknown {
  let text: string | null;
  try {
    text = localStorage.getItem(storageKey(lessonKey));
  } catch {
    // Storage is switched off (private mode, a policy): there is nothing to restore.
    return undefined;
  }
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON: the text itself, which no restore accepts, so the caller sets it aside.
    return text;
  }
}

/**
 * Moves a lesson's saved work that could not be restored out of the way, to
 * `dockyard:v1:unreadable:<NN-slug>`, instead of deleting it: it stays in this browser and goes
 * into an exported progress file.
 */
export function setAsideSaved(lessonKey: string): void {
  try {
    const text = localStorage.getItem(storageKey(lessonKey));
    if (text !== null) localStorage.setItem(`${keyPrefix}unreadable:${lessonKey}`, text);
    localStorage.removeItem(storageKey(lessonKey));
  } catch {
    // Storage is off or full: the entry stays where it is, and the next save replaces it.
  }
}

export function clearSaved(lessonKey: string): void {
  try {
    localStorage.removeItem(storageKey(lessonKey));
  } catch {
    // Storage is switched off: there is nothing to clear.
  }
}

export interface Saver {
  saveSoon(): void;
  saveNow(): void;
  onStatus(listener: (status: SaveStatus) => void): () => void;
}

export function watchAndSave(lessonKey: string, snapshot: () => unknown): Saver {
  const listeners = new Set<(status: SaveStatus) => void>();
  const report = (status: SaveStatus): void => {
    for (const listener of listeners) listener(status);
  };
  // Another tab on the same lesson runs its own engine. Once it saves, this tab's state is the
  // older one: stop saving here rather than overwrite that work, and say why.
  let overtaken = false;
  window.addEventListener('storage', (event) => {
    if (event.key !== storageKey(lessonKey) || event.newValue === null) return;
    overtaken = true;
    report({ kind: 'failed', reason: 'elsewhere' });
  });
  const write = (): void => {
    if (overtaken) return;
    try {
      localStorage.setItem(storageKey(lessonKey), JSON.stringify(snapshot()));
      report({ kind: 'saved', at: Date.now() });
    } catch (error) {
      const full = error instanceof DOMException && error.name === 'QuotaExceededError';
      report({ kind: 'failed', reason: full ? 'full' : 'blocked' });
    }
  };
  const soon = debounce(write, saveDelay);

  return {
    saveSoon: () => soon(),
    saveNow: () => soon.flush(),
    onStatus(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
