/**
 * The editor island: Monaco with one model per file of the build context, tabs to switch, add
 * and delete files, and the engine's Dockerfile diagnostics as markers. Loaded lazily: only the
 * editor core, its features, and the Dockerfile and HTML languages.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/dockerfile/register';
import 'monaco-editor/languages/definitions/html/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import type { Diagnostic, SandboxState } from '../../sandbox/api.ts';
import { isSiteLanguage, type UiMessages } from '../i18n/index.ts';
import { h } from '../lib/dom.ts';
import type { Workbench } from './store.ts';
import { announceCursorLine, onRevealLines } from './views/events.ts';

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

const markerOwner = 'dockyard';

/** Whether the engine reads this file as a Dockerfile (`Dockerfile`, `2.Dockerfile`, `Dockerfile.dev`). */
export function isDockerfile(path: string): boolean {
  const name = path.split('/').pop() ?? path;

  return /^dockerfile(\..+)?$/i.test(name) || /\.dockerfile$/i.test(name);
}

function languageFor(path: string): string {
  if (isDockerfile(path)) return 'dockerfile';
  if (/\.html?$/i.test(path)) return 'html';

  return 'plaintext';
}

const severities: Record<Diagnostic['severity'], monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
};

function diagnosticToMarker(diagnostic: Diagnostic): monaco.editor.IMarkerData {
  return {
    severity: severities[diagnostic.severity],
    message: diagnostic.hint ? `${diagnostic.message}\n${diagnostic.hint}` : diagnostic.message,
    code: diagnostic.url
      ? { value: diagnostic.code, target: monaco.Uri.parse(diagnostic.url) }
      : diagnostic.code,
    source: diagnostic.source === 'buildkit' ? 'BuildKit' : 'Dockyard',
    startLineNumber: diagnostic.range.start.line,
    startColumn: diagnostic.range.start.column,
    endLineNumber: diagnostic.range.end.line,
    endColumn: diagnostic.range.end.column,
  };
}

/** Why a name cannot be a new file of the build context, or undefined when it can. */
function problemWithName(
  name: string,
  existing: Record<string, string>,
  text: UiMessages['editor'],
): string | undefined {
  if (name === '') return text.nameEmpty;
  if (name.startsWith('/')) return text.nameAbsolute;
  if (name.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    return text.nameParts;
  }
  if (name in existing) return text.nameTaken(name);

  return undefined;
}

function find<T extends Element>(root: HTMLElement, selector: string, type: new () => T): T {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`The editor pane has no ${selector}.`);

  return element;
}

export function mountEditor(root: HTMLElement, workbench: Workbench): () => void {
  const text = workbench.ui.editor;
  /** Dockyard's own checks and hints follow the page; BuildKit's messages stay in English. */
  const language = isSiteLanguage(workbench.lesson.lang) ? workbench.lesson.lang : 'en';
  const tabList = find(root, '[data-testid="editor-tabs"]', HTMLElement);
  const addButton = find(root, '[data-testid="editor-add"]', HTMLButtonElement);
  const host = find(root, '[data-testid="editor-host"]', HTMLElement);
  const problems = find(root, '[data-testid="editor-problems"]', HTMLElement);

  const models = new Map<string, monaco.editor.ITextModel>();
  const modelListeners = new Map<string, monaco.IDisposable>();
  /** Files typed into but not yet handed to the sandbox; state updates must not overwrite them. */
  const unsaved = new Set<string>();
  let active = '';
  let frame = 0;

  host.replaceChildren();
  const editor = monaco.editor.create(host, {
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    lineHeight: 20,
    fontFamily: 'ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace',
    scrollBeyondLastLine: false,
    renderLineHighlight: 'line',
    tabSize: 2,
    fixedOverflowWidgets: true,
    padding: { top: 8 },
    theme: 'vs',
    ariaLabel: text.label,
  });

  const orderedPaths = (files: Record<string, string>): string[] => {
    const starter = Object.keys(workbench.lesson.files).filter((path) => path in files);
    const added = Object.keys(files)
      .filter((path) => !(path in workbench.lesson.files))
      .sort();

    return [...starter, ...added];
  };

  const showProblems = (): void => {
    const model = models.get(active);
    const markers = model
      ? monaco.editor.getModelMarkers({ owner: markerOwner, resource: model.uri })
      : [];
    problems.dataset.count = String(markers.length);
    if (markers.length === 0) {
      problems.replaceChildren(
        h('span', { class: 'muted' }, isDockerfile(active) ? text.noProblems : ''),
      );
      return;
    }
    problems.replaceChildren(
      h(
        'ul',
        {},
        markers.map((marker) => {
          const severity =
            marker.severity === monaco.MarkerSeverity.Error
              ? 'error'
              : marker.severity === monaco.MarkerSeverity.Warning
                ? 'warning'
                : 'info';
          const item = h(
            'li',
            { 'data-testid': 'problem', 'data-severity': severity },
            h(
              'button',
              { type: 'button', class: `problem problem-${severity}` },
              h('span', { class: 'problem-line' }, text.line(marker.startLineNumber)),
              h('span', {}, marker.message.split('\n')[0] ?? ''),
            ),
          );
          item.querySelector('button')?.addEventListener('click', () => {
            editor.setPosition({ lineNumber: marker.startLineNumber, column: marker.startColumn });
            editor.revealLineInCenterIfOutsideViewport(marker.startLineNumber);
            editor.focus();
          });
          return item;
        }),
      ),
    );
  };

  const updateMarkers = (path: string): void => {
    const model = models.get(path);
    if (!model) return;
    let markers: monaco.editor.IMarkerData[] = [];
    if (isDockerfile(path)) {
      try {
        markers = workbench.sandbox().diagnostics(path, { language }).map(diagnosticToMarker);
      } catch (error) {
        // The engine should never throw on what a learner typed; if it does, say so in place.
        markers = [
          {
            severity: monaco.MarkerSeverity.Error,
            message: text.notChecked(error instanceof Error ? error.message : String(error)),
            startLineNumber: 1,
            startColumn: 1,
            endLineNumber: 1,
            endColumn: 1,
          },
        ];
      }
    }
    monaco.editor.setModelMarkers(model, markerOwner, markers);
    if (path === active) showProblems();
  };

  /** Hands typed text to the sandbox once per frame, then refreshes the markers. */
  const flushSoon = (): void => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const paths = [...unsaved];
      unsaved.clear();
      for (const path of paths) {
        const model = models.get(path);
        if (model) workbench.sandbox().writeFile(path, model.getValue());
      }
      for (const path of paths) updateMarkers(path);
    });
  };

  const renderTabs = (files: Record<string, string>): void => {
    tabList.replaceChildren(
      ...orderedPaths(files).map((path) => {
        const selected = path === active;
        const tab = h(
          'div',
          { class: selected ? 'tab selected' : 'tab', 'data-path': path },
          h(
            'button',
            {
              type: 'button',
              role: 'tab',
              class: 'tab-name',
              'aria-selected': selected ? 'true' : 'false',
              'data-testid': 'editor-tab',
            },
            path,
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'tab-delete',
              'aria-label': text.deleteFile(path),
              title: text.deleteFile(path),
              'data-testid': 'editor-delete',
            },
            '×',
          ),
        );
        tab.querySelector('.tab-name')?.addEventListener('click', () => open(path));
        tab.querySelector('.tab-delete')?.addEventListener('click', () => remove(path));
        return tab;
      }),
    );
  };

  function open(path: string): void {
    const model = models.get(path);
    if (!model) return;
    active = path;
    editor.setModel(model);
    // In HTML, Monaco pairs a typed `<` with a `>` that typing the tag's own `>` then doubles
    // (`<h2>>`); tags are typed whole, so brackets are not closed there.
    editor.updateOptions({
      autoClosingBrackets: languageFor(path) === 'html' ? 'never' : 'languageDefined',
    });
    root.dataset.active = path;
    renderTabs(workbench.state().files);
    showProblems();
  }

  function remove(path: string): void {
    if (!window.confirm(text.deleteConfirm(path))) return;
    unsaved.delete(path);
    workbench.sandbox().deleteFile(path);
  }

  const sync = (state: SandboxState): void => {
    const files = state.files;
    for (const [path, model] of models) {
      if (path in files) continue;
      modelListeners.get(path)?.dispose();
      modelListeners.delete(path);
      model.dispose();
      models.delete(path);
      unsaved.delete(path);
    }
    for (const [path, content] of Object.entries(files)) {
      const model = models.get(path);
      if (!model) {
        const created = monaco.editor.createModel(
          content,
          languageFor(path),
          monaco.Uri.from({ scheme: 'file', path: `/context/${path}` }),
        );
        models.set(path, created);
        modelListeners.set(
          path,
          created.onDidChangeContent(() => {
            unsaved.add(path);
            flushSoon();
          }),
        );
        updateMarkers(path);
        continue;
      }
      if (unsaved.has(path) || model.getValue() === content) continue;
      model.setValue(content);
      unsaved.delete(path);
      updateMarkers(path);
    }
    if (!models.has(active)) {
      const first = orderedPaths(files)[0];
      if (first) {
        open(first);
        return;
      }
      active = '';
      editor.setModel(null);
      showProblems();
    }
    renderTabs(files);
  };

  let wanted: string | undefined;
  const onAdd = (): void => {
    const name = window.prompt(text.newFileName, '')?.trim();
    if (name === undefined) return;
    const problem = problemWithName(name, workbench.state().files, text);
    if (problem) {
      window.alert(problem);
      return;
    }
    wanted = name;
    workbench.sandbox().writeFile(name, '');
  };
  addButton.addEventListener('click', onAdd);

  const unsubscribe = workbench.subscribe((state, cause) => {
    if (cause === 'replace') {
      unsaved.clear();
      for (const model of models.values()) model.dispose();
      for (const listener of modelListeners.values()) listener.dispose();
      models.clear();
      modelListeners.clear();
      active = '';
    }
    sync(state);
    if (cause === 'replace') open(workbench.lesson.open);
    if (wanted && models.has(wanted)) {
      open(wanted);
      wanted = undefined;
      editor.focus();
    }
  });

  // The Docker views show which Dockerfile lines made a layer, and follow the cursor.
  const viewHighlight = editor.createDecorationsCollection();
  const stopReveal = onRevealLines(({ path, start, end }) => {
    if (!models.has(path)) return;
    if (path !== active) open(path);
    viewHighlight.set([
      {
        range: new monaco.Range(start, 1, end, 1),
        options: { isWholeLine: true, className: 'line-from-view' },
      },
    ]);
    editor.revealLinesInCenterIfOutsideViewport(start, end);
  });
  const cursorListener = editor.onDidChangeCursorPosition((event) => {
    viewHighlight.clear();
    announceCursorLine({ path: active, line: event.position.lineNumber });
  });

  sync(workbench.state());
  open(workbench.lesson.open in workbench.state().files ? workbench.lesson.open : active);
  root.dataset.ready = 'true';

  return () => {
    stopReveal();
    cursorListener.dispose();
    unsubscribe();
    cancelAnimationFrame(frame);
    addButton.removeEventListener('click', onAdd);
    for (const listener of modelListeners.values()) listener.dispose();
    for (const model of models.values()) model.dispose();
    editor.dispose();
  };
}
