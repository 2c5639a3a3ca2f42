/**
 * Keeps the `docker ps` statuses on show current: `Up Less than a second` becomes `Up 5 seconds`
 * without another command. Each status element carries `data-status-of` with its container's id.
 */
import type { Workbench } from '../store.ts';

export const statusRefreshMs = 5000;

/** Rewrites the statuses under `root` every few seconds while there are containers; returns the stop. */
export function refreshStatuses(root: HTMLElement, workbench: Workbench): () => void {
  const timer = setInterval(() => {
    if (document.hidden || workbench.state().containers.length === 0) return;
    const elements = root.querySelectorAll<HTMLElement>('[data-status-of]');
    if (elements.length === 0) return;
    const statuses = workbench.sandbox().containerStatuses();
    for (const element of elements) {
      const status = statuses[element.dataset.statusOf ?? ''];
      if (status !== undefined && element.textContent !== status) element.textContent = status;
    }
  }, statusRefreshMs);

  return () => clearInterval(timer);
}
