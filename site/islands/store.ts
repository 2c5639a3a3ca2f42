/**
 * The workbench store: the one sandbox of the page and the lesson it belongs to, shared by every
 * island. Islands never keep the sandbox; they ask `workbench.sandbox()` when they need it,
 * because Reset, Solve and Undo swap it for another.
 *
 * The engine is a large script, so it loads on its own: `getPage()` gives what needs no engine
 * (the lesson, the wording, typing into the terminal) at once; the editor's code and then the
 * engine's are asked for once the terminal takes keys; `whenWorkbench()` is the one promise every
 * island that needs the sandbox awaits.
 */
import type { Sandbox, SandboxState } from '../../sandbox/api.ts';
import type { Goal, QuizQuestion } from '../../sandbox/course/index.ts';
import { uiFor, type UiMessages } from '../i18n/index.ts';
import {
  clearSaved,
  loadSaved,
  setAsideSaved,
  watchAndSave,
  type SaveStatus,
} from './persistence.ts';
import { markProgress } from './progress.ts';
import { pageRuntimes } from './webcontainer.ts';

/** The lesson as the page hands it to the scripts (`#dockyard-lesson`, JSON). */
export interface LessonData {
  /** The collection entry id, e.g. `en/01-first-image`. */
  id: string;
  /** The lesson's folder, e.g. `01-first-image`: it keys the saved work in every language. */
  key: string;
  lang: string;
  order: number;
  title: string;
  /** The build context the lesson starts with, in tab order. */
  files: Record<string, string>;
  /** The file the editor opens first. */
  open: string;
  solution: { files: Record<string, string>; commands: string[] };
  goals: Goal[];
  quiz: QuizQuestion[];
}

/** Why listeners are called: the sandbox changed, or Reset, Solve or Undo replaced it. */
export type StateCause = 'change' | 'replace';

/** What last replaced the sandbox. */
export type Replacement = 'reset' | 'solve' | 'undo';

/** What Undo can take back. */
export type Undoable = 'reset' | 'solve';

export type StateListener = (state: SandboxState, cause: StateCause) => void;

/** Runs command lines in the terminal, visibly, one after the other. */
export type CommandRunner = (lines: readonly string[]) => Promise<void>;

/** What the page offers before the engine has loaded. */
export interface Page {
  readonly lesson: LessonData;
  readonly ui: UiMessages;
  /** The editor's code (Monaco): asked for once, by the store when the page has an editor. */
  loadEditor(): Promise<typeof import('./editor.ts')>;
  /** The workbench, once the engine has loaded; the same promise for every island. */
  readonly workbench: Promise<Workbench>;
  /** Puts a command line at the terminal's prompt for the learner to run with Enter. */
  typeCommand(line: string): void;
  /**
   * The terminal's side of `typeCommand`; a line asked for before the terminal loaded is handed
   * over at once.
   */
  onTypeCommand(listener: (line: string) => void): () => void;
  /** The terminal's side of Solve: it runs the lines it is given where the learner sees them. */
  setCommandRunner(runner: CommandRunner | undefined): void;
}

type Engine = typeof import('../lib/engine.ts');

export interface Workbench {
  readonly lesson: LessonData;
  readonly ui: UiMessages;
  sandbox(): Sandbox;
  state(): SandboxState;
  /** Calls `listener` on every change of state, and when the sandbox is replaced. */
  subscribe(listener: StateListener): () => void;
  /** What replaced the sandbox last, for the terminal's note. */
  lastReplacement(): Replacement | undefined;
  /** Back to the lesson's starting files and an empty engine; undoable once. */
  reset(): void;
  /** Starts over, writes the solution's files and runs its commands in the terminal; undoable once. */
  solve(): Promise<void>;
  /** Brings back the sandbox as it was before the last Reset or Solve. */
  undo(): void;
  /** What Undo would undo, if anything; listeners hear when that changes. */
  undoable(): Undoable | undefined;
  onUndoable(listener: (what: Undoable | undefined) => void): () => void;
  /** Where saving stands, for the header's status line. */
  onSaveStatus(listener: (status: SaveStatus) => void): () => void;
  /** A note for the learner when saved work could not be restored, once. */
  readonly restoreProblem: string | undefined;
  /** Puts a command line at the terminal's prompt for the learner to run with Enter. */
  typeCommand(line: string): void;
  /**
   * The terminal's side of `typeCommand`; a line asked for before the terminal loaded is handed
   * over at once.
   */
  onTypeCommand(listener: (line: string) => void): () => void;
  /** The terminal's side of Solve: it runs the lines it is given where the learner sees them. */
  setCommandRunner(runner: CommandRunner | undefined): void;
}

function readLesson(): LessonData {
  const element = document.getElementById('dockyard-lesson');
  if (!element?.textContent) throw new Error('The page has no #dockyard-lesson data.');

  return JSON.parse(element.textContent) as LessonData;
}

/** The page's runtimes, one set for every sandbox: they share the page's one WebContainer. */
let runtimes: ReturnType<typeof pageRuntimes> | undefined;

/** What every sandbox of the page gets: its runtimes, and the page's language for its notes. */
function pageOptions(engine: Engine, lesson: LessonData) {
  runtimes ??= pageRuntimes(engine);
  return { runtimes, language: lesson.lang === 'zh' ? 'zh' : 'en' } as const;
}

/** Simulated work (a pull's progress, a sleeping program) takes real time in the page. */
function freshSandbox(engine: Engine, lesson: LessonData): Sandbox {
  // The sandbox's default environment is the browser's own: real time, real timers.
  return engine.createSandbox({ files: { ...lesson.files }, ...pageOptions(engine, lesson) });
}

function tryRestore(engine: Engine, lesson: LessonData, saved: unknown): Sandbox | undefined {
  try {
    return engine.restoreSandbox(saved, pageOptions(engine, lesson));
  } catch {
    // Saved by an older or broken engine: treated like data that is not a saved sandbox.
    return undefined;
  }
}

function startSandbox(
  engine: Engine,
  lesson: LessonData,
  ui: UiMessages,
): { sandbox: Sandbox; problem?: string } {
  const saved = loadSaved(lesson.key);
  if (saved === undefined) return { sandbox: freshSandbox(engine, lesson) };

  const restored = tryRestore(engine, lesson, saved);
  if (restored) return { sandbox: restored };
  setAsideSaved(lesson.key);

  return { sandbox: freshSandbox(engine, lesson), problem: ui.restoreFailed };
}

function createPage(): Page {
  const lesson = readLesson();
  const ui = uiFor(lesson.lang);
  let runner: CommandRunner | undefined;
  let waitingRunner: ((runner: CommandRunner) => void) | undefined;
  const typists = new Set<(line: string) => void>();
  let waitingCommand: string | undefined;
  markProgress(lesson.key, {});
  const terminalRunner = (): Promise<CommandRunner> =>
    runner
      ? Promise.resolve(runner)
      : new Promise((resolve) => {
          waitingRunner = resolve;
        });

  let editorCode: Promise<typeof import('./editor.ts')> | undefined;
  const loadEditor = () => (editorCode ??= import('./editor.ts'));
  // The editor's code and the engine's wait until the terminal takes keys; lines typed before the
  // engine arrives wait in the terminal. The editor's is asked for first: the larger download.
  const terminalReady = new Promise<void>((resolve) => afterTerminal(resolve));
  void terminalReady.then(() => {
    // Its pane reports a failure to load; this first request only starts the download.
    if (document.querySelector('[data-testid="editor"]')) loadEditor().catch(() => undefined);
  });
  const page: Page = {
    lesson,
    ui,
    loadEditor,
    workbench: terminalReady
      .then(() => import('../lib/engine.ts'))
      .then((engine) => createWorkbench(engine, page, terminalRunner)),
    typeCommand(line) {
      if (typists.size === 0) {
        waitingCommand = line;
        return;
      }
      for (const typist of typists) typist(line);
    },
    onTypeCommand(listener) {
      typists.add(listener);
      if (waitingCommand !== undefined) {
        listener(waitingCommand);
        waitingCommand = undefined;
      }
      return () => {
        typists.delete(listener);
      };
    },
    setCommandRunner(next) {
      runner = next;
      if (next && waitingRunner) {
        waitingRunner(next);
        waitingRunner = undefined;
      }
    },
  };
  return page;
}

function createWorkbench(
  engine: Engine,
  page: Page,
  terminalRunner: () => Promise<CommandRunner>,
): Workbench {
  const { lesson, ui } = page;
  const started = startSandbox(engine, lesson, ui);
  let current = started.sandbox;
  let state = current.state();
  let replacement: Replacement | undefined;
  let undoSnapshot: { what: Undoable; saved: unknown } | undefined;
  const listeners = new Set<StateListener>();
  const undoListeners = new Set<(what: Undoable | undefined) => void>();

  const emit = (cause: StateCause): void => {
    for (const listener of [...listeners]) {
      try {
        listener(state, cause);
      } catch (error) {
        // One broken island must not stop the others from hearing the change.
        reportError(error);
      }
    }
  };
  const follow = (sandbox: Sandbox): (() => void) =>
    sandbox.subscribe((next) => {
      state = next;
      emit('change');
    });
  let unfollow = follow(current);
  const saver = watchAndSave(lesson.key, () => current.save());

  const setUndo = (snapshot: typeof undoSnapshot): void => {
    undoSnapshot = snapshot;
    for (const listener of undoListeners) listener(snapshot?.what);
  };
  const replace = (next: Sandbox, why: Replacement): void => {
    unfollow();
    current.dispose();
    current = next;
    state = current.state();
    replacement = why;
    unfollow = follow(current);
    emit('replace');
    saver.saveSoon();
  };

  const workbench: Workbench = {
    lesson,
    ui,
    restoreProblem: started.problem,
    sandbox: () => current,
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    lastReplacement: () => replacement,
    reset() {
      setUndo({ what: 'reset', saved: current.save() });
      clearSaved(lesson.key);
      replace(freshSandbox(engine, lesson), 'reset');
    },
    async solve() {
      setUndo({ what: 'solve', saved: current.save() });
      const next = freshSandbox(engine, lesson);
      for (const [path, content] of Object.entries(lesson.solution.files)) {
        next.writeFile(path, content);
      }
      replace(next, 'solve');
      const run = await terminalRunner();
      await run(lesson.solution.commands);
    },
    undo() {
      if (!undoSnapshot) return;
      const restored = tryRestore(engine, lesson, undoSnapshot.saved);
      setUndo(undefined);
      if (restored) replace(restored, 'undo');
    },
    undoable: () => undoSnapshot?.what,
    onUndoable(listener) {
      undoListeners.add(listener);
      return () => {
        undoListeners.delete(listener);
      };
    },
    onSaveStatus: (listener) => saver.onStatus(listener),
    typeCommand: (line) => page.typeCommand(line),
    onTypeCommand: (listener) => page.onTypeCommand(listener),
    setCommandRunner: (next) => page.setCommandRunner(next),
  };
  workbench.subscribe(() => saver.saveSoon());
  window.addEventListener('pagehide', () => saver.saveNow());

  return workbench;
}

/**
 * Runs `run` once the terminal takes keys, or could not start (4 s at most), so that larger code
 * (the editor, the engine, the views) is not compiled while the learner waits for the terminal.
 */
export function afterTerminal(run: () => void): void {
  const terminal = document.querySelector<HTMLElement>('[data-testid="terminal"]');
  if (!terminal) return run();
  const settled = (): boolean =>
    terminal.dataset.ready === 'true' || terminal.dataset.failed === 'true';
  if (settled()) return run();
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    observer.disconnect();
    clearTimeout(timer);
    run();
  };
  const observer = new MutationObserver(() => {
    if (settled()) once();
  });
  observer.observe(terminal, { attributes: true, attributeFilter: ['data-ready', 'data-failed'] });
  const timer = setTimeout(once, 4000);
}

/**
 * Mounts a panel whose code shares chunks with the engine's: the code is asked for once the
 * engine has loaded, so it never competes with the terminal's.
 */
export function mountAfterEngine<Code>(
  root: HTMLElement | null,
  load: () => Promise<Code>,
  mount: (code: Code, root: HTMLElement, workbench: Workbench) => void,
): void {
  if (!root) return;
  whenWorkbench()
    .then((workbench) => load().then((code) => mount(code, root, workbench)))
    .catch(reportError);
}

let page: Page | undefined;

/** The page's store, made on first use. */
export function getPage(): Page {
  page ??= createPage();

  return page;
}

/** The page's workbench once the engine has loaded: the sandbox is created once per page. */
export function whenWorkbench(): Promise<Workbench> {
  return getPage().workbench;
}
