/**
 * The Docker views pane: tabs for the layer explorer, build replay, the ports and volumes
 * diagram and the Desktop-style lists. Only the open tab renders, once per change of state.
 */
import type { Workbench } from '../store.ts';
import { DesktopViews } from './desktop.ts';
import { renderDiagram } from './diagram.ts';
import { LayerExplorer } from './explorer.ts';
import { BuildReplay } from './replay.ts';
import { refreshStatuses } from './uptime.ts';

export type ViewTab = 'layers' | 'replay' | 'diagram' | 'images' | 'containers' | 'volumes';

const TABS: readonly ViewTab[] = ['layers', 'replay', 'diagram', 'images', 'containers', 'volumes'];

function isTab(value: string | undefined): value is ViewTab {
  return (TABS as readonly string[]).includes(value ?? '');
}

export function mountViews(root: HTMLElement, workbench: Workbench): () => void {
  const body = root.querySelector<HTMLElement>('[data-testid="views-body"]');
  const tabs = [...root.querySelectorAll<HTMLButtonElement>('[data-view]')];
  if (!body) throw new Error('The views pane has no body.');
  let active: ViewTab = isTab(root.dataset.active) ? root.dataset.active : 'layers';
  const explorer = new LayerExplorer(body, workbench);
  const replay = new BuildReplay(body, workbench);
  const desktop = new DesktopViews(body, workbench, (imageId) => {
    explorer.show(imageId);
    select('layers');
  });

  const render = (): void => {
    switch (active) {
      case 'layers':
        explorer.render();
        break;
      case 'replay':
        replay.render();
        break;
      case 'diagram':
        renderDiagram(body, workbench);
        break;
      case 'images':
      case 'containers':
      case 'volumes':
        desktop.render(active);
        break;
    }
    root.dataset.rendered = String(Number(root.dataset.rendered ?? '0') + 1);
  };

  function select(tab: ViewTab): void {
    active = tab;
    root.dataset.active = tab;
    for (const button of tabs) {
      const on = button.dataset.view === tab;
      button.setAttribute('aria-selected', on ? 'true' : 'false');
      button.tabIndex = on ? 0 : -1;
    }
    body!.dataset.view = tab;
    desktop.page = { kind: 'list' };
    render();
  }

  const onClick = (event: Event): void => {
    const view = (event.currentTarget as HTMLElement).dataset.view;
    if (isTab(view)) select(view);
  };
  const onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const step = event.key === 'ArrowRight' ? 1 : -1;
    const next = TABS[(TABS.indexOf(active) + step + TABS.length) % TABS.length]!;
    select(next);
    tabs.find((button) => button.dataset.view === next)?.focus();
  };
  for (const button of tabs) {
    button.addEventListener('click', onClick);
    button.addEventListener('keydown', onKey);
  }

  // A typed search or an open file in a container page survives the log lines a visit adds.
  let scheduled = false;
  const unsubscribe = workbench.subscribe(() => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      const focused = document.activeElement;
      if (
        focused instanceof HTMLInputElement &&
        body.contains(focused) &&
        focused.type === 'search'
      )
        return;
      render();
    });
  });

  select(active);
  const stopStatuses = refreshStatuses(body, workbench);
  root.dataset.ready = 'true';

  return () => {
    unsubscribe();
    stopStatuses();
    explorer.dispose();
    for (const button of tabs) {
      button.removeEventListener('click', onClick);
      button.removeEventListener('keydown', onKey);
    }
  };
}
